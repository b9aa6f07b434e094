"""``diffreport rules``: the classifier's rules, as the code defines them."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from ..errors import UsageError
from ._app import command_app
from .output import Quiet, Verbose

app = command_app()


@app.command("rules")
def rules_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (default) or json.")] = "text",
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """List the classifier's rules: id, level, default label, when it fires, its thresholds."""
    from ..classify import describe_rules

    rules = describe_rules()
    if fmt == "json":
        import json

        typer.echo(json.dumps([dataclasses.asdict(r) for r in rules], indent=2, ensure_ascii=False))
        return
    if fmt != "text":
        raise UsageError(f"--format must be text or json, not {fmt!r}")
    width = max(len(r.id) for r in rules)
    for rule in rules:
        typer.echo(f"{rule.id:<{width}}  {rule.level:<5}  {rule.label:<15}  {rule.fires_when}")
        for t in rule.thresholds:
            typer.echo(f"{'':<{width + 26}}{t.name} = {t.default}: {t.meaning}")
