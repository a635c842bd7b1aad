"""The gate's browser stage: each page rendered in Debian's Chromium, checked for what only rendering shows.

One ``BrowserStage`` (a Chromium and a loopback server) per worker process checks page after page
(``shared.shared_stage``). A page is loaded once; the probes (``probes/``) measure it on a desktop
viewport in light mode (with a real Tab walk), in dark mode, at 320 CSS px, zoomed to 200 % and
with the text spacing of WCAG 1.4.12; axe-core runs in the same document. The browser rules turn
the measurements into findings, each with a screenshot crop taken under the condition it was seen in.

Which axe-core rules run (``axe_rules``): by default ("complement") those the gate does not already
check otherwise, once per page in light mode (and link-in-text-block again in dark mode). An axe rule
is left out when a static rule has its id or claims every ACT rule it implements (the static stage
agrees with the ACT cases at least as well as axe-core on each of them), or when a probe measures the
same thing on the rendered page (text contrast, target size, scrollable regions). "all": every WCAG
A/AA rule in light mode, and the colour- and width-dependent ones again in dark mode and at 320 px.

PublisherError
└── BrowserError     Chromium failed, timed out, or is not installed
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from publisher.a11y.browser.axe import (
    AXE_DARK,
    AXE_NARROW,
    AXE_PROBED,
    AXE_RULE_LIST,
    AxeRuns,
    axe_core_dir,
    axe_script,
    axe_source,
    condition_findings,
    rules_left_to_axe,
    take_axe_violations,
    with_axe,
)
from publisher.a11y.browser.chromium import BrowserError, Chromium, find_chromium
from publisher.a11y.browser.pixels import ratio_over_png
from publisher.a11y.browser.rendered import (
    CONDITIONS,
    BrowserCheck,
    BrowserRule,
    RenderedPage,
    Sighting,
    emulation,
)
from publisher.a11y.browser.server import PageServer
from publisher.a11y.findings import ChannelKind, Finding, Location

__all__ = ["AxeRules", "BrowserCheck", "BrowserStage", "browser_rules_for"]

AxeRules = Literal["complement", "all"]
# axe-core's violations under each condition it ran in.

# What the stage measures in a page (``probes/``): four files joined into one script under one ``P``.
_PROBE_PARTS = ("base", "contrast", "keyboard", "layout")
_PROBES = (
    '(() => {\n  "use strict";\n  if (window.__publisherProbe) return;\n  const P = {};\n'
    + "".join(
        (Path(__file__).parent / "probes" / f"{part}.js").read_text(encoding="utf-8") for part in _PROBE_PARTS
    )
    + "  window.__publisherProbe = P;\n})();\n"
)
# Everything measured on the desktop in light mode, after the Tab walk.
_DESKTOP = (
    "({walk: P.walkLog(), focus: P.focusReport(false), back: P.focusReport(true),"
    " clickables: P.clickables(), targets: P.targets(), fields: P.fieldBoundaries(),"
    " scrollables: P.scrollables(), fonts: P.fontSizes(), clips: P.rememberClips(),"
    " contrast: P.textContrast(), dark: P.schemeAware(), wide: P.widthAware(),"
    " shadowAria: P.shadowAriaContext()})"
)
# How the walk went, with the desktop measurements when it came round, or ended, as expected.
_WALKED = (
    "(async () => { const state = P.walkState();"
    " const done = state.wrapped || state.distinct >= state.expected || !state.active || state.nested;"
    " return done ? {state, measured: await %s} : {state}; })()"
)
# The HTTP status of the page shown (0 where the browser does not know it).
_STATUS = "performance.getEntriesByType('navigation')[0]?.responseStatus || 0"
# Empties the page checked before: switched back to the desktop's emulation and shown again while the
# next page loads, it has nothing left to lay out and paint.
_EMPTY = "document.documentElement?.replaceChildren()"
_TAB = {"type": "rawKeyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}
_MAX_TABS = 250
_MAX_CROPS = 25
_page_numbers = itertools.count(1)


def browser_rules_for(channel: ChannelKind) -> list[BrowserRule]:
    """The registered browser rules that apply to ``channel``, in registration order."""
    from publisher.a11y.browser import browser_rules  # registers them on first use
    from publisher.a11y.browser.rendered import BROWSER_RULES

    del browser_rules
    return [candidate for candidate in BROWSER_RULES.values() if channel in candidate.channels]


class BrowserStage:
    """One headless Chromium with the probes and axe-core, checking pages one after another."""

    def __init__(self, *, timeout: float = 30.0, axe_rules: AxeRules = "complement") -> None:
        chromium = find_chromium()
        if chromium is None:
            raise BrowserError(
                "the browser stage needs Chromium, which is not on PATH: install it with "
                "`apt-get install chromium`"
            )
        axe_dir = axe_core_dir()
        self._lock = threading.Lock()
        self._server = PageServer(Path("/"))
        try:
            self._browser = Chromium(chromium, timeout=timeout)
            session = self._browser.session
            source = _PROBES + "\n" + (axe_source(axe_dir, "de", all_locales=True) if axe_dir else "")
            self.has_axe = axe_dir is not None
            self._browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": source}, session=session)
            self._browser.send("Emulation.setFocusEmulationEnabled", {"enabled": True}, session=session)
        except BaseException:
            self._server.close()
            raise
        self._condition: str | None = None
        # Whether the window is shown (painting frames) or minimised (None: not known).
        self._painting: bool | None = True
        self.axe_rules = axe_rules
        self._complement: tuple[str, ...] | None = None

    def __enter__(self) -> BrowserStage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the browser and the server."""
        try:
            self._browser.close()
        finally:
            self._server.close()

    def check_file(
        self,
        path: Path,
        *,
        channel: ChannelKind = "web",
        locale: str = "en",
        root: Path | None = None,
        shown_as: str | None = None,
        axe: bool = True,
        level: str = "AA",
    ) -> BrowserCheck:
        """Render the file at ``path`` (its folder, or ``root``, served as ``/``) and check it.

        ``level`` "AAA" adds the level-AAA browser rules (as ``a11y.level`` does for the static rules).
        """
        path = path.resolve()
        served_root = (root or path.parent).resolve()
        with self._lock:
            self._server.root = served_root
            url = self._server.url(path.relative_to(served_root).as_posix())
            return self._check(url, channel, locale, shown_as or str(path), axe, level)

    def check_text(
        self,
        html: str,
        *,
        channel: ChannelKind = "web",
        locale: str = "en",
        root: Path | None = None,
        shown_as: str | None = None,
        axe: bool = True,
        level: str = "AA",
    ) -> BrowserCheck:
        """Render ``html`` as a page in ``root`` (relative links resolve there) and check it."""
        name = f"publisher-page-{next(_page_numbers)}.html"
        with self._lock:
            self._server.root = (root or Path("/nonexistent")).resolve()
            with self._server.serving(name, html.encode("utf-8")):
                return self._check(self._server.url(name), channel, locale, shown_as, axe, level)

    # -- one page -------------------------------------------------------------------------------

    def _check(
        self, url: str, channel: ChannelKind, locale: str, shown_as: str | None, axe: bool, level: str = "AA"
    ) -> BrowserCheck:
        page = RenderedPage(locale=locale, channel=channel)
        axe_violations: AxeRuns = []
        try:
            self._measure(url, page, axe_violations if axe and self.has_axe else None)
            sightings = [
                (candidate, sighting)
                for candidate in browser_rules_for(channel)
                if candidate.level != "AAA" or level == "AAA"
                for sighting in candidate.check(page)
            ]
            from_axe = condition_findings(axe_violations, shown_as, page.gettext)
            # axe-core's findings get a crop too, looked up by their selector under their condition.
            places = [
                Sighting(finding.message, finding.location.selector if finding.location else None,
                         finding.condition or "desktop")  # type: ignore[arg-type]
                for finding in from_axe
            ]  # fmt: skip
            crops = self._crops([sighting for _, sighting in sightings] + places)
        except BrowserError as error:
            # What the browser emulates and shows now is not known: all of it is sent again.
            self._condition = self._painting = None
            raise BrowserError(f"{shown_as or url}: {error}") from error
        result = BrowserCheck()
        seen: set[tuple[str, str | None, str]] = set()
        for number, (candidate, sighting) in enumerate(sightings):
            key = (candidate.id, sighting.selector, sighting.message)
            if key in seen:
                continue
            seen.add(key)
            crop = crops.get(number)
            name = None
            if crop is not None:
                name = f"{candidate.id}-{number + 1}.png"
                result.crops[name] = crop
            result.findings.append(
                Finding(
                    rule=candidate.id,
                    severity=sighting.severity or candidate.severity,
                    message=sighting.message,
                    wcag=list(candidate.wcag),
                    act=list(candidate.act),
                    location=Location(selector=sighting.selector, path=shown_as),
                    condition=sighting.condition,
                    screenshot=name,
                )
            )
        for number, finding in enumerate(from_axe, start=len(sightings)):
            crop = crops.get(number)
            name = None
            if crop is not None:
                name = f"{finding.rule.replace(':', '-')}-{number + 1}.png"
                result.crops[name] = crop
            result.findings.append(finding.model_copy(update={"screenshot": name}))
        return result

    def _measure(self, url: str, page: RenderedPage, axe: AxeRuns | None) -> None:
        # The emulation is kept from page to page (the browser keeps it across navigations). The page
        # loads in a shown window, as in a reader's browser (the window is shown again once the previous
        # page is gone, so that page is not painted again under the new emulation); it is measured in a
        # minimised one, which lays it out for the probes without painting each change.
        # (A script sent in the navigation's own write may not run before the page is left: sent first.)
        leave = emulation(self._condition, "desktop")
        try:
            self._browser.evaluate_after(leave, _EMPTY)
            leave = []
        except BrowserError:  # the page was leaving already (a redirect): all is sent with the navigation
            leave = emulation(None, "desktop")
        self._browser.navigate(url, before=leave, after=self._paint(True))
        self._condition = "desktop"
        # The status and the start of the Tab walk in one round trip; an error page (e.g. not found)
        # in the page's place is not checked, whatever the walk's start did in it.
        started = self._run(
            f"({{status: {_STATUS}, presses: P ? P.startWalk() : 0}})", before=self._paint(False)
        )
        if (status := started["status"]) >= 400:
            raise BrowserError(f"the page server answered HTTP {status} for {url}: the page was not checked")
        complete = self.axe_rules == "all"
        wanted = None if axe is None else self._axe_script(None if complete else self._complement_rules())
        stuck, desktop = self._tab_walk(int(started["presses"] or 0), with_axe(_DESKTOP, wanted))
        page.measured["desktop"] = desktop
        desktop["stuck"] = stuck
        take_axe_violations(desktop, "desktop", axe)
        self._sample_images(page.measured["desktop"]["contrast"])
        # Spaced, measured and restored in one script: reading the layout makes the browser apply it.
        page.measured["spacing"] = self._run(
            "(() => { P.spaceText(); const found = {clips: P.newClips(), overlaps: P.overlaps()};"
            " P.unspaceText(); return found; })()"
        )
        page.measured["zoom"] = self._run("({clips: P.clippedText(), fonts: P.fontSizes()})", "zoom")
        # Width-dependent styles can shrink targets or change colours at 320 px: measured there too.
        narrow = "({overflow: P.overflow(), targets: P.targets()" + (
            ", contrast: P.textContrast()})" if desktop["wide"] else "})"
        )
        narrow_axe = AXE_NARROW if desktop["wide"] else AXE_NARROW[1:]
        wanted = self._axe_script(narrow_axe) if axe is not None and complete else None
        page.measured["narrow"] = self._run(with_axe(narrow, wanted), "narrow")
        take_axe_violations(page.measured["narrow"], "narrow", axe)
        if not desktop["dark"]:
            return  # no style reacts to the colour scheme: dark mode looks as light mode does
        wanted = None  # axe-core is not in an email's check: its rule list cannot be asked there
        if axe is not None:
            wanted = self._axe_script(
                AXE_DARK if complete else tuple(r for r in AXE_DARK if r in self._complement_rules())
            )
        dark = (
            "({focus: P.focusReport(false, true), fields: P.fieldBoundaries(), contrast: P.textContrast()})"
        )
        page.measured["dark"] = self._run(with_axe(dark, wanted), "dark")
        take_axe_violations(page.measured["dark"], "dark", axe)
        self._sample_images(page.measured["dark"]["contrast"])

    def _tab_walk(self, stops: int, measure: str) -> tuple[str | None, dict[str, Any]]:
        """Press Tab through the page (the probes log each focus), then measure it on the desktop.

        ``stops``: what the walk's start counted (``P.startWalk()``); ``measure``: the script of the
        desktop measurements. Returns the element focus got stuck on (None if none) and the desktop
        measurements, taken in the script that reads how the walk went when it went as expected.
        """
        presses = min(stops, _MAX_TABS)
        if not presses:
            return None, self._run(measure)
        self._press_tab(presses)
        walked = self._run(_WALKED % measure)
        if "measured" in walked:
            return None, walked["measured"]
        # Suspicious: press on and see whether focus ever gets anywhere new.
        state = walked["state"]
        self._press_tab(12)
        again = self._run("P.walkState()")
        moved = again["wrapped"] or again["distinct"] > state["distinct"] or not again["active"]
        return None if moved else str(again["active"]), self._run(measure)

    def _press_tab(self, times: int) -> None:
        # Key presses go in one write: Chromium handles them in turn (a key-up in between would be lost).
        self._browser.send_many([("Input.dispatchKeyEvent", _TAB)] * times, session=self._browser.session)

    def _run(
        self, expression: str, condition: str | None = None, *, before: list[tuple[str, Any]] | None = None
    ) -> Any:
        """The value of ``expression`` (``P``: the probes), under ``condition`` if given (one round trip).

        ``before``: further commands to send first, in the same write.
        """
        switch = [*(before or []), *(emulation(self._condition, condition) if condition else [])]
        value = self._browser.evaluate_after(switch, f"((P) => {expression})(window.__publisherProbe)")
        if condition:
            self._condition = condition
        return value

    def _complement_rules(self) -> tuple[str, ...]:
        """The axe rules the static rules and the probes leave to axe-core (see the module docstring)."""
        if self._complement is None:
            self._complement = rules_left_to_axe(self._browser.evaluate(AXE_RULE_LIST) or [], AXE_PROBED)
        return self._complement

    @staticmethod
    def _axe_script(rules: tuple[str, ...] | None) -> str | None:
        """The script running axe-core for ``rules`` (None: every WCAG A/AA rule); None if no rule is left."""
        return None if rules is not None and not rules else axe_script(rules)

    def _paint(self, on: bool) -> list[tuple[str, Any]]:
        """The command that shows (``on``) or minimises the window, if it is not so already."""
        if self._painting == on:
            return []
        self._painting = on
        return [self._browser.painting(on)]

    def _enter(self, condition: str) -> None:
        """Emulate ``condition``'s viewport and colour scheme (sending only what changes)."""
        switch = emulation(self._condition, condition)
        if switch:
            self._browser.send_many(switch, session=self._browser.session)
        self._condition = condition

    def _sample_images(self, contrast: dict[str, Any]) -> None:
        """Text over pictures: measure the contrast against the pixels behind it, the text made invisible."""
        candidates = contrast.get("overImages") or []
        if not candidates:
            return
        self._run("P.hideText()")
        try:
            for item in candidates[:20]:
                png = self._capture(item["rect"], pad=0)
                ratio = ratio_over_png(item["color"], png) if png is not None else None
                if ratio is not None and ratio < item["enhanced"]:
                    contrast.setdefault("failing", []).append({**item, "ratio": ratio, "image": True})
        finally:
            self._run("P.restoreText()", before=self._paint(False))

    def _capture(self, rect: dict[str, float], *, pad: float = 8) -> bytes | None:
        size = self._run("P.documentSize()", before=self._paint(True))  # a screenshot needs a shown window
        x = max(0.0, rect["x"] - pad)
        y = max(0.0, rect["y"] - pad)
        width = min(rect["width"] + 2 * pad, size["width"] - x, 1200.0)
        height = min(rect["height"] + 2 * pad, size["height"] - y, 700.0)
        if width < 1 or height < 1:
            return None
        shot = self._browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1},
                "captureBeyondViewport": True,
            },
            session=self._browser.session,
        )
        return base64.b64decode(shot["data"])

    def _crops(self, sightings: list[Sighting]) -> dict[int, bytes]:
        """A PNG per sighting with a place on the page, taken under its condition (at most ``_MAX_CROPS``)."""
        crops: dict[int, bytes] = {}
        order = sorted(
            (number for number, sighting in enumerate(sightings) if sighting.rect or sighting.selector),
            key=lambda number: list(CONDITIONS).index(sightings[number].condition),
        )
        spaced = False
        for number in order[:_MAX_CROPS]:
            sighting = sightings[number]
            self._enter("desktop" if sighting.condition == "spacing" else sighting.condition)
            if (sighting.condition == "spacing") != spaced:
                self._run("P.spaceText()" if not spaced else "P.unspaceText()")
                spaced = not spaced
            if sighting.focused and sighting.selector:
                self._run(
                    f"document.querySelector({json.dumps(sighting.selector)})?.focus({{focusVisible: true}})"
                )
            rect = sighting.rect
            if (sighting.focused or not rect) and sighting.selector:
                moved = self._run(f"P.place({json.dumps(sighting.selector)})")
                rect = moved or rect
            png = self._capture(rect) if rect else None
            if png is not None:
                crops[number] = png
        if spaced:
            self._run("P.unspaceText()")
        return crops
