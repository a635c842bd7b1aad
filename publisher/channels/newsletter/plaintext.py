"""The plain-text part of the newsletter, written from the canonical model (never scraped from HTML).

Links are kept inline as ``text <url>`` so the text part carries every link of the HTML part.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import assert_never

from publisher.channels.newsletter.content import EmailContent, image_url
from publisher.model import (
    Block,
    Code,
    Emphasis,
    Figure,
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
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from publisher.press_text import PressBlock

__all__ = ["WIDTH", "inline_text", "plain_text_part"]

WIDTH = 72
UNTRANSLATED_NOTE = "This article is not available in your language; here it is in its original language."


def inline_text(nodes: list[Inline]) -> str:
    """Inline nodes as text, each link written as ``text <url>``."""
    return "".join(_inline(node) for node in nodes)


def _inline(node: Inline) -> str:
    match node:
        case Text() | Code():
            return node.text
        case LineBreak():
            return "\n"
        case Link():
            label = inline_text(node.children)
            target = node.href.removeprefix("mailto:")
            return f"<{node.href}>" if label.strip() in ("", node.href, target) else f"{label} <{node.href}>"
        case Emphasis() | Strong() | Span():
            return inline_text(node.children)
        case _:
            assert_never(node)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    # URLs and hyphenated words are never broken: a broken link is a lost link.
    lines = []
    for number, line in enumerate(text.split("\n")):
        lines.append(
            textwrap.fill(
                line,
                WIDTH,
                initial_indent=(first if first is not None and number == 0 else indent),
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def _list_text(block: ListBlock, depth: int = 0) -> str:
    lines = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. " if block.ordered else "- "
        indent = "  " * depth
        lines.append(_wrap(inline_text(item.children), indent + " " * len(marker), indent + marker))
        if item.sublist:
            lines.append(_list_text(item.sublist, depth + 1))
    return "\n".join(lines)


def _block_text(block: Block, content: EmailContent, gettext: Callable[[str], str]) -> str:
    match block:
        case Heading():
            title = plain_text(block.children).strip()
            return f"{title}\n{('=' if block.level == 2 else '-') * min(len(title), WIDTH)}"
        case Paragraph():
            return _wrap(inline_text(block.children))
        case ListBlock():
            return _list_text(block)
        case Quote():
            return _quote_text(block)
        case Figure():
            return _figure_text(block, content, gettext)
        case Table():
            rows = [block.header, *block.rows] if block.header else block.rows
            text = "\n".join(" | ".join(inline_text(cell) for cell in row) for row in rows)
            return f"{block.caption}\n{text}" if block.caption else text
        case Preformatted():
            return textwrap.indent(block.text, "    ")
        case ThematicBreak():
            return "* * *"
        case _:
            assert_never(block)


def _quote_text(block: Quote) -> str:
    quoted = "\n\n".join(_wrap(inline_text(paragraph), "> ", "> ") for paragraph in block.paragraphs)
    if block.speaker:
        who = block.speaker + (f", {block.role}" if block.role else "")
        quoted += f"\n> — {who}"
    return quoted


def _figure_text(block: Figure, content: EmailContent, gettext: Callable[[str], str]) -> str:
    image = block.image
    if image.decorative and not image.caption:
        return ""
    lines = [f"[{gettext('Image')}: {image.alt}]"] if image.alt else []
    if image.caption:
        lines.append(_wrap(image.caption))
    if image.credit:
        # The credit is written in full by the author ("Foto: …", "Grafik: …").
        lines.append(image.credit)
    lines.append(image_url(image, content.image_base))
    return "\n".join(lines)


def plain_text_part(content: EmailContent, gettext: Callable[[str], str]) -> str:
    """The whole text part: header, article, related articles and footer with placeholder links."""
    article = content.article
    listen = ""
    if content.audio:
        label = gettext("Listen to this article (%(duration)s)") % {"duration": content.audio.duration}
        listen = f"{label}:\n<{content.audio.url}>"
    sections: list[str] = [f"{content.site_title}\n{gettext('Read online')}: <{content.web_url}>"]
    if content.untranslated:
        sections.append(_wrap(gettext(UNTRANSLATED_NOTE)))
    if listen and content.audio_first:
        sections.append(listen)
    if article.correction:
        sections.append(_wrap(f"{gettext('Correction of an earlier message:')} {article.correction}"))
    head = [article.kicker.upper()] if article.kicker else []
    head += [article.title, "#" * min(len(article.title), WIDTH)]
    sections += ["\n".join(head), _wrap(article.summary)]
    press = content.press
    if press and (press.dateline or press.number):
        sections.append(" · ".join(part for part in (press.dateline, press.number) if part))
    if article.image:
        sections.append(_figure_text(Figure(image=article.image), content, gettext))
    sections += [text for block in article.body if (text := _block_text(block, content, gettext))]
    if press:
        sections += _press_text(press)
    if listen and not content.audio_first:
        sections.append(listen)
    if article.related:
        related = [gettext("Related articles"), "-" * len(gettext("Related articles"))]
        for item in article.related:
            kicker = f"{item.kicker}: " if item.kicker else ""
            related.append(_wrap(f"{kicker}{item.title} <{item.url}>", "  ", "- "))
        sections.append("\n".join(related))
    sections.append("-- \n" + _footer_text(content, gettext))
    return "\n\n".join(section for section in sections if section) + "\n"


def _press_text(press: PressBlock) -> list[str]:
    """The press contacts and downloads, each address written out in full."""
    sections = []
    if press.contacts:
        lines = [press.labels["contact"], "-" * len(press.labels["contact"])]
        for contact in press.contacts:
            lines += [contact.name, *([contact.role] if contact.role else [])]
            if contact.phone:
                lines.append(f"{press.labels['phone']}: {contact.phone}")
            if contact.email:
                lines.append(f"{press.labels['email']}: <mailto:{contact.email}>")
        sections.append("\n".join(lines))
    if press.downloads:
        lines = [press.labels["downloads"], "-" * len(press.labels["downloads"])]
        for entry in press.downloads:
            lines.append(_wrap(f"{entry.title} ({entry.details}) <{entry.href}>", "  ", "- "))
            if entry.terms:
                lines.append(_wrap(entry.terms, "  ", "  "))
        sections.append("\n".join(lines))
    return sections


def _footer_text(content: EmailContent, gettext: Callable[[str], str]) -> str:
    lines = [_wrap(gettext("You receive this newsletter because you subscribed to it."))]
    if content.imprint:
        lines.append(content.imprint)
    if content.imprint_url:
        lines.append(f"{gettext('Imprint')}: <{content.imprint_url}>")
    if content.privacy_url:
        lines.append(f"{gettext('Privacy')}: <{content.privacy_url}>")
    lines.append(f"{gettext('Change your preferences')}: <{content.placeholders.preferences_url}>")
    lines.append(f"{gettext('Unsubscribe')}: <{content.placeholders.unsubscribe_url}>")
    return "\n".join(lines)
