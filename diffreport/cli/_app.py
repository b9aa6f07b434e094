"""The ``diffreport`` Typer application and its root options.

Each command lives in its own module with a Typer app of its own (:func:`command_app`); the root group
imports that module the first time the command is looked up, so a command pays for its own module only.
``--help`` and completion list every command (and import them all, for their help lines).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperGroup

# command name -> the module under diffreport.cli that defines it, in the order ``--help`` lists them
COMMANDS = {
    "compare": "compare",
    "render": "compare",
    "schema": "compare",
    "classify": "classify_cmd",
    "demo": "demo",
    "rules": "rules_cmd",
    "run": "run_cmd",
    "site": "site_cmd",
}


def command_app() -> typer.Typer:
    """The Typer app a command module registers its commands on (help and errors as the root's)."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


class _Commands(MutableMapping[str, Any]):
    """The root group's commands by name; a command's module is imported when the command is looked up."""

    def __init__(self, loaded: MutableMapping[str, Any]) -> None:
        self._loaded = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in COMMANDS:
            module = importlib.import_module(f"{__package__}.{COMMANDS[name]}")
            for found, command in typer.main.get_group(module.app).commands.items():
                self._loaded.setdefault(found, command)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._loaded]))

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._loaded.keys())

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded


class _LazyGroup(TyperGroup):
    """The root group: its commands are built on first use (see :class:`_Commands`)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.commands)


app = typer.Typer(
    name="diffreport",
    cls=_LazyGroup,
    help="Turn the git history of a documentation repository into readable change reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from . import version_line

        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Turn the git history of a documentation repository into readable change reports."""
