"""Points about a page's code samples: fenced blocks added, removed, rewritten, moved, reformatted, changed or
relabelled, and Learn ``:::code`` samples repointed or showing other lines."""

from __future__ import annotations

from functools import partial

from ..analysis import CodeBlockChange, ValueChange
from ..analysis.values import made_by
from .facts import inside_section, notable_value, samples
from .points import FileContext, Point, Weight
from .quotes import short_pair
from .sections import edited_alone


def code(file: FileContext) -> list[Point]:
    added_sections = file.added_paths
    blocks = [c for c in file.analysis.code_blocks if not inside_section(c.section, added_sections)]
    # a block can only have changed inside a section that changed
    edited = {s.path for s in file.analysis.sections}
    if file.analysis.sections:
        blocks = [c for c in blocks if c.kind != "changed" or not c.section or c.section in edited]
    out: list[Point] = []
    if file.directive_values[0]:  # :func:`code_sources` says the samples shown from elsewhere
        blocks = [c for c in blocks if not (c.kind == "changed" and c.source is not None)]
    blocks, rewritten = _rewritten(blocks)
    changed = [c for c in blocks if c.kind == "changed"]
    for kind, weight, group in (
        ("added", Weight.CODE_ADDED, [c for c in blocks if c.kind == "added"]),
        ("removed", Weight.CODE_REMOVED, [c for c in blocks if c.kind == "removed"]),
        ("rewritten", Weight.CODE_REWRITTEN, rewritten),
        ("moved", Weight.CODE_MOVED, [c for c in blocks if c.kind == "moved"]),
        ("reformatted", Weight.CODE_REFORMATTED, [c for c in blocks if c.kind == "reformatted"]),
        ("changed", _changed_weight(file, changed), changed),
    ):
        if not group or (kind == "changed" and _said_by_values(file, group)):
            continue
        out.append(Point.later(weight, f"code-{kind}", partial(_code_text, file, kind, group)))
    relabelled = [c for c in blocks if c.kind == "relabelled"]
    if relabelled:
        out.append(
            Point.later(Weight.CODE_RELABELLED, "code-relabelled", partial(_relabelled, file, relabelled))
        )
    return out


def _relabelled(file: FileContext, group: list[CodeBlockChange]) -> tuple[str, str]:
    """Samples whose fences name another language: each change of language said once, with its count."""
    lang = file.lang
    changes: dict[tuple[str, str], int] = {}
    for c in group:
        key = (_language(file, c.language), _language(file, c.old_language or ""))
        changes[key] = changes.get(key, 0) + 1
    sentences = []
    for (new, old), n in changes.items():
        count = lang.number(n)
        if not new:
            said = file.ngettext(
                "Took the language {old} off {count} code sample.",
                "Took the language {old} off {count} code samples.",
                n,
            )
        elif not old:
            said = file.ngettext(
                "Marked {count} code sample as {new}.", "Marked {count} code samples as {new}.", n
            )
        else:
            said = file.ngettext(
                "Marked {count} code sample as {new}, not {old}.",
                "Marked {count} code samples as {new}, not {old}.",
                n,
            )
        sentences.append(said.format(count=count, new=new, old=old))
    title = file.ngettext(
        "Changed the language of {count} code sample",
        "Changed the language of {count} code samples",
        len(group),
    ).format(count=lang.number(len(group)))
    return title, lang.sentences(sentences)


def _language(file: FileContext, info: str) -> str:
    """How a fence's language is said: its display name, or the word as written."""
    if not info:
        return ""
    return next(iter(samples([info])), None) or file.lang.code_span(info)


def _changed_weight(file: FileContext, changed: list[CodeBlockChange]) -> int:
    """Samples changed come before the sections edited alone when they changed as many lines or more."""
    lines = sum(max(c.lines, 1) for c in changed)
    edited = sum(max(s.lines_added, s.lines_removed) for s in edited_alone(file)) if changed else 0
    return Weight.CODE_CHANGED if lines >= edited else Weight.CODE_CHANGED_LESS


def _rewritten(blocks: list[CodeBlockChange]) -> tuple[list[CodeBlockChange], list[CodeBlockChange]]:
    """The blocks less those rewritten, and the rewritten ones: a sample removed and one in its language
    added in its section are one sample rewritten, not one removed and one added."""
    added: dict[tuple[str | None, str], list[int]] = {}
    for k, c in enumerate(blocks):
        if c.kind == "added":
            added.setdefault((c.section, c.language), []).append(k)
    if not added:
        return blocks, []
    rewritten: list[CodeBlockChange] = []
    gone: set[int] = set()
    for k, c in enumerate(blocks):
        twins = added.get((c.section, c.language)) if c.kind == "removed" else None
        if twins:
            gone |= {k, twins.pop(0)}
            rewritten.append(c)
    return [c for k, c in enumerate(blocks) if k not in gone], rewritten


def code_sources(file: FileContext) -> list[Point]:
    """Learn ``:::code`` samples shown from other files, or other lines of theirs: what the values replaced
    on their directives' lines would say (and in their place among the points)."""
    moved = file.directive_values[0]
    if not moved:
        return []
    added_sections = file.added_paths
    shown = [
        c
        for c in file.analysis.code_blocks
        if c.source is not None and c.kind != "removed" and not inside_section(c.section, added_sections)
    ]
    # the samples changed; failing those, the new ones the values were replaced on (said as added too)
    lines = {n for v in moved for n in v.lines}
    pointed = [c for c in shown if c.kind == "changed"] or [c for c in shown if c.line in lines]
    if not pointed:  # (all inside new sections, which say them)
        return []
    weight = Weight.VALUE + min(Weight.BONUS_CAP, sum(v.count for v in moved))
    return [Point.later(weight, "code-sources", partial(_sources_text, file, pointed, moved))]


