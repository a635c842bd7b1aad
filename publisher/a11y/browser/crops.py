"""Screenshots the browser stage takes: crops of what a finding points at, and pixels behind text.

Both are taken only where needed: a crop for each sighting with a place on the page (at most
``MAX_CROPS``), and the pixels behind text that the probes found over a picture.
"""

from __future__ import annotations

import json
from typing import Any

from publisher.a11y.browser.pixels import ratio_over_png
from publisher.a11y.browser.rendered import CONDITIONS, Sighting
from publisher.a11y.browser.tab import ProbedTab

__all__ = ["MAX_CROPS", "crops_of", "sample_images"]

MAX_CROPS = 25
# Text over pictures measured against the pixels behind it, at most this many per condition.
_MAX_SAMPLES = 20


def sample_images(tab: ProbedTab, contrast: dict[str, Any]) -> None:
    """Text over pictures: measure the contrast against the pixels behind it, the text made invisible."""
    candidates = contrast.get("overImages") or []
    if not candidates:
        return
    tab.run("P.hideText()")
    try:
        for item in candidates[:_MAX_SAMPLES]:
            png = tab.capture(item["rect"], pad=0)
            ratio = ratio_over_png(item["color"], png) if png is not None else None
            if ratio is not None and ratio < item["enhanced"]:
                contrast.setdefault("failing", []).append({**item, "ratio": ratio, "image": True})
    finally:
        tab.run("P.restoreText()", before=tab.paint(False))


def crops_of(tab: ProbedTab, sightings: list[Sighting]) -> dict[int, bytes]:
    """A PNG per sighting with a place on the page, taken under its condition (at most ``MAX_CROPS``)."""
    crops: dict[int, bytes] = {}
    order = sorted(
        (number for number, sighting in enumerate(sightings) if sighting.rect or sighting.selector),
        key=lambda number: list(CONDITIONS).index(sightings[number].condition),
    )
    spaced = False
    for number in order[:MAX_CROPS]:
        sighting = sightings[number]
        tab.enter("desktop" if sighting.condition == "spacing" else sighting.condition)
        if (sighting.condition == "spacing") != spaced:
            tab.run("P.spaceText()" if not spaced else "P.unspaceText()")
            spaced = not spaced
        if sighting.focused and sighting.selector:
            tab.run(f"document.querySelector({json.dumps(sighting.selector)})?.focus({{focusVisible: true}})")
        rect = sighting.rect
        if (sighting.focused or not rect) and sighting.selector:
            moved = tab.run(f"P.place({json.dumps(sighting.selector)})")
            rect = moved or rect
        png = tab.capture(rect) if rect else None
        if png is not None:
            crops[number] = png
    if spaced:
        tab.run("P.unspaceText()")
    return crops
