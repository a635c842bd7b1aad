"""The gate's browser stage: each page rendered in Debian's Chromium, checked for what only rendering shows.

One ``BrowserStage`` (a Chromium and a loopback server) per worker process checks page after page
(``shared.shared_stage``). A page is loaded once; the probes (``probes/``) measure it on a desktop
viewport in light mode (with a real Tab walk), in dark mode, at 320 CSS px, zoomed to 200 % and
with the text spacing of WCAG 1.4.12; axe-core runs in the same document. The browser rules turn
the measurements into findings, each with a screenshot crop taken under the condition it was seen in.
The stage's parts: ``tab`` (the probes run under a condition), ``measure`` (one page's load, Tab walk
and measurements), ``crops`` (screenshots), ``axe`` (axe-core's rules and runs).

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

import itertools
import threading
from pathlib import Path
from types import TracebackType
from typing import Literal

from publisher.a11y.browser.axe import (
    AXE_PROBED,
    AXE_RULE_LIST,
    AxeRuns,
    axe_core_dir,
    axe_source,
    condition_findings,
    rules_left_to_axe,
)
from publisher.a11y.browser.chromium import BrowserError, Chromium, find_chromium
from publisher.a11y.browser.crops import crops_of
from publisher.a11y.browser.measure import measure_page
from publisher.a11y.browser.rendered import BrowserCheck, BrowserRule, RenderedPage, Sighting
from publisher.a11y.browser.server import PageServer
from publisher.a11y.browser.tab import ProbedTab
from publisher.a11y.findings import ChannelKind, Finding, Location

__all__ = ["AxeRules", "BrowserCheck", "BrowserStage", "browser_rules_for"]

AxeRules = Literal["complement", "all"]
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
        if axe_dir is None:  # without it the stage would pass pages on rules it never ran
            raise BrowserError(
                "the browser stage needs axe-core (node_modules/axe-core), which is not installed: "
                "run `scripts/setup-axe.sh` (it runs `npm ci`)"
            )
        self._lock = threading.Lock()
        self._server = PageServer(Path("/"))
        try:
            self._browser = Chromium(chromium, timeout=timeout)
            self._tab = ProbedTab(self._browser, axe_source(axe_dir, "de", all_locales=True))
        except BaseException:
            self._server.close()
            raise
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
            complement = None if self.axe_rules == "all" else self._complement_rules
            measure_page(self._tab, url, page, axe_violations if axe else None, complement)
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
            crops = crops_of(self._tab, [sighting for _, sighting in sightings] + places)
            self._tab.leave()
        except BrowserError as error:
            self._tab.forget_state()
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

    def _complement_rules(self) -> tuple[str, ...]:
        """The axe rules the static rules and the probes leave to axe-core (see the module docstring)."""
        if self._complement is None:
            self._complement = rules_left_to_axe(self._browser.evaluate(AXE_RULE_LIST) or [], AXE_PROBED)
        return self._complement
