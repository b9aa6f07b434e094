"""A report whose files wait on disk: memory held per file stays small however large the range.

Each file, once built, is written to a :class:`FileSpool` (an anonymous temporary file) as its text in the
JSON report, and only its light form stays in memory (a :class:`~diffreport.narrate.light.LightFile`: names,
counts, label, title and rule ids, and what report-level narration reads of its facts). A
:class:`SpooledReport` is the report made of those:
the JSON renderer copies each file's text from the spool as it is, the Markdown templates read each file
back whole when they reach it (:class:`SpooledFiles`), and :meth:`SpooledReport.whole` reads them all back
into a plain :class:`~diffreport.models.Report` for the stages that need every file at once (the LLM).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from .errors import OutputError

if TYPE_CHECKING:
    from .models import Report, ReportFile
    from .moves import Outline
    from .narrate.light import LightFile

_JSON, _PICKLE = 0, 1


def file_json(file: ReportFile) -> str:
    """A file as the JSON report writes it: indented two levels deeper than the report's own keys."""
    return file.model_dump_json(indent=2).replace("\n", "\n    ")  # a JSON string holds no raw newline


class FileSpool:
    """Report files kept in an anonymous temporary file (gone when closed), each read back on its own."""

    def __init__(self) -> None:
        import tempfile

        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - held until close()
        except OSError as exc:
            raise _cannot_keep(exc) from None
        self._at: list[tuple[int, int, int]] = []  # offset, length and form of each entry
        self._end = 0
        self._appending = True  # the file's position is at its end (a seek flushes the write buffer)
        self._last: tuple[int, ReportFile] | None = None  # the file read last: templates ask it many times

    def add(self, entry: str | bytes) -> int:
        """Keep an entry of :func:`entry_of`; returns its slot."""
        data = entry.encode("utf-8") if isinstance(entry, str) else entry
        try:
            if not self._appending:
                self._file.seek(self._end)
                self._appending = True
            self._file.write(data)
        except OSError as exc:  # a full disk, most likely
            raise _cannot_keep(exc) from None
        self._at.append((self._end, len(data), _JSON if isinstance(entry, str) else _PICKLE))
        self._end += len(data)
        return len(self._at) - 1

    def text(self, slot: int) -> str:
        """The file's text in the JSON report."""
        form, data = self._read(slot)
        return data.decode("utf-8") if form == _JSON else file_json(_unpickled(data))

    def file(self, slot: int) -> ReportFile:
        """The file, whole (the last one read is kept: a template asks for its fields one by one)."""
        if self._last is not None and self._last[0] == slot:
            return self._last[1]
        from .models import ReportFile

        form, data = self._read(slot)
        file = ReportFile.model_validate_json(data) if form == _JSON else _unpickled(data)
        self._last = (slot, file)
        return file

    def close(self) -> None:
        self._last = None
        self._file.close()

    def _read(self, slot: int) -> tuple[int, bytes]:
        offset, length, form = self._at[slot]
        self._appending = False
        self._file.seek(offset)
        return form, self._file.read(length)


@dataclass(frozen=True)
class Built:
    """A file built: its light form, the slot of the whole file in the range's spool, and the outline of
    an added page when the range may pair moves (:class:`~diffreport.moves.Outline`)."""

    light: LightFile
    slot: int
    outline: Outline | None = None


def spooled(spool: FileSpool, file: ReportFile, outline: Outline | None = None) -> Built:
    """Put ``file`` in ``spool``; what is kept of it in memory."""
    return Built(light(file), spool.add(entry_of(file)), outline)


def _cannot_keep(exc: OSError) -> OutputError:
    """Why a report's files cannot wait on disk, in one line (where: ``TMPDIR`` says)."""
    import tempfile

    try:
        where = tempfile.gettempdir()
    except OSError:  # no usable temporary folder at all
        where = "a temporary folder (set TMPDIR)"
    return OutputError(
        f"cannot keep the report's files in {where} while it is written: {exc.strerror or exc}"
    )


def entry_of(file: ReportFile) -> str | bytes:
    """What the spool keeps of a file: its JSON text, or the pickled file when some text of it cannot be
    JSON (a lone surrogate): rendering it as JSON then fails as it would have anyway, any other form works."""
    from pydantic_core import PydanticSerializationError

    try:
        return file_json(file)
    except PydanticSerializationError:
        import pickle

        return pickle.dumps(file)


def _unpickled(data: bytes) -> ReportFile:
    import pickle

    file: ReportFile = pickle.loads(data)
    return file


def light(file: ReportFile) -> LightFile:
    """What stays in memory of a spooled file (:func:`~diffreport.narrate.light_file`)."""
    from .narrate import light_file

    return light_file(file)


# The fields a light file holds as they are; a template asking for any other reads the file back.
_LIGHT = frozenset(
    {"path", "old_path", "status", "additions", "deletions", "changes", "binary", "anchor", "label", "title"}
    | {"patch_truncated", "source"}
)


class _FileView:
    """A spooled file as a template sees it: the light fields at once, the others read back on demand."""

    __slots__ = ("_light", "_slot", "_spool")

    def __init__(self, light_file: LightFile, slot: int, spool: FileSpool) -> None:
        self._light, self._slot, self._spool = light_file, slot, spool

    def __getattr__(self, name: str) -> Any:
        if name in _LIGHT:
            return getattr(self._light, name)
        return getattr(self._spool.file(self._slot), name)


class SpooledFiles(Sequence["ReportFile"]):
    """The files of a :class:`SpooledReport`, in report order, each read back when a template uses it."""

    def __init__(self, report: SpooledReport) -> None:
        self._report = report

    def __len__(self) -> int:
        return len(self._report.slots)

    @overload
    def __getitem__(self, index: int) -> ReportFile: ...
    @overload
    def __getitem__(self, index: slice) -> list[ReportFile]: ...
    def __getitem__(self, index: int | slice) -> ReportFile | list[ReportFile]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        report = self._report
        view = _FileView(report.light[index], report.slots[index], report.spool)
        return view  # type: ignore[return-value]  # it reads as a ReportFile

    def __iter__(self) -> Iterator[ReportFile]:
        return (self[i] for i in range(len(self)))


@dataclass
class SpooledReport:
    """A report whose files wait in ``spool``: ``report`` is its header and texts (no files), ``light[i]``
    the light form of the file in entry ``slots[i]``."""

    report: Report
    light: list[LightFile]
    spool: FileSpool
    slots: list[int]

    @property
    def files(self) -> SpooledFiles:
        """The whole files, read back one at a time."""
        return SpooledFiles(self)

    def file_texts(self) -> Iterator[str]:
        """Each file's text in the JSON report, in order."""
        return (self.spool.text(slot) for slot in self.slots)

    def whole(self) -> Report:
        """The plain report: every file read back."""
        return self.report.model_copy(update={"files": [self.spool.file(slot) for slot in self.slots]})

    def __getattr__(self, name: str) -> Any:
        """The report's other fields (``title``, ``date``, ``highlights`` ...), as a template reads them of a
        Report; nothing else of the model (a copy of it would have no files)."""
        if name not in _OWN and name in type(self.report).model_fields:
            return getattr(self.report, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_OWN = frozenset({"report", "light", "spool", "slots", "files"})  # never looked up in the report
