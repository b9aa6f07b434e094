"""Random analyses for the tests that hold a fast path to the general one: every kind of fact, with values
from small pools so that rules fire and narration speaks."""

from __future__ import annotations

import random

from diffreport.models import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    Impact,
    IncludeChange,
    KeyChange,
    LinkChange,
    MemberChange,
    ParameterChange,
    PhraseChange,
    ProcedureChange,
    RedirectChange,
    Referrer,
    SectionChange,
    Status,
    TableRowChange,
    TocEntryChange,
    ValueChange,
)

_WORDS = [
    "recieve",
    "receive",
    "recive",
    "1",
    "2",
    "v1.2",
    "v1.3",
    "Setup",
    "Set up",
    "2025-03-01",
    "2025-04-01",
]
_TYPOS = [{"old": "recieve", "new": "receive"}, {"old": "seperate", "new": "separate"}]
_PHRASES = ["coming soon", "preview", "generally available", "deprecated", "retired", "end of support"]
_TEXTS = [
    "The feature is now generally available.",
    "This API is deprecated and retired on March 31, 2025.",
    "Preview only.",
    "General availability of the service.",
    "",
]


def _some(rng: random.Random, make, most: int = 4) -> list:  # type: ignore[no-untyped-def]
    return [make() for _ in range(rng.choice([0, 0, 0, 1, 2, most]))]


_LISTS = [
    name
    for name, info in FileAnalysis.model_fields.items()
    if isinstance(info.get_default(call_default_factory=True), list)
]


def random_analysis(rng: random.Random) -> FileAnalysis:
    """Facts of every kind; half of the time, of two kinds only (as most files have)."""
    fa = _facts(rng)
    if rng.random() < 0.5:
        keep = rng.sample(_LISTS, 2)
        for name in _LISTS:
            if name not in keep:
                setattr(fa, name, [])
    return fa


def _facts(rng: random.Random) -> FileAnalysis:
    c = rng.choice
    kinds3 = ["added", "removed", "changed"]
    titles = ["Python", "C#", "Next steps", "Install", "Install it", "Use"]
    section = lambda: c([None, "Guide", "Guide > Python", "Guide > Use"])  # noqa: E731
    return FileAnalysis(
        kind=c(["markdown", "yaml", "image", "json"]),
        path="docs/a.md",
        old_path=c([None, "docs/old.md"]),
        status=c(list(Status)),
        additions=(added := c([0, 1, 3, 10, 60])),
        deletions=c([added, added, 0, 1, 3, 10, 60]),  # as many lines removed as added: a small edit
        title=c([None, "Page"]),
        headings=c([[], ["Use"]]),
        front_matter=_some(
            rng,
            lambda: FrontMatterChange(
                kind=c(kinds3), key=c(["ms.date", "title", "ms.topic"]), old=c([None, *_WORDS]), new=c(_WORDS)
            ),
        ),
        sections=_some(
            rng,
            lambda: SectionChange(
                kind=c(["added", "removed", "renamed", "changed"]),
                path=c(["Guide > Python", "Guide > Use", "Next steps"]),
                title=c(titles),
                level=c([2, 3]),
                lines_added=c([0, 5, 30]),
                lines_removed=c([0, 5, 30]),
                size=c([0, 4, 20, 40]),
                line=c([None, 5]),
                old_line=c([None, 5, 40]),
            ),
            6,
        ),
        tables=_some(
            rng,
            lambda: TableRowChange(
                kind=c(kinds3),
                name=c(["row", "Python (preview)"]),
                old=c([None, "a preview row"]),
                section=section(),
            ),
        ),
        code_blocks=_some(
            rng,
            lambda: CodeBlockChange(
                kind=c(kinds3), language=c(["python", "", "output"]), lines=2, section=section()
            ),
        ),
        values=_some(
            rng,
            lambda: ValueChange(
                **c([{"old": c(_WORDS), "new": c(_WORDS)}, c(_TYPOS)]),
                count=c([1, 2, 5]),
                lines=c([[], [5], [40]]),
            ),
        ),
        alerts=_some(
            rng,
            lambda: AlertChange(
                kind=c(["added", "removed"]),
                alert=c(["IMPORTANT", "NOTE"]),
                text=c(_TEXTS),
                section=section(),
            ),
        ),
        links=_some(
            rng,
            lambda: LinkChange(
                kind=c(["added", "removed", "retargeted"]),
                image=c([False, True]),
                text=c(titles),
                url=c(["#tab/python", "#tab/csharp", "a.md", "b.md", "docs/b.md"]),
                section=section(),
                line=c([None, 4]),
            ),
            6,
        ),
        includes=_some(
            rng,
            lambda: IncludeChange(
                kind=c(["added", "removed"]), target=c(["inc.md", "other.md"]), title=c(["", "Steps"])
            ),
        ),
        phrases=_some(
            rng,
            lambda: PhraseChange(
                kind=c(["appeared", "disappeared"]), phrase=c(_PHRASES), text=c(_TEXTS), section=section()
            ),
        ),
        procedures=_some(
            rng,
            lambda: ProcedureChange(
                kind=c(["added", "removed"]),
                form=c(["pivot", "steps"]),
                name=c(["python", "csharp"]),
                lines=c([2, 12, 40]),
                steps=c([0, 2, 3, 6]),
                old_line=c([None, 5, 30]),
            ),
        ),
        toc=_some(
            rng,
            lambda: TocEntryChange(
                kind=c(["added", "removed", "renamed", "retargeted"]),
                name=c(["Entry", "Entry 2", ""]),
                href=c([None, "a.md"]),
                old_name=c([None, "Old entry"]),
            ),
        ),
        redirects=_some(
            rng,
            lambda: RedirectChange(
                kind=c(["added", "removed", "retargeted"]), source=c(["a.md", "b.md"]), target=c([None, "/x"])
            ),
        ),
        members=_some(
            rng,
            lambda: MemberChange(
                kind=c(["added", "removed", "changed", "deprecated", "undeprecated", "preview", "released"]),
                member=c(["az a", "az b"]),
                fields=c([[], ["summary"], ["summary", "examples"]]),
                text=c(["", "Use az c."]),
            ),
        ),
        parameters=_some(
            rng,
            lambda: ParameterChange(
                kind=c(
                    [
                        "added",
                        "removed",
                        "made-required",
                        "made-optional",
                        "default-changed",
                        "values-changed",
                    ]
                ),
                member=c(["az a", "az b"]),
                name=c(["--x", "--y"]),
                required=c([False, True]),
                old=c([None, "json"]),
                new=c([None, "yaml"]),
            ),
        ),
        keys=_some(
            rng,
            lambda: KeyChange(
                kind=c(kinds3),
                key=c(["a.b", "metadata.ms.date"]),
                old=c([None, *_WORDS]),
                new=c([None, *_WORDS]),
            ),
        ),
        body_added=c([0, min(added, 3), added]),
        body_removed=c([0, 1, 3, 12]) if added else c([0, 1]),
        metadata_only=c([False, False, True]),
        whitespace_only=c([False, False, True]),
        link_only=c([False, False, True]),
        code_only=c([False, True]),
        impact=c(
            [
                None,
                Impact(target="docs/a.md", target_kind=c(["page", "include", "image"])),
                Impact(
                    target="docs/a.md",
                    target_kind=c(["page", "include", "image"]),
                    referrers=[Referrer(path="b.md", line=3, kind="link")],
                    total=1,
                    redirect=c([None, "/new"]),
                ),
            ]
        ),
    )
