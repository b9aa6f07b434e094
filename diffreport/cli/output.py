"""What a command says on stderr, and how much: ``-q`` errors only, ``-v`` more, ``--debug`` everything.

Long work shows progress: a rich display on a terminal, plain lines otherwise (cron, CI). While a display
is shown, log records and notes are printed through its console, above the bars, so neither is cut.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

QUIET, NORMAL, VERBOSE, DEBUG = logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG
LOG_FORMAT = "diffreport: %(levelname)s: %(message)s"


@dataclass
class _Output:
    level: int = NORMAL
    console: Console | None = None  # the console of the progress display being shown


_output = _Output()


def console_factory() -> Console | None:
    """The console progress is drawn on (stderr), or None when stderr is surely no terminal (cron, CI),
    found without loading rich; tests put a terminal of their own here."""
    if not _maybe_terminal():
        return None
    from rich.console import Console

    return Console(stderr=True)


def _maybe_terminal() -> bool:
    """False only when rich would find no terminal either: stderr is no tty and neither of the variables
    that make rich treat a stream as a terminal (``TTY_COMPATIBLE``, ``FORCE_COLOR``) is set."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    try:
        return sys.stderr.isatty()
    except ValueError:  # a closed stream
        return False


class _Handler(logging.Handler):
    """Log records on stderr, through the progress display's console while one is shown."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            say(self.format(record), always=True)
        except Exception:  # pragma: no cover - logging must never stop a command
            self.handleError(record)


_handler = _Handler()
_handler.setFormatter(logging.Formatter(LOG_FORMAT))


def setup(*, debug: bool = False) -> None:
    """Start a command at the normal level (``--debug``: everything); ``-q``/``-v`` change it while
    the options are read."""
    _output.console = None
    _output.level = DEBUG if debug else NORMAL
    logger = logging.getLogger("diffreport")
    logger.setLevel(_output.level)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)


def set_level(level: int) -> None:
    if _output.level == DEBUG and level != QUIET:
        return  # --debug is not lowered by -v
    _output.level = level
    logging.getLogger("diffreport").setLevel(level)


def quiet() -> bool:
    return _output.level >= QUIET


def verbose() -> bool:
    return _output.level <= VERBOSE


def say(text: str, *, always: bool = False) -> None:
    """A line on stderr (none with ``-q`` unless ``always``), above the progress display if one is shown."""
    if quiet() and not always:
        return
    if _output.console is not None:
        _output.console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)
    else:
        typer.echo(text, err=True)


def _quiet_option(value: bool) -> bool:
    if value:
        set_level(QUIET)
    return value


def _verbose_option(value: bool) -> bool:
    if value and not quiet():
        set_level(VERBOSE)
    return value


Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", callback=_quiet_option, is_eager=True, help="Only errors on stderr."),
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        callback=_verbose_option,
        is_eager=True,
        help="Say more on stderr (the config file read, clones, fetches, each step).",
    ),
]

Counter = Callable[[int, int, str], None]
"""``update(done, total, note)``: one task of a progress display."""


@dataclass
class Display:
    """The progress of one command: rich bars on a terminal, plain lines otherwise, nothing with ``-q``."""

    bar: Any = None  # rich.progress.Progress, on a terminal
    plain: bool = False
    _tasks: dict[str, Any] = field(default_factory=dict)

    def counter(self, name: str, *, steps: int = 4, plain_from: int = 0) -> Counter:
        """A task called ``name``: a bar on a terminal; as plain lines, one at each ``1/steps`` of the
        total and at the end, once the total reaches ``plain_from`` (small work says nothing)."""
        if self.bar is not None:
            return self._bar_counter(name)
        if not self.plain:
            return _silent
        shown: set[int] = set()

        def line(done: int, total: int, note: str = "") -> None:
            if total < plain_from or not done:
                if not done:
                    shown.clear()  # the work starts again (the next report)
                return
            step = steps * done // total if total else steps
            if step in shown and done != total:
                return
            shown.add(step)
            typer.echo(f"diffreport: {name}: {done}/{total}{' ' + note if note else ''}", err=True)

        return line

    def _bar_counter(self, name: str) -> Counter:
        def update(done: int, total: int, note: str = "") -> None:
            task = self._tasks.get(name)
            if task is None:
                task = self._tasks[name] = self.bar.add_task(name, total=None)
            text = f"{name}: {note}" if note else name
            self.bar.update(task, description=text, completed=done, total=total or None)

        return update

    def status(self, name: str, message: str) -> None:
        """A step without a count (a clone, a fetch): a spinner on a terminal; as plain lines, nothing
        (``-v`` logs these steps)."""
        if self.bar is not None:
            task = self._tasks.get(name)
            if task is None:
                task = self._tasks[name] = self.bar.add_task(message, total=None)
            self.bar.update(task, description=message)


def _silent(done: int, total: int, note: str = "") -> None:
    """A counter nobody sees (``-q``)."""


@contextlib.contextmanager
def progress() -> Iterator[Display]:
    """The progress display of one command (see :class:`Display`)."""
    if quiet():
        yield Display()
        return
    console = console_factory()
    if console is None or not console.is_terminal:
        yield Display(plain=True)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        _output.console = console
        try:
            yield Display(bar=bar)
        finally:
            _output.console = None


def stages(display: Display, prefix: str = "", *, plain_from: int = 0) -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` callback (compare, site build): a counter per stage, named
    ``prefix`` + stage; a stage with no total (a clone, a fetch) is a status line."""
    counters: dict[str, Counter] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not total:
            display.status(prefix + "status", prefix + stage)
            return
        if stage not in counters:
            counters[stage] = display.counter(prefix + stage, steps=10, plain_from=plain_from)
        counters[stage](done, total, "")

    return update


def llm_counter(display: Display) -> Callable[[int, int, int], None]:
    """The LLM work's ``progress(done, total, retries)``: files done / total, and the retries so far."""
    counter = display.counter("llm")

    def update(done: int, total: int, retries: int) -> None:
        counter(done, total, f"files done, {retries} retries")

    return update
