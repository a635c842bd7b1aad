"""Turn the markdown-it syntax tree of an article body into the model's blocks."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from pydantic import ValidationError

from publisher.model import Inline, ListItem, Text, plain_text
from publisher.sources.inline import MAX_INLINE_HTML_DEPTH, html_to_inlines

__all__ = ["MAX_INLINE_DEPTH", "MAX_LIST_DEPTH", "BodyIssue", "ImageRef", "convert_body", "markdown_parser"]

# "— Name, Role" closes a quote; a plain hyphen is too common at line starts to count.
_ATTRIBUTION_DASHES = ("—", "―")
_KEPT_MARKUP = "of raw HTML only links, emphasis, code, line breaks and <span lang> are kept"
_IMAGE_IN_TEXT = "an image inside text, a list, heading, quote or table (put it in a paragraph of its own)"
# Deeper than these no reader can follow, and every step below (tree, renderers) recurses per level.
MAX_LIST_DEPTH = 10
MAX_INLINE_DEPTH = MAX_INLINE_HTML_DEPTH
# markdown-it stops parsing (and drops the rest of the block) at this token level: it must lie beyond
# anything the limits above let through, so whatever it would drop is refused with a message instead.
_PARSER_NESTING = 2 * MAX_LIST_DEPTH + MAX_INLINE_DEPTH
# mdurl builds its percent-encoding tables on first use and publishes each before it is filled: a
# second thread reading a link meanwhile (the API parses posts side by side) fails with IndexError.
_URL_TABLES_LOCK = threading.Lock()


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and attributes (``{credit="..."}`` after an image); raw HTML is parsed
    so it can be sanitised rather than shown as text."""
    options = {"html": True, "maxNesting": _PARSER_NESTING}
    md = MarkdownIt("commonmark", options).enable("table").use(attrs_plugin)
    # markdown-it leaves a link to javascript: as literal text; made a link, it is dropped and reported.
    md.validateLink = _every_link  # type: ignore[method-assign]
    with _URL_TABLES_LOCK:  # the tables are filled before any parser is handed out
        md.normalizeLink("https://example.org/")
        md.normalizeLinkText("https://example.org/")
    return md


def _every_link(url: str) -> bool:
    return True


@dataclass(frozen=True)
class BodyIssue:
    """A problem in the body, at a line relative to the body's start (0-based)."""

    line: int
    message: str
    field: str = "body"
    # A warning is published and reported (e.g. raw HTML the sanitiser removed); an error stops it.
    warning: bool = False


@dataclass(frozen=True)
class ImageRef:
    """An image found in the body, to be resolved and validated by the source reader."""

    line: int
    attrs: dict[str, Any]


# A paragraph "Tabelle: ..." / "Table: ..." / ": ..." right after a table (or right before it) names it.
_CAPTION_PREFIX = re.compile(r"^(?:Tabelle|Table|Tab\.)?\s*:\s*", re.IGNORECASE)
_ALIGNMENT = re.compile(r"text-align:\s*(left|center|right)")


def _cell_alignment(cell: SyntaxTreeNode) -> str | None:
    found = _ALIGNMENT.search(str(cell.attrs.get("style", "")))
    return found.group(1) if found else None


def _caption_text(block: dict[str, Any]) -> str | None:
    if block.get("type") != "paragraph":
        return None
    text = plain_text(block["children"]).strip()
    prefix = _CAPTION_PREFIX.match(text)
    if prefix is None:
        return None
    return text[prefix.end() :].strip() or None


