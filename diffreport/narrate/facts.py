"""Reading the analysis: which sections are really new, which values matter, what text was edited.

Small pure helpers used by file- and report-level narration; nothing here writes a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass

from ..analysis import FileAnalysis, SectionChange, ValueChange
from ..similarity import similar
from .lang import plain

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
}
NOT_SAMPLES = {"", "output", "text", "txt", "md", "markdown", "plaintext"}
LIFECYCLE_GONE = {"coming soon", "preview", "public preview", "private preview", "in preview"}
LIFECYCLE_NEW = {"deprecated", "retired", "retirement", "no longer supported", "end of support"}


def samples(languages: Iterable[str]) -> list[str]:
    """Display names of code sample languages, first-seen order, without output blocks."""
    seen: list[str] = []
    for raw in languages:
        key = (raw or "").strip().lower()
        if key in NOT_SAMPLES:
            continue
        name = CODE_LANGUAGES.get(key, raw)
        if name not in seen:
            seen.append(name)
    return seen


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
            host.tabs.append(s.title)
            host.paths.append(s.path)
        elif not inside_section(s.path.rpartition(" > ")[0], paths):
            tops.append((s, NewSection(s.title or s.path, s.path, s.size or s.lines_added, [], [s.path])))
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
_SKIP_LINE = re.compile(r"^\s*(```|~~~|---\s*$|[\w.-]+:\s*\S*$|:::)")  # fences, rules, keys, Learn directives
_LEADER = re.compile(r"^\s*(?:[-*+]\s+|>\s*|\d+\.\s+|#{1,6}\s+)+")  # a quote's ">" needs no space after it


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


def is_wording(v: ValueChange) -> bool:
    """A swap of lowercase words (``may`` -> ``might``, ``suported`` -> ``supported``): an edit of wording,
    worth naming only when nothing else changed, unless it was made in three places or more."""
    old, new = v.old.strip(), v.new.strip()
    return old.isalpha() and new.isalpha() and old.islower() and new.islower() and v.count < 3


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many words two lines share at their start, and then at their end."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def word_edit(old: str, new: str) -> tuple[str, str]:
    """The words one line replaced by the other (either may be empty: words inserted or deleted)."""
    a, b = old.split(), new.split()
    start, end = _common_ends(a, b)
    return " ".join(a[start : len(a) - end]), " ".join(b[start : len(b) - end])


def diff_window(old: str, new: str, context: int = 4) -> tuple[str, str]:
    """The part of two lines that differs, with a few words of context on each side."""
    a, b = old.split(), new.split()
    start, end = _common_ends(a, b)
    lo = max(0, start - context)

    def cut(words: list[str]) -> str:
        hi = len(words) - max(0, end - context)
        text = " ".join(words[lo:hi])
        return ("… " if lo else "") + text + (" …" if hi < len(words) else "")

    return cut(a), cut(b)


def short_pair(old: str, new: str, limit: int = 48, keep: int = 12) -> tuple[str, str]:
    """Two long values cut to where they differ (``…control/role-assignments-portal``)."""
    if len(old) <= limit and len(new) <= limit:
        return old, new
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, head - keep)

    def cut(text: str) -> str:
        end = len(text) - max(0, tail - keep)
        core = text[start:end]
        if len(core) > limit:
            core = core[: limit - 1]
            end = -1
        return ("…" if start else "") + core + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def first_edit(patch: str) -> tuple[str, str, int]:
    """The first removed and/or added line of a patch with words in it, as plain text; a line added or
    removed alone is taken with the lines of its paragraph after it (``> Note:`` then ``> This requires…``),
    whose number is the third item (1 for a line replaced)."""
    old = new = ""
    lines = (patch or "").splitlines()
    at = -1
    for k, line in enumerate(lines):
        if line.startswith(("+++", "---", "@@")) or line[:1] not in "+-":
            if old or new:
                break
            continue
        text = line[1:]
        if not text.strip() or _SKIP_LINE.match(text):
            continue
        # cut far past what a quote shows: two lines cut short would differ at their cut ends
        text = plain(_LEADER.sub("", text), 2000)
        if not re.search(r"\w{2,}", text):
            continue
        if line[0] == "-" and not old and not new:
            old, at = text, k
        elif line[0] == "+" and not new:
            new = _likest(old, lines, k) if old else text
            if not old:
                at = k
            break
    more = _paragraph(lines, at) if bool(old) != bool(new) else []  # one side alone: its paragraph
    if more:
        joined = plain(" ".join([_LEADER.sub("", lines[at][1:]), *more]), 2000)
        old, new = (joined, "") if old else ("", joined)
    return old, new, 1 + len(more)


def _likest(old: str, lines: list[str], k: int) -> str:
    """Of the added lines with words from ``lines[k]`` to the end of its run of changed lines (a few at most),
    the one sharing the most words with ``old``, the earliest on a tie: the line ``old`` became, past added
    markup (``:::row:::`` put in above an edited line)."""
    words = set(_WORD.findall(old.lower()))
    best, shared = "", -1
    for line in lines[k : k + _LIKEST_WINDOW]:
        if line[:1] not in "+-" or line.startswith(("+++", "---")):
            break
        text = line[1:]
        if line[0] == "-" or not text.strip() or _SKIP_LINE.match(text):
            continue
        text = plain(_LEADER.sub("", text), 2000)
        if not re.search(r"\w{2,}", text):
            continue
        common = len(words.intersection(_WORD.findall(text.lower())))
        if common > shared:
            best, shared = text, common
    return best


_WORD = re.compile(r"\w+")
_LIKEST_WINDOW = 12


def _paragraph(lines: list[str], at: int) -> list[str]:
    """The lines after ``lines[at]``, of its sign, that go on with its paragraph (a blockquote's with its
    quote), their leaders taken away; at most a few."""
    sign, quoted = lines[at][0], lines[at][1:].lstrip().startswith(">")
    out: list[str] = []
    for line in lines[at + 1 : at + 6]:
        text = line[1:]
        if line[:1] != sign or line.startswith(("+++", "---")) or not text.strip():
            break
        if text.lstrip().startswith(">") != quoted:
            break
        rest = text.lstrip().lstrip(">").strip() if quoted else text.strip()
        if not rest or _NEW_BLOCK.match(rest):
            break
        out.append(rest)
    return out


_NEW_BLOCK = re.compile(r"(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|```|~~~|\||:::|\[!|<)")  # what starts another block


def text_lines_changed(patch: str) -> tuple[int, int]:
    """How many lines with text a patch removes and adds, leaving out blank lines and one-word ``key: value``
    lines (a front matter date)."""
    counts = {"-": 0, "+": 0}
    for line in (patch or "").splitlines():
        if line[:1] in counts and not line.startswith(("+++", "---")) and line[1:].strip():
            counts[line[0]] += not _KEY_LINE.match(line[1:])
    return counts["-"], counts["+"]


_KEY_LINE = re.compile(r"\s*[\w.-]+:\s*\S*$")


_ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*["']([^"'<>]{1,200})["']""", re.IGNORECASE)


def anchor_edit(patch: str) -> tuple[dict[str, str], dict[str, str]]:
    """The HTML anchors (``<a name="x"></a>``, ``<a id="x">``) the patch's lines add and remove (an anchor
    on both sides is neither), each once, in order, with the text of its line as a reader sees it."""
    found: dict[str, dict[str, str]] = {"+": {}, "-": {}}
    for line in (patch or "").splitlines():
        if line[:1] in "+-" and not line.startswith(("+++", "---")) and "<a" in line:
            for anchor in _ANCHOR.findall(line):
                found[line[0]].setdefault(anchor, plain(_LEADER.sub("", line[1:]), 2000))
    plus, minus = found["+"], found["-"]
    return {a: t for a, t in plus.items() if a not in minus}, {
        a: t for a, t in minus.items() if a not in plus
    }


def phrase_instance(text: str, phrase: str) -> str:
    """The words around a phrase as the page shows them: a bold or bracketed span holding it."""
    low = phrase.lower()
    for pattern in (r"\*\*([^*]{1,60})\*\*", r"\(([^()]{1,60})\)"):
        for match in re.finditer(pattern, text or ""):
            if low in match.group(1).lower():
                return plain(match.group(1).strip("* "), 60)
    return phrase
