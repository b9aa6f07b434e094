"""``diffreport run``: scheduled, incremental, per-category reports (see :mod:`diffreport.schedule`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ._app import command_app
from ._config import ConfigFile, Templates, load_settings, template_dir
from .compare import MARKDOWN_HELP, pick_markdown
from .output import Counter, Display, Quiet, Verbose, llm_counter, progress, say

if TYPE_CHECKING:
    from .. import schedule


app = command_app()


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be YYYY-MM-DD, not {value!r}") from None


def _run_progress(display: Display) -> schedule.ProgressCallback:
    """The run's steps on the progress display: a counter per kind of step."""
    counters: dict[str, Counter] = {}

    def update(event: schedule.ProgressEvent) -> None:
        if display.plain:
            say(f"diffreport: {event.message}")
            return
        if event.step not in counters:
            counters[event.step] = display.counter(event.step)
        counters[event.step](event.done, event.total, event.message)

    return update


@app.command("run")
def run_cmd(
    config: ConfigFile = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Report date, YYYY-MM-DD (default: today in [report] timezone)."),
    ] = None,
    backfill: Annotated[
        bool, typer.Option("--backfill", help="One report per day and category from --since to --until.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Report from this day (YYYY-MM-DD, [report] timezone) instead of the state."
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of a --backfill (default: up to the branch head).")
    ] = None,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="Seconds to wait for another run of the same state to finish."),
    ] = 5.0,
    llm: Annotated[
        bool, typer.Option("--llm", help="Let an LLM write the reports ([llm] settings).")
    ] = False,
    llm_required: Annotated[
        bool, typer.Option("--llm-required", help="Fail (and write nothing) unless the LLM wrote everything.")
    ] = False,
    markdown: Annotated[
        str | None, typer.Option("--markdown", metavar="commonmark|pandoc", help=MARKDOWN_HELP)
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Processes for large ranges (default: one per core; 1 = no workers)."
        ),
    ] = None,
    templates: Templates = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Report what changed since the last run, one report per category (for cron and CI)."""
    from .. import schedule

    settings = load_settings(config, verbose=verbose, required=True)
    settings.report.markdown = pick_markdown(markdown, settings.report.markdown)
    user_templates = template_dir(templates, settings)
    if user_templates:  # resolved and checked: the run and its LLM prompts use the same folder
        report = settings.report.model_copy(update={"templates": user_templates})
        settings = settings.model_copy(update={"report": report})
    hook: schedule.ReportHook = schedule.prepare_report
    enricher = None
    with progress() as display, contextlib.ExitStack() as stack:
        if llm or llm_required or settings.llm.enabled:
            from ..llm import RunEnricher

            enricher = hook = RunEnricher(
                settings.llm,
                required=llm_required,
                progress=llm_counter(display),
                template_dir=user_templates,
            )
            stack.callback(enricher.close)
        result = schedule.run(
            settings,
            date=_date("--date", date),
            since=_date("--since", since),
            until=_date("--until", until),
            backfill=backfill,
            lock_wait=wait,
            progress=_run_progress(display),
            hook=hook,
            jobs=jobs or os.cpu_count() or 1,
        )
    for line in summary(result) + (enricher.stderr_lines() if enricher else []):
        say(line)


def summary(result: schedule.RunResult) -> list[str]:
    """The run summary: what was written, what was already there, what matched no category."""
    if result.nothing_new:
        return ["diffreport: nothing new; no report written"]
    lines = []
    if result.resumed:
        lines.append("diffreport: finished an interrupted run")
    lines += [f"wrote {path}" for path in result.written]
    lines += [f"removed {path} (no change left in its day's range)" for path in result.removed]
    unmatched = sum(result.unmatched.values())
    tail = f"{len(result.written)} report(s) written"
    if result.unchanged:
        tail += f", {len(result.unchanged)} already up to date"
    if result.removed:
        tail += f", {len(result.removed)} removed"
    if not result.written and not result.unchanged and not result.removed:
        tail = "no documentation changes to report; state updated"
    if unmatched:
        per = ", ".join(f"{name}: {count}" for name, count in sorted(result.unmatched.items()))
        tail += f"; {unmatched} file(s) matched no category ({per})"
    lines.append(f"diffreport: {tail}")
    return lines
