"""What still points at a removed or moved file, said the same way in a file's explanation and in the
report's Insights ("3 pages still link to `how-to/old-setup.md`: overview.md, quickstart.md, toc.yml;
no redirect was added")."""

from __future__ import annotations

from ..models import Impact
from .lang import Speaker
from .paths import distinct_names

MAX_NAMED = 4
_GENERIC = frozenset({"index.md", "toc.yml", "toc.yaml", "toc.md", "readme.md"})


def _with_folder(path: str, name: str) -> str:
    """``name``, with its folder when it is a name every folder has (``plugins/TOC.yml``, not ``TOC.yml``)."""
    if name.lower() not in _GENERIC or "/" not in path:
        return name
    return "/".join(path.split("/")[-2:])


def impact_sentence(speaker: Speaker, impact: Impact) -> str:
    """One sentence: who still refers to ``impact.target`` and whether readers are redirected."""
    lang = speaker.lang
    path = lang.code_span(impact.target, 200)
    files = impact.referring_files
    short = distinct_names(files)  # "agents/index.md and workflows/index.md", not "index.md and index.md"
    names = lang.series([_with_folder(name, short[name]) for name in files], MAX_NAMED)
    count = lang.number(len(files))
    redirect = lang.code_span(impact.redirect, 200) if impact.redirect else ""
    if files:
        if impact.target_kind == "image":
            said = speaker.ngettext(
                "{count} page still shows {path}: {files}",
                "{count} pages still show {path}: {files}",
                len(files),
            )
        elif impact.target_kind == "include":
            said = speaker.ngettext(
                "{count} page still includes {path}: {files}",
                "{count} pages still include {path}: {files}",
                len(files),
            )
        elif impact.target_kind == "toc":  # a table of contents is no page: no redirect to speak of
            return speaker.ngettext(
                "{count} table of contents still points to {path}: {files}.",
                "{count} tables of contents still point to {path}: {files}.",
                len(files),
            ).format(count=count, path=path, files=names)
        else:
            said = speaker.ngettext(
                "{count} page still links to {path}: {files}",
                "{count} pages still link to {path}: {files}",
                len(files),
            )
        first = said.format(count=count, path=path, files=names)
        if redirect:
            return speaker._("{first}; readers are redirected to {url}.").format(first=first, url=redirect)
        return speaker._("{first}; no redirect was added.").format(first=first)
    if redirect:
        return speaker._("Readers of {path} are redirected to {url}.").format(path=path, url=redirect)
    if impact.target_kind == "image":
        return speaker._("No page shows {path} any more.").format(path=path)
    if impact.target_kind == "include":
        return speaker._("No page includes {path} any more.").format(path=path)
    if impact.target_kind == "toc":
        return speaker._("No table of contents points to {path} any more.").format(path=path)
    return speaker._("No page links to {path} any more, and no redirect was added.").format(path=path)
