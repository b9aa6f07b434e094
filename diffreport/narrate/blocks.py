"""Points about blocks of a page: alerts and includes (code samples are :mod:`.samples`, tables :mod:`.tables`)."""

from __future__ import annotations

from functools import partial

from ..analysis import AlertChange, IncludeChange
from .facts import alert_key, inside_section, samples
from .points import FileContext, Point, Weight
from .quotes import diff_window


def _alert_name(file: FileContext, alert: str) -> str:
    """The alert's kind with its article (``a note``, ``an important note``)."""
    names = {
        "NOTE": file._("a note"),
        "TIP": file._("a tip"),
        "IMPORTANT": file._("an important note"),
        "WARNING": file._("a warning"),
        "CAUTION": file._("a caution"),
    }
    return names.get(alert.upper(), alert.lower())


def alerts(file: FileContext) -> list[Point]:
    out: list[Point] = []
    inside_new = file.added_paths
    said: set[tuple[str, str, str | None, str]] = set()  # one sentence for one alert in several zones
    # alerts of one kind added to one section (or removed) are said in one sentence, where the first is
    groups: dict[tuple[str, str, str | None], list[AlertChange]] = {}
    shown: list[AlertChange] = []
    for al in file.analysis.alerts:
        if inside_section(al.section, inside_new):
            continue
        key = (al.kind, al.alert.upper(), al.section if al.kind == "added" else None, al.text)
        if key in said:
            continue
        said.add(key)
        if al.kind in ("added", "removed"):
            group = groups.setdefault(key[:3], [])
            group.append(al)
            if len(group) > 1:
                continue
        shown.append(al)
    for al in shown:
        strong = al.alert.upper() in _STRONG
        if al.kind == "moved":
            out.append(Point.later(Weight.ALERT_MOVED, "alert-moved", partial(_moved_alert_text, file, al)))
            continue
        if al.kind == "retyped":
            weaker = (al.old_alert or "").upper() in _STRONG or not strong
            weight = Weight.ALERT_RETYPED if weaker else Weight.ALERT_MADE_STRONG
            out.append(Point.later(weight, "alert-retyped", partial(_retyped_alert_text, file, al)))
            continue
        if al.kind == "reworded":
            weight = Weight.STRONG_ALERT_REWORDED if strong else Weight.ALERT_REWORDED
            point = Point.later(weight, "alert-reworded", partial(_reworded_alert_text, file, al))
            point.keys = (alert_key(al),)
            out.append(point)
            continue
        if al.kind == "added":
            weight = Weight.STRONG_ALERT_ADDED if strong else Weight.ALERT_ADDED
        else:
            weight = Weight.STRONG_ALERT_REMOVED if strong else Weight.ALERT_REMOVED
        members = groups[(al.kind, al.alert.upper(), al.section if al.kind == "added" else None)]
        point = Point.later(
            weight, f"alert-{al.kind}:{al.alert.upper()}", partial(_alert_text, file, members)
        )
        point.keys = tuple(alert_key(m) for m in members)
        out.append(point)
    return out


def _moved_alert_text(file: FileContext, al: AlertChange) -> tuple[str, str]:
    kind, lang = _alert_name(file, al.alert), file.lang
    where = lang.quote((al.section or "").rpartition(" > ")[2])
    was = lang.quote((al.old_section or "").rpartition(" > ")[2])
    return (
        file._("Moved {alert} to {section}").format(alert=kind, section=where),
        file._("Moved {alert} from {old} to {section}: {text}.").format(
            alert=kind, old=was, section=where, text=lang.quote(al.text, 100)
        ),
    )


_STRONG = {"IMPORTANT", "WARNING", "CAUTION"}


def _retyped_alert_text(file: FileContext, al: AlertChange) -> tuple[str, str]:
    """``[!IMPORTANT]`` -> ``[!NOTE]`` over the same text."""
    old, new, lang = _alert_name(file, al.old_alert or ""), _alert_name(file, al.alert), file.lang
    where = lang.quote((al.section or "").rpartition(" > ")[2])
    return (
        file._("Turned {old} into {new}").format(old=old, new=new),
        file._("Turned {old} in {section} into {new}: {text}.").format(
            old=old, new=new, section=where, text=lang.quote(al.text, 100)
        ),
    )


