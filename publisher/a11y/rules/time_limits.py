"""Rules for time limits a script sets: a session or reservation that ends without warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import message
from publisher.a11y.registry import Violation, rule

__all__ = ["time_limit_warned"]

# A delay of a second or more: "setTimeout(..., 600000)", "setTimeout(logout, 15 * 60 * 1000)".
_TIMEOUT = re.compile(r"\bsetTimeout\s*\(.*?,\s*(\d[\d\s*_]*)\)\s*;?", re.DOTALL)
# What ends the user's time: leaving the page, sending the form, signing out.
_ENDS = re.compile(
    r"location(?:\.href)?\s*=|location\.(?:assign|replace|reload)\s*\(|\.submit\s*\(|logout|log_out|abmelden",
    re.IGNORECASE,
)
# A warning with a way to ask for more time.
_WARNS = re.compile(
    r"confirm\s*\(|prompt\s*\(|showModal\s*\(|extend|verlänger|verlaenger|more time|mehr zeit", re.IGNORECASE
)
_MIN_DELAY_MS = 1000
# A countdown: a timer that runs every so often and, once the time is up, leaves the page.
_COUNTDOWN = re.compile(r"\bsetInterval\s*\(")
# How much of the script after "setInterval(" is read as the timer's callback.
_CALLBACK_CHARS = 600


def _delay(expression: str) -> int:
    """The milliseconds of a delay written as a number or a product of numbers."""
    total = 1
    for factor in expression.replace("_", "").split("*"):
        factor = factor.strip()
        if not factor.isdigit():
            return 0
        total *= int(factor)
    return total


@rule(
    "time-limit-warned",
    description="A script that ends the user's time (signs out, gives up a reservation) warns first and offers more.",
    wcag=["2.2.1"],
)
def time_limit_warned(doc: CheckedDocument) -> Iterator[Violation]:
    """Someone who reads or types slowly must be warned before a timer takes their form away.

    Okay: <script>setTimeout(function () { if (confirm("Two minutes left. More time?")) { location.reload(); } }, 480000);</script>
    Okay: <script>setTimeout(function () { banner.hidden = true; }, 8000);</script>
    Error: <script>setTimeout(function () { window.location.href = "/expired/"; }, 600000);</script>
    Error: <script>setTimeout(function () { document.forms[0].submit(); }, 15 * 60 * 1000);</script>
    Error: <script>var left = 600; setInterval(function () { left -= 1; if (left <= 0) { location.href = "/expired/"; } }, 1000);</script>
    """
    for script in doc.root.iter("script"):
        text = script.text or ""
        if script.get("src") is not None or "set" not in text or _WARNS.search(text):
            continue
        if any(
            _ENDS.search(text[found.end() : found.end() + _CALLBACK_CHARS])
            for found in _COUNTDOWN.finditer(text)
        ):
            yield _ends_time(doc, script)
            continue
        for found in _TIMEOUT.finditer(text):
            if _delay(found.group(1)) >= _MIN_DELAY_MS and _ENDS.search(found.group(0)):
                yield _ends_time(doc, script)
                break


def _ends_time(doc: CheckedDocument, script: _Element) -> Violation:
    return Violation(
        message(
            doc,
            "A script ends the user's time after a fixed delay (it leaves the page, sends the form "
            "or signs out) without warning: ask before the time runs out whether they need more, "
            "and give them at least 20 seconds to answer.",
        ),
        script,
    )
