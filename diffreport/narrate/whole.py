"""Points about a file as a whole: added, removed, moved, an image replaced, a symbolic link changed, only
whitespace or comments changed."""

from __future__ import annotations

from .facts import is_include, samples
from .impact import impact_sentence
from .paths import relative_pair
from .points import FileContext, Point, Weight


def added_file(file: FileContext) -> Point:
    if file.analysis.kind == "symlink":
        target = file.lang.code_span(file.analysis.link_target or "", 120)
        return Point(
            Weight.WHOLE_FILE,
            file._("Added a symbolic link to {target}").format(target=target),
            file._("Added {name}, a symbolic link to {target}.").format(
                name=file.lang.code_span(file.name), target=target
            ),
            "symlink",
        )
    if file.analysis.kind == "image" or file.analysis.image:
        return Point(
            Weight.WHOLE_FILE,
            file._("Added image {name}").format(name=file.name),
            file._("Added the image {name}.").format(name=file.lang.code_span(file.name)),
            "image",
        )
    if file.binary:
        return Point(
            Weight.WHOLE_FILE,
            file._("Added {name}").format(name=file.name),
            file._("Added the binary file {name}.").format(name=file.lang.code_span(file.name)),
            "file",
        )
    if file.analysis.kind == "yaml" and file.analysis.toc:
        return _whole_toc(file, "added")
    include = file.analysis.kind == "markdown" and is_include(file.path)
    if include:  # a Learn include: text other pages show, no page of its own
        title = (
            file._("New include file {title}").format(title=file.lang.quote(file.document_title))
            if file.document_title
            else file._("Added include file {name}").format(name=file.name)
        )
    else:
        title = (
            file._("New article {title}").format(title=file.lang.quote(file.document_title))
            if file.analysis.kind == "markdown" and file.document_title
            else file._("Added {name}").format(name=file.name)
        )
    lines = file.lang.lines(file.analysis.additions)
    if not file.analysis.additions:  # a placeholder created before its content
        return Point(
            Weight.WHOLE_FILE,
            file._("Added {name}").format(name=file.name),
            file._("Added {name}, an empty file.").format(name=file.lang.code_span(file.name)),
            "article-added",
        )
    if file.analysis.kind == "markdown" and file.analysis.headings:
        # each title once: a page written per language (zone pivots) repeats its sections
        heads = file.lang.series_of(list(dict.fromkeys(file.analysis.headings)), file.lang.quote)
        languages = samples([c.language for c in file.analysis.code_blocks if c.kind == "added"])
        if include and languages:
            sentence = file._(
                "New include file ({lines}) with the sections {sections}; it has {samples} samples."
            )
        elif include:
            sentence = file._("New include file ({lines}) with the sections {sections}.")
        elif languages:
            sentence = file._("New article ({lines}) with the sections {sections}; it has {samples} samples.")
        else:
            sentence = file._("New article ({lines}) with the sections {sections}.")
        sentence = sentence.format(lines=lines, sections=heads, samples=file.lang.series(languages))
    elif include:
        sentence = file._("New include file ({lines}).").format(lines=lines)
    elif file.analysis.kind == "markdown":
        sentence = file._("New article ({lines}).").format(lines=lines)
    else:
        sentence = file._("New file ({lines}).").format(lines=lines)
    return Point(Weight.WHOLE_FILE, title, sentence, "article-added")


