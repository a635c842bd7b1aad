"""Editorial rules on running text: no capitals for emphasis, and readability of the main text.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from babel.numbers import format_decimal
from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import language_of
from publisher.a11y.dom.messages import message
from publisher.a11y.dom.prose import may_have_capital_run, text_blocks
from publisher.a11y.dom.readability import readability
from publisher.a11y.registry import Violation, rule

__all__ = ["all_caps", "main_text_readability"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NOT_EDITORIAL_TEXT = frozenset({"code", "pre", "kbd", "samp", "var", "abbr"})
# Not running text: page furniture, and fragments (headings, list items, captions) that would pass for
# very short sentences and make any text look easy.
_NOT_RUNNING_TEXT = frozenset(
    {"nav", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "th", "caption",
     "figcaption", "summary", "label", "button"}
)  # fmt: skip


def _skipped(doc: CheckedDocument) -> Callable[[_Element], bool]:
    """Leaves out code and what nobody perceives: neither is the author's prose."""
    unexposed = semantics(doc).unexposed
    return lambda element: element in unexposed or element.tag in _NOT_EDITORIAL_TEXT


@rule("all-caps", description="Running text is not written in capitals.", severity="warning")
def all_caps(doc: CheckedDocument) -> Iterator[Violation]:
    """Capitals are harder to read, and screen readers may spell out words written in capitals.

    Okay: <p>Die EU und das BMBF fördern das Projekt.</p>
    Error: <p>ACHTUNG: DIE STRASSE IST AB MONTAG GESPERRT.</p>
    """
    body = doc.root.find("body")
    if body is None:
        return
    blocks = text_blocks(body, _skipped(doc))
    if not may_have_capital_run(text for _, text in blocks):
        return
    for block, text in blocks:
        run: list[str] = []
        for word in [*_WORD.findall(text), ""]:
            if word.isupper():
                run.append(word)
                continue
            # Three capital words in a row are shouting; "EU" or "BMBF" alone are abbreviations.
            if len(run) >= 3 and sum(map(len, run)) >= 10:
                yield Violation(
                    message(
                        doc,
                        'The text "%(words)s" is written in capitals: write it in normal case and use bold '
                        "(strong) for emphasis.",
                        words=" ".join(run),
                    ),
                    block,
                )
                break
            run = []


def _main_text(doc: CheckedDocument) -> _Element | None:
    """The article's own text: ``main`` or ``article`` on a page, the body of an email."""
    if doc.channel == "web":
        for tag in ("main", "article"):
            found = doc.root.find(f".//{tag}")
            if found is not None:
                return found
    return doc.root.find("body")


@rule(
    "readability",
    description="The running text of the main content is not harder to read than the configured school grade.",
    severity="warning",
    wcag=["3.1.5"],
)
def main_text_readability(doc: CheckedDocument) -> Iterator[Violation]:
    """Press releases should be understood by everyone: long sentences and long words make them hard.

    Measured on the paragraphs of ``main`` (or ``article``; the body of an email) in the page's language;
    headings, list items and captions are fragments, not sentences, and are left out.

    Okay: <html lang="de"><body><main><p>Die Stadt baut eine neue Brücke. Sie ist aus Holz. Kinder können dort spielen. Der Bau dauert ein Jahr. Die Kosten trägt das Land. Alle Bürger sind zur Feier eingeladen. Es gibt Musik und Essen. Wir freuen uns auf Sie. Die Feier beginnt um zehn Uhr. Der Eintritt ist frei.</p></main></body></html>
    Okay: <html lang="fr"><body><main><p>La administration a décidé de restructurer fondamentalement tous les processus de communication internes, garantissant particulièrement interopérabilité des systèmes hétérogènes et la confidentialité des procédures de transmission concernant la sécurité nationale.</p></main></body></html>
    Error: <html lang="de"><body><main><p>Die Bundesregierung beabsichtigt im Rahmen der fortschreitenden Digitalisierungsstrategie eine umfassende Neustrukturierung sämtlicher verwaltungsinterner Kommunikationsprozesse, wobei insbesondere die Interoperabilität heterogener Informationssysteme sowie die datenschutzrechtliche Unbedenklichkeit sicherheitsrelevanter Übertragungsverfahren gewährleistet werden soll, nachdem entsprechende Vorarbeiten bereits abgeschlossen wurden.</p></main></body></html>
    Error: <html lang="en"><body><main><p>The administration intends, within the framework of its comprehensive digitalisation strategy, to fundamentally restructure all internal administrative communication processes, particularly guaranteeing the interoperability of heterogeneous information systems and the unobjectionable confidentiality of security-relevant transmission procedures, considering preparatory investigations already concluded.</p></main></body></html>
    """
    container = _main_text(doc)
    # A list of teasers (an index page) is not running text.
    if container is None or len(container.findall(".//article")) > 1:
        return
    language = language_of(container).split("-")[0].lower()
    # Passages in another language are not measured with this language's formula.
    left_out = set(semantics(doc).unexposed)
    for element in doc.having("lang"):
        own = (element.get("lang") or "").split("-")[0].lower()
        if own and own != language:
            left_out.add(element)
    tags = _NOT_EDITORIAL_TEXT | _NOT_RUNNING_TEXT
    blocks = text_blocks(container, lambda element: element in left_out or element.tag in tags)
    result = readability("\n\n".join(text for _, text in blocks), language)
    limit = doc.settings.readability_max_difficulty
    if result is not None and result.grade > limit:
        yield Violation(
            message(
                doc,
                "The main text reads at school grade %(grade)s (%(formula)s), above the limit of %(limit)s: "
                "use shorter sentences and common, shorter words.",
                grade=format_decimal(result.grade, locale=doc.locale),
                formula=result.formula,
                limit=format_decimal(limit, locale=doc.locale),
            ),
            container,
        )
