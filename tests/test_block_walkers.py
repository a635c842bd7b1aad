"""Every channel handles every kind of block and inline node: a new kind is never dropped silently.

Each function that walks the article's body uses ``match`` ending in ``assert_never``, so mypy names
the walker that misses a new member of ``Block`` or ``Inline``, and running it raises. Here one
example of every member goes through every walker; a new member fails ``test_every_kind_has_an_example``
until it has one, and then every walker that does not say its words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import lxml.html
import pytest

from publisher.channels.audio.speech.script import build_script
from publisher.channels.base import RenderJob
from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.web.page import render_page
from publisher.lexicon import article_texts
from publisher.model import (
    Article,
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Preformatted,
    Quote,
    Span,
    Strong,
    Table,
    Text,
    ThematicBreak,
    block_text,
)
from publisher.settings import Settings

# A word no other part of the test article contains: where it appears, the walker said the node.
WORD = "Wegweiser"


def _text() -> list[Inline]:
    return [Text(text=f"Der {WORD} steht am Markt.")]


# The words sit in a nested list, so that a walker must follow sublists to say them.
_SUBLIST = ListBlock(items=[ListItem(children=_text())])
BLOCKS: dict[type, Block] = {
    Heading: Heading(level=2, children=_text()),
    Paragraph: Paragraph(children=_text()),
    ListBlock: ListBlock(items=[ListItem(children=[Text(text="Erstens")], sublist=_SUBLIST)]),
    Quote: Quote(paragraphs=[_text()], speaker="Jana Probst", role="Bürgermeisterin"),
    Figure: Figure(image=Image(src="karte.png", alt="Eine Karte der Innenstadt", caption=f"Der {WORD}.")),
    Table: Table(header=[[Text(text="Ort")], [Text(text="Schild")]], rows=[[[Text(text="Markt")], _text()]]),
    Preformatted: Preformatted(text=f"{WORD} = 1"),
    ThematicBreak: ThematicBreak(),
}
INLINES: dict[type, Inline] = {
    Text: Text(text=f"Der {WORD} steht am Markt."),
    Code: Code(text=WORD),
    LineBreak: LineBreak(),
    Emphasis: Emphasis(children=_text()),
    Strong: Strong(children=_text()),
    Link: Link(href="https://www.example.de/weg", children=_text()),
    Span: Span(lang="en", children=[Text(text=f"the {WORD} sign")]),
}
# Kinds with no words of their own, and the walkers that leave a kind out on purpose.
WORDLESS = {ThematicBreak, LineBreak}
LEFT_OUT = {
    "speech script": {Preformatted},  # code and ASCII art are seen, not heard
    "lexicon texts": {Preformatted},  # shown as written: no abbreviation in them gets a title
}


def _members(union: Any) -> set[type]:
    # Block and Inline are Annotated unions with a discriminator.
    return set(get_args(get_args(union)[0]))


def test_every_kind_has_an_example() -> None:
    """The examples cover the Block and Inline unions exactly: a new kind needs an example here."""
    assert set(BLOCKS) == _members(Block)
    assert set(INLINES) == _members(Inline)


def _article(block: Block) -> Article:
    return Article(
        title="Neue Schilder in der Innenstadt",
        lang="de",
        date=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        summary="Die Stadt stellt neue Schilder auf.",
        author="Stadt Musterstadt – Pressestelle",
        body=[Heading(level=2, children=[Text(text="Worum es geht")]), block],
    )


def _web_page(article: Article, settings: Settings, folder: Path) -> str:
    job = RenderJob(settings=settings, assets_dir=folder, workdir=folder, out_dir=folder / "public")
    render_page(article, job)
    main = lxml.html.document_fromstring((folder / "index.html").read_text(encoding="utf-8")).find(".//main")
    return str(main.text_content())


def _email_html(article: Article, settings: Settings, folder: Path) -> str:
    return str(lxml.html.document_fromstring(compile_edition(article, settings).html).text_content())


Walker = Callable[[Article, Settings, Path], str]
WALKERS: dict[str, Walker] = {
    "model.block_text": lambda article, settings, folder: " ".join(map(block_text, article.body)),
    "web page": _web_page,
    "email HTML": _email_html,
    "email text": lambda article, settings, folder: compile_edition(article, settings).text,
    "speech script": lambda article, settings, folder: build_script(article).text(),
    "lexicon texts": lambda article, settings, folder: " ".join(article_texts(article)),
}
EXAMPLES = [
    *((kind, block) for kind, block in BLOCKS.items()),
    *((kind, Paragraph(children=[Text(text="Vorweg: "), inline])) for kind, inline in INLINES.items()),
]


@pytest.mark.parametrize("walker", WALKERS)
@pytest.mark.parametrize(("kind", "block"), EXAMPLES, ids=[kind.__name__ for kind, _ in EXAMPLES])
def test_every_walker_says_the_words_of_every_kind(
    walker: str, kind: type, block: Block, settings: Settings, tmp_path: Path
) -> None:
    """Each walker handles the kind (no assert_never fires) and carries its words, unless it leaves it out."""
    said = WALKERS[walker](_article(block), settings, tmp_path)
    if kind not in WORDLESS and kind not in LEFT_OUT.get(walker, set()):
        assert WORD in said, f"{walker} drops {kind.__name__}"
