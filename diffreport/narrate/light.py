"""What a report keeps in memory of each file while the whole of it waits on disk (:mod:`diffreport.spool`):
its light form, with what report-level narration reads of its analysis, worked out once per file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..models import FileAnalysis, Impact, Label, ReportFile, Status
from .facts import section_plan
from .reference import shared_change, shared_members

VERSION = re.compile(r"^(v?\d+(\.\d+)+|\d{4}-\d{2}-\d{2}(-[a-z]+)?)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What report-level narration reads of one file's analysis, worked out once per file
    (:func:`light_file`): small, so that a report of any size can hold it for every file."""

    kind: str = "other"
    status: Status = Status.MODIFIED
    title: str | None = None
    yaml_mime: str | None = None
    metadata_only: bool = False
    impact: Impact | None = None
    versions: tuple[tuple[str, str, int], ...] = ()
    """Values replaced by others that both look like versions: (old, new, places)."""
    phrases: tuple[tuple[str, str], ...] = ()
    """Lifecycle phrases: (appeared or disappeared, the phrase lower-cased)."""
    redirected: tuple[str, ...] = ()
    """Sources of the redirections the file adds, without a leading ``/``."""
    removed_sections: tuple[tuple[str, str], ...] = ()
    """Top sections removed whose heading no other section has: (title, heading path)."""
    added_sections: tuple[str, ...] = ()
    """Titles of the top sections added."""
    alerts: tuple[str, ...] = ()
    """Texts of the alerts added."""
    shared: tuple[str, ...] | None = None
    """The new optional parameters that are the file's only member change, if so."""
    shared_members: int = 0
    """Members those parameters were added to."""
    removed_members: tuple[str, ...] = ()
    breaking_parameters: tuple[tuple[str, str], ...] = ()
    """Parameters removed, made required or added as required: (name, member)."""


@dataclass(frozen=True, slots=True)
class LightFile:
    """A report file as a report keeps it in memory while the whole file waits on disk
    (:mod:`diffreport.spool`): no patch, explanation or notes, rule ids for its rules, and its
    :class:`ReportFacts` for its analysis."""

    path: str
    old_path: str | None
    status: Status
    additions: int
    deletions: int
    changes: int
    binary: bool
    anchor: str
    label: Label
    title: str
    patch_truncated: bool
    source: Literal["rules", "llm"]
    rule_ids: tuple[str, ...]
    facts: ReportFacts


def light_file(f: ReportFile) -> LightFile:
    """What report-level narration (and the ``--fail-on`` gate, and the Summary Table) reads of a file,
    worked out once: a report of any size keeps this of each file in memory, the rest waits on disk
    (:mod:`diffreport.spool`). A file saved without its analysis has no facts to tell."""
    return LightFile(
        path=f.path,
        old_path=f.old_path,
        status=f.status,
        additions=f.additions,
        deletions=f.deletions,
        changes=f.changes,
        binary=f.binary,
        anchor=f.anchor,
        label=f.label,
        title=f.title,
        patch_truncated=f.patch_truncated,
        source=f.source,
        rule_ids=tuple(hit.id for hit in f.rules),
        facts=_report_facts(f.analysis) if f.analysis is not None else ReportFacts(status=f.status),
    )


def _report_facts(a: FileAnalysis) -> ReportFacts:
    plan = section_plan(a)
    return ReportFacts(
        kind=a.kind,
        status=a.status,
        title=a.title,
        yaml_mime=a.yaml_mime,
        metadata_only=a.metadata_only,
        impact=a.impact,
        versions=tuple(
            (v.old, v.new, v.count)
            for v in a.values
            if VERSION.match(v.old.strip("`\"' ")) and VERSION.match(v.new.strip("`\"' "))
        ),
        phrases=tuple((p.kind, p.phrase.lower()) for p in a.phrases),
        redirected=tuple(r.source.lstrip("/") for r in a.redirects if r.kind == "added"),
        removed_sections=tuple((s.title, s.path) for s in plan.removed if not s.title_remains),
        added_sections=tuple(x.title for x in plan.added),
        alerts=tuple(al.text for al in a.alerts if al.kind == "added" and al.text),
        shared=shared_change(a),
        shared_members=shared_members(a),
        removed_members=tuple(m.member for m in a.members if m.kind == "removed"),
        breaking_parameters=tuple(
            (p.name, p.member)
            for p in a.parameters
            if p.kind in ("removed", "made-required") or (p.kind == "added" and p.required)
        ),
    )


def light_files(files: Sequence[ReportFile | LightFile]) -> list[LightFile]:
    return [f if isinstance(f, LightFile) else light_file(f) for f in files]
