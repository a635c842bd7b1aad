"""The speech script: what the audio channel says for an article, made from the canonical model.

An intro (date and issuing office), the title, the lead, the body with section headings
announced and quotes attributed, then an outro; every sentence already normalised for its
language and passed through the organisation's lexicon. ``SpeechScript.text()`` is the exact
text that is spoken (``audio.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, assert_never

from babel.dates import format_date

from publisher.channels.audio.speech.languages import rules_for
from publisher.channels.audio.speech.normalize import LanguageRules
from publisher.channels.audio.speech.runs import strip_marks
from publisher.channels.audio.speech.tables import figure_sentences, table_sentences
from publisher.channels.audio.speech.voiced import voiced_text
from publisher.i18n import babel_locale, translations
from publisher.lexicon import Lexicon
from publisher.model import (
    Article,
    Block,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Preformatted,
    Quote,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from publisher.press import PressContact

__all__ = ["PAUSES_MS", "Segment", "SegmentKind", "SpeechScript", "build_script"]

SegmentKind = Literal[
    "intro", "title", "lead", "heading", "paragraph", "list", "speaker", "quote", "note", "outro"
]

# Silence after each kind of segment, so a listener hears where a section or a quote ends.
PAUSES_MS: dict[SegmentKind, int] = {
    "intro": 600,
    "title": 900,
    "lead": 900,
    "heading": 700,
    "paragraph": 500,
    "list": 450,
    "speaker": 500,
    "quote": 800,
    "note": 500,
    "outro": 0,
}
_BEFORE_HEADING_MS = 1000
# A token that mixes letters and digits ("A7", "batch22n2") reaches the engine as written, which
# speaks one word per run: "batch zweiundzwanzig n zwei" takes the time of four words, not one.
_RUNS = re.compile(r"[^\W\d_]+|\d+")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]")


@dataclass(frozen=True)
class Segment:
    """Consecutive sentences spoken as one unit, followed by a pause."""

    kind: SegmentKind
    sentences: tuple[str, ...]
    pause_after_ms: int
    # Set on the segment a chapter starts at (the title, each section heading).
    chapter: str | None = None
    # The sentences as written, one for each spoken one: what the transcripts show.
    written: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeechScript:
    """Everything the audio channel says for one article, in order."""

    language: str
    title: str
    segments: tuple[Segment, ...]
    # Words of the spoken text with phonemes from the lexicon, for engines that take them.
    phonemes: Mapping[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The exact spoken words: one paragraph per segment (runs in another language unmarked)."""
        return strip_marks("\n\n".join(" ".join(segment.sentences) for segment in self.segments) + "\n")

    def chapters(self) -> list[str]:
        """Chapter titles in order: the article's title, then each section heading."""
        return [segment.chapter for segment in self.segments if segment.chapter is not None]

    def word_count(self) -> int:
        """The words the engine speaks: a token of letters and digits counts each run of them."""
        return sum(
            _spoken_words(token)
            for segment in self.segments
            for sentence in segment.sentences
            for token in strip_marks(sentence).split()
        )

    def pause_seconds(self) -> float:
        """The silence asked for after the segments, in seconds."""
        return sum(segment.pause_after_ms for segment in self.segments) / 1000


