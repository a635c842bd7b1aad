"""Rules for what a page's text relies on: colour, shape and position alone, or letters spaced apart."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import message
from publisher.a11y.dom.prose import lower_case, lower_case_twin, search_from, text_blocks
from publisher.a11y.registry import Violation, rule

__all__ = ["colour_code", "sensory_instructions", "spaced_letters"]

_COLOURS = ("grün", "rot", "blau", "gelb", "orange", "grau", "green", "red", "blue", "yellow", "grey", "gray")
_COLOUR = rf"(?:{'|'.join(_COLOURS)})"
_INSTRUCTION = re.compile(
    r"\b(?:klick|drück|wähl|tipp|nutz|benutz|verwend|betätig|click|press|tap|choose|select|use|hit)",
    re.IGNORECASE,
)
_CONTROL = re.compile(
    r"(?:knopf|knöpfe|button|schaltfläche|taste|symbol|icon|pfeil|feld|kästchen|option|link|arrow|box|field|"
    r"kreis|circle)",
    re.IGNORECASE,
)
_SENSED = re.compile(
    rf"\b{_COLOUR}(?:e[nmrs]?)?\b|\b(?:rund|eckig|quadratisch|dreieckig)\w*|\b(?:round|square|circular|"
    r"triangular)\b|\b(?:unten|oben) (?:rechts|links)\b|\b(?:rechts|links) (?:unten|oben)\b|"
    r"\bauf der (?:rechten|linken) seite\b|\bam (?:rechten|linken|unteren|oberen) rand\b|"
    r"\bon the (?:left|right)\b|\b(?:at|in) the (?:bottom|top)(?: (?:left|right))?\b|"
    r"\b(?:bottom|top)[- ](?:left|right)\b",
    re.IGNORECASE,
)
# A meaning given by colour: "Grün hinterlegte Zeiten sind frei", "fields marked in red", "rot = belegt".
_COLOUR_CODE = re.compile(
    rf"\b{_COLOUR}\w*\s+(?:hinterlegt|markiert|gekennzeichnet|dargestellt|eingefärbt|hervorgehoben)|"
    rf"\b(?:marked|shown|highlighted|coloured|colored|displayed)\s+(?:in\s+)?{_COLOUR}\b|"
    rf"\b{_COLOUR}(?:e[nmrs]?)?\s*(?:=|bedeutet|steht für|means|stands for)|"
    # A key to colours: "the colour of the card edge shows the group", "die Farbe des Rahmens zeigt ...".
    r"\bcolou?rs?\s+of\s+(?:the\s+|each\s+|a\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:shows?|indicates?|tells?)\b|"
    r"\bfarben?\s+(?:de[rsmn]\s+|eine[rsm]?\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:zeigt|zeigen|kennzeichnet|gibt\s+an)\b|"
    # A key of two colours in one sentence: "green times are on schedule, red times are late".
    rf"\b{_COLOUR}\w*\s+[\w-]+\s+(?:are|is|mean|sind|ist|bedeuten)\b[^.;]{{0,60}}?\b{_COLOUR}\w*\s+[\w-]+\s+"
    r"(?:are|is|mean|sind|ist|bedeuten)\b",
    re.IGNORECASE,
)
# A marker besides the colour: "marked in red and with an asterisk".
_OTHER_MARKER = re.compile(
    r"\*|asterisk|sternchen|symbol|icon|fett|bold|underline|unterstrich|kursiv|italic|durchgestrichen|"
    r"strikethrough|\bmit (?:dem )?(?:text|wort)|\bwith the (?:text|word)",
    re.IGNORECASE,
)
# The same patterns for lower-cased text: the same matches, found several times faster (see prose.py).
_INSTRUCTION_LOWER, _CONTROL_LOWER, _SENSED_LOWER, _COLOUR_CODE_LOWER = map(
    lower_case_twin, (_INSTRUCTION, _CONTROL, _SENSED, _COLOUR_CODE)
)
# Where every match of _SENSED and of _COLOUR_CODE begins (see prose.search_from).
_SENSED_STARTS = (
    *_COLOURS, "rund", "eckig", "quadratisch", "dreieckig", "round", "square", "circular", "triangular", "unten",
    "oben", "rechts", "links", "auf der ", "am ", "on the ", "at the ", "in the ", "bottom", "top",
)  # fmt: skip
_COLOUR_CODE_STARTS = (
    *_COLOURS, "marked", "shown", "highlighted", "coloured", "colored", "displayed", "colour", "color", "farbe",
)  # fmt: skip
# What every match of _COLOUR_CODE holds (after the colour, or before it): text with none is not searched.
_COLOUR_CODE_WORDS = (
    "hinterlegt", "markiert", "gekennzeichnet", "dargestellt", "eingefärbt", "hervorgehoben", "marked", "shown",
    "highlighted", "coloured", "colored", "displayed", "=", "bedeutet", "steht für", "means", "stands for",
    "colour", "color", "farbe", " are ", " is ", " mean ", " sind ", " ist ", " bedeuten ",
)  # fmt: skip
_QUOTED = re.compile(r"[\"“„«»‚‘'][^\"“”„«»‘’']{2,40}[\"”“«»‘’']")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+")
# Four or more single letters parted by spaces: "T E R M I N E".
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_][ \u00a0]+){3,}[^\W\d_](?!\S)")
# What every match of _SPACED holds (its second and third letters): quick to rule out, as it starts with a space.
_SPACED_INSIDE = re.compile(r"[ \u00a0][^\W\d_][ \u00a0]+[^\W\d_][ \u00a0]")


def _page_text(doc: CheckedDocument) -> str:
    """All text of the page in one string (scripts included): a cheap first test before sentences."""
    return " ".join(str(part) for part in doc.root.itertext())


def _lower_page_text(doc: CheckedDocument) -> str:
    return lower_case(doc.shared(_page_text))


def _visible_blocks(doc: CheckedDocument) -> list[tuple[_Element, str, str]]:
    """(block, its visible text with white space squashed, the same lower-cased) for the body's blocks."""
    sem = semantics(doc)
    body = doc.root.find("body")
    blocks = text_blocks(body if body is not None else doc.root, lambda e: not sem.is_visible(e))
    squashed = [(block, " ".join(text.split())) for block, text in blocks]
    return [(block, text, lower_case(text)) for block, text in squashed]


