"""The ``diffreport`` Typer application and its root options; each command module registers on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="diffreport",
    help="Turn the git history of a documentation repository into readable change reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"diffreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Turn the git history of a documentation repository into readable change reports."""
