"""Planning: open each source and turn its state entry into jobs (ranges with a report date)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import pipeline
from ..errors import DiffreportError, UsageError
from ..settings import Config, SourceSettings
from ..vcs import GitRepo
from ..vcs import remote as vcs_remote
from .state import Job

log = logging.getLogger(__name__)


@dataclass
class OpenSource:
    settings: SourceSettings
    git_dir: Path
    head: str
    remote: str | None


def open_source(config: Config, source: SourceSettings) -> OpenSource:
    """Clone/fetch a URL into the cache, or open a local path in place; resolve the branch head."""
    if vcs_remote.is_url(source.repo):
        # vcs locks the clone: runs of other configs may share it
        git_dir = vcs_remote.sync(
            source.repo, pipeline.remote_cache(config, source.name, source.repo), source.branch
        )
        with GitRepo(git_dir) as repo:
            head = repo.resolve(vcs_remote.tracking_ref(source.branch))
        return OpenSource(source, git_dir, head, source.repo)
    path = Path(source.repo).expanduser()
    if not path.is_absolute():
        path = config.base_dir() / path
    with GitRepo(path, search_parents=False) as repo:  # exactly the configured folder, not a parent
        try:
            head = repo.resolve(f"refs/heads/{source.branch}")
        except DiffreportError:
            head = repo.resolve(source.branch)
        return OpenSource(source, repo.git_dir, head, repo.remote_url())


def _day_start(day: dt.date, tz: ZoneInfo) -> float:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).timestamp()


def _base_before(src: OpenSource, repo: GitRepo, cut: float) -> str:
    """The last commit of the branch's first-parent history before the first one committed at ``cut``
    or later (the empty tree when that is the root): nothing from ``cut`` on is left out."""
    base = repo.empty_tree()
    for entry in vcs_remote.first_parent_log(src.git_dir, src.head):
        if entry.time >= cut:
            break
        base = entry.sha
    return base


def plan_incremental(
    src: OpenSource, entry: dict[str, Any] | None, date: dt.date, since: dt.date | None, tz: ZoneInfo
) -> tuple[Job | None, dict[str, Any] | None]:
    """The job of a normal run (or None: nothing new) and the source's state after it."""
    name, head = src.settings.name, src.head
    entry = entry or {}
    recorded_date = _recorded_date(entry)
    if recorded_date and date < recorded_date:
        raise UsageError(
            f"{name}: --date {date} is before its last report date {recorded_date} in the state; "
            "a past day's reports are never rewritten with another range (use --backfill for past days)"
        )
    known = entry.get("commit")
    if since is None and known == head:  # the most frequent run of all: no git call (head is a commit here)
        log.info("%s: nothing new since %s", name, head[:12])
        return None, None
    with GitRepo(src.git_dir) as repo:
        if since is not None:
            base = _base_before(src, repo, _day_start(since, tz))
        elif known and not vcs_remote.has_commit(src.git_dir, known):
            # Rewritten and the old commit is gone: start from the recorded day, so nothing is lost
            # (changes of that day already reported come again).
            day = recorded_date or date
            base = _base_before(src, repo, _day_start(day, tz))
            log.warning(
                "%s: recorded commit %s is no longer in the repository (force-pushed?); "
                "reporting every commit since %s, some possibly again",
                name,
                known[:12],
                day,
            )
        elif known:
            base = known
            if not vcs_remote.is_ancestor(src.git_dir, known, head):
                log.warning("%s: branch rewritten; reporting from %s to its new head", name, known[:7])
            day_base = entry.get("day_base")
            if recorded_date == date and day_base and vcs_remote.has_commit(src.git_dir, day_base):
                log.info("%s: widening the report of %s to %s..%s", name, date, day_base[:7], head[:7])
                base = day_base
        else:
            parents = repo.parents(head)
            base = parents[0] if parents else repo.empty_tree()
    if base == head:
        return None, None
    return Job(name, date.isoformat(), base, head), _state_entry(src, head, date, base)


def plan_backfill(
    src: OpenSource,
    entry: dict[str, Any] | None,
    since: dt.date,
    until: dt.date | None,
    tz: ZoneInfo,
) -> tuple[list[Job], dict[str, Any] | None]:
    """One job per day of the first-parent history that has commits, days cut in ``tz``."""
    history = vcs_remote.first_parent_log(src.git_dir, src.head)
    jobs: list[Job] = []
    with GitRepo(src.git_dir) as repo:
        previous = repo.empty_tree()
        current: dt.date | None = None
        day_base = previous
        for item in history:
            day = dt.datetime.fromtimestamp(item.time, tz).date()
            if current is not None and day < current:
                day = current  # a commit dated before its parent counts in its parent's day
            if day != current:
                if current is not None and since <= current and (until is None or current <= until):
                    jobs.append(Job(src.settings.name, current.isoformat(), day_base, previous))
                current, day_base = day, previous
            previous = item.sha
        if current is not None and since <= current and (until is None or current <= until):
            jobs.append(Job(src.settings.name, current.isoformat(), day_base, previous))
    if not jobs:
        return [], None
    last = jobs[-1]
    known = entry.get("commit") if entry else None
    if (
        known
        and known != last.head
        and not (
            vcs_remote.has_commit(src.git_dir, known)
            and vcs_remote.is_ancestor(src.git_dir, known, last.head)
        )
    ):
        return jobs, None  # the state is already past the backfilled days: leave it
    return jobs, _state_entry(src, last.head, dt.date.fromisoformat(last.date), last.base)


def _recorded_date(entry: dict[str, Any]) -> dt.date | None:
    value = entry.get("date")
    return dt.date.fromisoformat(value) if value else None  # checked when the state was loaded


def _state_entry(src: OpenSource, head: str, date: dt.date, base: str) -> dict[str, Any]:
    return {
        "repo": vcs_remote.display_url(src.settings.repo),
        "branch": src.settings.branch,
        "commit": head,
        "date": date.isoformat(),
        "day_base": base,
    }
