"""Repository-aware impact: what still points at a page, include, image or TOC target that a range
removes or moves.

The search itself is one ``git grep`` of the head tree (:func:`diffreport.vcs.refs.grep_fixed`) for
the :func:`needles` of every target; this module turns those lines into exact references: links and
images (relative paths resolved against the linking file, ``~/`` from the repository root,
site-absolute ``/docset/...`` URLs through the docsets of ``.openpublishing.publish.config.json``),
``[!INCLUDE]`` directives, ``:::image source=`` and TOC ``href``s, with anchors and queries stripped.
Redirects come from the ``.openpublishing.redirection*.json`` files at the head.
No git here: plain data in, plain data out.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from ..models import FileChange, Impact, Referrer, RefKind, Status, TargetKind

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")
PAGE_SUFFIXES = (".md", ".markdown", ".yml", ".yaml")
REDIRECT_PREFIX, REDIRECT_SUFFIX = ".openpublishing.redirection", ".json"
PUBLISH_CONFIG = ".openpublishing.publish.config.json"
# Only the start of a very long line is scanned for references.
MAX_SCAN_CHARS = 8192


@dataclass(frozen=True)
class Target:
    path: str
    kind: TargetKind


def target_kind(path: str) -> TargetKind:
    lower = path.lower()
    name = posixpath.basename(lower)
    if lower.endswith(IMAGE_SUFFIXES):
        return "image"
    if name in ("toc.yml", "toc.yaml", "toc.md"):
        return "toc"
    if "/includes/" in f"/{lower}" and lower.endswith(PAGE_SUFFIXES):
        return "include"
    if lower.endswith(PAGE_SUFFIXES):
        return "page"
    return "file"


def needles(targets: Iterable[Target]) -> set[str]:
    """Fixed strings that every reference to a target contains: its file name, and for pages the
    extension-less last segment of a site-absolute URL (``/overview`` or, for ``index.md``, the folder)."""
    found: set[str] = set()
    for target in targets:
        name = posixpath.basename(target.path)
        found.add(name)
        if target.kind == "page":
            stem = posixpath.splitext(name)[0]
            folder = posixpath.basename(posixpath.dirname(target.path))
            found.add(f"/{folder}" if stem.lower() == "index" and folder else f"/{stem}")
    return found


# One pass per line, each pattern anchored on a literal, none nested: linear in the line length.
_MD_TARGET = re.compile(r"\]\(\s*<?([^()\s<>]+)")
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]\n]{0,500}\]\(\s*<?([^()\s<>]+)", re.IGNORECASE)
_ATTR = re.compile(r"\b(?:source|lightbox|src)\s{0,8}=\s{0,8}[\"']([^\"'<>]{1,2000})[\"']", re.IGNORECASE)
_YAML_HREF = re.compile(r"^\s*(?:-\s+)?(?:href|tocHref|topicHref|url|src):\s*[\"']?([^\"'\s#]+)")


def references_in(path: str, text: str) -> Iterator[tuple[RefKind, str]]:
    """(kind, url) of every reference on one line of the file ``path``."""
    line = text[:MAX_SCAN_CHARS]
    includes = {m.start(1) for m in _INCLUDE.finditer(line)}
    for match in _INCLUDE.finditer(line):
        yield "include", match.group(1)
    for match in _MD_TARGET.finditer(line):
        if match.start(1) not in includes:
            url = match.group(1)
            yield ("image" if _is_image(url) else "link"), url
    for match in _ATTR.finditer(line):
        url = match.group(1).strip()
        yield ("image" if _is_image(url) else "link"), url
    if path.lower().endswith((".yml", ".yaml")):
        href = _YAML_HREF.match(line)
        if href:
            yield "toc", href.group(1)


def _is_image(url: str) -> bool:
    return url.split("#", 1)[0].split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES)


def docsets(publish_config: str | None) -> list[tuple[str, str]]:
    """(URL folder, source folder) pairs from ``.openpublishing.publish.config.json``."""
    if not publish_config:
        return []
    try:
        data = json.loads(publish_config)
    except ValueError:
        return []
    pairs: list[tuple[str, str]] = []
    sets = data.get("docsets_to_publish") if isinstance(data, dict) else None
    for item in sets if isinstance(sets, list) else []:
        if not isinstance(item, dict):
            continue
        source = str(item.get("build_source_folder") or "").strip("/.")
        output = str(item.get("build_output_subfolder") or "").strip("/")
        if output:
            pairs.append((output, source))
    return pairs


def candidates(referrer: str, url: str, sets: list[tuple[str, str]]) -> list[str]:
    """Repository paths ``url`` (as written in ``referrer``) may point at."""
    url = url.strip().split("#", 1)[0].split("?", 1)[0]
    if not url or ":" in url.split("/", 1)[0]:  # http:, mailto:, xref: ...
        return []
    url = unquote(url)
    bases: list[str] = []
    if url.startswith("~/"):
        bases.append(url[2:])
    elif url.startswith("/"):
        rest = url.lstrip("/")
        for output, source in sets:
            if rest == output or rest.startswith(output + "/"):
                bases.append(posixpath.join(source, rest[len(output) :].lstrip("/")) if source else rest)
        bases.append(rest)
    else:
        bases.append(posixpath.join(posixpath.dirname(referrer), url))
    paths: list[str] = []
    for base in bases:
        norm = posixpath.normpath(base).lstrip("/")
        if norm.startswith(".."):
            continue
        paths.append(norm)
        if not posixpath.splitext(norm)[1]:
            paths += [norm + ".md", norm + ".yml", posixpath.join(norm, "index.md"), norm + "/index.yml"]
    return paths


def redirects(files: Mapping[str, str]) -> dict[str, str]:
    """``source path -> redirect URL`` from the texts of redirection files (invalid ones are skipped)."""
    found: dict[str, str] = {}
    for text in files.values():
        try:
            data = json.loads(text)
        except ValueError:
            continue
        items = data.get("redirections") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            source = item.get("source_path") or item.get("source_path_from_root")
            target = item.get("redirect_url")
            if isinstance(source, str) and isinstance(target, str) and source.strip():
                found[source.strip().lstrip("/")] = target.strip()
    return found


def resolve(
    targets: Iterable[Target],
    hits: Iterable[tuple[str, int, str]],
    redirect_map: Mapping[str, str],
    sets: list[tuple[str, str]],
) -> dict[str, Impact]:
    """One :class:`Impact` per target, from grep hits ``(path, line, text)`` of the head tree."""
    by_path = {t.path: t for t in targets}
    impacts = {
        t.path: Impact(target=t.path, target_kind=t.kind, redirect=redirect_map.get(t.path))
        for t in by_path.values()
    }
    seen: set[tuple[str, str, int]] = set()
    for path, line, text in hits:
        for kind, url in references_in(path, text):
            for candidate in candidates(path, url, sets):
                target = by_path.get(candidate)
                if target is None or target.path == path or (candidate, path, line) in seen:
                    continue
                seen.add((candidate, path, line))
                impact = impacts[candidate]
                impact.total += 1
                if len(impact.referrers) < Impact.MAX_REFERRERS:
                    impact.referrers.append(Referrer(path=path, line=line, kind=kind))
                break
    for impact in impacts.values():
        impact.referrers.sort(key=lambda r: (r.path, r.line))
    return impacts


def targets_of(changes: Iterable[FileChange]) -> list[Target]:
    """The paths a range takes away: deleted files and the old paths of moved ones."""
    found: list[Target] = []
    for change in changes:
        if change.status is Status.DELETED:
            found.append(Target(change.path, target_kind(change.path)))
        elif change.status is Status.RENAMED and change.old_path:
            found.append(Target(change.old_path, target_kind(change.old_path)))
    return found


def find(
    targets: list[Target],
    grep: Callable[[set[str]], Iterable[tuple[str, int, str]]],
    root_texts: Mapping[str, str],
) -> dict[str, Impact]:
    """Impacts of ``targets``: ``grep`` searches the head tree once for fixed strings, ``root_texts``
    holds the head's redirection files and publish configuration by name."""
    if not targets:
        return {}
    redirect_texts = {
        name: text
        for name, text in root_texts.items()
        if name.startswith(REDIRECT_PREFIX) and name.endswith(REDIRECT_SUFFIX)
    }
    return resolve(
        targets, grep(needles(targets)), redirects(redirect_texts), docsets(root_texts.get(PUBLISH_CONFIG))
    )