def _reworded_alert_text(file: FileContext, al: AlertChange) -> tuple[str, str]:
    """The same kind of alert in the same section, its words changed: the words that changed, in context."""
    kind, lang = _alert_name(file, al.alert), file.lang
    where = lang.quote((al.section or "").rpartition(" > ")[2])
    old, new = diff_window(al.old_text or "", al.text, context=3)
    title = (
        file._("Reworded {alert} in {section}").format(alert=kind, section=where)
        if al.section
        else file._("Reworded {alert}").format(alert=kind)
    )
    sentence = (
        file._("Reworded {alert} in {section}: {old} is now {new}.")
        if al.section
        else file._("Reworded {alert}: {old} is now {new}.")
    ).format(alert=kind, section=where, old=lang.quote(old, 120), new=lang.quote(new, 120))
    return title, sentence


def _alert_text(file: FileContext, members: list[AlertChange]) -> tuple[str, str]:
    """Alerts of one kind added to one section, or removed: each quoted (the first few when many)."""
    al, n = members[0], len(members)
    if n == 1:
        kind = _alert_name(file, al.alert)
        text = file.lang.quote(al.text, 160)
    else:
        kind = _alerts_name(file, al.alert, n)
        text = file.lang.series([file.lang.quote(m.text, 160 if n == 2 else 100) for m in members], 3)
    if al.kind != "added":
        return (
            file._("Removed {alert}").format(alert=kind),
            (file._("Removed {alert}: {text}.") if n == 1 else file._("Removed {alerts}: {texts}.")).format(
                alert=kind, alerts=kind, text=text, texts=text
            ),
        )
    where = file.lang.quote(al.section.rpartition(" > ")[2]) if al.section else ""
    title = (
        file._("Added {alert} to {section}").format(alert=kind, section=where)
        if where
        else file._("Added {alert}").format(alert=kind)
    )
    if n == 1:
        sentence = (
            file._("Added {alert} to {section}: {text}.") if where else file._("Added {alert}: {text}.")
        )
    else:
        sentence = (
            file._("Added {alerts} to {section}: {texts}.") if where else file._("Added {alerts}: {texts}.")
        )
    return title, sentence.format(alert=kind, alerts=kind, section=where, text=text, texts=text)


def _alerts_name(file: FileContext, alert: str, n: int) -> str:
    """Alerts of one kind, counted (``2 notes``, ``3 important notes``)."""
    count = file.lang.number(n)
    names = {
        "NOTE": file.ngettext("{count} note", "{count} notes", n),
        "TIP": file.ngettext("{count} tip", "{count} tips", n),
        "IMPORTANT": file.ngettext("{count} important note", "{count} important notes", n),
        "WARNING": file.ngettext("{count} warning", "{count} warnings", n),
        "CAUTION": file.ngettext("{count} caution", "{count} cautions", n),
    }
    return names.get(alert.upper(), f"{count} {alert.lower()}").format(count=count)


def into_includes(file: FileContext) -> list[Point]:
    """Tabs or code samples taken out of the page while includes came in: the content moved into shared
    files, which is what readers should hear (not only "tabs removed" and "include added")."""
    facts = file.analysis
    added = [i for i in facts.includes if i.kind == "added"]
    if not added:
        return []
    tabs = sorted(
        {x.text for x in facts.links if x.kind == "removed" and x.url.startswith("#tab/") and x.text}
    )
    tabs = [t for t in tabs if t not in {x.text for x in facts.links if x.kind == "added"}]
    code = [c for c in facts.code_blocks if c.kind == "removed"]
    if not tabs and not code:
        return []
    names = file.lang.series_of(
        added, lambda i: file.lang.quote(i.title) if i.title else file.lang.code_span(i.target), 3
    )
    if tabs:
        quoted = file.lang.series_of(tabs, lambda t: file.lang.quote(t, 40), 4)
        title = file._("Moved the tabs {tabs} into includes").format(tabs=quoted)
        sentence = file._("Replaced the tabs {tabs} with the includes {names}.").format(
            tabs=quoted, names=names
        )
    else:
        languages = samples(c.language for c in code)
        title = file._("Moved code samples into includes")
        sentence = file.ngettext(
            "Replaced {count} code sample ({languages}) with the includes {names}.",
            "Replaced {count} code samples ({languages}) with the includes {names}.",
            len(code),
        ).format(
            count=file.lang.number(len(code)),
            languages=file.lang.series(languages) or file._("code"),
            names=names,
        )
    return [Point(Weight.INTO_INCLUDES, title, sentence, "into-includes")]


