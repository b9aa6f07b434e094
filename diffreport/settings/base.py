"""What every config section shares: the :class:`Section` base, name and pattern checks, and the one
way a problem is reported (``file: key.path: message``, every problem at once, typo hints for keys)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..errors import ConfigError


class Section(BaseModel):
    """Base of every config section: unknown keys are errors (typos get a hint)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config: the dotted key (``report.timezone``) and what is wrong."""

    key: str
    message: str


def config_error(source: str, problems: Sequence[Problem]) -> ConfigError:
    """All problems of one config, one line each: ``source: key: message``."""
    return ConfigError(*(f"{source}: {p.key}: {p.message}" for p in problems))


def closest(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def invalid(message: str) -> PydanticCustomError:
    """A validation error whose message is shown as is."""
    return PydanticCustomError("invalid", message)


def invalid_at(title: str, problems: Sequence[tuple[tuple[str | int, ...], str]]) -> ValidationError:
    """Several errors at once, each at its own location (raised from a model validator, pydantic
    prefixes the locations with the model's own)."""
    return ValidationError.from_exception_data(
        title, [InitErrorDetails(type=invalid(msg), loc=loc, input=None) for loc, msg in problems]
    )


def problems_from(exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every error of a validation, each with its dotted key; unknown keys get a typo hint."""
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if p != "[key]"]
        key = ".".join(printable(str(p)) for p in loc) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key" + closest(str(loc[-1]), _known_keys(model, tuple(loc[:-1])))
        problems.append(Problem(key, msg))
    return problems


def format_error(exc: ValidationError, model: type[BaseModel], prefix: str = "") -> str:
    """The errors of a validation as lines ``prefix key.path: problem``."""
    return "\n".join(f"{prefix}{p.key}: {p.message}" for p in problems_from(exc, model))


def printable(key: str) -> str:
    """A key as it can be shown on one line (control characters escaped)."""
    return key if key.isprintable() else key.encode("unicode_escape").decode("ascii")


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a (nested) section accepts at ``loc``, for the typo hint."""
    current: Any = model
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        if get_origin(ann) is dict and parts:
            parts.pop(0)  # the dict's own key (a model or price name)
        candidates = (ann, *get_args(ann), *(a for arg in get_args(ann) for a in get_args(arg)))
        current = next((a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


# A category (or source) name becomes part of a file name: nothing that could leave the output folder.
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f:*?\"<>|]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
NAME_MAX = 100


def check_name(name: str) -> str:
    """A name that is safe as one file-name component (category and source names)."""
    if not name or not name.strip():
        raise invalid("must not be empty")
    if name != name.strip():
        raise invalid(f"{name!r} must not start or end with spaces")
    if name.startswith(".") or ".." in name:
        raise invalid(f"{name!r} must not start with '.' or contain '..'")
    if name.endswith(".") or name.split(".")[0].upper() in _RESERVED:
        raise invalid(f"{name!r} is not a portable file name")
    bad = _UNSAFE_NAME.search(name)
    if bad:
        raise invalid(f"{name!r} must not contain {bad.group()!r} (it becomes a file name)")
    if len(name) > NAME_MAX:
        raise invalid(f"must be at most {NAME_MAX} characters (it becomes a file name)")
    return name


SafeName = Annotated[str, AfterValidator(check_name)]

_FIELDS = ("category", "source")


def check_placeholders(value: str) -> str:
    """A pattern may use ``{category}`` and ``{source}`` as they are (no attribute, index, conversion
    or format spec), and ``{{``/``}}`` for braces."""
    try:
        fields = [
            (name, conv, spec) for _, name, spec, conv in string.Formatter().parse(value) if name is not None
        ]
    except ValueError as exc:
        raise invalid(f"{value!r}: only {{category}} and {{source}} may be used ({exc})") from None
    for name, conv, spec in fields:
        if name not in _FIELDS or conv or spec:
            shown = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            raise invalid(
                f"{value!r}: only {{category}} and {{source}} may be used, as they are (not {shown})"
            )
    return value


# The longest a pattern's parts can become: names at their maximum, long month and day names.
_LONGEST_DAY = dt.datetime(2000, 9, 27, 23, 59, 59, tzinfo=dt.timezone.utc)
_COMPONENT_MAX = 255


def check_file_pattern(value: str) -> str:
    """A report path pattern: placeholders as :func:`check_placeholders`, names a file, and no part
    of the path can grow past what a file system accepts (255 bytes a name)."""
    check_placeholders(value)
    if not value.strip() or value.endswith(("/", "\\")):
        raise invalid(f"{value!r} must name a file")
    try:  # as the run does: the date's strftime first, then the names
        longest = _LONGEST_DAY.strftime(value).format(category="c" * NAME_MAX, source="s" * NAME_MAX)
    except (ValueError, KeyError, IndexError) as exc:
        raise invalid(f"{value!r}: {exc}") from None
    for part in re.split(r"[/\\]", longest):
        if len(part.encode("utf-8", "surrogateescape")) > _COMPONENT_MAX:
            raise invalid(
                f"{value!r}: a file or folder name can become longer than {_COMPONENT_MAX} bytes "
                f"(names are up to {NAME_MAX} characters)"
            )
    return value
