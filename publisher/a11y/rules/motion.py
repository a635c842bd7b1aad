"""Rules for content that moves or changes on its own: endless animations, timed scripts, looping video."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from cssselect import GenericTranslator, SelectorError
from lxml.etree import XPathError, _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.css_parse import declarations, style_rules
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.stylesheets import media_applies, sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["auto_update_pause", "looping_video_pause", "moving_text"]

_ANIMATION = frozenset({"animation", "animation-iteration-count"})
# A button that stops it: "Pause", "Stop", "Anhalten", "Laufschrift anhalten".
_STOP_WORDS = re.compile(r"\b(pause|stop|anhalten|stopp|pausieren)", re.IGNORECASE)
# Reading a moving line takes a while: a label such as "Loading" (a spinner) is not held to it.
_MIN_WORDS = 4


# A script that changes the page on a timer: slides turned, a ticker reloaded, numbers counted on.
_TIMER = re.compile(r"\bsetInterval\s*\(")
# A countdown that leaves the page when it runs out is a time limit, judged by the rules of time_limits.
_LEAVES_PAGE = re.compile(r"location(?:\.href)?\s*=(?!=)|location\.(?:assign|replace)\s*\(")
_CHANGES_PAGE = re.compile(
    r"\.hidden\s*=|classList\.|\.className\s*=|innerHTML|insertAdjacent|textContent\s*=|appendChild|"
    r"\.prepend\(|\.append\(|\.style\.|\.src\s*=|scroll(?:By|To|Left)",
)


def _has_stop_button(doc: CheckedDocument) -> bool:
    """Whether the page has an exposed button named to pause or stop ("Pause", "Anhalten")."""
    sem = semantics(doc)
    return any(
        sem.is_exposed(button) and _STOP_WORDS.search(sem.name(button)) for button in sem.with_roles("button")
    )


def _endless(declared: tuple[tuple[str, str, bool], ...]) -> bool:
    return any(name in _ANIMATION and "infinite" in value.lower() for name, value, _ in declared)


def _animated(doc: CheckedDocument) -> list[_Element]:
    """Elements with an endless animation from a style rule (outside media conditions) or a style attribute."""
    found = [element for element in doc.having("style") if _endless(declarations(element.get("style") or ""))]
    for sheet_media, text in sheets(doc):
        if "infinite" not in text or (sheet_media and not media_applies(sheet_media)):
            continue
        if "prefers-reduced-motion" in text:
            return []  # the site stops its motion for those who ask: left to the browser stage's reading
        for media, prelude, declared in style_rules(text):
            if media or not _endless(declared):
                continue
            try:
                matched = doc.root.xpath(GenericTranslator().css_to_xpath(prelude))
            except (SelectorError, XPathError):
                continue
            found.extend(
                element for element in cast(list[_Element], matched) if isinstance(element, _Element)
            )
    return found


@rule(
    "moving-text",
    description="Text that moves on its own without end (a ticker, a crawling line) has a button to stop it.",
    wcag=["2.2.2"],
)
def moving_text(doc: CheckedDocument) -> Iterator[Violation]:
    """A line that keeps scrolling cannot be read by many, and distracts from the rest of the page.

    Okay: <p style="animation: crawl 20s linear infinite">Road closed until Friday.</p><button>Pause</button>
    Okay: <span style="animation: spin 1s linear infinite">Loading</span>
    Error: <p style="animation: crawl 20s linear infinite">Quay Street closed until Friday for resurfacing.</p>
    """
    if not doc.having("style") and not any("infinite" in text for _, text in sheets(doc)):
        return
    if _has_stop_button(doc):
        return
    sem = semantics(doc)
    seen: set[_Element] = set()
    for element in _animated(doc):
        if element in seen or not isinstance(element.tag, str) or not sem.is_visible(element):
            continue
        seen.add(element)
        text = squash(text_of(element))
        if len(text.split()) >= _MIN_WORDS:
            yield Violation(
                message(
                    doc,
                    "%(element)s moves on its own without end, and nothing stops it: show the text still, or add "
                    'a button "Pause" that stops the motion.',
                    element=describe(element),
                ),
                element,
            )


@rule(
    "auto-update-pause",
    description="A script that changes the page on a timer (slides, a ticker) comes with a button to pause it.",
    wcag=["2.2.2"],
)
def auto_update_pause(doc: CheckedDocument) -> Iterator[Violation]:
    """Slides that turn and tickers that reload by themselves need a pause, or they cannot be read.

    Okay: <div id="t"></div><button>Pause</button><script>setInterval(function () { t.textContent = "x"; }, 5000)</script>
    Okay: <script>setInterval(function () { fetch("/ping"); }, 60000)</script>
    Okay: <p id="w" hidden>2 minutes left</p><script>setInterval(function () { left -= 1; if (left === 120) { w.hidden = false; } if (left <= 0) { location.href = "/expired/"; } }, 1000)</script>
    Error: <div class="slide">1</div><script>setInterval(function () { slide.hidden = !slide.hidden; }, 5000)</script>
    """
    for script in doc.root.iter("script"):
        text = script.text or ""
        if (
            script.get("src") is None
            and _TIMER.search(text)
            and _CHANGES_PAGE.search(text)
            and not _LEAVES_PAGE.search(text)
        ):
            if _has_stop_button(doc):
                return
            yield Violation(
                message(
                    doc,
                    "A script changes the page every few seconds (turning slides, reloading news), and "
                    'nothing stops it: add a button "Pause" that stops the changes, or let the reader '
                    "move on by hand.",
                ),
                script,
            )
            return


@rule(
    "looping-video-pause",
    description="A video that plays by itself in a loop has controls or a button to pause it.",
    wcag=["2.2.2"],
)
def looping_video_pause(doc: CheckedDocument) -> Iterator[Violation]:
    """A background video that loops without end moves for longer than five seconds: it needs a pause.

    Okay: <video src="harbour.mp4" autoplay muted loop></video><button>Pause the video</button>
    Okay: <video src="harbour.mp4" autoplay muted loop controls></video>
    Okay: <video src="harbour.mp4" muted loop></video>
    Error: <video src="harbour.mp4" autoplay muted loop playsinline></video>
    """
    sem = semantics(doc)
    for video in doc.root.iter("video"):
        if video.get("autoplay") is None or video.get("loop") is None or video.get("controls") is not None:
            continue
        if sem.is_visible(video) and not _has_stop_button(doc):
            yield Violation(
                message(
                    doc,
                    "%(element)s plays by itself in an endless loop, and nothing stops it: add a button that "
                    "pauses it, or the controls attribute.",
                    element=describe(video),
                ),
                video,
            )
