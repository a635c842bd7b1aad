"""Where a page gives the text of its audio or video: a transcript link, a section titled as one, a long text
beside the player, or a text the player's description points at.

The media rules (``rules/media.py``) ask this of each player; the page's places are found once per page
(``CheckedDocument.shared``).
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["audio_has_transcript", "has_transcript", "said_beside"]

_TRANSCRIPT_WORDS = re.compile(
    r"transcript|transkript|abschrift|mitschrift|text version|textfassung|textversion|wortlaut|nachlesen|"
    r"\bals text\b|\bas text\b|in text form|\btext zum (?:mit)?lesen\b|\btext to read\b",
    re.IGNORECASE,
)
# An audio said to hold the text above it ("hear the above part of the speech"): that text, if shown, is
# its transcript, though it comes before the player.
_TEXT_ABOVE = re.compile(
    r"\bthe (?:text |part |passage )?above\b|\bthe above (?:text|part|passage|speech)\b|"
    r"\b(?:den|der|die) (?:text|abschnitt|rede) oben\b|\bobigen? (?:text|abschnitt|rede)",
    re.IGNORECASE,
)
# A section titled as a transcript: a heading below the page title, or the summary of a folded details.
_TITLES = frozenset({"summary", "h2", "h3", "h4", "h5", "h6"})
# A paragraph this long next to the player is taken to be its transcript.
_TRANSCRIPT_MIN_WORDS = 25


def has_transcript(doc: CheckedDocument, sem: Semantics, media: _Element) -> bool:
    """A visible, exposed transcript: a link or text naming it, or a long text on the page."""
    if _described_at_length(doc, media):
        return True
    player = doc.elements.index(media)
    return any(index != player for index, _ in doc.shared(_transcript_places))


def _transcript_kind(sem: Semantics, element: _Element) -> str:
    """ "link" for a visible link to a transcript, "text" for a visible long text, else ""."""
    if not sem.is_visible(element) or not sem.is_exposed(element):
        return ""
    if sem.role(element) == "link" and _TRANSCRIPT_WORDS.search(sem.name(element)):
        return "link"
    # A section titled "Transcript" (a heading, or the summary of a details element that folds it away).
    title = sem.first_child(element, "summary") if element.tag == "details" else element
    if title is not None and title.tag in _TITLES and _TRANSCRIPT_WORDS.search(text_of(title)):
        return "text"
    if element.tag in ("p", "div", "section", "details", "blockquote") and not sem.is_offscreen(element):
        words = squash(element.text or "").split() + [
            word for child in element for word in (child.tail or "").split()
        ]
        if len(words) >= _TRANSCRIPT_MIN_WORDS:
            return "text"
    return ""


def _transcript_places(doc: CheckedDocument) -> list[tuple[int, str]]:
    """Where the page could hold a transcript, found once per page: (index in ``doc.elements``, its kind).

    A heading that names a transcript ("The text to read") heads one however short it is (easy language).
    """
    sem = semantics(doc)
    kinds = (_transcript_kind(sem, element) for element in doc.elements)
    return [(index, kind) for index, kind in enumerate(kinds) if kind]


def audio_has_transcript(doc: CheckedDocument, sem: Semantics, media: _Element) -> bool:
    """A transcript link anywhere, or a long text after the player: a text before it introduces the
    recording (an episode's description), it does not write down what is said."""
    if _described_at_length(doc, media):
        return True
    player = doc.elements.index(media)
    after = -1 if said_beside(sem, media, _TEXT_ABOVE) else player
    places = doc.shared(_transcript_places)
    return any(index != player and (kind == "link" or index > after) for index, kind in places)


def _described_at_length(doc: CheckedDocument, media: _Element) -> bool:
    """The player's aria-describedby points at a text long enough to be its transcript."""
    targets = [doc.by_id.get(ref) for ref in (media.get("aria-describedby") or "").split()]
    return any(t is not None and len(squash(text_of(t)).split()) >= _TRANSCRIPT_MIN_WORDS for t in targets)


def said_beside(sem: Semantics, media: _Element, words: re.Pattern[str]) -> bool:
    """The player's name, or the element just before it, has ``words``."""
    before = media.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    texts = [sem.name(media), squash(text_of(before)) if before is not None else ""]
    return any(words.search(text) for text in texts)
