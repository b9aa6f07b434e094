"""The one validated configuration (``diffreport.toml``).

Each area owns the model of its own section (``[report]``/``[[sources]]`` here, ``[classifier]`` in
:mod:`diffreport.rules`, ``[llm]`` in :mod:`diffreport.llm.settings`); this module puts them together,
loads the file, and turns validation errors into one line that names the key.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Section(BaseModel):
    """Base of every config section: unknown keys are errors (typos get a hint)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ReportSettings(Section):
    output: str = Field(
        default="output/posts/%Y%m/report-%Y%m%d-{category}.md",
        description="strftime pattern of the report date, with {category}.",
    )
    language: str = Field(default="en", description="Report language: en or ja.")
    timezone: str = Field(default="UTC", description="IANA time zone of the report date and day boundaries.")
    state: str = Field(default="output/state.json", description="Where the last processed commit is kept.")
    title: str = Field(default="Diff Insight Report - {category}", description="Report title, with {category}.")


class Config(Section):
    report: ReportSettings = Field(default_factory=ReportSettings)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    classifier: rules.ClassifierSettings = Field(default_factory=lambda: rules.ClassifierSettings())
    llm: dict[str, Any] = Field(default_factory=dict)
    site: dict[str, Any] = Field(default_factory=dict)
    path: Path | None = Field(default=None, exclude=True, description="The file this was loaded from.")


def format_error(exc: ValidationError, model: type[BaseModel] = Config) -> str:
    """One line: ``key.path: problem`` (with a hint for a misspelt key)."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        key = str(err["loc"][-1])
        known = _known_keys(model, err["loc"][:-1])
        close = difflib.get_close_matches(key, known, n=1)
        msg = "unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
    return f"{loc}: {msg}"


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def parse_config(data: dict[str, Any], *, source: str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {format_error(exc)}") from None


def load_config(path: str | Path | None) -> Config:
    """Load and validate a TOML config; ``None`` gives the defaults."""
    if path is None:
        return Config()
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {file}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {file}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    config = parse_config(data, source=str(file))
    config.path = file
    return config


# Sections owned by other modules subclass Section, so they are imported after it; importing the
# module object (not a name) works in either import order, and pydantic resolves the annotation
# on first use.
from . import rules  # noqa: E402
