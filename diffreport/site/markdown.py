"""Report Markdown to safe HTML with markdown-it-py.

Raw HTML is never passed through (``html=False``) except the exact ``<details>`` / ``<summary>`` lines
diffreport writes around each diff, which a block rule recognises and this module emits itself.
Headings take ids in either form of the report: a trailing ``{#item-xxxxxx}`` (pandoc) or an
``<a id="item-xxxxxx"></a>`` line just before the heading (CommonMark); links take ``{target="_blank"}``. Only ``http``,
``https``, ``mailto`` and in-page ``#`` links stay links: ``javascript:``, ``data:`` and the like, and
relative links into the documentation repository (which would not resolve on the site), become text.
Images are never loaded (no external requests): they become a link (or their text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.attrs import attrs_plugin

from ..models import LABELS
from .diffview import render_diff

_HEADING_ID = re.compile(r"(?<!\\)\{#([A-Za-z][\w-]{0,80})\}\s*$")
_SUMMARY = re.compile(r"^<summary>(.{0,200})</summary>$")
_ANCHOR = re.compile(r'^<a id="(item-[0-9a-f]{6})"></a>$')
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f]+")


def url_is_safe(url: str) -> bool:
    """A link the site keeps: web, mail, or a fragment of this page."""
    cleaned = _BAD_CHARS.sub("", url).lower()
    return cleaned.startswith("#") or cleaned.startswith(_SAFE_SCHEMES)


def _details_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip()
    if line in ("<details>", "</details>"):
        kind, text = ("details_open" if line == "<details>" else "details_close"), ""
    else:
        match = _SUMMARY.match(line)
        if not match:
            return False
        kind, text = "details_summary", match.group(1)
    if silent:
        return True
    token = state.push(kind, "details", 0)
    token.content = text
    token.map = [start, start + 1]
    state.line = start + 1
    return True


def _anchor_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``<a id="item-abc123"></a>`` on a line of its own: an anchor (given to the heading that follows)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip()
    match = _ANCHOR.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("anchor", "a", 0)
        token.attrSet("id", match.group(1))
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def _anchor_ids(state: StateCore) -> None:
    """An anchor right before a heading becomes the heading's id; any other anchor stays an anchor."""
    kept: list[Token] = []
    for i, token in enumerate(state.tokens):
        following = state.tokens[i + 1] if i + 1 < len(state.tokens) else None
        if token.type == "anchor" and following is not None and following.type == "heading_open":
            following.attrSet("id", str(token.attrGet("id")))
            continue
        kept.append(token)
    state.tokens = kept


def _heading_ids(state: StateCore) -> None:
    """``## path{#item-abc123}``: strip the marker, give the heading that id (before inline parsing)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            inline = tokens[i + 1]
            match = _HEADING_ID.search(inline.content)
            if match:
                token.attrSet("id", match.group(1))
                inline.content = inline.content[: match.start()].rstrip()


def _label_cells(state: StateCore) -> None:
    """A Summary Table cell holding one of the four types gets a class, so the type shows as a badge."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type == "td_open" and tokens[i + 1].type == "inline":
            label = tokens[i + 1].content.strip()
            if label in LABELS:
                token.attrSet("class", "label label-" + label.replace(" ", "-"))


def _balance_details(state: StateCore) -> None:
    """Drop a ``</details>`` that closes nothing and close what is left open, so the page stays whole."""
    depth = 0
    kept: list[Token] = []
    for token in state.tokens:
        if token.type == "details_open":
            depth += 1
        elif token.type == "details_close":
            if depth == 0:
                continue
            depth -= 1
        kept.append(token)
    kept.extend(Token("details_close", "details", 0) for _ in range(depth))
    state.tokens = kept


class SiteRenderer(RendererHTML):
    """HTML renderer with the diff view, the details structure and link policy."""

    def details_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return '<details class="file-diff">\n'

    def details_summary(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<summary>{escape(tokens[idx].content)}</summary>\n"

    def details_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return "</details>\n"

    def anchor(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f'<a id="{escape(str(tokens[idx].attrGet("id")))}"></a>\n'

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        lang = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
        if lang in ("diff", "patch", "udiff"):
            return render_diff(token.content)
        cls = f' class="language-{escape(lang)}"' if re.fullmatch(r"[\w+-]{1,30}", lang) else ""
        return f"<pre><code{cls}>{escape(token.content, quote=False)}</code></pre>\n"

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if not url_is_safe(href):
            token.meta["dropped"] = True
            _mark_close(tokens, idx)
            return '<span class="link-off">'
        if token.attrGet("target") is not None:
            token.attrSet("target", "_blank")
            token.attrSet("rel", "noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    def link_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        if tokens[idx].meta.get("dropped"):
            return "</span>"
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = escape(self.renderInlineAsText(token.children or [], options, env)) or escape(src)
        if src.lower().startswith(("http://", "https://")):
            return f'<a class="image-link" href="{escape(src)}" rel="noopener noreferrer">[{alt}]</a>'
        return f'<span class="image-off">[{alt}]</span>'


def _mark_close(tokens: Sequence[Token], idx: int) -> None:
    depth = 0
    for token in tokens[idx + 1 :]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            if depth == 0:
                token.meta["dropped"] = True
                return
            depth -= 1


class _SiteMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return True  # every link is parsed; the renderer keeps safe ones and turns the rest into text


@cache
def markdown_parser() -> MarkdownIt:
    md = _SiteMarkdown(
        "commonmark", {"html": False, "linkify": False, "typographer": False}, renderer_cls=SiteRenderer
    )
    md.enable("table")
    md.use(attrs_plugin, allowed=("target",))
    md.block.ruler.before("fence", "diffreport_details", _details_rule, {"alt": ["paragraph"]})
    md.block.ruler.before("fence", "diffreport_anchor", _anchor_rule, {"alt": ["paragraph"]})
    md.core.ruler.before("inline", "diffreport_heading_ids", _heading_ids)
    md.core.ruler.after("diffreport_heading_ids", "diffreport_anchor_ids", _anchor_ids)
    md.core.ruler.after("inline", "diffreport_details_balance", _balance_details)
    md.core.ruler.after("diffreport_details_balance", "diffreport_label_cells", _label_cells)
    return md


def render_markdown_html(text: str, env: dict[str, Any] | None = None) -> str:
    """Untrusted Markdown to HTML that cannot run script or load anything."""
    return markdown_parser().render(text, env if env is not None else {})
