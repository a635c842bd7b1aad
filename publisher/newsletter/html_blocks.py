"""Body blocks of the canonical article as email-safe HTML with inline styles.

Email clients drop most stylesheets, so every element carries its style inline; the
colours are the ones the MJML template uses (AA contrast on white and in dark mode).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from publisher.model import (
    Block,
    Code,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    Span,
    Strong,
    Text,
    ThematicBreak,
)

__all__ = ["LINK_COLOUR", "MUTED_COLOUR", "TEXT_COLOUR", "block_html", "inline_html"]

TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#4a4a4a"
LINK_COLOUR = "#0b57d0"
_HEADING_SIZES = {2: 22, 3: 19, 4: 18, 5: 17, 6: 17}
_P = "margin:0 0 16px 0;"


def inline_html(nodes: list[Inline]) -> Markup:
    """Inline nodes as HTML; text is escaped, links get a visible underline and colour."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(str(escape(node.text)))
        elif isinstance(node, Code):
            parts.append(f'<code style="font-family:Consolas,Menlo,monospace">{escape(node.text)}</code>')
        elif isinstance(node, LineBreak):
            parts.append("<br>")
        elif isinstance(node, Emphasis):
            parts.append(f"<em>{inline_html(node.children)}</em>")
        elif isinstance(node, Strong):
            parts.append(f"<strong>{inline_html(node.children)}</strong>")
        elif isinstance(node, Link):
            parts.append(
                f'<a href="{escape(node.href)}" style="color:{LINK_COLOUR};text-decoration:underline">'
                f"{inline_html(node.children)}</a>"
            )
        elif isinstance(node, Span):
            parts.append(f'<span lang="{escape(node.lang)}">{inline_html(node.children)}</span>')
    return Markup("".join(parts))


def _list_html(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        f'<li style="margin:0 0 8px 0">{inline_html(item.children)}'
        f"{_list_html(item.sublist) if item.sublist else ''}</li>"
        for item in block.items
    )
    return f'<{tag}{start} style="margin:0 0 16px 0;padding:0 0 0 24px">{items}</{tag}>'


def _quote_html(block: Quote) -> str:
    paragraphs = "".join(f'<p style="{_P}">{inline_html(paragraph)}</p>' for paragraph in block.paragraphs)
    source = ""
    if block.speaker:
        who = escape(block.speaker) + (Markup(", ") + escape(block.role) if block.role else "")
        source = f'<p style="{_P}color:{MUTED_COLOUR};font-style:normal">— {who}</p>'
    return (
        f'<blockquote style="margin:0 0 16px 0;padding:0 0 0 16px;border-left:4px solid {LINK_COLOUR};'
        f'font-style:italic">{paragraphs}{source}</blockquote>'
    )


def block_html(block: Block) -> Markup:
    """One text block (heading, paragraph, list, quote, preformatted, break) as HTML."""
    if isinstance(block, Heading):
        size = _HEADING_SIZES[block.level]
        html = (
            f'<h{block.level} style="margin:24px 0 12px 0;font-size:{size}px;line-height:1.3">'
            f"{inline_html(block.children)}</h{block.level}>"
        )
    elif isinstance(block, Paragraph):
        html = f'<p style="{_P}">{inline_html(block.children)}</p>'
    elif isinstance(block, ListBlock):
        html = _list_html(block)
    elif isinstance(block, Quote):
        html = _quote_html(block)
    elif isinstance(block, Preformatted):
        html = (
            f'<pre style="{_P}white-space:pre-wrap;font-family:Consolas,Menlo,monospace;font-size:15px">'
            f"{escape(block.text)}</pre>"
        )
    elif isinstance(block, ThematicBreak):
        html = f'<hr style="border:none;border-top:1px solid {MUTED_COLOUR};margin:24px 0">'
    else:
        raise TypeError(f"{type(block).__name__} is not a text block")
    return Markup(html)
