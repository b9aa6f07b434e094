"""Points about tables: the rows added, removed or updated, and the columns a table gained, lost or renamed."""

from __future__ import annotations

from functools import partial

from ..analysis import TableColumnChange, TableRowChange
from ..analysis.table_columns import changed_cell
from ..analysis.values import replaced
from .facts import inside_section
from .lang import plain
from .points import FileContext, Point, Weight
from .quotes import diff_window, short_pair, word_edit


def tables(file: FileContext) -> list[Point]:
    out: list[Point] = []
    added_sections = file.added_paths
    rows = [
        r
        for r in file.analysis.tables
        if r.name  # a row with nothing in it names nothing
        and not r.columns_only  # the columns say it
        and r.name not in file.used_rows
        and not inside_section(r.section, added_sections)
        and not _said_by_values(file, r)
    ]
    rows = _less_replaced(file, rows)
    # a row removed and added under the same name was edited
    both = {r.name for r in rows if r.kind == "added"} & {r.name for r in rows if r.kind == "removed"}
    rows = [r for r in rows if r.name not in both or r.kind == "added"]
    rows = [r.model_copy(update={"kind": "changed"}) if r.name in both else r for r in rows]
    if file.analysis.link_only:  # the rows changed in their links' targets only: the links say it
        rows = [r for r in rows if r.kind != "changed"]
    kinds = ["renamed" if _renamed(file, r) else r.kind for r in rows]
    for kind, weight in (
        ("added", Weight.TABLE_ROW_ADDED),
        ("removed", Weight.TABLE_ROW_REMOVED),
        ("renamed", Weight.TABLE_ROW_RENAMED),
        ("changed", Weight.TABLE_ROW_CHANGED),
    ):
        group = [r for r, k in zip(rows, kinds, strict=True) if k == kind]
        if group:
            out.append(Point.later(weight, f"table-{kind}", partial(_rows_text, file, kind, group)))
    return out


def _renamed(file: FileContext, row: TableRowChange) -> bool:
    """A changed row that took another name, the values replaced not saying so already."""
    return (
        row.kind == "changed"
        and bool(row.old_name)
        and replaced(file.analysis.values, row.old_name or "") != row.name
    )


def _cut_names(old: str, new: str, limit: int = 40) -> tuple[str, str]:
    """Two long names of a row cut to the words that differ, two words about them."""
    return (old, new) if len(old) <= limit and len(new) <= limit else diff_window(old, new, 2)


def _said_by_values(file: FileContext, row: TableRowChange) -> bool:
    """A row renamed that is its old self with the values replaced ("Changed `TextSkill` to `TextPlugin` in
    5 places", its name among them): they say it. (A row whose name was kept is still named: it tells
    where a value changed, `eastus2` in a table of quotas.)"""
    if not row.old_name or not row.old or not row.new or not file.analysis.values:
        return False
    return " ".join(replaced(file.analysis.values, row.old).split()) == " ".join(row.new.split())


def _less_replaced(file: FileContext, rows: list[TableRowChange]) -> list[TableRowChange]:
    """``rows`` less each row removed that another added is, with the values replaced (`HttpSkill` to
    `HttpPlugin`, the rest of the row a few marks): the values say both."""
    if not file.analysis.values:
        return rows
    added = {" ".join(r.new.split()): k for k, r in enumerate(rows) if r.kind == "added" and r.new}
    said: set[int] = set()
    for k, r in enumerate(rows):
        if r.kind == "removed" and r.old:
            twin = added.pop(" ".join(replaced(file.analysis.values, r.old).split()), None)
            if twin is not None:
                said |= {k, twin}
    return [r for k, r in enumerate(rows) if k not in said] if said else rows


def _rows_text(file: FileContext, kind: str, rows: list[TableRowChange]) -> tuple[str, str]:
    # a row of the same name in two tables (a page's zone pivots) is named once
    if kind == "renamed":
        names = list(
            dict.fromkeys(
                file._("{old} to {new}").format(
                    old=file.lang.code_span(old, 60), new=file.lang.code_span(new, 60)
                )
                for old, new in (_cut_names(r.old_name or "", r.name) for r in rows)
            )
        )
    else:
        names = list(dict.fromkeys(file.lang.code_span(r.name, 40) for r in rows))
    n = len(names)
    title, sentence = {
        "added": (
            file.ngettext("Added table row {names}", "Added table rows {names}", n),
            file.ngettext("Added the table row {names}.", "Added the table rows {names}.", n),
        ),
        "removed": (
            file.ngettext("Removed table row {names}", "Removed table rows {names}", n),
            file.ngettext("Removed the table row {names}.", "Removed the table rows {names}.", n),
        ),
        "renamed": (
            file.ngettext("Renamed table row {names}", "Renamed table rows {names}", n),
            file.ngettext("Renamed the table row {names}.", "Renamed the table rows {names}.", n),
        ),
        "changed": (
            file.ngettext("Updated table row {names}", "Updated table rows {names}", n),
            file.ngettext("Updated the table row {names}.", "Updated the table rows {names}.", n),
        ),
    }[kind]
    if kind == "changed":
        changed = _changed_text(file, rows, names)
        if changed is not None:
            return changed
    return title.format(names=file.lang.series(names, 3)), sentence.format(names=file.lang.series(names, 5))


