"""``diffreport demo``: build a small documentation repository from bundled content, report it.

The content lives in ``content/NN-name/``: ``commit.yaml`` (date, author, message, renames and
deletions) and ``files/`` (the files as they are after that commit). Each step is one commit on
its own day, so the demo shows additions, edits, a rename, a deletion and an image change.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..errors import OutputError
from ..pipeline import CompareOptions, compare
from ..render import render
from ..vcs.build import commit_all, init_repo, move, remove
from ..writer import write_atomic

CONTENT = Path(__file__).parent / "content"
MARKER = ".diffreport-demo"
CATEGORY = "contoso"


def build_repo(target: Path) -> list[tuple[str, dt.date]]:
    """Create the demo repository at ``target`` (a fresh folder); return (sha, day) per commit."""
    init_repo(target)
    commits: list[tuple[str, dt.date]] = []
    for step in sorted(p for p in CONTENT.iterdir() if p.is_dir()):
        meta = yaml.safe_load((step / "commit.yaml").read_text(encoding="utf-8"))
        for old, new in (meta.get("rename") or {}).items():
            move(target, old, new)
        for rel in meta.get("delete") or []:
            remove(target, rel)
        files = step / "files"
        if files.is_dir():
            shutil.copytree(files, target, dirs_exist_ok=True)
        sha = commit_all(target, meta["message"], date=meta["date"], author=meta["author"])
        commits.append((sha, dt.datetime.fromisoformat(meta["date"]).date()))
    return commits


def _fresh_repo_dir(output: Path) -> tuple[Path, list[tuple[str, dt.date]]]:
    repo_dir = output / "repo"
    if repo_dir.exists() and not (repo_dir / ".git" / MARKER).exists():
        raise OutputError(f"{repo_dir} exists and is not a diffreport demo; choose another --output")
    staging = Path(tempfile.mkdtemp(prefix=".repo-", dir=output))
    try:
        build = staging / "repo"
        commits = build_repo(build)
        (build / ".git" / MARKER).write_text("built by diffreport demo\n", encoding="utf-8")
        if repo_dir.exists():
            shutil.rmtree(repo_dir)
        build.rename(repo_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return repo_dir, commits


def run_demo(output: Path) -> Iterator[str]:
    """Build the demo and write its reports; yields one line per thing written."""
    output.mkdir(parents=True, exist_ok=True)
    repo_dir, commits = _fresh_repo_dir(output)
    yield f"demo repository: {repo_dir} ({len(commits)} commits)"

    first, last = commits[0], commits[-1]
    for lang, suffix in (("en", ""), ("ja", ".ja")):
        report = compare(
            CompareOptions(
                range=f"{first[0]}..{last[0]}",
                repo=str(repo_dir),
                language=lang,
                date=last[1],
                category=CATEGORY,
            )
        )
        for fmt in ("md", "json"):
            path = write_atomic(output / f"report{suffix}.{fmt}", render(report, fmt))
            yield f"wrote {path}"

    for sha, day in commits[1:]:
        report = compare(
            CompareOptions(range=sha, repo=str(repo_dir), language="en", date=day, category=CATEGORY)
        )
        path = output / "posts" / f"{day:%Y%m}" / f"report-{day:%Y%m%d}-{CATEGORY}.md"
        write_atomic(path, render(report, "md"))
        yield f"wrote {path}"

    from ..site.build import build_site  # the site of the demo's reports

    site = build_site(output / "posts", output / "site")
    yield f"wrote {output / 'site' / 'index.html'} ({site.reports} reports, {site.rendered} files)"
