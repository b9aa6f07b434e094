"""Report Markdown files: YAML front matter and body, with the date, category and language they imply."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from ..i18n import translations

logger = logging.getLogger(__name__)

_TITLE_RE = re.compile(r"^\s*Diff Insight Report\s*[-–—:]\s*(?P<category>.+?)\s*$", re.IGNORECASE)
_NAME_RE = re.compile(r"^report-(?P<date>\d{8})-(?P<category>.+)$")
_JA_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_UNSAFE_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_CODE_SPAN = re.compile(r"`([^`\n]{1,300})`")
_TABLE_TYPE = re.compile(r"^\|\s*\[[^\n]*?\]\(#item-[0-9a-f]{6}\)\s*\|\s*([a-z ]+?)\s*\|", re.MULTILINE)


@dataclass(frozen=True)
class ReportMeta:
    """What the site needs to know about one report file, without its body."""

    source: str  # path relative to the reports folder, with forward slashes
    digest: str  # sha256 of the file's bytes
    title: str
    date: str  # YYYY-MM-DD
    category: str
    summary: str
    permalink: str
    language: str
    slug: str  # page path below ``reports/``, without ``.html``
    files: int = 0  # rows of the Summary Table
    new_features: int = 0
    breaking_changes: int = 0

    @property
    def summary_html(self) -> Markup:
        return inline_html(self.summary)

    @property
    def month(self) -> str:
        return self.date[:7]

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _META_FIELDS}


_META_FIELDS = tuple(f.name for f in fields(ReportMeta))


@dataclass(frozen=True)
class SourceReport:
    meta: ReportMeta
    body: str


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inline_html(text: str, limit: int | None = None) -> Markup:
    """``text`` escaped, its `code spans` as ``<code>``; cut to ``limit`` characters (with an ellipsis)."""
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    parts: list[str] = []
    at = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(str(escape(text[at : match.start()])))
        parts.append(f"<code>{escape(match.group(1))}</code>")
        at = match.end()
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))  # noqa: S704 - every piece is escaped


def read_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """``(front matter, body, problem)``: ``problem`` says why front matter that opens is unusable."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return {}, text, None
    match = re.match(r"---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if not match:
        return {}, text, "its front matter has no closing ---"
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        return {}, text, f"broken front matter ({' '.join(str(exc).split())[:200]})"
    except ValueError as exc:  # YAML's own dates: 2025-13-45, T25:99:00
        return {}, text, f"impossible date in its front matter ({exc})"
    if not isinstance(data, dict):
        return {}, text, "its front matter is not a mapping"
    return data, text[match.end() :], None


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(front matter, body)``; a file without (usable) front matter gives ``({}, text)``."""
    front, body, _ = read_front_matter(text)
    return front, body


def slug_for(source: str) -> str:
    """A safe page path for a report file: its relative path, unsafe characters replaced."""
    stem = source[:-3] if source.lower().endswith(".md") else source
    parts = [_UNSAFE_SLUG.sub("-", p).strip(".-") or "_" for p in stem.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "report"


def detect_language(*texts: str) -> str:
    return "ja" if any(_JA_RE.search(t) for t in texts if t) else "en"


def _as_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` of a date, a datetime or a string starting with one (and a valid time, if any)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if not match:
            return None
        year, month, day, hour, minute = match.groups()
        if hour is not None and (int(hour) > 23 or int(minute) > 59):
            return None
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def parse_report(source: str, data: bytes) -> SourceReport | None:
    """Parse one report file; ``None`` (logged) when it is not a report."""
    text = data.decode("utf-8", errors="replace")
    front, body, problem = read_front_matter(text)
    if problem:
        logger.warning("skipping %s: %s", source, problem)
        return None
    stem = source.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    name = _NAME_RE.match(stem)
    title = _text(front.get("title"))
    date = _as_date(front.get("date"))
    if front.get("date") is not None and date is None:
        logger.warning("skipping %s: impossible date %r", source, _text(front.get("date"))[:40])
        return None
    if date is None and name:
        date = _as_date(f"{name['date'][:4]}-{name['date'][4:6]}-{name['date'][6:]}")
    if not title or date is None:
        # a file with front matter was meant to be a report; one without is just not a report
        level = logging.WARNING if front else logging.INFO
        logger.log(level, "skipping %s: not a report (no title or date)", source)
        return None
    title_match = _TITLE_RE.match(title)
    category = _text(front.get("category")) or (
        title_match["category"] if title_match else (name["category"] if name else "")
    )
    summary = _text(front.get("summary"))
    language = _text(front.get("lang") or front.get("language")) or detect_language(
        title, summary, body[:4000]
    )
    types = _TABLE_TYPE.findall(body)
    meta = ReportMeta(
        source=source,
        digest=digest_bytes(data),
        title=title,
        date=date,
        category=category or "uncategorised",
        summary=summary,
        permalink=_text(front.get("permalink")),
        language="ja" if language.lower().startswith("ja") else "en",
        slug=slug_for(source),
        files=len(types),
        new_features=types.count("new feature"),
        breaking_changes=types.count("breaking change"),
    )
    return SourceReport(meta=meta, body=body)


def find_reports(root: Path) -> list[tuple[str, Path]]:
    """Every Markdown file below ``root`` as ``(posix relative path, path)``, sorted; no hidden folders."""
    found = []
    for path in root.rglob("*.md"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        found.append((rel.as_posix(), path))
    return sorted(found)


def entry_label(meta: ReportMeta, lang: str) -> str:
    """What a card, feed entry or search result calls a report: date, category and counts
    ("2025-04-19 · openai · 4 files: 3 new features"), after its title when that is not the generic one."""
    ngettext = translations(lang).ngettext
    parts = [meta.date, meta.category]
    if meta.files:
        kinds = [
            ngettext(single, plural, count) % {"num": count}
            for single, plural, count in (
                ("%(num)d new feature", "%(num)d new features", meta.new_features),
                ("%(num)d breaking change", "%(num)d breaking changes", meta.breaking_changes),
            )
            if count
        ]
        files = ngettext("%(num)d file", "%(num)d files", meta.files) % {"num": meta.files}
        parts.append(files + (": " + ", ".join(kinds) if kinds else ""))
    generic = _TITLE_RE.match(meta.title)
    return " · ".join(parts if generic else [meta.title, *parts])
