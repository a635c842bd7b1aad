"""The browser stage's tab: the probes in every document, run under a condition, and screenshots.

A ``ProbedTab`` wraps the one tab of a ``Chromium`` that the stage checks pages in. It keeps what the
tab emulates (``rendered.emulation``'s conditions) and whether its window is shown, so that each
script is sent with only the commands that change them, in the same write (one round trip).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from publisher.a11y.browser.chromium import Chromium
from publisher.a11y.browser.rendered import emulation

__all__ = ["EMPTY", "PROBES", "ProbedTab"]

# What the stage measures in a page (``probes/``): five files joined into one script under one ``P``.
_PROBE_PARTS = ("base", "contrast", "keyboard", "layout", "narrow")
PROBES = (
    '(() => {\n  "use strict";\n  if (window.__publisherProbe) return;\n  const P = {};\n'
    + "".join(
        (Path(__file__).parent / "probes" / f"{part}.js").read_text(encoding="utf-8") for part in _PROBE_PARTS
    )
    + "  window.__publisherProbe = P;\n})();\n"
)
# Empties the page checked before (``leave``).
EMPTY = "document.documentElement?.replaceChildren()"
# An expression with the probes as ``P``.
_IN_PAGE = "((P) => %s)(window.__publisherProbe)"
_TAB = {"type": "rawKeyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}


class ProbedTab:
    """The tab of ``browser``, with the probes (and ``extra``, e.g. axe-core) in every document it loads."""

    def __init__(self, browser: Chromium, extra: str = "") -> None:
        self.browser = browser
        source = PROBES + ("\n" + extra if extra else "")
        browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": source}, session=browser.session)
        browser.send("Emulation.setFocusEmulationEnabled", {"enabled": True}, session=browser.session)
        # The condition emulated now, and whether the window is shown (painting frames) or minimised
        # (None: not known, e.g. after the browser failed; everything is sent again).
        self.condition: str | None = None
        self.painting: bool | None = True
        self._leaving: list[int] = []  # the commands ``leave`` posted

    def forget_state(self) -> None:
        """What the tab emulates and shows is no longer known (a command failed): send all of it again."""
        self.condition = self.painting = None

    def leave(self) -> None:
        """Minimise the window, go back to the desktop's emulation, empty the page checked; without waiting.

        The browser does it while the caller goes on (``left`` collects the answers before the next load);
        minimised first, the page is not painted again under the next page's emulation.
        """
        empty = {"expression": EMPTY, "returnByValue": True}
        commands = [*self.paint(False), *emulation(self.condition, "desktop"), ("Runtime.evaluate", empty)]
        self._leaving = self.browser.post(commands, session=self.browser.session)
        self.condition = "desktop"

    def left(self) -> bool:
        """Whether the page checked before was emptied as ``leave`` asked (waiting for it if need be)."""
        leaving, self._leaving = self._leaving, []
        answers = self.browser.collect(leaving) if leaving else []
        failed = [answer for answer in answers if "error" in answer or "exceptionDetails" in answer["result"]]
        return bool(answers) and not failed

    def run(
        self, expression: str, condition: str | None = None, *, before: list[tuple[str, Any]] | None = None
    ) -> Any:
        """The value of ``expression`` (``P``: the probes), under ``condition`` if given (one round trip).

        ``before``: further commands to send first, in the same write.
        """
        switch = [*(before or []), *(emulation(self.condition, condition) if condition else [])]
        value = self.browser.evaluate_after(switch, _IN_PAGE % expression)
        if condition:
            self.condition = condition
        return value

    def run_in_turn(self, steps: list[tuple[str, str]]) -> list[Any]:
        """The value of each (expression, condition) of ``steps``, measured in turn, in one round trip.

        Every expression but the last must return at once (no promise; see ``Chromium.evaluate_in_turn``).
        """
        sent = []
        for expression, condition in steps:
            sent.append((emulation(self.condition, condition), _IN_PAGE % expression))
            self.condition = condition
        return self.browser.evaluate_in_turn(sent)

    def enter(self, condition: str) -> None:
        """Emulate ``condition``'s viewport and colour scheme (sending only what changes)."""
        switch = emulation(self.condition, condition)
        if switch:
            self.browser.send_many(switch, session=self.browser.session)
        self.condition = condition

    def paint(self, on: bool) -> list[tuple[str, Any]]:
        """The command that shows (``on``) or minimises the window, if it is not so already."""
        if self.painting == on:
            return []
        self.painting = on
        return [self.browser.painting(on)]

    def press_tab(self, times: int) -> None:
        """Press Tab ``times`` times."""
        # Key presses go in one write: Chromium handles them in turn (a key-up in between would be lost).
        self.browser.send_many([("Input.dispatchKeyEvent", _TAB)] * times, session=self.browser.session)

    def capture(self, rect: dict[str, float], *, pad: float = 8) -> bytes | None:
        """A PNG of ``rect`` (page coordinates) and ``pad`` px around it; None if none of it is shown."""
        size = self.run("P.documentSize()", before=self.paint(True))  # a screenshot needs a shown window
        x = max(0.0, rect["x"] - pad)
        y = max(0.0, rect["y"] - pad)
        width = min(rect["width"] + 2 * pad, size["width"] - x, 1200.0)
        height = min(rect["height"] + 2 * pad, size["height"] - y, 700.0)
        if width < 1 or height < 1:
            return None
        shot = self.browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1},
                "captureBeyondViewport": True,
            },
            session=self.browser.session,
        )
        return base64.b64decode(shot["data"])