def _changed_text(file: FileContext, rows: list[TableRowChange], names: list[str]) -> tuple[str, str] | None:
    """Rows updated, said by what changed in them: the one cell each changed, when they changed the same
    column the same way; else the words one row, or a few rows alike, replaced; else the column they
    changed. None when none of these is known."""
    n = len(names)
    title = file.ngettext("Updated table row {names}", "Updated table rows {names}", n).format(
        names=file.lang.series(names, 3)
    )
    listed = file.lang.series(names, 5)
    cell = _cell_edit(file, rows) if n <= _SAME_EDIT_ROWS else None
    if cell is not None and cell[1] is not None:
        column, old, new = file.lang.quote(cell[0], 60), cell[1], cell[2] or ""
        if (old or new).casefold() == cell[0].casefold() and not (old and new):
            # the cell says its column (`[C#](…)` under 'C#'): it was added or removed
            sentence = _words_edited(file, old, new, n)
        elif not old:
            sentence = file.ngettext(
                "Set {column} to {new} in the table row {names}.",
                "Set {column} to {new} in the table rows {names}.",
                n,
            )
        elif not new:
            sentence = file.ngettext(
                "Removed {old} from {column} in the table row {names}.",
                "Removed {old} from {column} in the table rows {names}.",
                n,
            )
        else:
            sentence = file.ngettext(
                "Changed {column} from {old} to {new} in the table row {names}.",
                "Changed {column} from {old} to {new} in the table rows {names}.",
                n,
            )
        return title, sentence.format(
            column=column, old=file.lang.quote(old, 60), new=file.lang.quote(new, 60), names=listed
        )
    edit = _row_edit(rows[0]) if n == 1 else None
    if edit:  # one row: the words that changed in it, in context
        sentence = file._("Updated the table row {names}: {old} is now {new}.")
        return title, sentence.format(
            names=names[0], old=file.lang.quote(edit[0], 120), new=file.lang.quote(edit[1], 120)
        )
    same = _same_edit(file, rows) if 1 < n <= _SAME_EDIT_ROWS else None
    if same:  # a few rows, each changed the same way: that edit, once
        old, new = (file.lang.quote(w, 60) for w in same)
        return title, _words_edited(file, *same, n).format(names=listed, old=old, new=new)
    if cell is not None:  # the column they changed, where each changed another way
        sentence = file.ngettext(
            "Updated {column} in the table row {names}.", "Updated {column} in the table rows {names}.", n
        )
        return title, sentence.format(column=file.lang.quote(cell[0], 60), names=listed)
    return None


def _words_edited(file: FileContext, old: str, new: str, n: int) -> str:
    """The sentence (to format with ``old``, ``new`` and ``names``) for words taken out of, put into, or
    replaced in ``n`` table rows."""
    if not new:
        return file.ngettext(
            "Removed {old} from the table row {names}.", "Removed {old} from the table rows {names}.", n
        )
    if not old:
        return file.ngettext(
            "Added {new} to the table row {names}.", "Added {new} to the table rows {names}.", n
        )
    return file.ngettext(
        "Changed {old} to {new} in the table row {names}.",
        "Changed {old} to {new} in the table rows {names}.",
        n,
    )


def _cell_edit(file: FileContext, rows: list[TableRowChange]) -> tuple[str, str | None, str | None] | None:
    """The column every row changed one cell in, when it is the same column (its header); with the cell's
    old and new text when every row made the same short edit that no value replaced says already (`-` to
    `✅` under 'text-embedding-3-large' in the row `norwayeast`). None when the rows changed other columns,
    or more than one cell, or their table's header is unknown."""
    columns = {r.column for r in rows}
    if len(columns) != 1 or None in columns:
        return None
    (column,) = columns
    assert column is not None
    edits = {changed_cell(r.old or "", r.new or "") for r in rows}
    if None in edits:
        return None
    pairs = {(e[1], e[2]) for e in edits if e is not None}
    if len(pairs) == 1:
        old, new = pairs.pop()
        said = any((v.old, v.new) == (old.strip(_MARKS), new.strip(_MARKS)) for v in file.analysis.values)
        if not said and len(old) <= 60 and len(new) <= 60:
            return column, old, new
    return column, None, None


