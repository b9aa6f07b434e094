"""Inline facts from the changed lines: links and images, includes, and repeated values."""

from __future__ import annotations

import difflib
import re

from ..models import IncludeChange, LinkChange, ValueChange
from .context import Context
from .pairing import Pool, cancel
from .patch import DiffLine, Hunk, replacement_pairs
from .syntax import INCLUDE_RE, LINK_RE, MAX_ITEMS, MAX_LINE, clean_inline

REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK_RE = re.compile(r"<a\s[^<>]*href=[\"']([^\"']+)[\"'][^<>]*>(.*?)</a>", re.IGNORECASE)
LEARN_IMAGE_RE = re.compile(
    r":::image\s[^:]*?source=\"([^\"]+)\"(?:[^:]*?alt-text=\"([^\"]*)\")?", re.IGNORECASE
)
TOKEN_RE = re.compile(r"[\w][\w.\-/:]*[\w]|[\w]")


def _links_of(text: str) -> list[tuple[bool, str, str]]:
    """Links and images of a line, each pattern run only when the text holds the characters it needs."""
    out: list[tuple[bool, str, str]] = []
    if "[!" in text:
        text = INCLUDE_RE.sub("", text)
    if "](" in text:
        out += [(m.group(1) == "!", clean_inline(m.group(2)), m.group(3)) for m in LINK_RE.finditer(text)]
    end = max(text.rfind("</a>"), text.rfind("</A>")) + 4  # a link's text ends before it
    if end > 3:
        out += [(False, clean_inline(m.group(2)), m.group(1)) for m in HTML_LINK_RE.finditer(text, 0, end)]
    if ":::" in text:
        out += [(True, m.group(2) or "", m.group(1)) for m in LEARN_IMAGE_RE.finditer(text)]
    if "]:" in text:
        ref = REF_DEF_RE.match(text)
        if ref and not text.lstrip().startswith("[!"):
            out.append((False, ref.group(1), ref.group(2)))
    return out


def links_and_includes(body: list[DiffLine], ctx: Context) -> tuple[list[LinkChange], list[IncludeChange]]:
    links: dict[str, list[tuple[tuple[bool, str, str], DiffLine]]] = {"+": [], "-": []}
    incs: dict[str, list[tuple[tuple[str, str], DiffLine]]] = {"+": [], "-": []}
    # every link, image and include form needs one of these
    for ln in [ln for ln in body if "[" in ln.text or "<" in ln.text or ":::" in ln.text]:
        text = ln.text[:MAX_LINE]
        for link in _links_of(text):
            links[ln.sign].append((link, ln))
        if "[!" in text:
            for m in INCLUDE_RE.finditer(text):
                incs[ln.sign].append(((m.group(1).strip(), m.group(2)), ln))
    plus, minus = cancel(links["+"], links["-"])
    same_text = Pool(minus, lambda o: (o[0][0], o[0][1]) if o[0][1] else None)
    out: list[LinkChange] = []
    for (image, text, url), ln in plus:
        twin = same_text.take_first(0, (image, text)) if text else None
        if twin is not None:
            out.append(
                LinkChange(
                    kind="retargeted",
                    image=image,
                    text=text,
                    url=url,
                    old_url=twin[0][2],
                    line=ln.new,
                    old_line=twin[1].old,
                    section=ctx.section(ln),
                )
            )
        else:
            out.append(
                LinkChange(
                    kind="added", image=image, text=text, url=url, line=ln.new, section=ctx.section(ln)
                )
            )
    for (image, text, url), ln in same_text.left():
        out.append(
            LinkChange(
                kind="removed", image=image, text=text, url=url, old_line=ln.old, section=ctx.section(ln)
            )
        )
    iplus, iminus = cancel(incs["+"], incs["-"])
    includes = [
        IncludeChange(kind="added", title=t, target=p, line=ln.new, section=ctx.section(ln))
        for (t, p), ln in iplus
    ]
    includes += [
        IncludeChange(kind="removed", title=t, target=p, old_line=ln.old, section=ctx.section(ln))
        for (t, p), ln in iminus
    ]
    return out[:MAX_ITEMS], includes[:MAX_ITEMS]


def values(hunks: list[Hunk], ctx: Context) -> list[ValueChange]:
    found: dict[tuple[str, str], ValueChange] = {}
    front = ctx.front
    for hunk in hunks:
        for old, new in replacement_pairs(hunk):
            if front and (id(old) in front or id(new) in front):
                continue
            a, b = TOKEN_RE.findall(old.text[:MAX_LINE]), TOKEN_RE.findall(new.text[:MAX_LINE])
            if not a or not b or len(a) > 400 or len(b) > 400 or a == b:
                continue  # (equal tokens: no replacement to find)
            for i1, j1 in _replacements(a, b):
                key = (a[i1], b[j1])
                if any(len(t) <= 2 and t.isalpha() for t in key):  # "it is" -> "it's": not a value
                    continue
                vc = found.get(key)
                if vc is None:
                    vc = found[key] = ValueChange(old=a[i1], new=b[j1], count=0)
                vc.count += 1
                if new.new is not None and len(vc.lines) < 20:
                    vc.lines.append(new.new)
    ranked = sorted(found.values(), key=lambda v: (-v.count, v.lines[:1]))
    return ranked[:MAX_ITEMS]


def _replacements(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Where one token of ``a`` is replaced by one of ``b`` (indices), in token lists at least half alike."""
    k = _lone_difference(a, b)
    if k is not None:
        return [(k, k)]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # the quick ratios bound the ratio from above: a pair they rule out is not compared in full
    if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5 or sm.ratio() < 0.5:
        return []
    return [
        (i1, j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag == "replace" and i2 - i1 == j2 - j1 == 1
    ]


def _lone_difference(a: list[str], b: list[str]) -> int | None:
    """The one position where ``a`` and ``b`` differ, when difflib's answer is known without running it:
    same length (at least 2), one token replaced, the tokens of ``a`` distinct and the new token not among
    them. Every match is then aligned, so the opcodes are equal, one 1-1 replace, equal, and the ratio
    (n-1)/n is at least one half."""
    if len(a) != len(b) or len(a) < 2:
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 1 or b[diff[0]] in a or len(set(a)) != len(a):
        return None
    return diff[0]
