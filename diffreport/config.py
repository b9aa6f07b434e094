"""The one validated configuration (``diffreport.toml``).

Each area owns the model of its own section (``[report]``/``[[sources]]`` here, ``[classifier]`` in
:mod:`diffreport.rules`, ``[llm]`` in :mod:`diffreport.llm.settings`); this module puts them together,
loads the file, and turns validation errors into one line that names the key.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Section(BaseModel):
    """Base of every config section: unknown keys are errors (typos get a hint)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


from .llm.settings import LLMSettings  # noqa: E402  (needs Section above)


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("invalid", message)


def _check_placeholders(value: str) -> str:
    """A pattern may use ``{category}`` and ``{source}``, nothing else."""
    try:
        value.format(category="x", source="x")
    except (KeyError, IndexError, ValueError) as exc:
        raise _invalid(f"{value!r}: only {{category}} and {{source}} may be used ({exc})") from None
    return value


# A category (or source) name becomes part of a file name: nothing that could leave the output folder.
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f:*?\"<>|]")


def check_name(name: str) -> str:
    """A name that is safe as one file-name component (category and source names)."""
    if not name or not name.strip():
        raise _invalid("must not be empty")
    if name != name.strip():
        raise _invalid(f"{name!r} must not start or end with spaces")
    if name.startswith(".") or ".." in name:
        raise _invalid(f"{name!r} must not start with '.' or contain '..'")
    if name.endswith(".") or name.split(".")[0].upper() in _RESERVED:
        raise _invalid(f"{name!r} is not a portable file name")
    bad = _UNSAFE_NAME.search(name)
    if bad:
        raise _invalid(f"{name!r} must not contain {bad.group()!r} (it becomes a file name)")
    if len(name) > 100:
        raise _invalid("must be at most 100 characters (it becomes a file name)")
    return name


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}

SafeName = Annotated[str, AfterValidator(check_name)]


def _check_patterns(patterns: list[str]) -> list[str]:
    if not patterns:
        raise _invalid("needs at least one path prefix or glob")
    for pattern in patterns:
        if not pattern.strip() or "\0" in pattern:
            raise _invalid(f"invalid path pattern {pattern!r}")
    return patterns


Patterns = Annotated[list[str], AfterValidator(_check_patterns)]


class SourceSettings(Section):
    """One ``[[sources]]`` entry: a repository, a branch, what to read and how to split it."""

    name: SafeName = Field(description="Name of the source: the key of its state, {source} in output.")
    repo: str = Field(description="A git URL (cloned into the cache, fetched on later runs) or a local path.")
    branch: str = Field(default="main", description="The branch whose first-parent history is reported.")
    include: list[str] = Field(default_factory=list, description="Globs of paths to report (default: docs).")
    exclude: list[str] = Field(default_factory=list, description="Globs of paths to leave out.")
    categories: dict[SafeName, Patterns] = Field(
        default_factory=dict,
        description="Category -> path prefixes or globs, in order; the first match wins.",
    )
    categories_file: str | None = Field(
        default=None, description="The reference system's categories.yaml, relative to the config file."
    )
    catch_all: SafeName | None = Field(
        default=None, description="Category that collects files matching no other category."
    )

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not value.strip() or value.startswith("-") or "\0" in value or "\n" in value:
            raise _invalid(f"{value!r} is not a repository URL or path")
        return value

    @field_validator("branch")
    @classmethod
    def _branch(cls, value: str) -> str:
        if (
            not value
            or value.startswith(("-", "/", "."))
            or value.endswith(("/", ".lock", "."))
            or ".." in value
            or re.search(r"[\x00-\x20\x7f~^:?*\[\\]|@\{|//", value)
        ):
            raise _invalid(f"{value!r} is not a valid branch name")
        return value


def category_names(source: SourceSettings) -> set[str]:
    """The categories a source's reports can have (its name when it has none)."""
    names = set(source.categories) | ({source.catch_all} if source.catch_all else set())
    return names or {source.name}


class ReportSettings(Section):
    output: str = Field(
        default="output/posts/%Y%m/report-%Y%m%d-{category}.md",
        description="strftime pattern of the report date, with {category}.",
    )
    language: str = Field(default="en", description="Report language: en or ja.")
    timezone: str = Field(default="UTC", description="IANA time zone of the report date and day boundaries.")
    state: str = Field(default="output/state.json", description="Where the last processed commit is kept.")
    title: str = Field(
        default="Diff Insight Report - {category}", description="Report title, with {category}."
    )
    cache: str | None = Field(
        default=None, description="Folder for clones of URL sources (default: ~/.cache/diffreport/repos)."
    )
    markdown: Literal["commonmark", "pandoc"] = Field(
        default="commonmark",
        description="Markdown form: commonmark (GitHub and any CommonMark viewer) or pandoc (the reference's).",
    )

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        from .i18n import languages

        if value not in languages():
            raise _invalid(f"unsupported language {value!r} (choose from {', '.join(languages())})")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise _invalid(f"unknown time zone {value!r} (an IANA name such as 'Asia/Tokyo')") from None
        return value

    @field_validator("output")
    @classmethod
    def _output(cls, value: str) -> str:
        _check_placeholders(value)
        if not value.strip() or value.endswith(("/", "\\")):
            raise _invalid(f"{value!r} must name a file")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _check_placeholders(value)


