"""The canonical article: the one model every channel renders from.

Pure data and validation, no I/O. A source (Markdown today) builds an ``Article``;
channels only read it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal, assert_never

import langcodes
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from slugify import slugify

from publisher.urls import WEB_SCHEMES, check_url

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "SLUG_PATTERN",
    "UNUSABLE_CHARACTERS",
    "Article",
    "Block",
    "Code",
    "Emphasis",
    "Figure",
    "Heading",
    "Image",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "Preformatted",
    "Quote",
    "RelatedArticle",
    "Span",
    "Strong",
    "Table",
    "Text",
    "ThematicBreak",
    "block_text",
    "make_slug",
    "plain_text",
    "unusable_character",
    "word_count",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80
# German transliteration first, so "Straße" becomes "strasse", not "strae".
_GERMAN_REPLACEMENTS = [
    ["Ä", "Ae"],
    ["Ö", "Oe"],
    ["Ü", "Ue"],
    ["ä", "ae"],
    ["ö", "oe"],
    ["ü", "ue"],
    ["ß", "ss"],
    ["ẞ", "SS"],
]
# Characters no output can carry (XML refuses them, feeds and mail headers break on them): controls
# other than tab and line breaks, C1 controls, lone surrogates and the Unicode noncharacters.
_NONCHARACTERS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
UNUSABLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
_DECIMAL_POINT_LANGUAGES = {"en", "zh", "ja", "ko", "he", "th", "ga", "mt"}
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.](?=\d)")


def make_slug(title: str, lang: str = "de") -> str:
    """Derive a URL slug from a title, transliterating German letters.

    Numbers keep their sense: German "1,3 Mio." gives "1-3-mio" and "2.000" gives "2000";
    English "1,200" gives "1200".
    """
    decimal = "." if lang.split("-")[0].lower() in _DECIMAL_POINT_LANGUAGES else ","
    title = _DIGIT_GROUP.sub(lambda match: "-" if match.group() == decimal else "", title)
    return slugify(
        title,
        replacements=_GERMAN_REPLACEMENTS,
        max_length=SLUG_MAX_LENGTH,
        word_boundary=True,
    )


def unusable_character(text: str) -> str | None:
    """What makes ``text`` unpublishable (its first control or noncharacter, named), or None."""
    found = UNUSABLE_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code >= 0xFDD0:
        kind = "a Unicode noncharacter"
    else:
        kind = "a control character"
    return f"holds U+{code:04X} ({kind}), which no output can carry; remove it"


def _usable_text(value: object) -> object:
    if isinstance(value, str):
        problem = unusable_character(value)
        if problem:
            raise ValueError(f"the text {problem}")
    return value


def _valid_language_tag(value: str) -> str:
    if not langcodes.tag_is_valid(value):
        raise ValueError(f"{value!r} is not a valid BCP 47 language tag (e.g. 'de', 'de-DE', 'en')")
    return langcodes.standardize_tag(value)


# Dates outside this range are typing mistakes (9999, 0001); at the edges time-zone arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100


def _plausible_date(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        written = value.isoformat()
        raise ValueError(
            f"the year {value.year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}; check the date ({written})"
        )
    return value


def _image_source(value: str) -> str:
    # A file beside the article (relative) or a web address; never data:, file: or script.
    return check_url(value, schemes=WEB_SCHEMES, relative=True)


# Every text of the model: checked before whitespace is stripped, which would hide a trailing U+000B.
PlainText = Annotated[str, BeforeValidator(_usable_text)]
LanguageTag = Annotated[PlainText, AfterValidator(_valid_language_tag)]
# Stored as a browser reads it (see publisher.urls), so what is emitted is what was checked.
SafeUrl = Annotated[PlainText, Field(min_length=1), AfterValidator(check_url)]
ImageSource = Annotated[PlainText, Field(min_length=1), AfterValidator(_image_source)]
Slug = Annotated[PlainText, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
NonEmpty = Annotated[PlainText, Field(min_length=1)]
PublicationTime = Annotated[AwareDatetime, AfterValidator(_plausible_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- inline content -------------------------------------------------------------


class _InlineModel(BaseModel):
    # Spaces between inline nodes are content ("a <em>b</em>"), so nothing is stripped here.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_InlineModel):
    type: Literal["text"] = "text"
    text: PlainText


class Code(_InlineModel):
    type: Literal["code"] = "code"
    text: PlainText


class LineBreak(_InlineModel):
    type: Literal["br"] = "br"


class Emphasis(_InlineModel):
    type: Literal["em"] = "em"
    children: list[Inline]


class Strong(_InlineModel):
    type: Literal["strong"] = "strong"
    children: list[Inline]


class Link(_InlineModel):
    type: Literal["link"] = "link"
    href: SafeUrl
    children: list[Inline]


class Span(_InlineModel):
    """A run of text in another language than the article's (WCAG 3.1.2)."""

    type: Literal["span"] = "span"
    lang: LanguageTag
    children: list[Inline]


