"""One page measured by the browser stage: loaded once, walked with Tab, then probed under each condition.

The page loads on the desktop in light mode and is walked with real Tab presses; then the probes
measure it there (and with the text spacing of WCAG 1.4.12, in the same script), zoomed to 200 %, at
320 CSS px and in dark mode, each condition's emulation, measurements and axe-core run sent in one
write. What they return goes into a ``RenderedPage`` for the browser rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from publisher.a11y.browser.axe import (
    AXE_DARK,
    AXE_NARROW,
    AxeRuns,
    axe_script,
    take_axe_violations,
    with_axe,
)
from publisher.a11y.browser.chromium import BrowserError
from publisher.a11y.browser.crops import sample_images
from publisher.a11y.browser.rendered import SHORT_HEIGHT, RenderedPage, emulation
from publisher.a11y.browser.tab import EMPTY, ProbedTab

__all__ = ["measure_page"]

# Everything measured on the desktop in light mode, after the Tab walk.
_DESKTOP = (
    "({walk: P.walkLog(), focus: P.focusReport(false), back: P.focusReport(true),"
    " clickables: P.clickables(), targets: P.targets(), fields: P.fieldBoundaries(),"
    " scrollables: P.scrollables(), fonts: P.fontSizes(), clips: P.rememberClips(),"
    " contrast: P.textContrast(), dark: P.schemeAware(), wide: P.widthAware() && P.rememberWide(),"
    " shadowAria: P.shadowAriaContext()})"
)
# ``wide``: whether the styles depend on the width; if so, what the desktop shows is kept in the page
# (after ``fonts``, which notes the text it saw) for the comparison at 320 px (``P.narrowed``).
# Everything measured in dark mode.
_DARK = "({focus: P.focusReport(false, true), fields: P.fieldBoundaries(), contrast: P.textContrast()})"
# The desktop measurements (a script, given as %s) and then, in the same round trip, text spacing: after
# axe-core's run, which thus reads the page as it was laid out for the measurements before it.
_THEN_SPACED = "(async () => { const found = await %s; found.spacing = P.spacing(); return found; })()"
# How the walk went, with the desktop measurements when it came round, or ended, as expected.
_WALKED = (
    "(async () => { const state = P.walkState();"
    " const done = state.wrapped || state.distinct >= state.expected || !state.active || state.nested;"
    " return done ? {state, measured: await %s} : {state}; })()"
)
# The HTTP status of the page shown (0 where the browser does not know it).
_STATUS = "performance.getEntriesByType('navigation')[0]?.responseStatus || 0"
_MAX_TABS = 250
# The share of the short view (``SHORT_HEIGHT``) that bars measured at 320 x 640 must cover to be
# measured at 320 x 256 too.
_BARS_WORTH_A_LOOK = 0.4
# Presses after a walk that did not come round as expected, to see whether focus ever moves on.
_MORE_TABS = 12


def measure_page(
    tab: ProbedTab,
    url: str,
    page: RenderedPage,
    axe: AxeRuns | None,
    complement: Callable[[], tuple[str, ...]] | None,
) -> None:
    """Load ``url`` in ``tab`` and put the probes' measurements under each condition into ``page``.

    ``axe``: where axe-core's violations go, condition by condition (None: axe-core does not run);
    ``complement``: the axe rules to run (None: every WCAG A/AA rule, under each condition it depends on).
    """
    _load(tab, url)
    # The status and the start of the Tab walk in one round trip; an error page (e.g. not found)
    # in the page's place is not checked, whatever the walk's start did in it.
    started = tab.run(f"({{status: {_STATUS}, presses: P ? P.startWalk() : 0}})")
    if (status := started["status"]) >= 400:
        raise BrowserError(f"the page server answered HTTP {status} for {url}: the page was not checked")
    wanted = None if axe is None else _axe_for(None if complement is None else complement())
    measure = _THEN_SPACED % with_axe(_DESKTOP, wanted)
    stuck, desktop = _tab_walk(tab, int(started["presses"] or 0), measure)
    page.measured["desktop"] = desktop
    page.measured["spacing"] = desktop.pop("spacing")
    desktop["stuck"] = stuck
    take_axe_violations(desktop, "desktop", axe)
    sample_images(tab, desktop["contrast"])
    # The other conditions in turn, in as few round trips as their scripts allow.
    steps = [("zoom", "({clips: P.clippedText(), fonts: P.fontSizes()})", False)]
    # Width-dependent styles can shrink targets or change colours at 320 px: measured there too.
    narrow = "({overflow: P.overflow(), targets: P.targets(), ...P.narrowLayout()" + (
        ", contrast: P.textContrast(), narrowed: P.narrowed()})" if desktop["wide"] else "})"
    )
    narrow_axe = AXE_NARROW if desktop["wide"] else AXE_NARROW[1:]
    wanted = _axe_for(narrow_axe) if axe is not None and complement is None else None
    steps.append(("narrow", with_axe(narrow, wanted), wanted is not None))
    # Unless no style reacts to the colour scheme: then dark mode looks as light mode does.
    if desktop["dark"]:
        wanted = None  # axe-core is not in an email's check: its rule list cannot be asked there
        if axe is not None:
            rules = AXE_DARK if complement is None else tuple(r for r in AXE_DARK if r in complement())
            wanted = _axe_for(rules)
        steps.append(("dark", with_axe(_DARK, wanted), wanted is not None))
    for condition, found in _in_turn(tab, steps):
        page.measured[condition] = found
        take_axe_violations(found, condition, axe)
    # Bars that might fill the 256 px high view of 400 % zoom are measured again at that height (their
    # size or position may follow the height), only then: most pages have none so tall.
    if page.measured["narrow"]["bars"]["covered"] > _BARS_WORTH_A_LOOK * SHORT_HEIGHT:
        page.measured["short"] = tab.run("({bars: P.bars()})", "short")
    if "dark" in page.measured:
        sample_images(tab, page.measured["dark"]["contrast"])


def _in_turn(tab: ProbedTab, steps: list[tuple[str, str, bool]]) -> list[tuple[str, Any]]:
    """(condition, measurements) of each (condition, script, whether it awaits) of ``steps``, in turn.

    Scripts go in one write up to one that awaits (axe-core) and the next write after its answer.
    """
    measured: list[tuple[str, Any]] = []
    batch: list[tuple[str, str]] = []
    for number, (condition, script, awaits) in enumerate(steps):
        batch.append((script, condition))
        if awaits or number == len(steps) - 1:
            values = tab.run_in_turn(batch)
            measured += [(done, value) for (_, done), value in zip(batch, values, strict=True)]
            batch = []
    return measured


def _load(tab: ProbedTab, url: str) -> None:
    """Navigate to ``url`` on the desktop, in a minimised window, and wait for its load event.

    The emulation is kept from page to page (the browser keeps it across navigations). The page
    loads and is measured in a minimised window: Chromium loads, lays out and runs it as in a shown
    one (with focus emulation it counts as visible and focused; animation frames still come), but
    rasters and composites no frame. The window is shown only for screenshots (``crops``) and
    minimised again when the page checked is left (``ProbedTab.leave``, done while the caller went on).
    """
    leave: list[tuple[str, Any]] = []
    if not tab.left():  # not left as the last check asked (the first page, a failure, a redirect)
        # A script sent in the navigation's own write may not run before the page is left: sent first.
        leave = [*tab.paint(False), *emulation(tab.condition, "desktop")]
        try:
            tab.browser.evaluate_after(leave, EMPTY)
            leave = []
        except BrowserError:  # the page was leaving already (a redirect): all is sent with the navigation
            leave = [tab.browser.painting(False), *emulation(None, "desktop")]
    tab.browser.navigate(url, before=[*leave, *tab.paint(False)])
    tab.condition = "desktop"


def _tab_walk(tab: ProbedTab, stops: int, measure: str) -> tuple[str | None, dict[str, Any]]:
    """Press Tab through the page (the probes log each focus), then measure it on the desktop.

    ``stops``: what the walk's start counted (``P.startWalk()``); ``measure``: the script of the
    desktop measurements. Returns the element focus got stuck on (None if none) and the desktop
    measurements, taken in the script that reads how the walk went when it went as expected.
    """
    presses = min(stops, _MAX_TABS)
    if not presses:
        return None, tab.run(measure)
    tab.press_tab(presses)
    walked = tab.run(_WALKED % measure)
    if "measured" in walked:
        return None, walked["measured"]
    # Suspicious: press on and see whether focus ever gets anywhere new.
    state = walked["state"]
    tab.press_tab(_MORE_TABS)
    again = tab.run("P.walkState()")
    moved = again["wrapped"] or again["distinct"] > state["distinct"] or not again["active"]
    return None if moved else str(again["active"]), tab.run(measure)


def _axe_for(rules: tuple[str, ...] | None) -> str | None:
    """The script running axe-core for ``rules`` (None: every WCAG A/AA rule); None if no rule is left."""
    return None if rules is not None and not rules else axe_script(rules)
