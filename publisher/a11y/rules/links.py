"""Rules for links: every link tells where it leads."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.aria_data import LINK_ROLES
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["link_name"]


@rule(
    "link-name",
    description="Links have an accessible name.",
    wcag=["2.4.4", "4.1.2"],
    act=["c487ae"],
)
def link_name(doc: CheckedDocument) -> Iterator[Violation]:
    """Every link in the accessibility tree has a non-empty accessible name (text, alt text or label).

    Okay: <a href="/press/2024-05">Press release of 3 May</a>
    Okay: <a href="/"><img src="logo.png" alt="Home page"></a>
    Okay: <a href="/" aria-label="Home page"><img src="logo.png" alt=""></a>
    Okay: <a>no href, so not a link</a>
    Error: <a href="/"></a>
    Error: <a href="/"><img src="logo.png" alt=""></a>
    Error: <div role="link" tabindex="0"></div>
    """
    sem = semantics(doc)
    for element in sem.with_roles(*LINK_ROLES):
        # An image map's area is an image's part: area-alt reports it, with the image criteria.
        if element.tag != "area" and sem.is_exposed(element) and not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Link %(element)s has no text: give it link text, or alt text on its image, that says "
                    "where it leads.",
                    element=describe(element),
                ),
                element,
            )