def _sentences(doc: CheckedDocument, could_match: Callable[[str], object]) -> Iterator[tuple[_Element, str]]:
    """The sentences of the visible blocks whose lower-cased text passes ``could_match``.

    A pattern matches in a sentence only if it matches in its block: a sentence is part of the
    block's text, parted from the rest by white space, which is no word character either.
    """
    for block, text, lowered in doc.shared(_visible_blocks):
        if could_match(lowered):
            for sentence in _SENTENCE.split(text):
                yield block, sentence


def _names_a_control(sentence: str, sem: Semantics) -> bool:
    lowered = sentence.lower()
    if _QUOTED.search(sentence):
        return True
    return any(
        (name := sem.name(control).strip().lower()) and len(name) > 2 and name in lowered
        for control in sem.with_roles(
            "button", "link", "radio", "checkbox", "textbox", "searchbox", "combobox"
        )
    )


def _may_be_colour_code(lowered: str) -> bool:
    return search_from(_COLOUR_CODE_LOWER, lowered, _COLOUR_CODE_STARTS)


def _may_be_sensory(lowered: str) -> bool:
    return bool(
        _CONTROL_LOWER.search(lowered)
        and _INSTRUCTION_LOWER.search(lowered)
        and search_from(_SENSED_LOWER, lowered, _SENSED_STARTS)
    )


