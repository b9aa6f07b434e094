"""Reading the analysis: which sections are really new, which values matter, which phrases a page shows
(the text a patch edited is :mod:`.quotes`').

Small pure helpers used by file- and report-level narration; nothing here writes a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass
from functools import cache

from ..analysis import AlertChange, FileAnalysis, SectionChange, ValueChange
from ..analysis.impact import target_kind
from ..similarity import similar
from .lang import plain


def is_include(path: str) -> bool:
    """A Learn include (a page under an ``includes`` folder): text other pages show, no page of its own."""
    return target_kind(path) == "include"


def own_title(title: str) -> str:
    """A page's title, or "" for the placeholder Learn includes carry (``title: include file``)."""
    return "" if _PLACEHOLDER_TITLE.match(title) else title


_PLACEHOLDER_TITLE = re.compile(r"\s*include(?: file)?\s*$", re.IGNORECASE)


def alert_key(al: AlertChange) -> tuple[str, str, int | None, int | None]:
    """What names an alert among the facts a point speaks of (``Point.keys``, ``Point.told_by``)."""
    return ("alert", al.kind, al.line, al.old_line)


CODE_LANGUAGES = {
    "python": "Python",
    "py": "Python",
    "bash": "Bash",
    "sh": "Bash",
    "shell": "Bash",
    "console": "Bash",
    "cmd": "cmd",
    "powershell": "PowerShell",
    "pwsh": "PowerShell",
    "azurepowershell": "PowerShell",
    "azurepowershell-interactive": "PowerShell",
    "azurecli": "Azure CLI",
    "azurecli-interactive": "Azure CLI",
    "dotnetcli": ".NET CLI",
    "csharp": "C#",
    "cs": "C#",
    "c#": "C#",
    "java": "Java",
    "javascript": "JavaScript",
    "js": "JavaScript",
    "typescript": "TypeScript",
    "ts": "TypeScript",
    "go": "Go",
    "json": "JSON",
    "yaml": "YAML",
    "yml": "YAML",
    "http": "HTTP",
    "rest": "REST",
    "xml": "XML",
    "sql": "SQL",
    "kusto": "KQL",
    "bicep": "Bicep",
    "terraform": "Terraform",
    "hcl": "Terraform",
    "dockerfile": "Dockerfile",
    "rust": "Rust",
    "cpp": "C++",
    "c": "C",
    "fsharp": "F#",
    "vb": "Visual Basic",
    "vbnet": "Visual Basic",
    "kotlin": "Kotlin",
    "swift": "Swift",
    "ruby": "Ruby",
    "php": "PHP",
    "html": "HTML",
    "css": "CSS",
    "r": "R",
    "kql": "KQL",
    "jsonc": "JSON",
    "razor": "Razor",
    "cshtml": "Razor",
    "aspx": "ASP.NET",
    "mermaid": "Mermaid",
    "csharp-interactive": "C#",
    "env": ".env",
    "dotenv": ".env",
    "jsonl": "JSON Lines",
    "nodejs": "JavaScript",
    "powerappsfl": "Power Fx",
    "odata": "OData",
}
NOT_SAMPLES = {"", "output", "text", "txt", "md", "markdown", "plaintext"}
LIFECYCLE_GONE = {"coming soon", "preview", "public preview", "private preview", "in preview"}
LIFECYCLE_NEW = {
    "deprecated",
    "retired",
    "retirement",
    "no longer supported",
    "no longer maintained",
    "end of support",
}


def samples(languages: Iterable[str]) -> list[str]:
    """Display names of code sample languages, first-seen order, without output blocks. An info string
    that names no language (```` ```assistant ````, ```` ```skprompt.txt ````) names nothing: the sample is
    still counted, its "language" is not said."""
    seen: list[str] = []
    for raw in languages:
        key = (raw or "").strip().lower()
        if key in NOT_SAMPLES:
            continue
        name = CODE_LANGUAGES.get(key) or _lexer_name(key)
        if name and name not in seen:
            seen.append(name)
    return seen


