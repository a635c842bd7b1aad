"""What one newsletter says, independent of HTML or plain text: links, labels and body segments.

Both the MJML template and the plain-text part are made from this one ``EmailContent``,
so the two parts carry the same links by construction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import assert_never
from urllib.parse import urljoin

from publisher.late_values import AUDIO_MINUTES, marker
from publisher.model import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    Table,
    ThematicBreak,
)
from publisher.press_text import PressBlock, press_block

__all__ = [
    "RTL_LANGUAGES",
    "AudioLink",
    "EmailContent",
    "Placeholders",
    "build_content",
    "image_url",
    "segments",
    "text_direction",
]

RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


@dataclass(frozen=True)
class AudioLink:
    """The released spoken version of the article."""

    url: str
    duration_seconds: int
    # The MP3 of the same release is still being rendered: the duration is a marker filled in at release.
    late: bool = False

    @property
    def duration(self) -> str:
        """Duration as m:ss (or its marker)."""
        if self.late:
            return marker(AUDIO_MINUTES)
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class Placeholders:
    """Tokens left in the compiled email and replaced per subscriber.

    A random part per compilation means no article text can forge a token.
    """

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def unsubscribe_url(self) -> str:
        return f"https://unsubscribe.invalid/{self.nonce}"

    @property
    def preferences_url(self) -> str:
        return f"https://preferences.invalid/{self.nonce}"


@dataclass(frozen=True)
class EmailContent:
    """The article plus everything the email adds around it, in the reader's UI language."""

    article: Article
    locale: str
    web_url: str
    site_title: str
    imprint: str
    imprint_url: str | None
    privacy_url: str | None
    placeholders: Placeholders
    audio: AudioLink | None = None
    audio_first: bool = False
    image_base: str = ""
    # The lexicon's expansions of abbreviations the article uses (written form -> full form).
    abbreviations: dict[str, str] = field(default_factory=dict)
    # Dateline, release number, press contacts and downloads (linked on the web page's folder).
    press: PressBlock | None = None

    @property
    def direction(self) -> str:
        return text_direction(self.article.lang)

    @property
    def untranslated(self) -> bool:
        """The reader's language is not the article's and the article names no translation into it.

        Such a reader gets the original with a note saying so (a named translation is sent instead).
        """
        if _primary(self.article.lang) == self.locale:
            return False
        return not any(
            version.kind == "translation" and _primary(version.lang) == self.locale
            for version in self.article.versions
        )


def _primary(language_tag: str) -> str:
    return language_tag.split("-")[0].lower()


def text_direction(language_tag: str) -> str:
    """``rtl`` for right-to-left scripts, else ``ltr``."""
    return "rtl" if language_tag.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def image_url(image: Image, base: str) -> str:
    """Absolute URL of an image: relative sources live in the article's web folder."""
    return urljoin(base, image.src)


def segments(body: list[Block]) -> list[tuple[str, list[Block]]]:
    """The body cut into runs of text blocks, figures and tables (each rendered differently)."""
    result: list[tuple[str, list[Block]]] = []
    for block in body:
        kind = _segment_kind(block)
        if kind == "text" and result and result[-1][0] == "text":
            result[-1][1].append(block)
        else:
            result.append((kind, [block]))
    return result


def _segment_kind(block: Block) -> str:
    match block:
        case Figure():
            return "figure"
        case Table():
            return "table"
        case Heading() | Paragraph() | ListBlock() | Quote() | Preformatted() | ThematicBreak():
            return "text"
        case _:
            assert_never(block)


def build_content(
    article: Article,
    *,
    locale: str,
    web_url: str,
    site_title: str,
    imprint: str = "",
    imprint_url: str | None = None,
    privacy_url: str | None = None,
    audio: AudioLink | None = None,
    audio_first: bool = False,
    placeholders: Placeholders | None = None,
    abbreviations: dict[str, str] | None = None,
    timezone: str = "Europe/Berlin",
) -> EmailContent:
    """The content of the newsletter for ``article`` whose web page is at ``web_url``."""
    return EmailContent(
        article=article,
        locale=locale,
        web_url=web_url,
        site_title=site_title,
        imprint=imprint,
        imprint_url=imprint_url,
        privacy_url=privacy_url,
        placeholders=placeholders or Placeholders(),
        audio=audio,
        audio_first=audio_first and audio is not None,
        abbreviations=abbreviations or {},
        image_base=web_url,
        press=press_block(article, timezone, files_base=web_url),
    )
