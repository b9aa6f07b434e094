"""``diffreport demo``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import command_app
from .output import Quiet, Verbose, quiet

app = command_app()


@app.command("demo")
def demo_cmd(
    output: Path = typer.Option(Path("output/demo"), "--output", "-o", help="Where to write the demo."),
    quiet_: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Build a small documentation repository from bundled content and report its history."""
    from ..demo import run_demo

    for line in run_demo(output):
        if not quiet():
            typer.echo(line)
