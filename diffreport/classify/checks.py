"""The classifier's checks: each looks at one file's analysis and either stays silent (None) or returns
the evidence lines and the fields of its rule's message. :mod:`.rules` names them and gives their labels.

Checks are general: they look at the analysis, never at paths or product names. The whole-file checks
(added, removed, moved) are :mod:`.file_checks`, the reference ones :mod:`.reference_checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..analysis import FileAnalysis
from ..analysis.markdown import PHRASES
from ..analysis.syntax import ROUTINE_SECTION
from ..settings.classifier import Thresholds
from ..similarity import similar
from .dates import notice_dates


@dataclass(frozen=True)
class Context:
    """What a check may weigh besides the analysis: the thresholds and the report's date (None: unknown)."""

    thresholds: Thresholds
    date: dt.date | None = None


RETIREMENT = (
    "retired",
    "deprecated",
    "no longer supported",
    "no longer available",
    "no longer maintained",
    "end of support",
)


def _q(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _modified(fa: FileAnalysis) -> bool:
    return fa.status in ("modified", "renamed", "type-changed")


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


# ---------------------------------------------------------------- removals


def content_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    t = c.thresholds
    if (
        not _modified(fa)
        or fa.comments_only  # comments readers never saw
        or fa.kind == "symlink"  # a path now showing content from elsewhere
        or fa.deletions < t.removal_lines
        or fa.additions > t.removal_max_added * fa.deletions
    ):
        return None
    ev = [f"{fa.deletions} lines removed, {fa.additions} added"]
    ev += [f"removed section {_q(s.path)} ({s.size} lines)" for s in fa.sections if s.kind == "removed"][:5]
    return ev, {"removed": fa.deletions, "added": fa.additions}


def _tabs(fa: FileAnalysis, kind: str) -> set[str]:
    """Titles of Learn tab headings (``# [Python](#tab/python)``) added or removed."""
    return {x.text for x in fa.links if x.kind == kind and x.url.startswith("#tab/") and x.text}


def _within(line: int | None, spans: list[tuple[int | None, int]]) -> bool:
    return line is not None and any(start is not None and start <= line < start + n for start, n in spans)


def procedure_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """Steps taken out of a page that stays, and not put back: whole tabs or zone pivots (a language's or
    a tool's steps), or a run of numbered steps, with few lines added in their place."""
    t = c.thresholds
    if not _modified(fa) or fa.additions > t.procedure_max_added * fa.deletions:
        return None
    ev: list[str] = []
    what: list[str] = []
    lines = 0
    spans: list[
        tuple[int | None, int]
    ] = []  # old lines of the tabs and pivots told: their steps go with them
    gone = _tabs(fa, "removed") - _tabs(fa, "added")
    tabs = [s for s in fa.sections if s.kind == "removed" and s.title in gone]
    tab_lines = sum(max(s.size, s.lines_removed) for s in tabs)
    if gone and tab_lines >= t.procedure_removed_lines:
        ev += [f"removed tab {_q(n, 40)}" for n in sorted(gone)]
        what += [f"tab {_q(n, 40)}" for n in sorted(gone)]
        lines += tab_lines
        spans += [(s.old_line, s.size) for s in tabs]
    back = {p.name for p in fa.procedures if p.kind == "added" and p.form == "pivot"}
    pivots = [p for p in fa.procedures if p.kind == "removed" and p.form == "pivot" and p.name not in back]
    if sum(p.lines for p in pivots) >= t.procedure_removed_lines:
        ev += [f"removed zone pivot {_q(p.name, 60)} ({p.lines} lines)" for p in pivots]
        what += [f"zone pivot {_q(p.name, 60)}" for p in pivots]
        lines += sum(p.lines for p in pivots)
        spans += [(p.old_line, p.lines) for p in pivots]
    runs = [
        p
        for p in fa.procedures
        if p.kind == "removed" and p.form == "steps" and not _within(p.old_line, spans)
    ]
    added_steps = sum(p.steps for p in fa.procedures if p.kind == "added" and p.form == "steps")
    steps = sum(p.steps for p in runs)
    if runs and max(p.steps for p in runs) >= t.procedure_removed_steps:
        if steps - added_steps >= t.procedure_removed_steps:
            ev += [f"removed {p.steps} numbered steps from {_q(p.name, 60)} ({p.lines} lines)" for p in runs]
            more = f" and {len(runs) - 1} more list(s)" if len(runs) > 1 else ""
            what.append(f"{steps} numbered steps ({_q(runs[0].name, 60)}{more})")
            lines += sum(p.lines for p in runs)
    if not what:
        return None
    return ev[:8], {"what": ", ".join(what[:4]) + (", ..." if len(what) > 4 else ""), "lines": lines}


def sections_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    t = c.thresholds
    if not _modified(fa):
        return None
    gone = [s for s in fa.sections if s.kind == "removed"]
    lines = sum(max(s.size, s.lines_removed) for s in gone)
    if lines < t.sections_removed_lines or fa.additions > t.sections_removed_max_added * fa.deletions:
        return None
    ev = [f"removed section {_q(s.path)} ({max(s.size, s.lines_removed)} lines)" for s in gone][:8]
    return ev, {"count": len(gone), "lines": lines}


def retirement(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """An added (or reworded) alert announcing a retirement or deprecation that takes effect soon: undated (in effect
    now), dated before the report, or at most ``retirement_horizon_days`` after it (a notice years ahead
    is news, not a break). Without a report date, every such notice counts."""
    if not _modified(fa):
        return None
    hits = [p for p in fa.phrases if p.kind == "appeared" and p.phrase in RETIREMENT]
    notices = [
        a
        for a in fa.alerts
        if a.kind in ("added", "reworded") and any(PHRASES[p.phrase].search(a.text) for p in hits)
    ]
    if not notices:
        return None
    ev: list[str] = []
    for notice in notices:
        dates = notice_dates(notice.text)
        if c.date is not None and dates:
            first = min(dates)
            if (first - c.date).days > c.thresholds.retirement_horizon_days:
                continue
            ev.append(f"dated {first.isoformat()} (report {c.date.isoformat()})")
        ev.append(f"{notice.kind} {notice.alert} alert: {_q(notice.text, 120)}")
    if not ev:
        return None
    return ev, {"phrase": hits[0].phrase}


def include_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    gone = [i for i in fa.includes if i.kind == "removed"]
    if not _modified(fa) or not gone or any(i.kind == "added" for i in fa.includes):
        return None
    return [f"removed include {i.target}" for i in gone], {"count": len(gone)}


# ---------------------------------------------------------------- additions


def section_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """New sections of substance: not a tab (the same steps for another language or tool), not a
    routine heading (next steps, related content ...), not a renamed section (a similar title removed),
    one of them large enough to teach something on its own, with few removals."""
    t = c.thresholds
    if not _modified(fa) or not any(s.kind == "added" for s in fa.sections):
        return None  # no new section: none is large enough (section_added_largest >= 1)
    removed = [s.title.lower() for s in fa.sections if s.kind == "removed"]
    tabs = _tabs(fa, "added")
    new = [
        s
        for s in fa.sections
        if s.kind == "added"
        and s.title not in tabs
        and not ROUTINE_SECTION.match(s.title.strip())
        and not any(similar(s.title.lower(), r, 0.75) for r in removed)
    ]
    lines = sum(max(s.size, s.lines_added) for s in new)
    largest = max((max(s.size, s.lines_added) for s in new), default=0)
    if largest < t.section_added_largest or lines < t.section_added_lines:
        return None
    if fa.deletions > t.section_added_max_removed * fa.additions:
        return None
    ev = [f"added section {_q(s.path)} ({max(s.size, s.lines_added)} lines)" for s in new][:8]
    return ev, {"count": len(new), "lines": lines}


def toc_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    new = [e for e in fa.toc if e.kind == "added"]
    if not _modified(fa) or not new or any(e.kind == "removed" for e in fa.toc):
        return None
    return [f"added entry {_q(e.name)}" + (f" -> {e.href}" if e.href else "") for e in new][:8], {
        "count": len(new)
    }


def toc_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    gone = [e for e in fa.toc if e.kind == "removed"]
    if not _modified(fa) or not gone or any(e.kind == "added" for e in fa.toc):
        return None
    return [f"removed entry {_q(e.name)}" for e in gone][:8], {"count": len(gone)}


def redirect_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    new = [r for r in fa.redirects if r.kind == "added"]
    if not _modified(fa) or not new or any(r.kind != "added" for r in fa.redirects):
        return None
    return [f"{r.source} -> {r.target}" for r in new][:8], {"count": len(new)}


def coming_soon_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    hits = [p for p in fa.phrases if p.kind == "disappeared" and p.phrase == "coming soon"]
    if not _modified(fa) or not hits:
        return None
    return [f"removed {_q(hits[0].text)} ({hits[0].count}x)"], {"count": hits[0].count}


GA_ANNOUNCED = re.compile(
    r"\b(?:is|are|now|became|becomes)\s+(?:now\s+)?generally available\b|^\W*general availability\b",
    re.IGNORECASE,
)


def generally_available(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """A line announcing general availability appeared in a new section, or while the page stopped
    calling something a preview; a GA line alone in old text is often a table cell or a footnote."""
    if not _modified(fa):
        return None
    new_sections = {s.path for s in fa.sections if s.kind == "added"}
    previews = [p for p in fa.phrases if p.kind == "disappeared" and p.phrase == "preview"]
    hits = [
        p
        for p in fa.phrases
        if p.kind == "appeared"
        and p.phrase == "generally available"
        and GA_ANNOUNCED.search(p.text)
        and (previews or p.section in new_sections)
    ]
    if not hits:
        return None
    ev = [f"appeared: {_q(hits[0].text)}"]
    ev += [f"in the new section {_q(hits[0].section)}"] if hits[0].section in new_sections else []
    ev += [f"disappeared: {_q(previews[0].text)}"] if previews else []
    return ev, {}


# ---------------------------------------------------------------- fixes


_WORD = re.compile(r"^[A-Za-z][a-z]{2,}$")


def typo_fixed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    t = c.thresholds
    if not _modified(fa) or not fa.values or fa.additions + fa.deletions > 2 * t.typo_max_lines:
        return None
    if fa.additions != fa.deletions or fa.code_only:
        return None
    fixes = []
    for v in fa.values:
        if not (_WORD.match(v.old) and _WORD.match(v.new)) or v.old.lower() == v.new.lower():
            return None
        if not similar(v.old.lower(), v.new.lower(), t.typo_similarity):
            return None
        fixes.append(f"{v.old!r} -> {v.new!r}" + (f" ({v.count}x)" if v.count > 1 else ""))
    return fixes, {"count": len(fixes)}


_DIGITS = re.compile(r"\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def _bump(old: str, new: str) -> bool:
    """A version, date or API version changed: the same text but for its numbers."""
    if not (_DIGITS.search(old) and _DIGITS.search(new)):
        return False
    return _DIGITS.sub("0", old) == _DIGITS.sub("0", new) or bool(_DATE.search(old) and _DATE.search(new))


# Languages whose indentation is part of the code: there a whitespace-only edit can fix a sample.
_INDENTED = {"python", "py", "python3", "yaml", "yml", "makefile", "make", "fsharp", "f#", "haskell", "nim"}


def code_sample_fixed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """A small edit confined to fenced code blocks, replacing lines rather than adding steps, with no
    prose change and no version, date or API-version bump: a code sample corrected. Re-indenting a sample
    corrects one only where indentation is code."""
    t = c.thresholds
    if not _modified(fa) or fa.kind != "markdown" or not fa.code_only:
        return None
    if not fa.body_added or not fa.body_removed or fa.body_added + fa.body_removed > t.code_fix_max_lines:
        return None
    if any(_bump(v.old, v.new) or _GUID.search(v.old) or _GUID.search(v.new) for v in fa.values):
        return None  # a version bump, or an identifier swapped for a placeholder
    blocks = [b for b in fa.code_blocks if b.kind == "changed"]
    if fa.whitespace_only and not any(b.language in _INDENTED for b in blocks):
        return None  # formatting
    ev = [f"{v.old!r} -> {v.new!r}" for v in fa.values][:5]
    ev += [f"changed {b.language or 'code'} block ({b.lines} line(s))" for b in blocks][:3]
    return ev, {"added": fa.body_added, "removed": fa.body_removed}


# ---------------------------------------------------------------- descriptive (minor update)


def links_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
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


def metadata_only(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    if not fa.metadata_only:
        return None
    ev = [
        f"{x.key}: {x.old} -> {x.new}" if x.kind == "changed" else f"{x.key} {x.kind}"
        for x in fa.front_matter
    ]
    return ev[:6], {}


def whitespace_only(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    return ([], {}) if fa.whitespace_only else None


def link_only(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    if not fa.link_only:
        return None
    return [f"{link.old_url} -> {link.url}" for link in fa.links if link.kind == "retargeted"][:5], {}


def value_replaced(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    many = [v for v in fa.values if v.count >= c.thresholds.repeated_value_count]
    if not many:
        return None
    return [f"{v.old} -> {v.new} ({v.count}x)" for v in many][:5], {
        "old": many[0].old,
        "new": many[0].new,
        "count": many[0].count,
    }
