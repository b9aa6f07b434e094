"""Command line: thin commands over the library API, and the one place errors become exit codes.

Typer and the root group (:mod:`._app`, ``app`` here) are imported by :func:`main`, so that the console
entry point (:func:`run`) sets the process up before anything is imported, and ``--version`` is answered
without them.
"""

from __future__ import annotations

import gc
import os
import sys

from ..errors import DiffreportError

TYPE_CHECKING = False  # not typing's, as in diffreport/__init__.py
if TYPE_CHECKING:
    from typing import Any


def version_line() -> str:
    from .. import __version__

    return f"diffreport {__version__}"


def _say_version() -> bool:
    """What the root option ``--version`` says (see _app), without importing typer; False when there is no
    stdout to say it on or it is closed, left to the command line (exit status 1 on a closed pipe)."""
    if sys.stdout is None:
        return False
    try:
        sys.stdout.write(version_line() + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``diffreport`` command; returns the exit status."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:]) or bool(
        os.environ.get("DIFFREPORT_DEBUG")
    )
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    if args in (["--version"], ["-V"]) and _say_version():
        return 0

    import typer

    from . import output
    from ._app import app

    try:  # typer >= 0.20 vendors click; its exceptions derive from TyperException
        from typer import TyperException as CliException
    except ImportError:  # pragma: no cover - older typer on real click
        from click import ClickException as CliException  # type: ignore[no-redef,assignment]

    output.setup(debug=debug)
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="diffreport", standalone_mode=False)
    except DiffreportError as exc:
        if debug:
            raise
        for line in exc.message.splitlines() or [""]:  # a config error lists every problem, one a line
            typer.echo(f"diffreport: error: {line}", err=True)
        return exc.exit_code
    except typer.Abort:
        typer.echo("diffreport: aborted", err=True)
        return 130
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except CliException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"diffreport: error: {exc}", err=True)
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        typer.echo("diffreport: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, no traceback
        if debug:
            raise
        typer.echo(
            f"diffreport: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        return 1
    return result if isinstance(result, int) else 0


# The analysis makes millions of short-lived objects and few cycles: with Python's default threshold (700)
# the collector runs thousands of times over every object alive, ~10 % of a large range's CPU. Set for the
# process by its entry point (forked workers inherit it), never by the library.
GC_THRESHOLD = (100_000, 50, 100)


def run() -> None:
    gc.set_threshold(*GC_THRESHOLD)  # before the command line is imported: its imports make objects too
    code = main()
    # On the way out the interpreter runs full collections over everything still alive (the modules, the
    # models' schemas): ~30 ms, a tenth of a one-file compare. Frozen, those objects are skipped; modules are
    # still torn down, atexit handlers still run and the standard streams are still flushed.
    gc.freeze()
    sys.exit(code)


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer application, imported on first use
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
