"""Progress of the LLM work on stderr: a rich bar on a terminal, plain lines otherwise (cron, CI)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ..llm import Progress


def plain_lines() -> Progress:
    """A line at each quarter of the files and at the end."""
    shown: set[tuple[int, int]] = set()

    def update(done: int, total: int, retries: int) -> None:
        if not done:  # a new report starts
            shown.clear()
        quarter = (4 * done // total, total) if total else (4, 0)
        if done and (quarter not in shown or done == total):
            shown.add(quarter)
            typer.echo(f"llm: {done}/{total} files done, {retries} retries", err=True)

    return update


def bar_task(bar: Any) -> Progress:
    """A task of the rich progress display ``bar``: files done / total, retries."""
    task = bar.add_task("llm", total=None, visible=False)

    def update(done: int, total: int, retries: int) -> None:
        bar.update(task, description=f"llm ({retries} retries)", completed=done, total=total, visible=True)

    return update


@contextlib.contextmanager
def llm_progress() -> Iterator[Progress]:
    """A progress callback for one command's LLM work."""
    if not sys.stderr.isatty():
        yield plain_lines()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield bar_task(bar)
