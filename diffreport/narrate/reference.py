"""Points about YAML read for what it is: members and parameters of reference YAML, keys of other YAML.

Parameters are said per member and change (``az acat onboard: new optional parameters --a, --b``); the
same change made to several members of a file is one point naming them all. :func:`shared_change` tells
report narration which files had nothing but the same new optional parameters, so that dozens of them are
one highlight (``--acquire-policy-token added to 37 commands``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import FileAnalysis, KeyChange, ParameterChange, Status
from .lang import Lang
from .paths import short_key
from .points import FileContext, Point, Weight

if TYPE_CHECKING:
    from .light import ReportFacts


def _span(file: FileContext, text: str | None) -> str:
    return file.lang.code_span(text, 80)


def _sentence(file: FileContext, title: str) -> str:
    return file._("{title}.").format(title=title)


def _spans(file: FileContext, items: list[str], limit: int = 3) -> str:
    return file.lang.series_of(items, lambda x: _span(file, x), limit)


def members(file: FileContext) -> list[Point]:
    facts = file.analysis
    out: list[Point] = []
    for kind, weight in (("removed", Weight.MEMBER_REMOVED), ("added", Weight.MEMBER_ADDED)):
        names = [m.member for m in facts.members if m.kind == kind]
        if not names:
            continue
        items = _spans(file, names)
        if kind == "removed":
            title = file._("Removed {names}").format(names=items)
            sentence = file.ngettext(
                "Removed {names}; code and scripts that use it stop working.",
                "Removed {names}; code and scripts that use them stop working.",
                len(names),
            ).format(names=items)
        else:
            title = file._("Added {names}").format(names=items)
            sentence = file._("Added {names} to the reference.").format(names=items)
        out.append(Point(weight, title, sentence, f"member-{kind}"))
    for m in facts.members:
        name = _span(file, m.member)
        if m.kind == "deprecated":
            title = file._("{member} deprecated").format(member=name)
            if m.text:
                text = file.lang.quote(m.text, 200)
                sentence = file._("{member} is deprecated: {text}.").format(member=name, text=text)
            else:
                sentence = file._("{member} is now marked deprecated.").format(member=name)
            out.append(Point(Weight.MEMBER_DEPRECATED, title, sentence, "member-deprecated"))
        elif m.kind in ("undeprecated", "preview", "released"):
            title = {
                "undeprecated": file._("{member} no longer deprecated"),
                "preview": file._("{member} now in preview"),
                "released": file._("{member} no longer in preview"),
            }[m.kind].format(member=name)
            out.append(Point(Weight.MEMBER_STATUS, title, _sentence(file, title), f"member-{m.kind}"))
    changed = [m for m in facts.members if m.kind == "changed"]
    if changed:
        fields = sorted({f for m in changed for f in m.fields})
        who = _spans(file, [m.member for m in changed])
        out.append(
            Point(
                Weight.MEMBER_CHANGED,
                file._("Updated {members} ({fields})").format(members=who, fields=_spans(file, fields)),
                file._("Changed {fields} of {members}.").format(members=who, fields=_spans(file, fields, 4)),
                "member-changed",
            )
        )
    return out


def _by_change(params: list[ParameterChange]) -> list[tuple[ParameterChange, list[str], list[str]]]:
    """Parameters grouped by member and change, then members with the same change grouped together:
    (an example, its members, its parameter names)."""
    per_member: dict[tuple[str, str, bool], list[ParameterChange]] = {}
    for p in params:
        at = (p.kind, p.member, p.required)
        if at in per_member:
            per_member[at].append(p)
        else:
            per_member[at] = [p]
    groups: dict[tuple[str, bool, tuple[str, ...]], tuple[ParameterChange, list[str], list[str]]] = {}
    for (kind, member, required), ps in per_member.items():
        names = tuple([p.name for p in ps])
        key = (kind, required, names)
        if kind in ("default-changed", "values-changed"):
            key = (kind, required, (*names, *(f"{p.old}->{p.new}" for p in ps)))
        group = groups.get(key)
        if group is None:
            groups[key] = group = (ps[0], [], list(names))
        group[1].append(member)
    return list(groups.values())


def parameters(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for example, owners, names in _by_change(file.analysis.parameters):
        member, items, n = _spans(file, owners), _spans(file, names, 4), len(names)
        kind = example.kind
        if kind == "added" and example.required:
            weight = Weight.PARAMETER_REQUIRED
            title = file.ngettext(
                "{member}: new required parameter {names}", "{member}: new required parameters {names}", n
            )
        elif kind == "added":
            weight = Weight.PARAMETER_ADDED
            title = file.ngettext(
                "{member}: new optional parameter {names}", "{member}: new optional parameters {names}", n
            )
        elif kind == "removed":
            weight = Weight.PARAMETER_REMOVED
            title = file.ngettext(
                "{member}: removed parameter {names}", "{member}: removed parameters {names}", n
            )
        elif kind == "made-required":
            weight = Weight.PARAMETER_REQUIRED
            title = file.ngettext("{member}: {names} now required", "{member}: {names} now required", n)
        elif kind == "made-optional":
            weight = Weight.PARAMETER_CHANGED
            title = file.ngettext("{member}: {names} now optional", "{member}: {names} now optional", n)
        elif kind == "default-changed":
            weight = Weight.PARAMETER_CHANGED
            title = file._("{member}: default of {names} changed from {old} to {new}")
        else:
            weight = Weight.PARAMETER_CHANGED
            title = file._("{member}: accepted values of {names} changed")
        if kind == "default-changed":  # the one title that shows the values
            text = title.format(
                member=member,
                names=items,
                old=_span(file, example.old or "-"),
                new=_span(file, example.new or "-"),
            )
        else:
            text = title.format(member=member, names=items)
        out.append(Point(weight, text, _sentence(file, text), f"parameter-{kind}"))
    return out


def _key_value(file: FileContext, change: KeyChange, value: str | None) -> str:
    if change.key.lower().endswith("date"):
        return file.lang.date_text(value)
    return _span(file, value)


def _key(file: FileContext, change: KeyChange) -> str:
    return _span(file, short_key(change.key, 80))


def _keys(file: FileContext, changes: list[KeyChange], limit: int) -> str:
    return file.lang.series_of(changes, lambda k: _key(file, k), limit)


def keys(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for kind in ("added", "removed", "changed"):
        group = [k for k in file.analysis.keys if k.kind == kind]
        if not group:
            continue
        names = _keys(file, group, 3)
        dates = all(k.key.lower().endswith("date") for k in group)
        if kind == "changed":
            items = file.lang.series_of(
                group,
                lambda k: file._("{key} from {old} to {new}").format(
                    key=_key(file, k), old=_key_value(file, k, k.old), new=_key_value(file, k, k.new)
                ),
                3,
            )
            title = file._("Changed {keys}").format(keys=names)
            sentence = file._("Changed {items}.").format(items=items)
        elif kind == "added":
            title = file._("Added {keys}").format(keys=names)
            sentence = file.ngettext(
                "Added the YAML key {keys}.", "Added the YAML keys {keys}.", len(group)
            ).format(keys=_keys(file, group, 6))
        else:
            title = file._("Removed {keys}").format(keys=names)
            sentence = file.ngettext(
                "Removed the YAML key {keys}.", "Removed the YAML keys {keys}.", len(group)
            ).format(keys=_keys(file, group, 6))
        out.append(Point(Weight.DATE if dates else Weight.KEY_CHANGED, title, sentence, f"key-{kind}"))
    return out


def shared_change(facts: FileAnalysis) -> tuple[str, ...] | None:
    """The new optional parameters of a file whose only member changes are those (else None)."""
    if not facts.parameters or any(m.kind in ("added", "removed", "deprecated") for m in facts.members):
        return None
    if any(p.kind != "added" or p.required for p in facts.parameters):
        return None
    return tuple(sorted({p.name for p in facts.parameters}))


def shared_members(facts: FileAnalysis) -> int:
    return len({p.member for p in facts.parameters})


def breaking_insight(lang: Lang, files: list[tuple[str, ReportFacts]]) -> str:
    """Members removed and parameters removed or now required, across a report: what breaks callers."""
    items: list[str] = []
    for name, facts in files:
        if facts.status != Status.MODIFIED and facts.status != Status.RENAMED:
            continue
        where = lang.code_span(name)
        items += [
            lang.gettext("{member} ({file})").format(member=lang.code_span(member, 80), file=where)
            for member in facts.removed_members
        ]
        items += [
            lang.gettext("{name} of {member} ({file})").format(
                name=lang.code_span(param, 60), member=lang.code_span(member, 80), file=where
            )
            for param, member in facts.breaking_parameters
        ]
    if not items:
        return ""
    return lang.gettext(
        "Reference members and parameters removed or now required: {items}. "
        "Scripts and code that use them need updating."
    ).format(items=lang.series(items, 5))