@dataclass
class _Builder:
    article: Article
    rules: LanguageRules
    lexicon: Lexicon
    gettext: Callable[[str], str]
    segments: list[Segment]
    # The lexicon's forms are final: no built-in rule reads them another way.
    fixed: Mapping[str, str] = field(default_factory=dict)

    def add(self, kind: SegmentKind, text: str, chapter: str | None = None) -> None:
        self.add_inline(kind, [Text(text=text)], chapter)

    def add_inline(self, kind: SegmentKind, nodes: list[Inline], chapter: str | None = None) -> None:
        """A segment of ``nodes``; parts in another language (spans, loanwords) are marked for their voice."""
        voiced = voiced_text(nodes, self.article.lang, self.rules.loanwords)
        text = _full_stop(voiced.text) if kind in ("heading", "title", "list") else voiced.text
        pairs = self.rules.speak_pairs(text, fixed=self.fixed)
        if pairs:
            self.segments.append(
                Segment(
                    kind,
                    tuple(voiced.restore(spoken) for _, spoken in pairs),
                    PAUSES_MS[kind],
                    chapter,
                    written=tuple(voiced.restore_written(written).strip() for written, _ in pairs),
                )
            )

    def block(self, block: Block) -> None:
        match block:
            case Heading():
                self.pause_before_section()
                title = plain_text(block.children).strip()
                self.add_inline("heading", block.children, chapter=title)
            case Paragraph():
                self.add_inline("paragraph", block.children)
            case ListBlock():
                for nodes in _list_texts(block.items):
                    self.add_inline("list", nodes)
                self.end_list()
            case Quote():
                self.add("speaker", self.attribution(block))
                for paragraph in block.paragraphs:
                    self.add_inline("quote", paragraph)
            case Table():
                intro, *rows = table_sentences(block, self.gettext) or [""]
                self.add("note", intro)
                for row in rows:
                    self.add("list", row)
                if rows:
                    self.end_list()
            case Figure():
                for sentence in figure_sentences(block.image, self.gettext):
                    self.add("note", sentence)
            case ThematicBreak():
                self.pause_before_section()
            case Preformatted():
                pass  # code and ASCII art are seen, not heard: the web page carries them
            case _:
                assert_never(block)

    def pause_before_section(self) -> None:
        """A new section (a heading, a thematic break) starts after a longer pause."""
        if self.segments:
            last = self.segments[-1]
            self.segments[-1] = replace(last, pause_after_ms=max(last.pause_after_ms, _BEFORE_HEADING_MS))

    def end_list(self) -> None:
        """The last item of a list pauses like a paragraph, so the list is heard to end."""
        if self.segments and self.segments[-1].kind == "list":
            self.segments[-1] = replace(self.segments[-1], pause_after_ms=PAUSES_MS["paragraph"])

    def attribution(self, quote: Quote) -> str:
        if quote.speaker and quote.role:
            return self.gettext("{speaker}, {role}, said:").format(speaker=quote.speaker, role=quote.role)
        if quote.speaker:
            return self.gettext("{speaker} said:").format(speaker=quote.speaker)
        return self.gettext("Quote:")


def _spoken_words(token: str) -> int:
    """How many words the engine speaks for one written token (punctuation and hyphens join runs)."""
    return max(1, len(_RUNS.findall(_NOT_ALPHANUMERIC.sub("", token))))


def _full_stop(text: str) -> str:
    """Headings and list items end with a full stop when spoken, so the voice drops at their end."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else text.rstrip(",") + "."


def _list_texts(items: list[ListItem]) -> Iterator[list[Inline]]:
    for item in items:
        yield item.children
        if item.sublist is not None:
            yield from _list_texts(item.sublist.items)


def _intro(article: Article, gettext: Callable[[str], str]) -> str:
    """The date, number and place of issue, and the office: what a listener hears first."""
    date = format_date(article.date, format="long", locale=babel_locale(article.lang))
    values = {"date": date, "office": article.author, "number": article.number, "place": article.dateline}
    if article.number and article.dateline:
        template = gettext("Press release number {number} of {date}, {place}. From: {office}.")
    elif article.number:
        template = gettext("Press release number {number} of {date}. From: {office}.")
    elif article.dateline:
        template = gettext("Press release of {date}, {place}. From: {office}.")
    else:
        template = gettext("Press release of {date}. From: {office}.")
    return template.format(**values)


def _contact_sentence(contact: PressContact, gettext: Callable[[str], str]) -> str:
    """Whom journalists ask: the name and the phone number, which a listener can write down."""
    if contact.phone:
        return gettext("Press contact: {name}, phone {phone}.").format(name=contact.name, phone=contact.phone)
    return gettext("Press contact: {name}.").format(name=contact.name)


def build_script(article: Article, lexicon: Lexicon | None = None) -> SpeechScript:
    """The speech script of ``article``, normalised for its language and with the lexicon applied."""
    gettext = translations(article.lang, "audio").gettext
    lexicon = lexicon or Lexicon()
    builder = _Builder(
        article, rules_for(article.lang), lexicon, gettext, [], lexicon.spoken_forms(article.lang)
    )
    builder.add("intro", _intro(article, gettext))
    builder.add("title", article.title, chapter=article.title)
    builder.add("lead", article.summary)
    for block in article.body:
        builder.block(block)
    for contact in article.contacts:
        builder.add("outro", _contact_sentence(contact, gettext))
    builder.add("outro", gettext("End of the press release. From: {office}.").format(office=article.author))
    return SpeechScript(
        language=article.lang,
        title=article.title,
        segments=tuple(builder.segments),
        phonemes=lexicon.phonemes(article.lang),
    )
