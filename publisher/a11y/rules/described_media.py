"""Rules for recorded video whose pictures carry information: slides, charts and maps are described."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["audio_description"]

# What a video shows that its sound may not say: slides, charts, maps, text put on the screen.
_VISUAL = re.compile(
    r"\bfolien\b|\bslides?\b|präsentation|\bpresentation\b|diagramm|\bcharts?\b|schaubild|grafiken|"
    r"\bgraphs?\b|eingeblendet|einblendung|on-screen|on screen|whiteboard|\btafel\b",
    re.IGNORECASE,
)
# An audio description, or a version with one.
_DESCRIBED = re.compile(
    r"audiodeskription|audio-deskription|hörfassung|bildbeschreibung|audio description|audio-described|"
    r"described version|described video",
    re.IGNORECASE,
)
_TEXT_AROUND = 2  # elements before the player whose text tells what it shows


def _told_about(sem: Semantics, video: _Element) -> str:
    """The text that introduces a video: its name, its figure's caption, the elements just before it."""
    parts = [sem.name(video)]
    figure = next(video.iterancestors("figure"), None)
    if figure is not None:
        parts.append(text_of(figure))
    before = video.getprevious()
    while before is not None and len(parts) < _TEXT_AROUND + 2:
        if isinstance(before.tag, str):
            parts.append(text_of(before))
        before = before.getprevious()
    return squash(" ".join(parts))


def _has_description(doc: CheckedDocument, video: _Element) -> bool:
    if any((track.get("kind") or "").strip().lower() == "descriptions" for track in video.iter("track")):
        return True
    return bool(_DESCRIBED.search(squash(text_of(doc.root))))


@rule(
    "audio-description",
    description="A recorded video that shows slides, charts or maps has an audio description of them.",
    severity="warning",
    wcag=["1.2.5"],
    channels=["web"],
)
def audio_description(doc: CheckedDocument) -> Iterator[Violation]:
    """Figures on slides that the speaker does not read out are lost to people who cannot see them.

    Okay: <p>The treasurer presents the budget with slides.</p><video src="b.mp4" controls><track kind="descriptions" src="b.vtt" srclang="en"></video>
    Okay: <p>The treasurer presents the budget with slides.</p><video src="b.mp4" controls></video><p><a href="ad.html">Version with audio description</a></p>
    Okay: <p>The mayor answers questions from residents.</p><video src="q.mp4" controls></video>
    Error: <p>The treasurer presents the budget with slides.</p><video src="b.mp4" controls></video>
    """
    sem = semantics(doc)
    for video in doc.root.iter("video"):
        if not sem.is_visible(video) or video.get("controls") is None:
            continue
        if _VISUAL.search(_told_about(sem, video)) and not _has_description(doc, video):
            yield Violation(
                message(
                    doc,
                    "%(element)s shows slides, charts or other pictures that carry information, and the page "
                    "offers no audio description: add a described version (or a descriptions track) in which "
                    "what is shown is also said.",
                    element=describe(video),
                ),
                video,
                severity="warning",
            )
