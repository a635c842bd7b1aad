"""The canonical article: the one model every channel renders from.

Pure data and validation, no I/O. A source (Markdown today) builds an ``Article``;
channels only read it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field, model_validator
from slugify import slugify

from publisher.fields import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    UNUSABLE_CHARACTERS,
    FrozenModel,
    ImageSource,
    LanguageTag,
    NonEmpty,
    PlainText,
    PublicationTime,
    SafeUrl,
    unusable_character,
)
from publisher.press import ArticleVersion, Download, PressContact

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "SLUG_PATTERN",
    "UNUSABLE_CHARACTERS",
    "Article",
    "Block",
    "Code",
    "Download",
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
    "PressContact",
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


Slug = Annotated[PlainText, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]


# --- inline content -------------------------------------------------------------


class _InlineModel(BaseModel):
    # Spaces between inline nodes are content ("a <em>b</em>"), so nothing is stripped here; built at
    # first use, as the blocks are (``FrozenModel``).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


class Image(FrozenModel):
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


class Heading(FrozenModel):
    type: Literal["heading"] = "heading"
    # The article title is the only level-1 heading.
    level: int = Field(ge=2, le=6)
    children: list[Inline]


class Paragraph(FrozenModel):
    type: Literal["paragraph"] = "paragraph"
    children: list[Inline]


class ListItem(FrozenModel):
    children: list[Inline]
    sublist: ListBlock | None = None


class ListBlock(FrozenModel):
    type: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[ListItem] = Field(min_length=1)


class Quote(FrozenModel):
    """A quotation, attributed to a speaker with an optional role."""

    type: Literal["quote"] = "quote"
    paragraphs: list[list[Inline]] = Field(min_length=1)
    speaker: PlainText | None = None
    role: PlainText | None = None


class Figure(FrozenModel):
    type: Literal["figure"] = "figure"
    image: Image


ColumnAlignment = Literal["left", "center", "right"]


class Table(FrozenModel):
    type: Literal["table"] = "table"
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    caption: PlainText | None = None
    # Each column's alignment as the Markdown's delimiter row set it (":--:", "--:"); None: not set.
    align: list[ColumnAlignment | None] = Field(default_factory=list)

    def alignment(self, column: int) -> ColumnAlignment | None:
        """The alignment of ``column`` (0-based), None when the table does not set one."""
        return self.align[column] if column < len(self.align) else None


class Preformatted(FrozenModel):
    type: Literal["pre"] = "pre"
    text: PlainText


class ThematicBreak(FrozenModel):
    type: Literal["hr"] = "hr"


Block = Annotated[
    Heading | Paragraph | ListBlock | Quote | Figure | Table | Preformatted | ThematicBreak,
    Field(discriminator="type"),
]


# --- the article ----------------------------------------------------------------


class RelatedArticle(FrozenModel):
    title: NonEmpty
    url: SafeUrl
    kicker: PlainText | None = None
    image: Image | None = None


class Article(FrozenModel):
    """One press release or news article, as written once by the press office."""

    title: NonEmpty = Field(max_length=200)
    slug: Slug
    # The release's own name, kept when the title or the file changes: publishing it again is a
    # correction at the same address.
    id: Slug | None = None
    lang: LanguageTag
    date: PublicationTime
    embargo: PublicationTime | None = None
    kicker: PlainText | None = Field(default=None, max_length=80)
    summary: NonEmpty
    author: NonEmpty
    tags: list[NonEmpty] = Field(default_factory=list)
    image: Image | None = None
    body: list[Block] = Field(min_length=1)
    related: list[RelatedArticle] = Field(default_factory=list)
    # Press release fields: where and under which number it is issued, whom to ask, what to download.
    dateline: PlainText | None = Field(default=None, max_length=80)
    number: PlainText | None = Field(default=None, max_length=40)
    contacts: list[PressContact] = Field(default_factory=list)
    downloads: list[Download] = Field(default_factory=list)
    # The other versions of this release (original, Leichte Sprache, translations), linked with hreflang.
    versions: list[ArticleVersion] = Field(default_factory=list)
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