def deleted_file(file: FileContext) -> Point:
    """The file removed; when the impact pass ran, :func:`still_referenced` says what still points at it,
    so the sentence here does not guess."""
    known = file.analysis.impact is not None
    if file.analysis.kind == "symlink":
        return Point(
            Weight.WHOLE_FILE,
            file._("Removed symbolic link {name}").format(name=file.name),
            file._("Removed {name}, a symbolic link to {target}.").format(
                name=file.lang.code_span(file.name),
                target=file.lang.code_span(file.analysis.old_link_target or "", 120),
            ),
            "symlink",
        )
    if file.analysis.kind == "image" or file.analysis.image:
        said = (
            file._("Removed the image {name}.")
            if known
            else file._("Removed the image {name}; pages that still show it lose the picture.")
        )
        return Point(
            Weight.WHOLE_FILE,
            file._("Removed image {name}").format(name=file.name),
            said.format(name=file.lang.code_span(file.name)),
            "image",
        )
    if file.analysis.kind == "yaml" and file.analysis.toc:
        return _whole_toc(file, "removed")
    if not file.analysis.deletions and not file.binary:  # a placeholder removed: no "(0 lines)"
        return Point(
            Weight.WHOLE_FILE,
            file._("Removed {name}").format(name=file.name),
            file._("Removed {name}, an empty file.").format(name=file.lang.code_span(file.name)),
            "article-removed" if file.analysis.kind == "markdown" else "file",
        )
    if file.analysis.kind == "markdown" and is_include(file.path):
        title = (
            file._("Removed include file {title}").format(title=file.lang.quote(file.document_title))
            if file.document_title
            else file._("Removed include file {name}").format(name=file.name)
        )
        said = (
            file._("Removed the include file ({lines}).")
            if known
            else file._("Removed the include file ({lines}); pages that still include it lose its text.")
        )
        sentence = said.format(lines=file.lang.lines(file.analysis.deletions))
        return Point(Weight.WHOLE_FILE, title, sentence, "article-removed")
    if file.analysis.kind == "markdown":
        title = (
            file._("Removed article {title}").format(title=file.lang.quote(file.document_title))
            if file.document_title
            else file._("Removed {name}").format(name=file.name)
        )
        said = (
            file._("Removed the article ({lines}).")
            if known
            else file._(
                "Removed the article ({lines}); links to {path} stop working unless it is redirected."
            )
        )
        sentence = said.format(
            lines=file.lang.lines(file.analysis.deletions), path=file.lang.code_span(file.path, 200)
        )
        return Point(Weight.WHOLE_FILE, title, sentence, "article-removed")
    return Point(
        Weight.WHOLE_FILE,
        file._("Removed {name}").format(name=file.name),
        file._("Removed the file ({lines}).").format(lines=file.lang.lines(file.analysis.deletions)),
        "file",
    )


def _whole_toc(file: FileContext, kind: str) -> Point:
    """A table of contents added or removed whole, with its entries."""
    entries = [e for e in file.analysis.toc if e.kind == kind and e.name]
    n = len(entries)
    if kind == "added":
        title = file._("Added table of contents {name}")
        sentence = file.ngettext(
            "New table of contents with {count} entry: {names}.",
            "New table of contents with {count} entries: {names}.",
            n,
        )
    else:
        title = file._("Removed table of contents {name}")
        sentence = file.ngettext(
            "Removed the table of contents with {count} entry: {names}.",
            "Removed the table of contents with {count} entries: {names}.",
            n,
        )
    names = file.lang.series_of(entries, lambda e: file.lang.quote(e.name))
    return Point(
        Weight.WHOLE_FILE,
        title.format(name=file.name),
        sentence.format(count=file.lang.number(n), names=names),
        "toc",
    )


def moved_file(file: FileContext, old_path: str) -> Point:
    old, new = relative_pair(old_path, file.path)
    full = {"old": file.lang.code_span(old_path, 200), "new": file.lang.code_span(file.path, 200)}
    known = file.analysis.impact is not None  # then the impact sentence says what still links to the old path
    if file.rewritten:  # the page as a whole is the news, as for an added or removed one
        said = (
            file._("Moved from {old} to {new} and rewrote most of it.")
            if known
            else file._(
                "Moved from {old} to {new} and rewrote most of it; links to the old path stop working "
                "unless it is redirected."
            )
        )
        return Point(
            Weight.WHOLE_FILE,
            file._("Moved and rewrote {old} as {new}").format(old=old, new=new),
            said.format(**full),
            "moved",
        )
    said = (
        file._("Moved from {old} to {new}.")
        if known
        else file._("Moved from {old} to {new}; links to the old path stop working unless it is redirected.")
    )
    return Point(
        Weight.MOVED,
        file._("Moved {old} to {new}").format(old=old, new=new),
        said.format(**full),
        "moved",
    )