def includes(file: FileContext) -> list[Point]:
    out: list[Point] = into_includes(file)
    lang = file.lang
    added = [i for i in file.analysis.includes if i.kind == "added"]
    removed = [i for i in file.analysis.includes if i.kind == "removed"]
    # an include of the same title on both sides first (the same file, its path fixed), then in order
    by_title: dict[str, list[IncludeChange]] = {}
    for inc in added:
        by_title.setdefault(inc.title, []).append(inc)
    pairs: list[tuple[IncludeChange, IncludeChange]] = []
    for old in removed:
        same = by_title.get(old.title) if old.title else None
        if same:
            pairs.append((old, same.pop(0)))
    taken = {id(x) for pair in pairs for x in pair}
    pairs += zip(
        [x for x in removed if id(x) not in taken], [x for x in added if id(x) not in taken], strict=False
    )
    said: set[tuple[str, str, str, str]] = set()  # the same include replaced in each zone: said once
    for old, new in pairs:
        if (old.title, old.target, new.title, new.target) in said:
            continue
        said.add((old.title, old.target, new.title, new.target))
        old_label = lang.quote(old.title) if old.title else lang.code_span(old.target)
        new_label = lang.quote(new.title) if new.title else lang.code_span(new.target)
        if old.target == new.target:  # its title alone, which the page does not show
            title = file._("Renamed include {old} to {new}").format(old=old_label, new=new_label)
            sentence = file._("Renamed the include {target} from {old} to {new}.").format(
                target=lang.code_span(new.target, 120), old=old_label, new=new_label
            )
            out.append(Point(Weight.INCLUDE_RENAMED, title, sentence, "include-replaced"))
            continue
        if old.title and old.title == new.title:
            title = file._("Repointed include {name}").format(name=old_label)
            sentence = file._("Repointed the include {name} to {target}.").format(
                name=old_label, target=lang.code_span(new.target, 120)
            )
        else:
            title = file._("Replaced include {name}").format(name=old_label)
            sentence = file._("Replaced the include {old} ({old_target}) with {new} ({new_target}).").format(
                old=old_label,
                new=new_label,
                old_target=lang.code_span(old.target, 120),
                new_target=lang.code_span(new.target, 120),
            )
        out.append(Point(Weight.INCLUDE_REPLACED, title, sentence, "include-replaced"))
    paired = {id(x) for pair in pairs for x in pair}
    moved = [i for i in file.analysis.includes if i.kind == "moved"]
    if moved:
        out.append(Point.later(Weight.INCLUDE_MOVED, "include-moved", partial(_moved_includes, file, moved)))
    alone: dict[tuple[str, str], list[IncludeChange]] = {}  # one sentence for one title, its targets listed
    for inc in file.analysis.includes:
        if id(inc) not in paired and inc.kind != "moved":
            label = lang.quote(inc.title) if inc.title else lang.code_span(inc.target)
            alone.setdefault((inc.kind, label), []).append(inc)
    for (kind, label), group in alone.items():
        targets = lang.series_of(
            list(dict.fromkeys(i.target for i in group)), lambda t: lang.code_span(t, 120)
        )
        if kind == "added":
            out.append(
                Point(
                    Weight.INCLUDE_ADDED,
                    file._("Added include {name}").format(name=label),
                    file._("Added the include {name} ({target}).").format(name=label, target=targets),
                    "include-added",
                )
            )
        else:
            out.append(
                Point(
                    Weight.INCLUDE_REMOVED,
                    file._("Removed include {name}").format(name=label),
                    file._("Removed the include {name} ({target}).").format(name=label, target=targets),
                    "include-removed",
                )
            )
    return out


def _moved_includes(file: FileContext, moved: list[IncludeChange]) -> tuple[str, str]:
    """Includes put in other sections of the page, each named once, with the sections they went to."""
    lang = file.lang
    names = list(dict.fromkeys(lang.quote(i.title) if i.title else lang.code_span(i.target) for i in moved))
    title = file.ngettext("Moved include {names}", "Moved includes {names}", len(names)).format(
        names=lang.series(names, 3)
    )
    places = list(dict.fromkeys((i.section or "").rpartition(" > ")[2] for i in moved))
    if all(places):
        sentence = file.ngettext(
            "Moved the include {names} to {sections}.",
            "Moved the includes {names} to {sections}.",
            len(names),
        ).format(names=lang.series(names), sections=lang.series_of(places, lang.quote))
    else:
        sentence = file.ngettext(
            "Moved the include {names} elsewhere on the page.",
            "Moved the includes {names} elsewhere on the page.",
            len(names),
        ).format(names=lang.series(names))
    return title, sentence
