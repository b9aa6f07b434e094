"""The classifier's rules: checks only (their settings are :mod:`diffreport.settings.classifier`).

Each rule, like an oasdiff check, has an id, a level, the label it gives by default and a message
template; :func:`diffreport.classify.classify` runs them over a file's analysis and keeps the ones
that fire, with their evidence. Rules are general: they look at the analysis, never at paths or
product names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..analysis import FileAnalysis
from ..analysis.markdown import PHRASES
from ..models import LABELS, Label
from ..settings.classifier import Thresholds

Level = Literal["info", "warn", "error"]


# A check returns None (the rule does not fire) or the evidence lines and the message fields.
Check = Callable[[FileAnalysis, Thresholds], "tuple[list[str], dict[str, object]] | None"]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    label: Label
    message: str
    check: Check
    doc: str
    thresholds: tuple[str, ...] = ()  # the fields of Thresholds the check reads


RETIREMENT = ("retired", "deprecated", "no longer supported", "no longer available", "end of support")
IMAGE_KINDS = ("image",)


def _is_doc(fa: FileAnalysis) -> bool:
    return fa.kind not in IMAGE_KINDS


def _q(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _modified(fa: FileAnalysis) -> bool:
    return fa.status in ("modified", "renamed", "type-changed")


# ---------------------------------------------------------------- status


def _file_added(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if fa.status not in ("added", "copied") or not _is_doc(fa):
        return None
    ev = [f"title {_q(fa.title)}"] if fa.title else []
    if fa.headings:
        ev.append("sections: " + ", ".join(_q(h, 40) for h in fa.headings[:6]))
    return ev, {}


def _image_added(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    return ([], {}) if fa.status == "added" and fa.kind == "image" else None


def _file_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if fa.status != "deleted" or not _is_doc(fa):
        return None
    ev = [f"title {_q(fa.old_title or fa.title or '')}"] if (fa.old_title or fa.title) else []
    return ev + [f"{fa.deletions} lines removed"], {}


def _image_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    return ([], {}) if fa.status == "deleted" and fa.kind == "image" else None


def _file_renamed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if fa.status != "renamed":
        return None
    return [f"from {fa.old_path}"] if fa.old_path else [], {"old": fa.old_path or "?"}


# ---------------------------------------------------------------- removals


def _content_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if (
        not _modified(fa)
        or fa.deletions < t.removal_lines
        or fa.additions > t.removal_max_added * fa.deletions
    ):
        return None
    ev = [f"{fa.deletions} lines removed, {fa.additions} added"]
    ev += [f"removed section {_q(s.path)} ({s.size} lines)" for s in fa.sections if s.kind == "removed"][:5]
    return ev, {"removed": fa.deletions, "added": fa.additions}


def _sections_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not _modified(fa):
        return None
    gone = [s for s in fa.sections if s.kind == "removed"]
    lines = sum(max(s.size, s.lines_removed) for s in gone)
    if lines < t.sections_removed_lines or fa.additions > t.sections_removed_max_added * fa.deletions:
        return None
    ev = [f"removed section {_q(s.path)} ({max(s.size, s.lines_removed)} lines)" for s in gone][:8]
    return ev, {"count": len(gone), "lines": lines}


def _retirement(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not _modified(fa):
        return None
    hits = [p for p in fa.phrases if p.kind == "appeared" and p.phrase in RETIREMENT]
    notices = [
        a for a in fa.alerts if a.kind == "added" and any(PHRASES[p.phrase].search(a.text) for p in hits)
    ]
    if not notices:
        return None
    return [f"added {a.alert} alert: {_q(a.text, 120)}" for a in notices], {"phrase": hits[0].phrase}


def _include_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    gone = [i for i in fa.includes if i.kind == "removed"]
    if not _modified(fa) or not gone or any(i.kind == "added" for i in fa.includes):
        return None
    return [f"removed include {i.target}" for i in gone], {"count": len(gone)}


# ---------------------------------------------------------------- additions


def _section_added(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not _modified(fa):
        return None
    new = [s for s in fa.sections if s.kind == "added"]
    lines = sum(max(s.size, s.lines_added) for s in new)
    if not new or lines < t.section_added_lines or fa.deletions > t.section_added_max_removed * fa.additions:
        return None
    ev = [f"added section {_q(s.path)} ({max(s.size, s.lines_added)} lines)" for s in new][:8]
    return ev, {"count": len(new), "lines": lines}


def _toc_added(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    new = [e for e in fa.toc if e.kind == "added"]
    if not _modified(fa) or not new or any(e.kind == "removed" for e in fa.toc):
        return None
    return [f"added entry {_q(e.name)}" + (f" -> {e.href}" if e.href else "") for e in new][:8], {
        "count": len(new)
    }


def _toc_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    gone = [e for e in fa.toc if e.kind == "removed"]
    if not _modified(fa) or not gone or any(e.kind == "added" for e in fa.toc):
        return None
    return [f"removed entry {_q(e.name)}" for e in gone][:8], {"count": len(gone)}


def _redirect_added(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    new = [r for r in fa.redirects if r.kind == "added"]
    if not _modified(fa) or not new or any(r.kind != "added" for r in fa.redirects):
        return None
    return [f"{r.source} -> {r.target}" for r in new][:8], {"count": len(new)}


def _coming_soon_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    hits = [p for p in fa.phrases if p.kind == "disappeared" and p.phrase == "coming soon"]
    if not _modified(fa) or not hits:
        return None
    return [f"removed {_q(hits[0].text)} ({hits[0].count}x)"], {"count": hits[0].count}


GA_ANNOUNCED = re.compile(
    r"\b(?:is|are|now|became|becomes)\s+(?:now\s+)?generally available\b|^\W*general availability\b",
    re.IGNORECASE,
)


def _generally_available(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    hits = [
        p
        for p in fa.phrases
        if p.kind == "appeared" and p.phrase == "generally available" and GA_ANNOUNCED.search(p.text)
    ]
    if not _modified(fa) or not hits:
        return None
    return [f"appeared: {_q(hits[0].text)}"], {}


# ---------------------------------------------------------------- fixes


_WORD = re.compile(r"^[A-Za-z][a-z]{2,}$")


def _typo_fixed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not _modified(fa) or not fa.values or fa.additions + fa.deletions > 2 * t.typo_max_lines:
        return None
    if fa.additions != fa.deletions:
        return None
    fixes = []
    for v in fa.values:
        if not (_WORD.match(v.old) and _WORD.match(v.new)) or v.old.lower() == v.new.lower():
            return None
        if difflib.SequenceMatcher(None, v.old.lower(), v.new.lower()).ratio() < t.typo_similarity:
            return None
        fixes.append(f"{v.old!r} -> {v.new!r}" + (f" ({v.count}x)" if v.count > 1 else ""))
    return fixes, {"count": len(fixes)}


def _links_removed(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not _modified(fa) or fa.additions or not fa.deletions or fa.body_added:
        return None
    gone = [link for link in fa.links if link.kind == "removed" and not link.image]
    structural = [s for s in fa.sections if s.kind != "changed"]
    if not gone or structural or fa.tables or fa.code_blocks or fa.includes:
        return None
    # every removed non-blank line held a link or a directive: nothing else was taken away
    if fa.body_removed > 3 * len(gone):
        return None
    return [f"removed link {_q(link.text, 50)} -> {link.url[:80]}" for link in gone][:5], {"count": len(gone)}


# ---------------------------------------------------------------- descriptive (minor update)


def _metadata_only(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not fa.metadata_only:
        return None
    ev = [
        f"{c.key}: {c.old} -> {c.new}" if c.kind == "changed" else f"{c.key} {c.kind}"
        for c in fa.front_matter
    ]
    return ev[:6], {}


def _whitespace_only(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    return ([], {}) if fa.whitespace_only else None


def _link_only(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    if not fa.link_only:
        return None
    return [f"{link.old_url} -> {link.url}" for link in fa.links if link.kind == "retargeted"][:5], {}


def _value_replaced(fa: FileAnalysis, t: Thresholds) -> tuple[list[str], dict[str, object]] | None:
    many = [v for v in fa.values if v.count >= t.repeated_value_count]
    if not many:
        return None
    return [f"{v.old} -> {v.new} ({v.count}x)" for v in many][:5], {
        "old": many[0].old,
        "new": many[0].new,
        "count": many[0].count,
    }


NF, BC, BF, MU = Label.NEW_FEATURE, Label.BREAKING_CHANGE, Label.BUG_FIX, Label.MINOR_UPDATE

RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("file-added", "info", NF, "New document.", _file_added, "A Markdown/YAML/other file was added."),
        Rule("image-added", "info", NF, "New image.", _image_added, "An image was added."),
        Rule(
            "file-removed",
            "error",
            BC,
            "Document removed; links and bookmarks to it break.",
            _file_removed,
            "A non-image file was deleted.",
        ),
        Rule(
            "image-removed",
            "warn",
            BC,
            "Image removed; a page that still embeds it shows a broken image.",
            _image_removed,
            "An image was deleted.",
        ),
        Rule(
            "file-renamed",
            "warn",
            MU,
            "Moved from {old}; the old URL needs a redirect.",
            _file_renamed,
            "The file was renamed or moved.",
        ),
        Rule(
            "content-removed",
            "warn",
            BC,
            "Large removal: {removed} lines removed, {added} added.",
            _content_removed,
            "Many lines removed and few added.",
            thresholds=("removal_lines", "removal_max_added"),
        ),
        Rule(
            "sections-removed",
            "warn",
            MU,
            "{count} section(s) removed ({lines} lines).",
            _sections_removed,
            "Whole sections removed, not replaced.",
            thresholds=("sections_removed_lines", "sections_removed_max_added"),
        ),
        Rule(
            "retirement-notice",
            "warn",
            BC,
            "Retirement or deprecation announced ({phrase}).",
            _retirement,
            "An added alert says 'retired', 'deprecated', 'no longer supported/available' or 'end of support'.",
        ),
        Rule(
            "include-removed",
            "info",
            MU,
            "{count} include(s) removed.",
            _include_removed,
            "Include directives removed and none added.",
        ),
        Rule(
            "toc-entry-removed",
            "warn",
            MU,
            "{count} table-of-contents entr(ies) removed.",
            _toc_removed,
            "toc.yml entries removed and none added.",
        ),
        Rule(
            "section-added",
            "info",
            NF,
            "{count} new section(s) ({lines} lines).",
            _section_added,
            "New sections, with few removals.",
            thresholds=("section_added_lines", "section_added_max_removed"),
        ),
        Rule(
            "toc-entry-added",
            "info",
            MU,
            "{count} table-of-contents entr(ies) added.",
            _toc_added,
            "toc.yml entries added and none removed.",
        ),
        Rule(
            "redirect-added",
            "info",
            MU,
            "{count} redirection(s) added.",
            _redirect_added,
            "Redirection entries added and none removed or changed.",
        ),
        Rule(
            "coming-soon-removed",
            "info",
            NF,
            "'Coming soon' removed: the feature is now documented.",
            _coming_soon_removed,
            "The phrase 'coming soon' disappeared.",
        ),
        Rule(
            "generally-available",
            "info",
            NF,
            "General availability announced.",
            _generally_available,
            "A line announcing general availability ('... is now generally available') appeared.",
        ),
        Rule(
            "typo-fixed",
            "info",
            MU,
            "Spelling fixed ({count} word(s)).",
            _typo_fixed,
            "A small change whose replaced words are near-spellings of each other.",
            thresholds=("typo_max_lines", "typo_similarity"),
        ),
        Rule(
            "links-removed",
            "info",
            BF,
            "{count} link(s) removed, nothing else.",
            _links_removed,
            "Only lines holding links were removed; nothing was added.",
        ),
        Rule(
            "metadata-only",
            "info",
            MU,
            "Only front matter changed.",
            _metadata_only,
            "Only the YAML front matter changed.",
        ),
        Rule(
            "whitespace-only",
            "info",
            MU,
            "Only whitespace changed.",
            _whitespace_only,
            "The changed lines differ only in whitespace.",
        ),
        Rule(
            "link-only",
            "info",
            MU,
            "Only link targets changed.",
            _link_only,
            "The body changed only in link targets.",
        ),
        Rule(
            "value-replaced",
            "info",
            MU,
            "{old} -> {new} in {count} places.",
            _value_replaced,
            "The same value was replaced in several places.",
            thresholds=("repeated_value_count",),
        ),
    ]
}

assert all(r.label.value in LABELS for r in RULES.values())
assert all(name in Thresholds.model_fields for r in RULES.values() for name in r.thresholds)
