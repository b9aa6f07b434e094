"""Checks of the whole-file rules (see :mod:`.rules`): files added, removed or moved, images among them, and,
when the impact pass ran, what the head commit still points at.
"""

from __future__ import annotations

from ..analysis import FileAnalysis
from ..models import Impact
from .checks import Context, _names, _q


def _is_image(fa: FileAnalysis) -> bool:
    return fa.kind == "image"


def _referrer_evidence(impact: Impact) -> list[str]:
    return [f"still referenced from {r.path}:{r.line} ({r.kind})" for r in impact.referrers[:8]]


def file_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    if fa.status not in ("added", "copied") or _is_image(fa) or fa.kind == "symlink":
        return None  # (a symbolic link adds a path to content there already)
    ev = [f"title {_q(fa.title)}"] if fa.title else []
    if fa.headings:
        ev.append("sections: " + ", ".join(_q(h, 40) for h in fa.headings[:6]))
    return ev, {}


def image_added(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    return ([], {}) if fa.status == "added" and _is_image(fa) else None


def file_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """A removed page, TOC or other file; an include or a TOC nothing refers to any more is left to
    :func:`unreferenced_removed`."""
    if fa.status != "deleted" or _is_image(fa):
        return None
    impact = fa.impact
    if impact is not None and impact.target_kind in ("include", "toc") and not impact.total:
        return None
    title = fa.old_title or fa.title
    ev = ([f"title {_q(title)}"] if title else []) + [f"{fa.deletions} lines removed"]
    if impact is None:
        return ev, {"detail": "links and bookmarks to it break"}
    ev += _referrer_evidence(impact)
    if impact.redirect:
        detail = f"readers of the old URL are redirected to {impact.redirect}"
    elif impact.total:
        detail = (
            f"{len(impact.referring_files)} file(s) still link to it ({_names(impact.referring_files)}); "
            "no redirect was added"
        )
    else:
        detail = "nothing in the repository links to it any more, but no redirect was added"
    return ev, {"detail": detail}


def image_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """An image removed that a page still embeds, or one whose use is unknown (no impact pass)."""
    if fa.status != "deleted" or not _is_image(fa):
        return None
    if fa.impact is None:
        return [], {"detail": "a page that still embeds it shows a broken image"}
    if not fa.impact.total:
        return None
    return _referrer_evidence(fa.impact), {
        "detail": f"{len(fa.impact.referring_files)} file(s) still show it ({_names(fa.impact.referring_files)})"
    }


def unreferenced_removed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """An image, include or table of contents removed that nothing at the head refers to any more: a
    clean-up (a table of contents is no page a reader bookmarks; what it listed is said by the pages)."""
    impact = fa.impact
    if fa.status != "deleted" or impact is None or impact.total:
        return None
    if not (_is_image(fa) or impact.target_kind in ("image", "include", "toc")):
        return None
    what = {"include": "an include", "toc": "a table of contents"}.get(impact.target_kind, "an image")
    return [f"no reference to {impact.target} at the head"], {"what": what}


def file_renamed(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    if fa.status != "renamed":
        return None
    ev = [f"from {fa.old_path}"] if fa.old_path else []
    redirect = fa.impact.redirect if fa.impact else None
    detail = (
        f"readers of the old URL are redirected to {redirect}" if redirect else "the old URL needs a redirect"
    )
    return ev, {"old": fa.old_path or "?", "detail": detail}


def moved_still_referenced(fa: FileAnalysis, c: Context) -> tuple[list[str], dict[str, object]] | None:
    """A moved file whose old path the head still points at, with no redirect: those links break."""
    impact = fa.impact
    if fa.status != "renamed" or impact is None or impact.redirect or not impact.total:
        return None
    return _referrer_evidence(impact), {
        "old": impact.target,
        "count": len(impact.referring_files),
        "files": _names(impact.referring_files),
    }