Inline = Annotated[
    Text | Code | LineBreak | Emphasis | Strong | Link | Span,
    Field(discriminator="type"),
]


# --- images and blocks ----------------------------------------------------------


class Image(_Model):
    """An image; ``decorative: true`` is the only way to have no alt text."""

    src: ImageSource
    alt: PlainText = ""
    caption: PlainText | None = None
    credit: PlainText | None = None
    decorative: bool = False
    width: int | None = Field(default=None, gt=0)
    height: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Image:
        if self.decorative and self.alt:
            raise ValueError("a decorative image has no alt text: remove 'alt' or 'decorative: true'")
        if not self.decorative and not self.alt:
            raise ValueError(
                "image needs alt text describing it, or 'decorative: true' if it carries no information"
            )
        return self


class Heading(_Model):
    type: Literal["heading"] = "heading"
    # The article title is the only level-1 heading.
    level: int = Field(ge=2, le=6)
    children: list[Inline]


class Paragraph(_Model):
    type: Literal["paragraph"] = "paragraph"
    children: list[Inline]


class ListItem(_Model):
    children: list[Inline]
    sublist: ListBlock | None = None


class ListBlock(_Model):
    type: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[ListItem] = Field(min_length=1)


class Quote(_Model):
    """A quotation, attributed to a speaker with an optional role."""

    type: Literal["quote"] = "quote"
    paragraphs: list[list[Inline]] = Field(min_length=1)
    speaker: PlainText | None = None
    role: PlainText | None = None


class Figure(_Model):
    type: Literal["figure"] = "figure"
    image: Image


class Table(_Model):
    type: Literal["table"] = "table"
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    caption: PlainText | None = None


class Preformatted(_Model):
    type: Literal["pre"] = "pre"
    text: PlainText


class ThematicBreak(_Model):
    type: Literal["hr"] = "hr"


Block = Annotated[
    Heading | Paragraph | ListBlock | Quote | Figure | Table | Preformatted | ThematicBreak,
    Field(discriminator="type"),
]


# --- the article ----------------------------------------------------------------


class RelatedArticle(_Model):
    title: NonEmpty
    url: SafeUrl
    kicker: PlainText | None = None
    image: Image | None = None


class Article(_Model):
    """One press release or news article, as written once by the press office."""

    title: NonEmpty = Field(max_length=200)
    slug: Slug
    lang: LanguageTag
    date: PublicationTime
    embargo: PublicationTime | None = None
    kicker: PlainText | None = Field(default=None, max_length=80)
    summary: NonEmpty
    author: NonEmpty
    tags: list[NonEmpty] = []
    image: Image | None = None
    body: list[Block] = Field(min_length=1)
    related: list[RelatedArticle] = []
    # What a correction changed, shown on the page as an "updated on" note when it is released again.
    correction: NonEmpty | None = Field(default=None, max_length=500)

    @model_validator(mode="before")
    @classmethod
    def _derive_slug(cls, data: object) -> object:
        if isinstance(data, dict) and not data.get("slug") and isinstance(data.get("title"), str):
            data = {**data, "slug": make_slug(data["title"], str(data.get("lang") or "de"))}
        return data

    @property
    def primary_language(self) -> str:
        """The language subtag ('de' for 'de-AT'), which picks UI strings and voices."""
        return self.lang.split("-")[0]

    def is_embargoed(self, now: datetime) -> bool:
        return self.embargo is not None and now < self.embargo


def plain_text(nodes: list[Inline]) -> str:
    """The text of inline nodes as a reader sees it, without markup."""
    return "".join(_inline_text(node) for node in nodes)


def _inline_text(node: Inline) -> str:
    match node:
        case Text() | Code():
            return node.text
        case LineBreak():
            return "\n"
        case Emphasis() | Strong() | Link() | Span():
            return plain_text(node.children)
        case _:
            assert_never(node)


def block_text(block: Block) -> str:
    """The readable text of one body block (figures count their caption)."""
    match block:
        case Heading() | Paragraph():
            return plain_text(block.children)
        case ListBlock():
            return " ".join(
                plain_text(item.children) + (" " + block_text(item.sublist) if item.sublist else "")
                for item in block.items
            )
        case Quote():
            return " ".join(plain_text(paragraph) for paragraph in block.paragraphs)
        case Figure():
            return block.image.caption or ""
        case Table():
            cells = [*block.header, *(cell for row in block.rows for cell in row)]
            return " ".join(plain_text(cell) for cell in cells)
        case Preformatted():
            return block.text
        case ThematicBreak():
            return ""
        case _:
            assert_never(block)


def word_count(article: Article) -> int:
    """Words a reader reads: title, lead and body."""
    texts = [article.title, article.summary, *(block_text(block) for block in article.body)]
    return sum(len(text.split()) for text in texts)


for _model in (Emphasis, Strong, Link, Span, ListItem):
    _model.model_rebuild()
