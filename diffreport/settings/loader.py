"""The one validated configuration (``diffreport.toml``): the sections put together, the file found,
read and validated, and every problem reported at once, each with its key."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from ..errors import ConfigError
from ..factories import empty_list
from .base import Problem, Section, config_error, invalid_at, problems_from
from .classifier import ClassifierSettings
from .llm import LLMSettings
from .report import ReportSettings, SourceSettings, category_names
from .site import SiteSettings

CONFIG_NAME = "diffreport.toml"


class Config(Section):
    report: ReportSettings = Field(default_factory=ReportSettings)
    sources: list[SourceSettings] = Field(default_factory=empty_list)
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    site: SiteSettings = Field(default_factory=SiteSettings)
    path: Path | None = Field(default=None, exclude=True, description="The file this was loaded from.")

    def base_dir(self) -> Path:
        """Relative paths in the config are relative to the config file's folder (else the current one)."""
        return self.path.resolve().parent if self.path else Path.cwd()

    def templates_dir(self) -> Path | None:
        """``[report] templates``, relative to the config file's folder (None: the shipped templates)."""
        return self.base_dir() / self.report.templates if self.report.templates else None

    @model_validator(mode="after")
    def _sources(self) -> Config:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        names: set[str] = set()
        output = self.report.output
        for i, source in enumerate(self.sources):
            if source.name in names:
                problems.append((("sources", i, "name"), f"{source.name!r} is used by two sources"))
            names.add(source.name)
            if (source.categories or source.catch_all) and "{category}" not in output:
                problems.append(
                    (
                        ("report", "output"),
                        f"{output!r} must contain {{category}} (source {source.name!r} has categories)",
                    )
                )
        if len(self.sources) > 1 and "{source}" not in output:
            unique = {s.name: s for s in reversed(self.sources)}.values()  # a repeated name is said above
            cats = [category_names(s) for s in unique]
            shared = sorted({name for i, a in enumerate(cats) for b in cats[i + 1 :] for name in a & b})
            if shared:
                problems.append(
                    (
                        ("report", "output"),
                        f"two sources both have category {shared[0]!r}; add {{source}} to the pattern",
                    )
                )
        if problems:
            raise invalid_at("Config", problems)
        return self


def _expand_categories_files(data: dict[str, Any], base_dir: Path) -> list[Problem]:
    """Replace each source's ``categories_file`` by its categories (``categories: NAME: paths: [...]``);
    the problems found on the way, each with its key."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return []
    problems = []
    for i, entry in enumerate(sources):
        if not isinstance(entry, dict) or not entry.get("categories_file"):
            continue
        found = _read_categories_file(entry, base_dir)
        if isinstance(found, str):
            problems.append(Problem(f"sources.{i}.categories_file", found))
        elif isinstance(found, Problem):
            problems.append(Problem(f"sources.{i}.{found.key}", found.message))
        else:
            entry["categories"] = found
    return problems


def _read_categories_file(entry: dict[str, Any], base_dir: Path) -> dict[str, Any] | Problem | str:
    """The categories of one source's file, or what is wrong (a message, or a problem at its key)."""
    name = entry["categories_file"]
    if not isinstance(name, str):
        return "must be a file name"
    if entry.get("categories"):
        return "give categories or categories_file, not both"
    import yaml  # only for a categories file: loading a config needs no YAML otherwise

    file = base_dir / name
    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        return f"cannot read {file}: {exc.strerror or exc}"
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return f"{file} is not valid YAML: {' '.join(str(exc).split())}"
    table = loaded.get("categories") if isinstance(loaded, dict) else None
    if not isinstance(table, dict):
        return f"{file} has no 'categories:' mapping"
    categories: dict[str, Any] = {}
    for cat, value in table.items():
        paths = value.get("paths") if isinstance(value, dict) else value
        if isinstance(paths, str):
            paths = [paths]
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            return Problem(f"categories.{cat}", "paths must be a list of strings")
        categories[str(cat)] = paths
    return categories


def parse_config(data: dict[str, Any], *, source: str = "config", base_dir: Path | None = None) -> Config:
    """Validate config data; :class:`ConfigError` lists every problem, one line each."""
    problems = _expand_categories_files(data, base_dir or Path.cwd())
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems += problems_from(exc, Config)
    if problems:
        raise config_error(source, problems)
    return config


def load_config(path: str | Path | None) -> Config:
    """Load and validate a TOML config; ``None`` gives the defaults."""
    if path is None:
        return Config()
    if sys.version_info >= (3, 11):  # only a file needs the TOML parser (a compare without one does not)
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {file}") from None
    except IsADirectoryError:
        raise ConfigError(f"{file}: is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {file}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    config = parse_config(data, source=str(file), base_dir=file.parent)
    config.path = file
    return config


def find_config(cwd: Path, repo: str | None = None) -> Path | None:
    """The config a command uses without ``--config``: ``./diffreport.toml``, else the one at the root
    of ``repo`` when it is a local folder (found without running git: the nearest folder up with a
    ``.git``), else none."""
    candidates = [cwd / CONFIG_NAME]
    if repo is not None:
        folder = cwd / Path(repo).expanduser()
        if folder.is_dir():
            folder = folder.resolve()
            root = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)
            if root is not None:
                candidates.append(root / CONFIG_NAME)
    return next((c for c in candidates if c.is_file()), None)
