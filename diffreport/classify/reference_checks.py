"""Checks of the reference rules (see :mod:`.rules`): members and parameters of Learn reference YAML.

A removed member or parameter, or a parameter that callers must now pass, breaks existing scripts and
code; a new member or optional parameter is new; any other member change is a minor update.
"""

from __future__ import annotations

from ..analysis import FileAnalysis, MemberChange, ParameterChange
from .checks import Context, _modified, _names

MAX_EVIDENCE = 8


def _members(fa: FileAnalysis, kinds: set[str]) -> list[MemberChange]:
    return [m for m in fa.members if m.kind in kinds] if _modified(fa) else []


def _params(fa: FileAnalysis, kinds: set[str], required: bool | None = None) -> list[ParameterChange]:
    if not _modified(fa):
        return []
    found = [p for p in fa.parameters if p.kind in kinds]
    return found if required is None else [p for p in found if p.required == required]


def _param_evidence(params: list[ParameterChange], what: str) -> list[str]:
    return [f"{p.member}: {p.name} {what}" for p in params[:MAX_EVIDENCE]]


def member_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    gone = _members(fa, {"removed"})
    if not gone:
        return None
    return [f"removed {m.member}" for m in gone][:MAX_EVIDENCE], {
        "count": len(gone),
        "names": _names([m.member for m in gone]),
    }


def parameter_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    gone = _params(fa, {"removed"})
    if not gone:
        return None
    return _param_evidence(gone, "removed"), {"count": len(gone), "names": _names([p.name for p in gone])}


def parameter_required(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    now = _params(fa, {"made-required"}) + _params(fa, {"added"}, required=True)
    if not now:
        return None
    ev = [
        f"{p.member}: {p.name} " + ("made required" if p.kind == "made-required" else "added, required")
        for p in now
    ]
    return ev[:MAX_EVIDENCE], {"count": len(now), "names": _names([p.name for p in now])}


def member_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    new = _members(fa, {"added"})
    if not new:
        return None
    return [f"added {m.member}" for m in new][:MAX_EVIDENCE], {
        "count": len(new),
        "names": _names([m.member for m in new]),
    }


def parameter_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    new = _params(fa, {"added"}, required=False)
    if not new:
        return None
    return _param_evidence(new, "added"), {"count": len(new), "names": _names(sorted({p.name for p in new}))}


def member_changed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    members = _members(fa, {"changed", "deprecated", "undeprecated", "preview", "released"})
    params = _params(fa, {"made-optional", "default-changed", "values-changed"})
    if not members and not params:
        return None
    ev = [f"{m.member}: " + (", ".join(m.fields) if m.kind == "changed" else m.kind) for m in members]
    ev += [
        f"{p.member}: {p.name} {p.kind}" + (f" ({p.old} -> {p.new})" if p.kind != "made-optional" else "")
        for p in params
    ]
    return ev[:MAX_EVIDENCE], {"count": len({m.member for m in members} | {p.member for p in params})}