from .site.settings import SiteSettings  # noqa: E402 - needs Section above


class Config(Section):
    report: ReportSettings = Field(default_factory=ReportSettings)
    sources: list[SourceSettings] = Field(default_factory=list)
    classifier: rules.ClassifierSettings = Field(default_factory=lambda: rules.ClassifierSettings())
    llm: LLMSettings = Field(default_factory=LLMSettings)
    site: SiteSettings = Field(default_factory=SiteSettings)
    path: Path | None = Field(default=None, exclude=True, description="The file this was loaded from.")

    def base_dir(self) -> Path:
        """Relative paths in the config are relative to the config file's folder (else the current one)."""
        return self.path.resolve().parent if self.path else Path.cwd()

    @model_validator(mode="after")
    def _sources(self) -> Config:
        names: set[str] = set()
        for i, source in enumerate(self.sources):
            if source.name in names:
                raise _invalid(f"sources.{i}.name: {source.name!r} is used by two sources")
            names.add(source.name)
            if (source.categories or source.catch_all) and "{category}" not in self.report.output:
                raise _invalid(
                    f"report.output: {self.report.output!r} must contain {{category}} "
                    f"(source {source.name!r} has categories)"
                )
        if len(self.sources) > 1 and "{source}" not in self.report.output:
            cats = [category_names(s) for s in self.sources]
            for i, a in enumerate(cats):
                for b in cats[i + 1 :]:
                    if a & b:
                        raise _invalid(
                            f"report.output: two sources both have category {sorted(a & b)[0]!r}; "
                            "add {source} to the pattern"
                        )
        return self


def format_error(exc: ValidationError, model: type[BaseModel] = Config) -> str:
    """One line: ``key.path: problem`` (with a hint for a misspelt key)."""
    err = exc.errors()[0]
    loc = ".".join(_printable(str(p)) for p in err["loc"] if p != "[key]") or "(top level)"
    msg = err["msg"]
    if not err["loc"] and re.match(r"^[\w.]+: ", msg):  # a whole-config check that names its own key
        loc, msg = msg.split(": ", 1)
    if err["type"] == "extra_forbidden":
        key = str(err["loc"][-1])
        known = _known_keys(model, err["loc"][:-1])
        close = difflib.get_close_matches(key, known, n=1)
        msg = "unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
    return f"{loc}: {msg}"


def _printable(key: str) -> str:
    """A key as it can be shown on one line (control characters escaped)."""
    return key if key.isprintable() else key.encode("unicode_escape").decode("ascii")


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


def expand_categories_files(data: dict[str, Any], base_dir: Path, *, source: str = "config") -> None:
    """Replace each source's ``categories_file`` by its categories (``categories: NAME: paths: [...]``)."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    for i, entry in enumerate(sources):
        if not isinstance(entry, dict) or not entry.get("categories_file"):
            continue
        key = f"{source}: sources.{i}.categories_file"
        name = entry["categories_file"]
        if not isinstance(name, str):
            raise ConfigError(f"{key}: must be a file name")
        if entry.get("categories"):
            raise ConfigError(f"{key}: give categories or categories_file, not both")
        file = base_dir / name
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{key}: cannot read {file}: {exc.strerror or exc}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{key}: {file} is not valid YAML: {' '.join(str(exc).split())}") from None
        table = loaded.get("categories") if isinstance(loaded, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{key}: {file} has no 'categories:' mapping")
        categories: dict[str, Any] = {}
        for cat, value in table.items():
            paths = value.get("paths") if isinstance(value, dict) else value
            if isinstance(paths, str):
                paths = [paths]
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise ConfigError(f"{source}: sources.{i}.categories.{cat}: paths must be a list of strings")
            categories[str(cat)] = paths
        entry["categories"] = categories


def parse_config(data: dict[str, Any], *, source: str = "config", base_dir: Path | None = None) -> Config:
    expand_categories_files(data, base_dir or Path.cwd(), source=source)
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
    config = parse_config(data, source=str(file), base_dir=file.parent)
    config.path = file
    return config


# Sections owned by other modules subclass Section, so they are imported after it; importing the
# module object (not a name) works in either import order, and pydantic resolves the annotation
# on first use.
from . import rules  # noqa: E402
