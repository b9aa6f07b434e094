"""The classifier's rules: ids, levels, labels and messages (their checks are :mod:`.checks`,
:mod:`.file_checks` and :mod:`.reference_checks`, their settings :mod:`diffreport.settings.classifier`).

Each rule, like an oasdiff check, has an id, a level, the label it gives by default and a message
template; :func:`diffreport.classify.classify` runs them over a file's analysis and keeps the ones
that fire, with their evidence. Rules are general: they look at the analysis, never at paths or
product names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..analysis import FileAnalysis
from ..models import LABELS, Label, Status
from . import checks as c
from . import file_checks as files
from . import reference_checks as ref
from .checks import Context

Level = Literal["info", "warn", "error"]


# A check returns None (the rule does not fire) or the evidence lines and the message fields.
Check = Callable[[FileAnalysis, Context], "tuple[list[str], dict[str, object]] | None"]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    label: Label
    message: str
    check: Check
    doc: str
    needs: tuple[str, ...] = ()
    """Facts of the analysis (lists, counts, flags; ``list:kind`` for a fact of that kind) of which the check
    needs one at least to fire: a file with none of them skips the rule (tests/test_classify_gates.py holds
    the rules to it)."""
    statuses: frozenset[Status] | None = None
    """The statuses the check can fire on (None: any); a file of another status skips the rule."""


NF, BC, BF, MU = Label.NEW_FEATURE, Label.BREAKING_CHANGE, Label.BUG_FIX, Label.MINOR_UPDATE
ADDED, COPIED, DELETED, RENAMED = Status.ADDED, Status.COPIED, Status.DELETED, Status.RENAMED
# the statuses checks._modified accepts
MODIFIED = frozenset({Status.MODIFIED, Status.RENAMED, Status.TYPE_CHANGED})

RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule(
            "file-added",
            "info",
            NF,
            "New document.",
            files.file_added,
            "A Markdown/YAML/other file was added (not a symbolic link).",
            statuses=frozenset({ADDED, COPIED}),
        ),
        Rule(
            "image-added",
            "info",
            NF,
            "New image.",
            files.image_added,
            "An image was added.",
            statuses=frozenset({ADDED}),
        ),
        Rule(
            "file-removed",
            "error",
            BC,
            "Document removed; {detail}.",
            files.file_removed,
            "A non-image file was deleted (an include or TOC nothing refers to any more is "
            "unreferenced-removed).",
            statuses=frozenset({DELETED}),
        ),
        Rule(
            "image-removed",
            "warn",
            BC,
            "Image removed; {detail}.",
            files.image_removed,
            "An image was deleted that a page still shows (or whose use is unknown: no impact pass).",
            statuses=frozenset({DELETED}),
        ),
        Rule(
            "unreferenced-removed",
            "info",
            MU,
            "Removed {what} that nothing refers to any more.",
            files.unreferenced_removed,
            "An image, include or table of contents was deleted and the head commit refers to it nowhere: "
            "a clean-up.",
            needs=("impact",),
            statuses=frozenset({DELETED}),
        ),
        Rule(
            "file-renamed",
            "warn",
            MU,
            "Moved from {old}; {detail}.",
            files.file_renamed,
            "The file was renamed or moved.",
            statuses=frozenset({RENAMED}),
        ),
        Rule(
            "moved-still-referenced",
            "error",
            BC,
            "Moved from {old} without a redirect; {count} file(s) still point at the old path ({files}).",
            files.moved_still_referenced,
            "A moved file whose old path the head commit still links to, with no redirect.",
            needs=("impact",),
            statuses=frozenset({RENAMED}),
        ),
        Rule(
            "content-removed",
            "warn",
            BC,
            "Large removal: {removed} lines removed, {added} added.",
            c.content_removed,
            "Many lines removed and few added (thresholds removal_lines, removal_max_added).",
            needs=("deletions",),
            statuses=MODIFIED,
        ),
        Rule(
            "procedure-removed",
            "warn",
            BC,
            "Steps removed from the page: {what} ({lines} lines).",
            c.procedure_removed,
            "Whole tabs or zone pivots (a language's or tool's steps), or a run of numbered steps, removed "
            "from a page that stays and not put back, with few lines added (procedure_removed_lines, "
            "procedure_removed_steps, procedure_max_added).",
            needs=("links:removed", "procedures:removed"),
            statuses=MODIFIED,
        ),
        Rule(
            "sections-removed",
            "warn",
            MU,
            "{count} section(s) removed ({lines} lines).",
            c.sections_removed,
            "Whole sections removed, not replaced (sections_removed_lines, sections_removed_max_added).",
            needs=("sections:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "retirement-notice",
            "warn",
            BC,
            "Retirement or deprecation announced ({phrase}).",
            c.retirement,
            "An added (or reworded) alert says 'retired', 'deprecated', 'no longer supported/available/maintained' or "
            "'end of support', undated or dated at most retirement_horizon_days after the report date.",
            needs=("alerts:added", "alerts:reworded"),
            statuses=MODIFIED,
        ),
        Rule(
            "include-removed",
            "info",
            MU,
            "{count} include(s) removed.",
            c.include_removed,
            "Include directives removed and none added.",
            needs=("includes:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "toc-entry-removed",
            "warn",
            MU,
            "{count} table-of-contents entr(ies) removed.",
            c.toc_removed,
            "toc.yml entries removed and none added.",
            needs=("toc:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "section-added",
            "info",
            NF,
            "{count} new section(s) ({lines} lines).",
            c.section_added,
            "New sections of substance (not next steps, related content ... nor a renamed section), with "
            "few removals (section_added_lines, section_added_max_removed).",
            needs=("sections:added",),
            statuses=MODIFIED,
        ),
        Rule(
            "toc-entry-added",
            "info",
            MU,
            "{count} table-of-contents entr(ies) added.",
            c.toc_added,
            "toc.yml entries added and none removed.",
            needs=("toc:added",),
            statuses=MODIFIED,
        ),
        Rule(
            "redirect-added",
            "info",
            MU,
            "{count} redirection(s) added.",
            c.redirect_added,
            "Redirection entries added and none removed or changed.",
            needs=("redirects:added",),
            statuses=MODIFIED,
        ),
        Rule(
            "coming-soon-removed",
            "info",
            NF,
            "'Coming soon' removed: the feature is now documented.",
            c.coming_soon_removed,
            "The phrase 'coming soon' disappeared.",
            needs=("phrases:disappeared",),
            statuses=MODIFIED,
        ),
        Rule(
            "generally-available",
            "info",
            NF,
            "General availability announced.",
            c.generally_available,
            "A line announcing general availability ('... is now generally available') appeared in a new "
            "section, or while 'preview' disappeared.",
            needs=("phrases:appeared",),
            statuses=MODIFIED,
        ),
        Rule(
            "typo-fixed",
            "info",
            MU,
            "Spelling fixed ({count} word(s)).",
            c.typo_fixed,
            "A small change whose replaced words are near-spellings of each other (typo_max_lines, typo_similarity).",
            needs=("values",),
            statuses=MODIFIED,
        ),
        Rule(
            "code-sample-fixed",
            "info",
            BF,
            "Code sample corrected ({removed} line(s) replaced by {added}).",
            c.code_sample_fixed,
            "A small edit inside fenced code blocks only, no prose change, no version/date bump, "
            "not a re-indent (unless in Python or YAML) (code_fix_max_lines).",
            needs=("code_only",),
            statuses=MODIFIED,
        ),
        Rule(
            "links-removed",
            "info",
            MU,
            "{count} link(s) removed, nothing else.",
            c.links_removed,
            "Only lines holding links were removed; nothing was added.",
            needs=("links:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "metadata-only",
            "info",
            MU,
            "Only front matter changed.",
            c.metadata_only,
            "Only the YAML front matter changed.",
            needs=("metadata_only",),
        ),
        Rule(
            "whitespace-only",
            "info",
            MU,
            "Only whitespace changed.",
            c.whitespace_only,
            "The changed lines differ only in whitespace.",
            needs=("whitespace_only",),
        ),
        Rule(
            "link-only",
            "info",
            MU,
            "Only link targets changed.",
            c.link_only,
            "The body changed only in link targets.",
            needs=("link_only",),
        ),
        Rule(
            "value-replaced",
            "info",
            MU,
            "{old} -> {new} in {count} places.",
            c.value_replaced,
            "The same value was replaced in several places (repeated_value_count).",
            needs=("values",),
        ),
        Rule(
            "reference-member-removed",
            "error",
            BC,
            "{count} reference member(s) removed: {names}.",
            ref.member_removed,
            "Reference YAML: a command, type, method or operation was removed.",
            needs=("members:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "reference-parameter-removed",
            "error",
            BC,
            "{count} parameter(s) removed: {names}.",
            ref.parameter_removed,
            "Reference YAML: a parameter of a member was removed.",
            needs=("parameters:removed",),
            statuses=MODIFIED,
        ),
        Rule(
            "reference-parameter-required",
            "error",
            BC,
            "{count} parameter(s) now required: {names}.",
            ref.parameter_required,
            "Reference YAML: a parameter was made required, or a new required parameter was added.",
            needs=("parameters:made-required", "parameters:added"),
            statuses=MODIFIED,
        ),
        Rule(
            "reference-member-added",
            "info",
            NF,
            "{count} new reference member(s): {names}.",
            ref.member_added,
            "Reference YAML: a command, type, method or operation was added.",
            needs=("members:added",),
            statuses=MODIFIED,
        ),
        Rule(
            "reference-parameter-added",
            "info",
            NF,
            "{count} new optional parameter(s): {names}.",
            ref.parameter_added,
            "Reference YAML: an optional parameter was added to a member.",
            needs=("parameters:added",),
            statuses=MODIFIED,
        ),
        Rule(
            "reference-member-changed",
            "info",
            MU,
            "{count} reference member(s) changed.",
            ref.member_changed,
            "Reference YAML: a member's text, status, defaults or accepted values changed, "
            "or a parameter became optional.",
            needs=(
                "members:changed",
                "members:deprecated",
                "members:undeprecated",
                "members:preview",
                "members:released",
                "parameters:made-optional",
                "parameters:default-changed",
                "parameters:values-changed",
            ),
            statuses=MODIFIED,
        ),
    ]
}

assert all(r.label.value in LABELS for r in RULES.values())
