"""Body blocks of the canonical article as email-safe HTML with inline styles.

Email clients drop most stylesheets, so every element carries its style inline; the
colours are the ones the MJML template uses (AA contrast on white and in dark mode).
"""

from __future__ import annotations

from typing import assert_never

from markupsafe import Markup, escape

from publisher.model import (
    Block,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    Table,
    ThematicBreak,
)
from publisher.rendering import Abbreviations, render_inlines

__all__ = ["LINK_COLOUR", "MUTED_COLOUR", "TEXT_COLOUR", "block_html", "inline_html"]

TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#4a4a4a"
LINK_COLOUR = "#0b57d0"
_HEADING_SIZES = {2: 22, 3: 19, 4: 18, 5: 17, 6: 17}
_P = "margin:0 0 16px 0;"


def inline_html(nodes: list[Inline], abbreviations: Abbreviations | None = None) -> Markup:
    """Inline nodes as HTML (the web channel's renderer) with the inline styles email clients need."""
    # Text is escaped by render_inlines, so these tags can only be the renderer's own.
    html = str(render_inlines(nodes, abbreviations))
    html = html.replace("<a href=", f'<a style="color:{LINK_COLOUR};text-decoration:underline" href=')
    html = html.replace("<code>", '<code style="font-family:Consolas,Menlo,monospace">')
    return Markup(html)


def _list_html(block: ListBlock, abbreviations: Abbreviations | None) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        f'<li style="margin:0 0 8px 0">{inline_html(item.children, abbreviations)}'
        f"{_list_html(item.sublist, abbreviations) if item.sublist else ''}</li>"
        for item in block.items
    )
    return f'<{tag}{start} style="margin:0 0 16px 0;padding:0 0 0 24px">{items}</{tag}>'


def _quote_html(block: Quote, abbreviations: Abbreviations | None) -> str:
    paragraphs = "".join(
        f'<p style="{_P}">{inline_html(paragraph, abbreviations)}</p>' for paragraph in block.paragraphs
    )
    source = ""
    if block.speaker:
        who = escape(block.speaker) + (Markup(", ") + escape(block.role) if block.role else "")
        source = f'<p style="{_P}color:{MUTED_COLOUR};font-style:normal">— {who}</p>'
    return (
        f'<blockquote style="margin:0 0 16px 0;padding:0 0 0 16px;border-left:4px solid {LINK_COLOUR};'
        f'font-style:italic">{paragraphs}{source}</blockquote>'
    )


def block_html(block: Block, abbreviations: Abbreviations | None = None) -> Markup:
    """One text block (heading, paragraph, list, quote, preformatted, break) as HTML.

    Figures and tables are laid out by the email template itself (``content.segments`` sends them there).
    """
    match block:
        case Heading():
            size = _HEADING_SIZES[block.level]
            html = (
                f'<h{block.level} style="margin:24px 0 12px 0;font-size:{size}px;line-height:1.3">'
                f"{inline_html(block.children, abbreviations)}</h{block.level}>"
            )
        case Paragraph():
            html = f'<p style="{_P}">{inline_html(block.children, abbreviations)}</p>'
        case ListBlock():
            html = _list_html(block, abbreviations)
        case Quote():
            html = _quote_html(block, abbreviations)
        case Preformatted():
            html = (
                f'<pre style="{_P}white-space:pre-wrap;font-family:Consolas,Menlo,monospace;font-size:15px">'
                f"{escape(block.text)}</pre>"
            )
        case ThematicBreak():
            html = f'<hr style="border:none;border-top:1px solid {MUTED_COLOUR};margin:24px 0">'
        case Figure() | Table():
            raise TypeError(f"{type(block).__name__} is laid out by the template, not as a text block")
        case _:
            assert_never(block)
    return Markup(html)
