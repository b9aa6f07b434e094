"""The library API: read a range, analyse, classify, narrate, assemble a :class:`Report`.

``diffreport compare`` is :func:`compare` followed by a renderer; ``diffreport run`` reads a range
once and calls :func:`build_files` / :func:`assemble_report` per category.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import analysis as analysis_stage
from . import classify as classify_stage
from . import narrate
from .config import Config
from .i18n import check_language
from .models import FileChange, Report, ReportFile
from .permalink import permalink_for, public_url
from .vcs import GitRepo, read_range

log = logging.getLogger(__name__)


@dataclass
class CompareOptions:
    range: str
    repo: str = "."
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    language: str = "en"
    title: str | None = None
    date: dt.date | None = None
    category: str | None = None
    config: Config = field(default_factory=Config)


def build_file(change: FileChange, language: str, config: Config | None = None) -> ReportFile:
    """Analyse, classify and narrate one change."""
    facts = analysis_stage.analyse(change)
    result = classify_stage.classify(change, facts, (config or Config()).classifier)
    title, explanation = narrate.describe_file(change, facts, result, language)
    return ReportFile(
        path=change.path,
        old_path=change.old_path,
        status=change.status.value,
        additions=change.additions,
        deletions=change.deletions,
        changes=change.changes,
        binary=change.binary,
        anchor=change.anchor,
        label=result.label,
        title=title,
        explanation=explanation,
        patch=change.patch,
        patch_truncated=change.patch_truncated,
        rules=result.rules,
        analysis=facts.model_dump(mode="json", exclude_defaults=True),
    )


def build_files(changes: Iterable[FileChange], language: str, config: Config | None = None) -> list[ReportFile]:
    return [build_file(change, language, config) for change in changes]


def default_title(category: str | None) -> str:
    return f"Diff Insight Report - {category}" if category else "Diff Insight Report"


def assemble_report(
    files: list[ReportFile],
    *,
    base: str,
    head: str,
    language: str = "en",
    date: dt.date | None = None,
    title: str | None = None,
    category: str | None = None,
    remote: str | None = None,
    repository: str | None = None,
) -> Report:
    """Put files and report-level texts together; nothing here touches git."""
    link = permalink_for(remote, base, head)
    text = narrate.describe_report(files, language)
    return Report(
        title=title or default_title(category),
        date=(date or dt.date.today()).isoformat(),
        language=language,
        category=category,
        repository=repository,
        base=base,
        head=head,
        permalink=link.url if link else None,
        host=link.host if link else None,
        files=files,
        **text.model_dump(),
    )


def compare(opts: CompareOptions) -> Report:
    """Build the report of a commit range of a local repository."""
    language = check_language(opts.language)
    with GitRepo(opts.repo) as repo:
        rng = repo.resolve_range(opts.range)
        changes = read_range(repo, rng, opts.include, opts.exclude)
        files = build_files(changes, language, opts.config)
        remote = repo.remote_url()
    return assemble_report(
        files,
        base=rng.base,
        head=rng.head,
        language=language,
        date=opts.date,
        title=opts.title,
        category=opts.category,
        remote=remote,
        repository=public_url(remote),
    )
