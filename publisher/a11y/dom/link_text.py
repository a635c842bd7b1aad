"""Link texts that do not say where a link goes, and the page's links with their accessible names."""

from __future__ import annotations

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash
from publisher.a11y.dom.aria_data import LINK_ROLES
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["CONTEXT_ONLY_LINK_TEXTS", "VAGUE_LINK_TEXTS", "comparable", "exposed_links"]

# Link texts that say nothing about the target, in any context.
VAGUE_LINK_TEXTS = frozenset(
    {"hier", "mehr", "weiter", "weiterlesen", "mehr lesen", "mehr erfahren", "mehr dazu", "mehr infos",
     "mehr informationen", "hier klicken", "klicken sie hier", "hier lesen", "lesen sie mehr", "link",
     "details", "zum artikel", "hier entlang", "here", "click here", "click", "more", "read more",
     "learn more", "more info", "continue", "continue reading", "this link", "go", "this page", "diese seite",
     "dieser link", "download", "herunterladen"}
)  # fmt: skip
# Link texts that say something only in their context: a format, a generic target.
CONTEXT_ONLY_LINK_TEXTS = VAGUE_LINK_TEXTS | frozenset(
    {"this product", "dieses produkt", "datei", "file", "pdf", "html", "epub", "plain text", "text", "docx",
     "xlsx", "odt", "csv", "txt", "mp3", "zip", "website", "webseite", "homepage"}
)  # fmt: skip


def exposed_links(doc: CheckedDocument) -> list[tuple[_Element, str]]:
    """Links in the accessibility tree, with their accessible name (``doc.shared``)."""
    sem = semantics(doc)
    return [
        (element, sem.name(element)) for element in sem.with_roles(*LINK_ROLES) if sem.is_exposed(element)
    ]


def comparable(text: str) -> str:
    """``text`` squashed, case-folded and without the punctuation around it, for comparing with word lists."""
    return squash(text).casefold().strip(" .,:;!?-–—\"'„“”»«›‹…→<>")