def replaced_image(file: FileContext) -> Point:
    return Point(
        Weight.IMAGE_REPLACED,
        file._("Replaced image {name}").format(name=file.name),
        file._("Replaced the image {name}.").format(name=file.lang.code_span(file.name)),
        "image",
    )


def whitespace_only(file: FileContext) -> Point:
    return Point(
        Weight.WHITESPACE,
        file._("Whitespace-only change in {name}").format(name=file.name),
        file._("Only whitespace changed."),
        "whitespace",
    )


def symlink_changed(file: FileContext) -> list[Point]:
    """A symbolic link pointed elsewhere, put in a file's place, or replaced by a file (none when only its
    path changed: the move says it)."""
    old, new = file.analysis.old_link_target, file.analysis.link_target
    span = file.lang.code_span
    name = span(file.name)
    if old is not None and new is not None:
        if old == new:
            return []
        title = file._("Repointed the symbolic link {name} to {target}").format(
            name=name, target=span(new, 120)
        )
        sentence = file._("Repointed the symbolic link {name} from {old} to {new}.").format(
            name=name, old=span(old, 120), new=span(new, 120)
        )
    elif new is not None:
        title = file._("Replaced {name} with a symbolic link to {target}").format(
            name=name, target=span(new, 120)
        )
        sentence = file._("Replaced the file {name} ({lines}) with a symbolic link to {target}.").format(
            name=name, lines=file.lang.lines(file.analysis.deletions), target=span(new, 120)
        )
    else:
        title = file._("Replaced the symbolic link {name} with a file").format(name=name)
        sentence = file._("Replaced the symbolic link {name} (to {target}) with a file of {lines}.").format(
            name=name, target=span(old or "", 120), lines=file.lang.lines(file.analysis.additions)
        )
    return [Point(Weight.WHOLE_FILE, title, sentence, "symlink")]


def comments_only(file: FileContext) -> Point:
    """The page's text changed only inside HTML comments (its front matter may have changed too: then a
    date says less, and other metadata more)."""
    if file.analysis.front_matter:
        sentence = file._("Its text changed only in HTML comments, which readers do not see.")
    else:
        sentence = file._("Only HTML comments changed; the page reads the same.")
    return Point(
        Weight.COMMENTS,
        file._("Edited comments readers do not see in {name}").format(name=file.name),
        sentence,
        "comments",
    )


def reindented(file: FileContext) -> Point:
    """YAML lines indented otherwise and no more (an item put in its list): said with the lines."""
    lines = file.analysis.reindented
    n = max(len(lines), 1)
    return Point(
        Weight.LINE_COUNTS,
        file.ngettext("Re-indented {count} line in {name}", "Re-indented {count} lines in {name}", n).format(
            count=file.lang.number(n), name=file.name
        ),
        file.ngettext(
            "Changed the indentation of {count} line: {lines}.",
            "Changed the indentation of {count} lines: {lines}.",
            n,
        ).format(count=file.lang.number(n), lines=file.lang.series_of(lines, file.lang.code_span, 3)),
        "reindented",
    )


def line_counts(file: FileContext) -> Point:
    """The last resort: how many lines changed."""
    return Point(
        Weight.LINE_COUNTS,
        file._("Updated {name}").format(name=file.name),
        file._("{added} added and {removed} removed.").format(
            added=file.lang.lines(file.analysis.additions), removed=file.lang.lines(file.analysis.deletions)
        ),
        "edit",
    )


def still_referenced(file: FileContext) -> list[Point]:
    """What the head still points at, for a removed file or the old path of a moved one."""
    impact = file.analysis.impact
    sentence = impact_sentence(file, impact) if impact else ""
    return [Point(Weight.IMPACT, "", sentence, "impact")] if sentence else []
