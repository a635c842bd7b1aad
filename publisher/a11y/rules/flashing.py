"""Rules for what flashes or blinks: CSS animations that flash more than three times a second, blinking
without end, and animated pictures (GIF, APNG) that loop for longer than five seconds."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import keyframes, rule_matches
from publisher.a11y.dom.scripts import named_button
from publisher.a11y.dom.stylesheets import local_file, sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["animated_image_pause", "blinking_content", "flashing_content"]

_TIME = re.compile(r"^(-?[\d.]+)(ms|s)$", re.IGNORECASE)
# What makes an animation a change of light: colours, brightness, showing and hiding.
_LIGHT = re.compile(
    r"\b(background(?:-color)?|color|opacity|visibility|filter|fill|border-color|box-shadow)\s*:"
)
_STOP_WORDS = re.compile(r"\b(pause|stop|anhalten|stopp|pausieren|animation)", re.IGNORECASE)
_MAX_FLASHES_PER_SECOND = 3
_MAX_SECONDS = 5.0


def _seconds(token: str) -> float | None:
    found = _TIME.match(token.strip())
    if found is None:
        return None
    value = float(found.group(1))
    return value / 1000 if found.group(2).lower() == "ms" else value


def _animations(
    declared: tuple[tuple[str, str, bool], ...], names: dict[str, str]
) -> list[tuple[str, float, float]]:
    """(name, seconds per cycle, cycles; inf for infinite) of each animation the declarations start."""
    found: list[tuple[str, float, float]] = []
    for name, value, _ in declared:
        if name != "animation":
            continue
        for layer in value.split(","):
            duration, count, label = None, 1.0, ""
            for token in layer.split():
                seconds = _seconds(token)
                if seconds is not None:
                    duration = seconds if duration is None else duration
                elif token.lower() == "infinite":
                    count = float("inf")
                elif re.fullmatch(r"[\d.]+", token):
                    count = float(token)
                elif token in names:
                    label = token  # the keyframes' name (not a timing function such as ease-in-out)
            if duration:
                found.append((label, duration, count))
    return found


def _light_animations(doc: CheckedDocument) -> Iterator[tuple[_Element, float, float]]:
    """(element, seconds per cycle, cycles) of animations that change colour, brightness or visibility."""
    frames = keyframes(doc)
    if not frames:
        return
    seen: set[_Element] = set()
    for match in rule_matches(doc):
        if match.states or match.element in seen:
            continue
        for label, duration, count in _animations(match.declared, frames):
            body = frames.get(label)
            if body is not None and _LIGHT.search(body):
                seen.add(match.element)
                yield match.element, duration, count


@rule(
    "flashing-content",
    description="Nothing flashes more than three times in one second.",
    wcag=["2.3.1"],
)
def flashing_content(doc: CheckedDocument) -> Iterator[Violation]:
    """Flashes faster than three a second can cause seizures in people with photosensitive epilepsy.

    Okay: <style>@keyframes glow { 50% { background: #fff; } } .alert { animation: glow 2s 3; }</style><p class="alert">Storm warning</p>
    Error: <style>@keyframes flash { 50% { background: #fff; } } .alert { animation: flash 0.25s steps(1) infinite; }</style><p class="alert">Storm warning</p>
    """
    sem = semantics(doc)
    for element, duration, count in _light_animations(doc):
        if 1 / duration > _MAX_FLASHES_PER_SECOND and duration * count > 1 and sem.is_visible(element):
            yield Violation(
                message(
                    doc,
                    "%(element)s flashes %(rate)s times a second: more than three flashes in one second can "
                    "cause seizures. Let it change no more than three times a second, or not flash at all.",
                    element=describe(element),
                    rate=f"{1 / duration:.0f}",
                ),
                element,
            )


@rule(
    "blinking-content",
    description="Nothing blinks for longer than five seconds, unless a button stops it.",
    wcag=["2.2.2"],
)
def blinking_content(doc: CheckedDocument) -> Iterator[Violation]:
    """A blinking label pulls the eye away from the text around it; after five seconds it must stop.

    Okay: <style>@keyframes pulse { 50% { opacity: 0.2; } } .live { animation: pulse 1.2s 3; }</style><span class="live">Live</span>
    Error: <style>@keyframes pulse { 50% { opacity: 0.2; } } .live { animation: pulse 1.2s infinite; }</style><span class="live">Live</span>
    """
    if any("prefers-reduced-motion" in text for _, text in sheets(doc)) or named_button(doc, _STOP_WORDS):
        return
    sem = semantics(doc)
    for element, duration, count in _light_animations(doc):
        if duration * count <= _MAX_SECONDS or 1 / duration > _MAX_FLASHES_PER_SECOND:
            continue  # short enough, or flashing (reported as such)
        if sem.is_visible(element) and (text_of(element).strip() or element.find(".//img") is not None):
            yield Violation(
                message(
                    doc,
                    "%(element)s blinks without end: stop the animation after at most five seconds (a few "
                    "iterations instead of infinite), or add a button that stops it.",
                    element=describe(element),
                ),
                element,
            )


def _gif_timing(data: bytes) -> tuple[int, float, int] | None:
    """(frames, seconds of one run, runs: 0 for endless) of a GIF; None if it is not one."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return None
    index = 13 + (3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    frames, seconds, runs = 0, 0.0, 1
    while index < len(data):
        kind = data[index]
        if kind == 0x21 and index + 1 < len(data):
            label, index = data[index + 1], index + 2
            if label == 0xF9 and index + 5 <= len(data):
                delay = struct.unpack("<H", data[index + 2 : index + 4])[0]
                seconds += (delay or 10) / 100
            elif label == 0xFF and data[index + 1 : index + 12] == b"NETSCAPE2.0" and index + 17 <= len(data):
                runs = struct.unpack("<H", data[index + 14 : index + 16])[0]
            index = _skip_blocks(data, index)
        elif kind == 0x2C and index + 10 <= len(data):
            frames += 1
            packed = data[index + 9]
            index += 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0) + 1
            index = _skip_blocks(data, index)
        else:
            break
    return frames, seconds, runs


def _skip_blocks(data: bytes, index: int) -> int:
    while index < len(data) and data[index]:
        index += data[index] + 1
    return index + 1


def _endless_picture(path: Path) -> bool:
    """Whether a GIF or APNG picture animates for longer than five seconds."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    timing = _gif_timing(data)
    if timing is not None:
        frames, seconds, runs = timing
        return frames > 1 and (runs == 0 or seconds * runs > _MAX_SECONDS)
    control = data.find(b"acTL")
    if data[:8] == b"\x89PNG\r\n\x1a\n" and control > 0 and control + 12 <= len(data):
        frames, plays = struct.unpack(">II", data[control + 4 : control + 12])
        return bool(frames > 1 and plays == 0)
    return False


@rule(
    "animated-image-pause",
    description="An animated picture (GIF, APNG) does not loop for longer than five seconds without a way to stop it.",
    wcag=["2.2.2"],
)
def animated_image_pause(doc: CheckedDocument) -> Iterator[Violation]:
    """An endless GIF next to the text keeps moving while people read; a picture cannot be paused.

    Okay: <img src="poster.png" alt="Poster of the harbour festival">
    """
    if doc.base_dir is None:
        return
    sem = semantics(doc)
    for image in doc.root.iter("img"):
        source = (image.get("src") or "").strip()
        if not source.lower().split("?")[0].endswith((".gif", ".png", ".apng")) or not sem.is_visible(image):
            continue
        path = local_file(source, doc.base_dir)
        if path is None or not _endless_picture(path) or named_button(doc, _STOP_WORDS):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s is an animated picture that loops for longer than five seconds, and nothing stops "
                "it: use a still picture, let the animation end within five seconds, or show it as a video "
                "with a pause button.",
                element=describe(image),
            ),
            image,
        )