def _sources_text(
    file: FileContext, pointed: list[CodeBlockChange], moved: list[ValueChange]
) -> tuple[str, str]:
    """Learn ``:::code`` samples that show another file (``source`` changed) or other lines of theirs."""
    n = len(pointed)
    count = file.lang.number(n)
    if any("/" in v.old or "/" in v.new for v in moved):  # a source path changed
        names = list(dict.fromkeys(c.source.rstrip("/").rsplit("/", 1)[-1] for c in pointed if c.source))
        title = file.ngettext("Repointed {count} code sample", "Repointed {count} code samples", n)
        sentence = file.ngettext(
            "Repointed {count} code sample to {sources}.", "Repointed {count} code samples to {sources}.", n
        ).format(count=count, sources=file.lang.series_of(names, file.lang.code_span, 3))
    else:  # the same files: other lines shown, or other lines highlighted in them (title from the first)
        lit = sum(c.attributes == ["highlight"] for c in pointed)
        parts: list[tuple[str, str, int]] = []  # (title, sentence, samples)
        if n - lit:
            parts.append(
                (
                    file.ngettext(
                        "Changed the lines shown by {count} code sample",
                        "Changed the lines shown by {count} code samples",
                        n - lit,
                    ),
                    file.ngettext(
                        "Changed the line range of {count} code sample: it shows other lines of its file.",
                        "Changed the line ranges of {count} code samples: they show other lines of their files.",
                        n - lit,
                    ),
                    n - lit,
                )
            )
        if lit:
            parts.append(
                (
                    file.ngettext(
                        "Changed the lines highlighted in {count} code sample",
                        "Changed the lines highlighted in {count} code samples",
                        lit,
                    ),
                    file.ngettext(
                        "Changed the lines highlighted in {count} code sample.",
                        "Changed the lines highlighted in {count} code samples.",
                        lit,
                    ),
                    lit,
                )
            )
        title, count = parts[0][0], file.lang.number(parts[0][2])
        sentence = file.lang.sentences([said.format(count=file.lang.number(k)) for _, said, k in parts])
    return title.replace("{count}", count), sentence


def _said_by_values(file: FileContext, changed: list[CodeBlockChange]) -> bool:
    """Whether the values replaced account for every line the changed samples changed (then they say it; a
    change of case they don't say: ``hotel`` -> ``Hotel``)."""
    said = sum(v.count for v in file.analysis.values if notable_value(v))
    return said > 0 and said >= sum(max(c.lines, 1) for c in changed)


def _code_text(file: FileContext, kind: str, group: list[CodeBlockChange]) -> tuple[str, str]:
    n = len(group)
    langs = samples(c.language for c in group)
    msgs = {
        "added": file.ngettext("Added {count} code sample", "Added {count} code samples", n),
        "removed": file.ngettext("Removed {count} code sample", "Removed {count} code samples", n),
        "changed": file.ngettext("Updated {count} code sample", "Updated {count} code samples", n),
        "rewritten": file.ngettext("Rewrote {count} code sample", "Rewrote {count} code samples", n),
        "moved": file.ngettext("Moved {count} code sample", "Moved {count} code samples", n),
        "reformatted": file.ngettext(
            "Reformatted {count} code sample", "Reformatted {count} code samples", n
        ),
    }
    head = msgs[kind].format(count=file.lang.number(n))
    edit = _edit_of(file, group) if kind == "changed" else None
    # the code it was and is (cut where they differ), when they read apart
    old, new = (
        (file.lang.code_span(t, 90) for t in short_pair(*edit[:2], limit=80, keep=24)) if edit else ("", "")
    )
    if old != new and edit is not None:
        spans = {"what": head, "languages": file.lang.series(langs), "old": old, "new": new}
        if edit[2]:
            sentence = (
                file._("{what} ({languages}): {old} is now {new}, among other lines.")
                if langs
                else file._("{what}: {old} is now {new}, among other lines.")
            ).format(**spans)
        else:
            sentence = (
                file._("{what} ({languages}): {old} is now {new}.")
                if langs
                else file._("{what}: {old} is now {new}.")
            ).format(**spans)
        return head, sentence
    sentence = (
        file._("{what} ({languages}).").format(what=head, languages=file.lang.series(langs))
        if langs
        else file._("{what}.").format(what=head)
    )
    return head, sentence


def _edit_of(file: FileContext, group: list[CodeBlockChange]) -> tuple[str, str, bool] | None:
    """What a sentence shows of the samples changed: the one line one sample replaced; else the one value the
    page replaced, when it accounts for every line the samples changed (a change of case no other sentence
    says: ``Dimensions`` -> ``dimensions`` in two samples); else the first line a sample replaced among a
    few, that the values do not say (then True: other lines changed too, in it or in other samples). Never a
    line replaced by one that differs in spacing only."""
    edits = [c.edit for c in group if c.edit is not None and c.edit[0].split() != c.edit[1].split()]
    if len(group) == 1 and edits and not group[0].edit_more:
        return edits[0][0], edits[0][1], False
    values = file.analysis.values
    if len(values) == 1 and values[0].count >= sum(max(c.lines, 1) for c in group):
        return values[0].old, values[0].new, False
    said = [v for v in values if notable_value(v)]
    first = next((e for e in edits if not made_by(said, *e)), None)
    return None if first is None else (first[0], first[1], True)
