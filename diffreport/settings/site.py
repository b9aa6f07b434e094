"""The ``[site]`` section of ``diffreport.toml``."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Section


class SiteSettings(Section):
    title: str = Field(
        default="Diff Insight Reports", description="Site title, shown on every page and feed."
    )
    description: str = Field(default="", description="One line under the title on the index page.")
    base_url: str = Field(
        default="",
        description="Public URL of the site (https://host/path/), for feed links and the sitemap. "
        "Without it the feeds use relative links and no sitemap is written.",
    )
    language: str | None = Field(
        default=None,
        description="Language of the site's own words (en or ja); default: the reports' language.",
    )
    about: str = Field(default="", description="Markdown text of the About page.")
    about_file: str | None = Field(
        default=None, description="Markdown file of the About page (relative to the config file)."
    )
    index_limit: int = Field(default=60, ge=1, description="How many of the newest reports the index lists.")
    feed_limit: int = Field(default=50, ge=1, description="How many entries each Atom feed holds.")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// or http://")
        if value and not value.endswith("/"):
            value += "/"
        return value