@rule(
    "sensory-instructions",
    description="Instructions do not rely on colour, shape or position alone; they name the control too.",
    wcag=["1.3.3"],
)
def sensory_instructions(doc: CheckedDocument) -> Iterator[Violation]:
    """ "The green button at the bottom right" means nothing to someone who cannot see the page.

    Okay: <p>Fill in the form, then press “Send”.</p><button>Send</button>
    Okay: <p>Press the green Send button.</p><button>Send</button>
    Error: <p>Klicken Sie dann auf den grünen Knopf unten rechts.</p><button>Absenden</button>
    Error: <p>Choose a size from the round options on the left.</p>
    """
    text = doc.shared(_lower_page_text)
    if not (_INSTRUCTION_LOWER.search(text) and search_from(_SENSED_LOWER, text, _SENSED_STARTS)):
        return
    sem = semantics(doc)
    for block, sentence in _sentences(doc, _may_be_sensory):
        sensory = _INSTRUCTION.search(sentence) and _CONTROL.search(sentence) and _SENSED.search(sentence)
        if sensory and not _names_a_control(sentence, sem):
            yield Violation(
                message(
                    doc,
                    "The instruction \u201c%(sentence)s\u201d finds its control by colour, shape or place "
                    "only: name the control by its visible text as well.",
                    sentence=sentence[:120],
                ),
                block,
            )


@rule(
    "colour-code",
    description='A meaning is not given by colour alone ("green slots are free"): text or a symbol says it too.',
    wcag=["1.4.1", "1.3.3"],
)
def colour_code(doc: CheckedDocument) -> Iterator[Violation]:
    """A page that explains its colours tells those who cannot tell them apart that they miss something.

    Okay: <p>Free slots say “free”; booked slots say “booked”.</p>
    Okay: <p>Required fields are marked in red and with an asterisk (*).</p>
    Okay: <p>Green spaces are open all day; the red line is the tram.</p>
    Error: <p>Grün hinterlegte Zeiten sind noch frei, rot hinterlegte sind vergeben.</p>
    Error: <p>Fields marked in red are required.</p>
    Error: <p>The colour of the card edge shows the political group.</p>
    Error: <p>Green times are on schedule, red times are late.</p>
    """
    text = doc.shared(_lower_page_text)
    if not (any(word in text for word in _COLOUR_CODE_WORDS) and _may_be_colour_code(text)):
        return
    for block, sentence in _sentences(doc, _may_be_colour_code):
        if _COLOUR_CODE.search(sentence) and not _OTHER_MARKER.search(sentence):
            yield Violation(
                message(
                    doc,
                    "\u201c%(sentence)s\u201d gives a meaning by colour alone: say it in the text of each item "
                    "as well (\u201cfree\u201d, \u201crequired\u201d), or add a symbol that is explained.",
                    sentence=sentence[:120],
                ),
                block,
            )


def _alphabetical(letters: list[str]) -> bool:
    codes = [ord(letter.lower()) for letter in letters]
    return all(after - before == 1 for before, after in pairwise(codes))


@rule(
    "spaced-letters",
    description="Words are not spelt out with spaces between their letters to look wide.",
    wcag=["1.3.2"],
)
def spaced_letters(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers read "T E R M I N E" letter by letter: spacing belongs in CSS (letter-spacing).

    Okay: <h2 style="letter-spacing: 0.3em">Termine</h2>
    Okay: <p>Register A B C D: surnames from A to D.</p>
    Error: <h2>T E R M I N E</h2>
    """
    page = doc.shared(_page_text)
    if not (_SPACED_INSIDE.search(page) and _SPACED.search(page)):
        return
    sem = semantics(doc)
    body = doc.root.find("body")
    for element in (body if body is not None else doc.root).iter():
        if (
            not isinstance(element.tag, str)
            or element.tag in ("script", "style")
            or not sem.is_exposed(element)  # hidden from screen readers: nobody hears it spelt
        ):
            continue
        for text in (element.text, element.tail):
            for found in _SPACED.finditer(text or ""):
                letters = found.group(0).split()
                if not _alphabetical(letters):
                    yield Violation(
                        message(
                            doc,
                            "\u201c%(text)s\u201d is spelt out with spaces between the letters, so it is read "
                            "letter by letter: write the word and widen it with CSS letter-spacing.",
                            text=found.group(0)[:60],
                        ),
                        element,
                    )