def _lexer_name(key: str) -> str | None:
    """The language Pygments knows by this alias (``scala`` is Scala), or None: the aliases of the
    highlighter Learn and GitHub use tell a language from a word or a file name."""
    return _lexer_names().get(key)


@cache
def _lexer_names() -> dict[str, str]:
    """Pygments' lexers by alias, read once when a sample's language is none of ours (its own lexers only:
    looking for plugins would read every installed package's metadata)."""
    from pygments.lexers import get_all_lexers

    return {
        alias: name for name, aliases, _files, _types in get_all_lexers(plugins=False) for alias in aliases
    }


def inside_section(section: str | None, parents: Set[str]) -> bool:
    """Whether ``section`` is one of ``parents`` or inside one: one of the paths it starts with is."""
    if not section:
        return False
    at = section.find(" > ")
    while at != -1:
        if section[:at] in parents:
            return True
        at = section.find(" > ", at + 1)
    return section in parents


@dataclass
class NewSection:
    """An added section with the tabs (``# [Python](#tab/py)`` headings) that belong to it."""

    title: str
    path: str
    size: int
    tabs: list[str]
    paths: list[str]
    new: int = 0  # of its lines, those added (fewer than half: a heading put over text already there)
    tab: bool = False  # a tab (group) added to a section the page had: its first tab heads it


def tab_titles(a: FileAnalysis) -> set[str]:
    """Titles of Learn tab headings (``# [Python](#tab/py)``), seen as links to ``#tab/...``."""
    return {x.text for x in a.links if x.url.startswith("#tab/") and x.text}


def _similar_titles(old: str, new: str) -> bool:
    old, new = old.lower().strip(), new.lower().strip()
    return bool(old and new) and (old.startswith(new) or new.startswith(old) or similar(old, new, 0.75))


@dataclass
class SectionPlan:
    """Added and removed top sections, with added/removed pairs of similar titles seen as renames."""

    added: list[NewSection]
    removed: list[SectionChange]
    renamed: list[tuple[str, str]]

    @property
    def added_paths(self) -> list[str]:
        return [p for x in self.added for p in x.paths]


def section_plan(a: FileAnalysis) -> SectionPlan:
    """Tab headings join the added section before them; an added and a removed section at the same
    level with similar titles (``Assistants (Preview)`` / ``Assistants``) are one renamed section."""
    if not a.sections:  # most files
        return SectionPlan([], [], [])
    tabs = tab_titles(a)
    added = sorted((s for s in a.sections if s.kind == "added"), key=lambda s: s.line or 0)
    paths = {s.path for s in added}
    tops: list[tuple[SectionChange, NewSection]] = []
    for s in added:
        if s.title in tabs and tops:
            host = tops[-1][1]
            host.size += s.size or s.lines_added
            host.new += s.lines_added
            if s.title not in host.tabs:  # (tab groups repeat their tabs: one per step or pivot)
                host.tabs.append(s.title)
            host.paths.append(s.path)
        elif not inside_section(s.path.rpartition(" > ")[0], paths):
            tops.append(
                (
                    s,
                    NewSection(
                        s.title or s.path,
                        s.path,
                        s.size or s.lines_added,
                        [s.title] if s.title in tabs else [],  # a tab of its own: the first of its group
                        [s.path],
                        s.lines_added,
                        s.title in tabs,
                    ),
                )
            )
    nested = sorted((x.line, x.text) for x in a.links if x.url.startswith("#tab/") and x.text and x.line)
    for change, top in tops:
        if not top.tabs and nested and change.line:  # the tabs inside it (each a level below its heading)
            end = change.line + (change.size or 0)
            inside = [text for line, text in nested if change.line < line < end]
            top.tabs = list(dict.fromkeys(inside))
        if top.tabs == [top.title]:  # a tab alone is a section: no other tab to name beside it
            top.tabs = []
    removed_all = [s for s in a.sections if s.kind == "removed"]
    removed_paths = {s.path for s in removed_all}
    removed = [s for s in removed_all if not inside_section(s.path.rpartition(" > ")[0], removed_paths)]
    renamed: list[tuple[str, str]] = []
    for change, new in list(tops):
        old = next(
            (
                r
                for r in removed
                if r.level == change.level and not new.tabs and _similar_titles(r.title, new.title)
            ),
            None,
        )
        if old is not None:
            removed.remove(old)
            tops.remove((change, new))
            renamed.append((old.title, new.title))
    return SectionPlan([new for _c, new in tops], removed, renamed)


