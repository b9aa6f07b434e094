"""``diffreport site build`` and ``diffreport site serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import command_app
from ._config import ConfigFile, Templates, load_settings, template_dir
from .output import Quiet, Verbose, progress, say, stages

app = command_app()
site_app = typer.Typer(help="Build a static site of all reports, or preview one.", no_args_is_help=True)
app.add_typer(site_app, name="site")


@site_app.command("build")
def build_cmd(
    reports_dir: Annotated[
        Path, typer.Argument(metavar="REPORTS_DIR", help="Folder of report Markdown files (recursive).")
    ],
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="Where the site is written.")],
    config: ConfigFile = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes rendering report pages (default: CPUs)."),
    ] = None,
    templates: Templates = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Build (or bring up to date) the static site of every report below REPORTS_DIR."""
    from ..site.build import build_site

    cfg = load_settings(config, verbose=verbose)
    user_templates = template_dir(templates, cfg)
    with progress() as display:
        result = build_site(
            reports_dir,
            out_dir,
            cfg.site,
            config_dir=cfg.path.parent if cfg.path is not None else None,
            jobs=jobs,
            progress=stages(display, "site: "),
            template_dir=user_templates,
        )
    say(
        f"site: {result.reports} reports, {result.rendered} files written, {result.skipped} unchanged, "
        f"{result.removed} removed in {result.seconds:.2f}s -> {out_dir / 'index.html'}"
    )


@site_app.command("serve")
def serve_cmd(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="A folder built by `site build`.")],
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8000,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Preview a built site on http://127.0.0.1:PORT/ (Ctrl-C stops)."""
    from ..site.serve import make_server

    server = make_server(out_dir, port)
    say(f"serving {out_dir} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
