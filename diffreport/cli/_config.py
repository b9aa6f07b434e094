"""How commands find and load their config: ``--config``, ``$DIFFREPORT_CONFIG``, else discovery."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError

if TYPE_CHECKING:
    from ..settings import Config

ENV = "DIFFREPORT_CONFIG"

ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        envvar=ENV,
        help="The diffreport.toml to read (default: ./diffreport.toml; see the README's 'Config file').",
    ),
]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Read no config file: the defaults and flags.")]
Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Templates replacing shipped ones (default: [report] templates).",
    ),
]


def load_settings(
    config_file: Path | None,
    *,
    discover: bool = True,
    repo: str | None = None,
    verbose: bool = False,
    required: bool = False,
) -> Config:
    """The validated config: the given file (``--config`` or ``$DIFFREPORT_CONFIG``), else (with
    ``discover``) ``./diffreport.toml`` or the one at the root of a local ``repo``, else the defaults.
    Rule ids in ``[classifier]`` are checked against the classifier's rules."""
    from ..settings import CONFIG_NAME, find_config, load_config

    path = config_file
    if path is None and discover:
        path = find_config(Path(), repo)
    if path is None and required:
        raise UsageError(f"no config: give --config FILE, set ${ENV}, or put {CONFIG_NAME} in this folder")
    if verbose:
        typer.echo(
            f"diffreport: config: {path}" if path else "diffreport: no config file; defaults", err=True
        )
    config = load_config(path)
    if config.classifier.disable or config.classifier.labels:  # rule ids to check against the rules
        from ..classify import check_settings

        check_settings(config)
    return config


def template_dir(option: Path | None, config: Config | None = None) -> str | None:
    """The user's template folder: ``--templates DIR``, else ``[report] templates`` of the config
    (relative to its file), else None (the shipped templates only)."""
    where, path = "--templates", option
    if path is None and config is not None:
        where, path = f"{config.path or 'config'}: report.templates", config.templates_dir()
    if path is None:
        return None
    if not path.is_dir():
        raise UsageError(f"{where}: templates folder not found: {path}")
    return str(path.resolve())