def attach_table_captions(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each table without a caption takes the caption paragraph right after (else before) it."""
    out = list(blocks)
    for index, block in enumerate(out):
        if block.get("type") != "table" or block.get("caption"):
            continue
        for neighbour in (index + 1, index - 1):
            caption = _caption_text(out[neighbour]) if 0 <= neighbour < len(out) else None
            if caption:
                out[index] = {**block, "caption": caption}
                out[neighbour] = {"type": "caption-taken"}
                break
    return [block for block in out if block.get("type") != "caption-taken"]


@dataclass
class _Converter:
    md: MarkdownIt
    resolve_image: Callable[[ImageRef], dict[str, Any] | None]
    issues: list[BodyIssue] = field(default_factory=list)
    # The line being converted, and what sanitising removed at each line (kept in order, once each).
    line: int = 0
    removed: dict[int, dict[str, None]] = field(default_factory=dict)

    def blocks(self, node: SyntaxTreeNode) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for child in node.children:
            out.extend(self.block(child))
        return attach_table_captions(out)

    def block(self, node: SyntaxTreeNode) -> list[dict[str, Any]]:
        line = self.line = node.map[0] if node.map else 0
        handler = getattr(self, f"_block_{node.type}", None)
        if handler is None:
            self.issues.append(BodyIssue(line, f"unsupported Markdown element '{node.type}'"))
            return []
        try:
            result: list[dict[str, Any]] = handler(node, line)
        except ValueError as error:
            # e.g. a character reference (&#12;, &#xFFFF;) for a character no output can carry
            message = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
            self.issues.append(BodyIssue(line, str(message).removeprefix("Value error, ")))
            return []
        return result

    def inlines(self, node: SyntaxTreeNode) -> list[Inline]:
        inline = (
            node if node.type == "inline" else next((c for c in node.children if c.type == "inline"), None)
        )
        if inline is None:
            return []
        return self._inline_tokens(inline.children)

    def _inline_tokens(self, children: list[SyntaxTreeNode]) -> list[Inline]:
        tokens = []
        for child in children:
            tokens.extend(child.to_tokens())
        # Copies: the tree's tokens are shared, and a soft line break reads as a space.
        tokens = [
            token.copy(type="text", content=" ") if token.type == "softbreak" else token for token in tokens
        ]
        html = self.md.renderer.render(tokens, self.md.options, {})
        return self._html(html)

    def _html(self, html: str) -> list[Inline]:
        removed: list[str] = []
        inlines = html_to_inlines(html, removed)
        self.removed.setdefault(self.line, {}).update(dict.fromkeys(removed))
        return inlines

    def removal_warnings(self) -> list[BodyIssue]:
        """One warning per line naming what the sanitiser left out of it."""
        warnings = []
        for line, removed in self.removed.items():
            if not removed:
                continue
            what = ", ".join(_IMAGE_IN_TEXT if item.startswith("<img>") else item for item in removed)
            warnings.append(BodyIssue(line, f"not published: {what}; {_KEPT_MARKUP}", warning=True))
        return warnings

    # --- block handlers ---------------------------------------------------------

    def _block_heading(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        level = int(node.tag[1])
        if level == 1:
            self.issues.append(
                BodyIssue(line, "the title is the page's only level-1 heading: start body sections with '##'")
            )
            return []
        children = self.inlines(node)
        return [{"type": "heading", "level": level, "children": children}]

    def _block_paragraph(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        inline = node.children[0]
        images = [child for child in inline.children if child.type == "image"]
        if not images:
            return [{"type": "paragraph", "children": self.inlines(node)}]
        others = [c for c in inline.children if c.type not in ("image", "softbreak") and c.content.strip()]
        if len(images) > 1 or others:
            self.issues.append(
                BodyIssue(line, "put an image on a line of its own (a paragraph holding only the image)")
            )
            return []
        image = images[0]
        attrs = dict(image.attrs)
        attrs["alt"] = "".join(child.content for child in image.children if child.type == "text")
        resolved = self.resolve_image(ImageRef(line, attrs))
        return [] if resolved is None else [{"type": "figure", "image": resolved}]

    def _block_bullet_list(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        return [self._list(node, ordered=False)]

    def _block_ordered_list(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        return [self._list(node, ordered=True)]

    def _list(self, node: SyntaxTreeNode, *, ordered: bool) -> dict[str, Any]:
        items = []
        for item in node.children:
            self.line = item.map[0] if item.map else self.line
            children: list[Inline] = []
            sublist = None
            for part in item.children:
                if part.type in ("bullet_list", "ordered_list"):
                    sublist = self._list(part, ordered=part.type == "ordered_list")
                elif part.type == "paragraph":
                    if children:
                        children.append(Text(text=" "))
                    children.extend(self.inlines(part))
                else:
                    self.issues.append(
                        BodyIssue(part.map[0] if part.map else 0, f"a list item cannot hold '{part.type}'")
                    )
            items.append(ListItem.model_validate({"children": children, "sublist": sublist}))
        start = int(node.attrs.get("start", 1)) if ordered else 1
        return {"type": "list", "ordered": ordered, "start": start, "items": items}

    def _block_blockquote(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        paragraphs = [child for child in node.children if child.type == "paragraph"]
        if len(paragraphs) != len(node.children) or not paragraphs:
            self.issues.append(BodyIssue(line, "a quote may only hold paragraphs of text"))
            return []
        speaker = role = None
        texts = [self.inlines(paragraph) for paragraph in paragraphs]
        last_inline = paragraphs[-1].children[0]
        breaks = [
            i for i, child in enumerate(last_inline.children) if child.type in ("softbreak", "hardbreak")
        ]
        head = last_inline.children[breaks[-1] + 1 :] if breaks else last_inline.children
        attribution = plain_text(self._inline_tokens(head)).strip()
        if attribution.startswith(_ATTRIBUTION_DASHES):
            speaker, _, role = attribution.lstrip("".join(_ATTRIBUTION_DASHES)).strip().partition(",")
            rest = last_inline.children[: breaks[-1]] if breaks else []
            texts[-1] = self._inline_tokens(rest)
            texts = [text for text in texts if plain_text(text).strip()]
            if not speaker.strip():
                self.issues.append(BodyIssue(line, "the quote's attribution line names no speaker"))
        if not texts:
            self.issues.append(BodyIssue(line, "the quote has an attribution but no quoted text"))
            return []
        return [
            {
                "type": "quote",
                "paragraphs": texts,
                "speaker": (speaker or "").strip() or None,
                "role": (role or "").strip() or None,
            }
        ]

    def _block_table(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        header: list[list[Inline]] = []
        rows: list[list[list[Inline]]] = []
        first_row = node.children[0].children[0] if node.children and node.children[0].children else None
        align = [_cell_alignment(cell) for cell in (first_row.children if first_row else [])]
        for section in node.children:
            for row in section.children:
                self.line = row.map[0] if row.map else line
                try:
                    cells = [self.inlines(cell) for cell in row.children]
                except ValueError as error:  # named at its row rather than at the table's first line
                    self.issues.append(BodyIssue(row.map[0] if row.map else line, str(error)))
                    continue
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        table = {"type": "table", "header": header, "rows": rows}
        return [{**table, "align": align} if any(align) else table]

    def _block_fence(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        return [{"type": "pre", "text": node.content.rstrip("\n")}]

    _block_code_block = _block_fence

    def _block_hr(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        return [{"type": "hr"}]

    def _block_html_block(self, node: SyntaxTreeNode, line: int) -> list[dict[str, Any]]:
        # Raw HTML blocks keep only their sanitised inline content, as a paragraph.
        children = self._html(node.content)
        if not plain_text(children).strip():
            return []
        return [{"type": "paragraph", "children": children}]


def convert_body(
    text: str, resolve_image: Callable[[ImageRef], dict[str, Any] | None]
) -> tuple[list[dict[str, Any]], list[BodyIssue]]:
    """Blocks (as dicts ready for the model) and problems found in a Markdown body."""
    md = markdown_parser()
    tokens = md.parse(text)
    too_deep = _nesting_issues(tokens)
    if too_deep:  # the syntax tree and every renderer recurse per level: stop before building them
        return [], too_deep
    converter = _Converter(md=md, resolve_image=resolve_image)
    blocks = converter.blocks(SyntaxTreeNode(tokens))
    return blocks, converter.issues + converter.removal_warnings()


def _nesting_issues(tokens: list[Token]) -> list[BodyIssue]:
    """Lists, quotes and inline markup nested deeper than the limits: one issue per top-level block."""
    issues: list[BodyIssue] = []
    lists = 0
    flagged = False
    for token in tokens:
        if token.level == 0 and token.nesting == 1:
            flagged = False
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        inline_depth = max((child.level for child in token.children or ()), default=0)
        if lists > MAX_LIST_DEPTH:
            message = (
                f"the list is nested more than {MAX_LIST_DEPTH} levels deep here: "
                "flatten it or split it into several lists"
            )
        elif token.nesting == 1 and token.level >= _PARSER_NESTING - 2:
            message = "quotes and lists are nested too deeply here: a quote holds paragraphs only"
        elif inline_depth > MAX_INLINE_DEPTH:
            message = (
                f"emphasis, links and spans are nested more than {MAX_INLINE_DEPTH} levels deep "
                "in this paragraph: remove the extra markers"
            )
        else:
            continue
        if not flagged:
            flagged = True
            issues.append(BodyIssue(token.map[0] if token.map else 0, message))
    return issues
