"""``[report]`` and ``[[sources]]``: where reports go, in which language, and what is read."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from ..factories import empty_dict, empty_list
from .base import SafeName, Section, check_file_pattern, check_placeholders, invalid


def _check_patterns(patterns: list[str]) -> list[str]:
    if not patterns:
        raise invalid("needs at least one path prefix or glob")
    for pattern in patterns:
        if not pattern.strip() or "\0" in pattern:
            raise invalid(f"invalid path pattern {pattern!r}")
    return patterns


Patterns = Annotated[list[str], AfterValidator(_check_patterns)]


class SourceSettings(Section):
    """One ``[[sources]]`` entry: a repository, a branch, what to read and how to split it."""

    name: SafeName = Field(description="Name of the source: the key of its state, {source} in output.")
    repo: str = Field(description="A git URL (cloned into the cache, fetched on later runs) or a local path.")
    branch: str = Field(default="main", description="The branch whose first-parent history is reported.")
    include: list[str] = Field(
        default_factory=empty_list, description="Globs of paths to report (default: docs)."
    )
    exclude: list[str] = Field(default_factory=empty_list, description="Globs of paths to leave out.")
    categories: dict[SafeName, Patterns] = Field(
        default_factory=empty_dict,
        description="Category -> path prefixes or globs, in order; the first match wins.",
    )
    categories_file: str | None = Field(
        default=None, description="The reference system's categories.yaml, relative to the config file."
    )
    catch_all: SafeName | None = Field(
        default=None, description="Category that collects files matching no other category."
    )

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not value.strip() or value.startswith("-") or "\0" in value or "\n" in value:
            raise invalid(f"{value!r} is not a repository URL or path")
        return value

    @field_validator("branch")
    @classmethod
    def _branch(cls, value: str) -> str:
        if (
            not value
            or value.startswith(("-", "/", "."))
            or value.endswith(("/", ".lock", "."))
            or ".." in value
            or re.search(r"[\x00-\x20\x7f~^:?*\[\\]|@\{|//", value)
        ):
            raise invalid(f"{value!r} is not a valid branch name")
        return value


def category_names(source: SourceSettings) -> set[str]:
    """The categories a source's reports can have (its name when it has none)."""
    names = set(source.categories) | ({source.catch_all} if source.catch_all else set())
    return names or {source.name}


class ReportSettings(Section):
    """The ``[report]`` table: output pattern, language, time zone, state and cache."""

    output: str = Field(
        default="output/posts/%Y%m/report-%Y%m%d-{category}.md",
        description="strftime pattern of the report date, with {category}.",
    )
    language: str = Field(default="en", description="Report language: en or ja.")
    timezone: str = Field(default="UTC", description="IANA time zone of the report date and day boundaries.")
    state: str = Field(default="output/state.json", description="Where the last processed commit is kept.")
    title: str = Field(
        default="Diff Insight Report - {category}", description="Report title, with {category}."
    )
    cache: str | None = Field(
        default=None, description="Folder for clones of URL sources (default: ~/.cache/diffreport/repos)."
    )
    markdown: Literal["commonmark", "pandoc"] = Field(
        default="commonmark",
        description="Markdown form: commonmark (GitHub and any CommonMark viewer) or pandoc (the reference's).",
    )
    templates: str | None = Field(
        default=None,
        description="Folder of templates replacing shipped ones of the same name (relative to the config).",
    )

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        from ..i18n import languages

        if value not in languages():
            raise invalid(f"unsupported language {value!r} (choose from {', '.join(languages())})")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise invalid(f"unknown time zone {value!r} (an IANA name such as 'Asia/Tokyo')") from None
        return value

    @field_validator("output")
    @classmethod
    def _output(cls, value: str) -> str:
        return check_file_pattern(value)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return check_placeholders(value)
