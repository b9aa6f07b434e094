"""A footnote renumbered is no value replaced, and a heading typed again in its place is no section moved.

Taken from the labelled Azure change to `articles/search/search-limits-quotas-capacity.md` (October 2024),
read from its patch alone: the footnote mark of a table row went from `<sup>7</sup>` to `<sup>6</sup>`, and
the heading `## Document limits ` lost its trailing space while the anchor above it was taken out. The
report's title read "Changed `7` to `6`", and its explanation "Moved the section 'Document limits' to
another place on the page", neither of which a reader of the page would see.
"""

from __future__ import annotations

from diffreport.analysis import analyse_patch
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import Classification
from diffreport.narrate import describe_file

PATH = "articles/search/search-limits-quotas-capacity.md"

LIMITS = (
    "@@ -121,5 +121,5 @@ Maximum running times exist to provide balance and stability.\n"
    " | Minimum schedule | 5 minutes |5 minutes |\n"
    "-| Maximum running time for indexers with a skillset <sup>6</sup> | 3-10 minutes |2 hours |\n"
    "+| Maximum running time for indexers with a skillset <sup>6</sup> | 3-10 minutes |2 or 24 hours |\n"
    " | Blob indexer: maximum blob size, MB |16 |16 |\n"
    "-| Blob indexer: maximum characters of content extracted from a blob <sup>7</sup> |32,000 |64,000 |\n"
    "+| Blob indexer: maximum characters of content extracted from a blob <sup>6</sup> |32,000 |64,000 |\n"
)


def test_a_footnote_renumbered_is_no_value() -> None:
    fa = analyse_patch(PATH, "modified", LIMITS, 2, 2)
    assert fa.source == "patch"
    assert [(v.old, v.new) for v in fa.values] == []
    assert [r.name for r in fa.tables] == [
        "Maximum running time for indexers with a skillset",
        "Blob indexer: maximum characters of content extracted from a blob",
    ]
    # a GitHub footnote too; a number elsewhere on the line is still a value
    notes = (
        "@@ -10,3 +10,3 @@ ## Quotas\n"
        " Text.\n"
        "-Up to 24 billion documents[^3] on Basic, with 16 replicas.\n"
        "+Up to 24 billion documents[^2] on Basic, with 12 replicas.\n"
        " More text.\n"
    )
    fa = analyse_patch(PATH, "modified", notes, 1, 1)
    assert [(v.old, v.new) for v in fa.values] == [("16", "12")]


def test_a_heading_typed_again_in_its_place_is_no_move() -> None:
    patch = (
        "@@ -59,10 +59,8 @@ Maximum limits on storage.\n"
        " You might find some variation in maximum limits.\n"
        " \n"
        '-<a name="document-limits"></a>\n'
        "-\n"
        "-## Document limits \n"
        "+## Document limits\n"
        " \n"
        " Maximum number of documents per index are:\n"
        " \n"
        "-+ 24 billion on Basic, S1, S2, S3, L1, and L2 search services.\n"
        "++ 24 billion on Basic, S1, S2, S3\n"
        "++ 288 billion on L1\n"
    )
    fa = analyse_patch(PATH, "modified", patch, 3, 4)
    assert [(s.kind, s.title) for s in fa.sections] == [("changed", "Document limits")]
    _title, explanation = describe_file_of(patch)
    assert "Moved" not in explanation


def test_a_heading_moved_past_a_paragraph_alone_is_no_move() -> None:
    """Labelled ``search-region-support.md`` (November 2024): a footnote went from under '### Middle East' to
    above it, where it belongs to 'Europe': the sections kept their order, as the versions would show."""
    over = (
        "@@ -1,9 +1,9 @@\n"
        " ## Europe\n"
        " \n"
        "-### Middle East\n"
        "+<sup>1</sup> This region runs on older infrastructure.\n"
        " \n"
        "+### Middle East\n"
        " | Region | Availability zones |\n"
    )
    fa = analyse_patch(PATH, "modified", over, 2, 1)
    assert [s.kind for s in fa.sections if s.kind != "changed"] == []


def test_a_heading_moved_past_other_headings_or_to_another_level_still_is() -> None:
    across = (
        "@@ -1,9 +1,9 @@\n"
        " # Limits\n"
        " \n"
        "-## Document limits\n"
        "-\n"
        " ## Index limits\n"
        " \n"
        "+## Document limits\n"
        "+\n"
        " Kept text.\n"
    )
    fa = analyse_patch(PATH, "modified", across, 2, 2)
    assert [(s.kind, s.title) for s in fa.sections if s.kind != "changed"] == [("moved", "Document limits")]
    hunks = (  # in two hunks: the lines between are not shown, nor the headings they may hold
        "@@ -1,3 +1,2 @@\n # Limits\n-## Document limits\n Text.\n"
        "@@ -40,2 +39,3 @@\n More text.\n+## Document limits\n End.\n"
    )
    fa = analyse_patch(PATH, "modified", hunks, 1, 1)
    assert [(s.kind, s.title) for s in fa.sections if s.kind != "changed"] == [("moved", "Document limits")]
    level = "@@ -1,4 +1,4 @@\n # Limits\n \n-## Document limits\n+### Document limits\n Text.\n"
    fa = analyse_patch(PATH, "modified", level, 1, 1)
    assert [(s.kind, s.level, s.old_level) for s in fa.sections] == [("moved", 3, 2)]
    _title, explanation = describe_file_of(level)
    assert explanation == "Moved the section 'Document limits' down a level."


def describe_file_of(patch: str) -> tuple[str, str]:
    record = {"path": PATH, "status": "modified", "additions": 3, "deletions": 4, "patch": patch}
    change = change_from_record(record)
    fa = analyse_patch(PATH, "modified", patch, 3, 4)
    return describe_file(change, fa, Classification(), "en")
