"""Editorial rules on link wording: links that say where they go, and one target per text.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urldefrag

from lxml.etree import _Element

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.link_text import CONTEXT_ONLY_LINK_TEXTS, VAGUE_LINK_TEXTS, comparable, exposed_links
from publisher.a11y.dom.messages import message
from publisher.a11y.registry import Violation, rule

__all__ = ["link_text_alone", "link_text_repeated", "link_text_vague"]


@rule(
    "link-text-vague",
    description="Link text says where the link goes, not just 'hier', 'mehr' or 'click here'.",
    wcag=["2.4.4"],
    act=["5effbb"],
)
def link_text_vague(doc: CheckedDocument) -> Iterator[Violation]:
    """Links are often read out of context, in a list of links: "hier" alone does not say where it goes.

    Okay: <p>Lesen Sie <a href="/bericht.pdf">den Jahresbericht 2024 (PDF)</a>.</p>
    Okay: <a href="/bericht" aria-label="Jahresbericht 2024 lesen">Mehr</a>
    Error: <p>Den Jahresbericht finden Sie <a href="/bericht">hier</a>.</p>
    Error: <a href="/anmeldung">Hier klicken</a>
    Error: <a href="/news/1">Read more …</a>
    Error: <a href="/archiv/?seite=3">»</a>
    """
    for element, name in doc.shared(exposed_links):
        key = comparable(name)
        # Only arrows or quotation marks ("»", "<<", "›"): nothing left to say where the link goes.
        if key in VAGUE_LINK_TEXTS or (not key and name.strip()):
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" does not say where the link goes: name the target, e.g. '
                    '"Annual report 2024 (PDF)".',
                    link=name,
                ),
                element,
            )


@rule(
    "link-text-alone",
    description="Link text says where the link goes without its context (level AAA).",
    severity="warning",
    wcag=["2.4.9"],
    act=["aizyf1"],
    level="AAA",
)
def link_text_alone(doc: CheckedDocument) -> Iterator[Violation]:
    """A link list read out of context ("PDF", "HTML", "this product") does not say where each link goes.

    Okay: <a href="bericht.pdf">Jahresbericht 2024 (PDF)</a>
    Error: <p>Jahresbericht 2024: <a href="bericht.pdf">PDF</a></p>
    """
    for element, name in doc.shared(exposed_links):
        if comparable(name) in CONTEXT_ONLY_LINK_TEXTS:
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" says where the link goes only together with the text around it: '
                    'name the target in the link, e.g. "Annual report 2024 (PDF)".',
                    link=name,
                ),
                element,
            )


def _target(href: str) -> str:
    # A trailing slash does not make a different target.
    url, fragment = urldefrag(href.strip())
    url = url.rstrip("/") or "/"
    return f"{url}#{fragment}" if fragment else url


@rule(
    "link-text-repeated",
    description="The same link text does not lead to different targets.",
    severity="warning",
    wcag=["2.4.4", "2.4.9"],
)
def link_text_repeated(doc: CheckedDocument) -> Iterator[Violation]:
    """Two links with the same text and different targets cannot be told apart in a list of links.

    A scripted link (``role="link"`` with ``onclick="location='...'"``) counts with its target too.

    Okay: <a href="/a">Programm</a> <a href="/a/">Programm</a>
    Error: <a href="/sommerfest">Programm</a> <a href="/herbstmarkt">Programm</a>
    Error: <span role="link" tabindex="0" onclick="location='/sommerfest'">Programm</span> <span role="link" tabindex="0" onclick="location='/herbstmarkt'">Programm</span>
    """
    groups: dict[str, dict[str, tuple[_Element, str]]] = {}
    for element, name in doc.shared(exposed_links):
        href = element.get("href")
        if href is None:
            scripted = _SCRIPTED_TARGET.search(element.get("onclick") or "")
            href = scripted.group(1) if scripted else None
        key = comparable(name)
        if href is not None and key and key not in VAGUE_LINK_TEXTS:
            groups.setdefault(key, {}).setdefault(_target(href), (element, name))
    for by_target in groups.values():
        if len(by_target) > 1:
            (_, name), (second, _) = list(by_target.values())[:2]
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" leads to %(count)s different targets: make each link text '
                    "unique, e.g. add the event or document name.",
                    link=name,
                    count=len(by_target),
                ),
                second,
            )


_SCRIPTED_TARGET = re.compile(
    r"""(?:location(?:\.href)?\s*=|location\.assign\(|window\.open\()\s*['"]([^'"]+)['"]"""
)
