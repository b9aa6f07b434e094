"""The ``[classifier]`` table: rules switched off, labels changed, thresholds.

Rule ids are checked against the classifier's rules after validation, by
:func:`diffreport.classify.check_settings` (so settings import no stage).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..factories import empty_dict, empty_list
from .base import Section

LabelName = Literal["breaking change", "new feature", "bug fix", "minor update"]


class Thresholds(Section):
    """Numbers the rules compare against; every one can be set in ``[classifier.thresholds]``."""

    section_added_lines: int = Field(
        default=20, ge=1, description="section-added: lines of new sections at least."
    )
    section_added_largest: int = Field(
        default=15, ge=1, description="section-added: lines of the largest new section at least."
    )
    section_added_max_removed: float = Field(
        default=0.05, ge=0, description="section-added: removed lines at most this share of added lines."
    )
    removal_lines: int = Field(default=40, ge=1, description="content-removed: lines removed at least.")
    removal_max_added: float = Field(
        default=0.02, ge=0, description="content-removed: added lines at most this share of removed lines."
    )
    sections_removed_lines: int = Field(
        default=25, ge=1, description="sections-removed: lines of removed sections at least."
    )
    sections_removed_max_added: float = Field(
        default=0.5, ge=0, description="sections-removed: added lines at most this share of removed lines."
    )
    procedure_removed_lines: int = Field(
        default=10, ge=1, description="procedure-removed: lines of the removed tabs or zone pivots at least."
    )
    procedure_removed_steps: int = Field(
        default=3,
        ge=2,
        description="procedure-removed: numbered steps removed (and not added back) at least.",
    )
    procedure_max_added: float = Field(
        default=0.02, ge=0, description="procedure-removed: added lines at most this share of removed lines."
    )
    retirement_horizon_days: int = Field(
        default=90,
        ge=0,
        description="retirement-notice: a notice dated further ahead than this does not fire.",
    )
    code_fix_max_lines: int = Field(
        default=8, ge=2, description="code-sample-fixed: changed lines (added + removed) at most."
    )
    typo_max_lines: int = Field(default=6, ge=1, description="typo-fixed: changed lines at most.")
    typo_similarity: float = Field(
        default=0.75, ge=0, le=1, description="typo-fixed: spelling similarity of old and new word (0 to 1)."
    )
    repeated_value_count: int = Field(default=2, ge=2, description="value-replaced: places at least.")


class ClassifierSettings(Section):
    """The ``[classifier]`` table of ``diffreport.toml``."""

    disable: list[str] = Field(default_factory=empty_list, description="Rule ids that never fire.")
    labels: dict[str, LabelName] = Field(default_factory=empty_dict, description="Rule id -> label it gives.")
    thresholds: Thresholds = Field(default_factory=Thresholds)