def top_added_sections(a: FileAnalysis) -> list[NewSection]:
    return section_plan(a).added


_TRIVIAL = re.compile(r"^[a-z]{1,4}$")


def directive_values(a: FileAnalysis) -> tuple[list[ValueChange], list[ValueChange]]:
    """The values replaced only on the lines of changed or added Learn ``:::code`` directives (a sample's source,
    range or highlight: the code point says them), and the other values."""
    lines = {c.line for c in a.code_blocks if c.source is not None and c.kind != "removed"}
    if not lines or not a.values:
        return [], a.values
    on: list[ValueChange] = []
    off: list[ValueChange] = []
    for v in a.values:
        (on if v.lines and lines.issuperset(v.lines) else off).append(v)
    return on, off


def notable_value(v: ValueChange) -> bool:
    """A value worth naming: not a change of case, not a swap of short lowercase words (``the`` -> ``a``)
    nor an inflection (``return`` -> ``returns``)."""
    old, new = v.old.strip(), v.new.strip()
    if old.lower() == new.lower():
        return False
    if is_wording(v):
        return not (_TRIVIAL.match(old) and _TRIVIAL.match(new)) and not (
            old.startswith(new) or new.startswith(old)
        )
    return True


def renumbered(values: list[ValueChange]) -> list[ValueChange]:
    """The numbers all shifted by one offset (``2`` -> ``3``, ``3`` -> ``4`` ...: a step or section put in
    before them), at least two of them; empty when the numbers changed in any other way."""
    numbers = [v for v in values if v.old.isdigit() and v.new.isdigit() and len(v.old) < 4 and len(v.new) < 4]
    if (
        len(numbers) < 2
        or len({int(v.new) - int(v.old) for v in numbers}) != 1
        or numbers[0].old == numbers[0].new
    ):
        return []
    return numbers


def numbers_in(text: str) -> list[str]:
    """The numbers a title holds, in order (``Step 2: part 3`` -> ``2``, ``3``)."""
    return _DIGITS.findall(text)


def digits_only(old: str, new: str) -> bool:
    """Whether two titles differ in their numbers only (``1) Create a kernel`` / ``2) Create a kernel``)."""
    return old != new and _DIGITS.sub("#", old) == _DIGITS.sub("#", new)


_DIGITS = re.compile(r"\d+")


def restyled(old: str, new: str) -> bool:
    """Whether two titles differ in case, spacing or punctuation around the words only (``Create An
    Agent`` / ``Create an agent``, ``Checkpoints:`` / ``Checkpoints``); the marks of a name (``C#``,
    ``C++``) and the spaces between words (``pay stub`` / ``payStub``) count."""
    return old != new and _words(old) == _words(new)


def _words(title: str) -> list[str]:
    return _STYLE.sub(" ", title).casefold().split()


_STYLE = re.compile(r"[\s:;,.!?'\"`()\[\]*_\u2013\u2014-]+")


def is_wording(v: ValueChange) -> bool:
    """A swap of lowercase words (``may`` -> ``might``, ``suported`` -> ``supported``): an edit of wording,
    worth naming only when nothing else changed, unless it was made in three places or more."""
    old, new = v.old.strip(), v.new.strip()
    return old.isalpha() and new.isalpha() and old.islower() and new.islower() and v.count < 3


def phrase_instance(text: str, phrase: str) -> str:
    """The words around a phrase as the page shows them: a bold or bracketed span holding it."""
    low = phrase.lower()
    for pattern in (r"\*\*([^*]{1,60})\*\*", r"\(([^()]{1,60})\)"):
        for match in re.finditer(pattern, text or ""):
            if low in match.group(1).lower():
                return plain(match.group(1).strip("* "), 60)
    return phrase
