"""``diffreport compare``, ``render`` and ``schema``."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from ..errors import EmptyRangeError, UsageError
from ._app import command_app
from ._config import ENV, ConfigFile, NoConfig, load_settings, template_dir
from .output import Quiet, Verbose, llm_counter, progress, say, stages

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ..models import Report
    from ..render import MarkdownForm
    from ..spool import SpooledReport

app = command_app()

# The library is imported inside each command, so that ``--help`` and ``--version`` start fast.

# Below this many files, a compare is quick: as plain lines (not on a terminal), its progress says nothing.
LARGE_RANGE = 100

TEMPLATES_HELP = "Folder of templates replacing the shipped ones of the same name (report.md.j2, ...)."


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, not {value!r}") from None


def pick_format(fmt: str | None, output: Path | None) -> str:
    from ..render import FORMATS

    if fmt is None and output is not None:
        fmt = {".json": "json", ".html": "html", ".htm": "html"}.get(output.suffix.lower(), "md")
    fmt = fmt or "md"
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


MARKDOWN_HELP = "Markdown form: commonmark (default: config, else commonmark) or pandoc (the reference's)."


def pick_markdown(value: str | None, default: MarkdownForm = "commonmark") -> MarkdownForm:
    from ..render import MARKDOWN_FORMS  # only to check a value (a run with nothing new renders nothing)

    if value is None:
        return default
    if value not in MARKDOWN_FORMS:
        raise UsageError(f"--markdown must be one of {', '.join(MARKDOWN_FORMS)}, not {value!r}")
    return cast("MarkdownForm", value)


def emit(text: str | Iterable[str], output: Path | None) -> None:
    """Write the text (whole or in pieces) to the output file atomically, or to stdout (whole: a template
    that fails halfway prints nothing but its error)."""
    if output is None or str(output) == "-":
        _to_stdout(text)
    else:
        from ..writer import write_atomic

        write_atomic(output, text)
        say(f"wrote {output}")


def _to_stdout(text: str | Iterable[str]) -> None:
    """Write ``text`` to stdout once all of it is rendered. Pieces are held encoded in a temporary file, not
    joined in memory: a string of a large report's millions of characters takes four bytes each as soon as
    one of them lies past the Basic Multilingual Plane (an emoji quoted from a page)."""
    out = getattr(sys.stdout, "buffer", None)
    if isinstance(text, str) or out is None:
        sys.stdout.write(text if isinstance(text, str) else "".join(text))
        sys.stdout.flush()
        return
    import shutil
    import tempfile

    encoding, errors = sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"
    with tempfile.TemporaryFile() as held:
        for piece in text:
            held.write(
                (piece if os.linesep == "\n" else piece.replace("\n", os.linesep)).encode(encoding, errors)
            )
        held.seek(0)
        sys.stdout.flush()
        shutil.copyfileobj(held, out)
        out.flush()


@contextlib.contextmanager
def _closed_on_error(report: SpooledReport) -> Iterator[None]:
    try:
        yield
    except BaseException:
        report.spool.close()
        raise


@app.command("compare")
def compare_cmd(
    range_: str = typer.Argument(
        ..., metavar="RANGE", help="BASE..HEAD, BASE...HEAD (from the merge base), or one commit."
    ),
    repo: str = typer.Option(
        ".", "--repo", "-C", help="The repository: a folder (default: here) or a URL to clone."
    ),
    fmt: str | None = typer.Option(None, "--format", "-f", help="md (default), json or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    markdown: str | None = typer.Option(None, "--markdown", metavar="commonmark|pandoc", help=MARKDOWN_HELP),
    lang: str | None = typer.Option(
        None, "--lang", help="Report language: en or ja (default: config, else en)."
    ),
    title: str | None = typer.Option(None, "--title", help="Report title."),
    date: str | None = typer.Option(
        None, "--date", help="Report date, YYYY-MM-DD (default: the head commit's day in [report] timezone)."
    ),
    include: list[str] = typer.Option(
        [], "--include", "-i", help="Glob of paths to report (repeatable; default: Markdown, YAML, images)."
    ),
    exclude: list[str] = typer.Option([], "--exclude", "-x", help="Glob of paths to leave out (repeatable)."),
    config_file: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        envvar=ENV,
        help="A diffreport.toml (flags win over it; default: ./diffreport.toml, else the repository's).",
    ),
    no_config: NoConfig = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Processes for large ranges (default: one per core; 1 = no workers).",
    ),
    llm: bool = typer.Option(False, "--llm", help="Let an LLM write titles, explanations, labels, summary."),
    llm_base_url: str | None = typer.Option(None, "--llm-base-url", metavar="URL", help="API base URL."),
    llm_model: str | None = typer.Option(None, "--llm-model", metavar="NAME", help="Model or deployment."),
    llm_concurrency: int | None = typer.Option(None, "--llm-concurrency", metavar="N", help="Default 8."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", metavar="DIR", help="LLM cache folder."),
    llm_required: bool = typer.Option(False, "--llm-required", help="Exit 1 unless the LLM wrote it all."),
    llm_dry_run: bool = typer.Option(False, "--llm-dry-run", help="Print the LLM calls; send nothing."),
    fail_on: list[str] = typer.Option(
        [],
        "--fail-on",
        metavar="LABEL|RULE",
        help="Exit 1 (after writing the report) when a file has this label or rule (repeatable).",
    ),
    templates: Path | None = typer.Option(None, "--templates", metavar="DIR", help=TEMPLATES_HELP),
) -> None:
    """Report the documentation changes of a commit range."""
    from ..pipeline import CompareOptions, compare_spooled
    from ..render import render_chunks
    from ._gate import offending_files, parse_fail_on

    out_format = pick_format(fmt, output)
    gate = parse_fail_on(fail_on)
    config = load_settings(
        None if no_config else config_file, discover=not no_config, repo=repo, verbose=verbose
    )
    form = pick_markdown(markdown, config.report.markdown)
    user_templates = template_dir(templates, config)
    use_llm = llm or llm_required or llm_dry_run or config.llm.enabled
    outcome = None
    with progress() as display:
        try:
            spooled = compare_spooled(
                CompareOptions(
                    range=range_,
                    repo=repo,
                    include=include,
                    exclude=exclude,
                    language=lang or config.report.language,
                    title=title,
                    date=parse_date(date),
                    config=config,
                    jobs=jobs or os.cpu_count() or 1,
                    progress=stages(display, plain_from=LARGE_RANGE),
                )
            )
        except EmptyRangeError as exc:
            if not gate:
                raise
            # a pull request that touches no documentation passes the check
            say(f"diffreport: {exc.message}; nothing to check, no report written")
            return
        report: Report | SpooledReport = spooled
        if use_llm:
            from ..llm import apply_llm, settings_with

            llm_settings = settings_with(
                config.llm,
                base_url=llm_base_url,
                model=llm_model,
                concurrency=llm_concurrency,
                cache_dir=cache_dir and str(cache_dir),
            )
            with _closed_on_error(spooled):
                outcome = apply_llm(
                    spooled,
                    llm_settings,
                    dry_run=llm_dry_run,
                    progress=llm_counter(display),
                    template_dir=user_templates,
                )
            report = outcome.report
    with contextlib.closing(spooled.spool):
        emit(render_chunks(report, out_format, template_dir=user_templates, markdown=form), output)
        offenders = offending_files(report, gate)
    for line in outcome.stderr_lines() if outcome else []:
        say(line)
    for line in offenders:  # why the command fails: said even with -q
        say(line, always=True)
    if outcome is not None:
        outcome.check(llm_required)
    if offenders:
        raise typer.Exit(1)


@app.command("render")
def render_cmd(
    report_file: Path = typer.Argument(..., metavar="REPORT.json", help="A report saved with --format json."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="md (default), json or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    markdown: str | None = typer.Option(None, "--markdown", metavar="commonmark|pandoc", help=MARKDOWN_HELP),
    templates: Path | None = typer.Option(None, "--templates", metavar="DIR", help=TEMPLATES_HELP),
    config_file: ConfigFile = None,
    no_config: NoConfig = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Re-render a saved JSON report, without the repository: as compare would have written it."""
    from ..render import load_report, render_chunks

    out_format = pick_format(fmt, output)
    config = load_settings(None if no_config else config_file, discover=not no_config, verbose=verbose)
    form = pick_markdown(markdown, config.report.markdown)
    user_templates = template_dir(templates, config)
    report = load_report(report_file)
    emit(render_chunks(report, out_format, markdown=form, template_dir=user_templates), output)


@app.command("schema")
def schema_cmd(quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Print the JSON Schema of the JSON report."""
    import json

    from ..models import Report

    typer.echo(json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False))
