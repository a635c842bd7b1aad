"""Rules for the page's ``meta`` elements: zoom stays possible and nothing refreshes on a timer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import message
from publisher.a11y.registry import Violation, rule

__all__ = ["meta_refresh", "meta_refresh_no_delay", "meta_viewport", "refresh_delay"]

_REFRESH = re.compile(r"^[ \t\n\f\r]*(\d+)[\d.]*(?:$|[ \t\n\f\r;,])")
# The longest delay WCAG 2.2.1 lets a page refresh after without a way to turn it off: 20 hours.
_TWENTY_HOURS = 72000


def refresh_delay(doc: CheckedDocument) -> tuple[_Element, int] | None:
    """The first valid ``<meta http-equiv="refresh">`` and its delay in seconds (HTML's parsing rules)."""
    for meta in doc.root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        found = _REFRESH.match(meta.get("content") or "")
        if found:
            return meta, int(found.group(1))
    return None


@rule(
    "meta-refresh",
    description="The page does not refresh or redirect on a timer.",
    wcag=["2.2.1"],
    act=["bc659a"],
)
def meta_refresh(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``meta`` refresh redirects at once (delay 0) or not before 20 hours.

    Okay: <meta http-equiv="refresh" content="0; URL='/new-address'">
    Error: <meta http-equiv="refresh" content="30">
    Error: <meta http-equiv="refresh" content="5; URL='/new-address'">
    """
    found = doc.shared(refresh_delay)
    if found is not None and 0 < found[1] <= _TWENTY_HOURS:
        yield Violation(
            message(
                doc,
                "The page reloads or moves on after %(seconds)d seconds (meta refresh): readers may not "
                "finish in time. Remove the meta refresh, or redirect at once (delay 0) on the server.",
                seconds=found[1],
            ),
            found[0],
        )


@rule(
    "meta-refresh-no-delay",
    description="The page never refreshes or redirects after a delay (no 20-hour exception).",
    severity="warning",
    wcag=["2.2.4", "3.2.5"],
    act=["bisz58"],
)
def meta_refresh_no_delay(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``meta`` refresh, if any, redirects immediately; long delays are reported as a warning.

    Okay: <meta http-equiv="refresh" content="0; URL='/new-address'">
    Error: <meta http-equiv="refresh" content="72001; URL='/new-address'">
    """
    found = doc.shared(refresh_delay)
    if found is not None and found[1] > 0:
        yield Violation(
            message(
                doc,
                "The page reloads or moves on after %(seconds)d seconds (meta refresh): remove the meta "
                "refresh or redirect at once.",
                seconds=found[1],
            ),
            found[0],
        )


def _scale(value: str) -> float:
    # Viewport values: keywords map to numbers, anything unparsable counts as 0 (the spec's fallback).
    text = value.strip().lower()
    keywords = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
    if text in keywords:
        return keywords[text]
    found = re.match(r"^[+-]?(\d+\.?\d*|\.\d+)", text)
    return float(found.group(0)) if found else 0.0


@rule(
    "meta-viewport",
    description="The viewport meta element does not stop users from zooming.",
    wcag=["1.4.4"],
    act=["b4f0c3"],
)
def meta_viewport(doc: CheckedDocument) -> Iterator[Violation]:
    """``<meta name="viewport">`` allows zooming: no ``user-scalable=no``, ``maximum-scale`` at least 2.

    Okay: <meta name="viewport" content="width=device-width, initial-scale=1">
    Error: <meta name="viewport" content="width=device-width, user-scalable=no">
    Error: <meta name="viewport" content="width=device-width, maximum-scale=1">
    """
    for meta in doc.root.iter("meta"):
        if (meta.get("name") or "").strip().lower() != "viewport":
            continue
        settings: dict[str, str] = {}
        for part in re.split(r"[,;]", meta.get("content") or ""):
            key, _, value = part.partition("=")
            settings[key.strip().lower()] = value
        blocked = []
        if "user-scalable" in settings and -1 < _scale(settings["user-scalable"]) < 1:
            blocked.append("user-scalable=" + settings["user-scalable"].strip())
        if "maximum-scale" in settings and 0 <= _scale(settings["maximum-scale"]) < 2:
            blocked.append("maximum-scale=" + settings["maximum-scale"].strip())
        if blocked:
            yield Violation(
                message(
                    doc,
                    "The viewport meta element stops readers from zooming (%(settings)s): remove it from the "
                    "content attribute.",
                    settings=", ".join(blocked),
                ),
                meta,
            )