_SAME_EDIT_ROWS = 12  # rows changed the same way, said with that edit


def _same_edit(file: FileContext, rows: list[TableRowChange]) -> tuple[str, str] | None:
    """The words every row replaced, when they are the same words and say something ('Studio' to 'Foundry
    portal' in two rows of settings); None otherwise, or when the values replaced say it (`15` to `13` in a
    table of quotas: the rows are named, to tell where)."""
    if file.analysis.values and all(
        r.old and r.new and " ".join(replaced(file.analysis.values, r.old).split()) == " ".join(r.new.split())
        for r in rows
    ):
        return None
    edits = {word_edit(plain(r.old, 2_000), plain(r.new, 2_000)) for r in rows}
    if len(edits) != 1:
        return None
    (old, new) = edits.pop()
    while old and new and old[-1] == new[-1] and not old[-1].isalnum():  # "Studio," / "Foundry portal,"
        old, new = old[:-1], new[:-1]
    edit = (old, new)
    said = old + new
    if any((v.old, v.new) == tuple(w.strip(_MARKS) for w in edit) for v in file.analysis.values):
        return None  # the value replaced, said already
    return edit if any(c.isalnum() for c in said) and len(said) <= 80 else None


_MARKS = ".,;:!?()[]'\"`*_/"


def _row_edit(row: TableRowChange) -> tuple[str, str] | None:
    """The words that changed in a row, a few about them ('… page in Azure AI Studio. An …' and '… page in
    Azure AI Foundry portal. An …'); None when a reader sees the same words (its markup or a link changed),
    or when only marks changed (`✅` and `-` across a matrix of regions say nothing quoted)."""
    old, new = plain(row.old, 2_000), plain(row.new, 2_000)
    if not any(c.isalnum() for c in "".join(word_edit(old, new))):
        return None
    return diff_window(old, new, context=3)


def columns(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for kind, weight in (
        ("removed", Weight.TABLE_COLUMN_REMOVED),
        ("added", Weight.TABLE_COLUMN_ADDED),
        ("renamed", Weight.TABLE_COLUMN_RENAMED),
    ):
        group = [c for c in file.analysis.columns if c.kind == kind]
        if group:
            out.append(Point.later(weight, f"table-column-{kind}", partial(_columns_text, file, kind, group)))
    return out


def _columns_text(file: FileContext, kind: str, columns: list[TableColumnChange]) -> tuple[str, str]:
    """Columns of one kind, named once each; the table named by its section when it is the only one."""
    lang = file.lang
    if kind == "renamed":
        pairs = [short_pair(c.old or "", c.name) for c in columns]  # cut to where they differ
        names = list(
            dict.fromkeys(
                file._("{old} to {new}").format(old=lang.quote(old, 60), new=lang.quote(new, 60))
                for old, new in pairs
            )
        )
    else:
        names = list(dict.fromkeys(lang.quote(c.name, 40) for c in columns))
    n, tables = len(names), len({(c.section, c.line) for c in columns})
    section = columns[0].section if tables == 1 else None
    title, sentence = {
        "added": (
            file.ngettext("Added table column {names}", "Added table columns {names}", n),
            file.ngettext("Added the column {names} to a table.", "Added the columns {names} to a table.", n)
            if section is None
            else file.ngettext(
                "Added the column {names} to the table in {section}.",
                "Added the columns {names} to the table in {section}.",
                n,
            ),
        ),
        "removed": (
            file.ngettext("Removed table column {names}", "Removed table columns {names}", n),
            file.ngettext(
                "Removed the column {names} from a table.", "Removed the columns {names} from a table.", n
            )
            if section is None
            else file.ngettext(
                "Removed the column {names} from the table in {section}.",
                "Removed the columns {names} from the table in {section}.",
                n,
            ),
        ),
        "renamed": (
            file.ngettext("Renamed table column {names}", "Renamed table columns {names}", n),
            file.ngettext("Renamed the table column {names}.", "Renamed the table columns {names}.", n)
            if section is None
            else file.ngettext(
                "Renamed the table column {names} in {section}.",
                "Renamed the table columns {names} in {section}.",
                n,
            ),
        ),
    }[kind]
    where = lang.quote(section.rpartition(" > ")[2]) if section else ""
    return title.format(names=lang.series(names, 3)), sentence.format(
        names=lang.series(names, 5), section=where
    )
