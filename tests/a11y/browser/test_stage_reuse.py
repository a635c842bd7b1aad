"""A browser stage that has checked other pages finds on a page exactly what a fresh stage finds there.

A worker reuses one stage for page after page (``shared.shared_stage``), and each release serves its
pages from a folder of its own. Here one stage checks barrier and clean pages from two folders and a page
given as text, in turn and in a different order each round; every check must equal the check a newly
started stage makes of the same page. The pages include the release gate's page whose focus outline is
drawn in the page's own white, a keyboard trap (focus left stuck), pages whose findings are seen, and
cropped, in dark mode, at 320 px, zoomed and with text spacing, so that each page follows pages that leave
the browser in another state.
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pytest

from publisher.a11y.browser.chromium import BrowserError
from publisher.a11y.browser.stage import BrowserCheck, BrowserStage
from tests.a11y.browser.test_release_gate import NO_FOCUS

pytestmark = pytest.mark.browser

BARRIERS = Path(__file__).resolve().parents[1] / "barriers"
PAGES = (
    "focus-outline-none.bad.html",
    "contrast-dark-link.bad.html",
    "keyboard-trap.bad.html",
    "reflow-long-address.bad.html",
    "focus-obscured.clean.html",
    "text-spacing.bad.html",
    "zoom-text-size.bad.html",
)
THEMED = NO_FOCUS.format(title="Neue Fahrradständer am Bahnhof")


def rounds(second: Path) -> list[list[tuple[str | None, Path]]]:
    """The pages of each round and the folder each is served from: as listed, then the other way round.

    Reversed, every page follows another page than before; the folders alternate by position, and
    with an even count of pages each page comes from the other folder the second time.
    """
    names: list[str | None] = [None, *PAGES]
    first = [(name, (BARRIERS, second)[number % 2]) for number, name in enumerate(names)]
    again = [(name, (BARRIERS, second)[number % 2]) for number, name in enumerate(reversed(names))]
    return [first, again]


class Page(NamedTuple):
    """A page to check: a file under ``root``, or (``name`` None) the themed page given as text."""

    name: str | None
    root: Path | None = None

    def check(self, stage: BrowserStage) -> BrowserCheck:
        if self.name is None:
            return stage.check_text(THEMED, locale="de", shown_as="themed.html")
        assert self.root is not None
        return stage.check_file(self.root / self.name, root=self.root, locale="de", shown_as=self.name)


def seen(check: BrowserCheck) -> list[tuple[object, ...]]:
    """What a report shows of a check: each finding, where, under which condition, and whether with a crop."""
    return sorted(
        (
            f.rule,
            f.severity,
            f.message,
            f.location.selector if f.location else None,
            f.condition,
            f.screenshot is not None,
        )
        for f in check.findings
    )


def test_a_reused_stage_finds_what_a_fresh_stage_finds(stage: BrowserStage, tmp_path: Path) -> None:
    """Round after round, the one stage's check of each page equals a fresh stage's, crops included."""
    second = tmp_path / "another-release"
    shutil.copytree(BARRIERS, second)
    fresh: dict[str | None, list[tuple[object, ...]]] = {}
    for page in [Page(None), *(Page(name, BARRIERS) for name in PAGES)]:
        with BrowserStage() as new:
            fresh[page.name] = seen(page.check(new))
    assert ("focus-indicator-contrast", "error") in {found[:2] for found in fresh[None]}
    assert fresh["focus-obscured.clean.html"] == []
    assert "dark" in {found[4] for found in fresh["contrast-dark-link.bad.html"]}

    differing = []
    for turn, order in enumerate(rounds(second)):
        for name, root in order:
            got = seen(Page(name, root).check(stage))
            if got != fresh[name]:
                differing.append((turn, name, str(root), sorted(set(got) ^ set(fresh[name]))))
    assert differing == []


def test_a_page_the_server_does_not_find_is_not_checked(stage: BrowserStage, tmp_path: Path) -> None:
    """A missing page is an error naming it, not a check of the server's error page (which would pass)."""
    with pytest.raises(BrowserError, match=r"missing\.html: .*HTTP 404"):
        stage.check_file(tmp_path / "missing.html", root=tmp_path, shown_as="missing.html")
    assert stage.check_text(THEMED, locale="de").findings


def test_the_second_round_puts_every_page_after_another_page_and_folder(tmp_path: Path) -> None:
    """No page follows the same page twice, and each is served from both folders."""
    first, again = rounds(tmp_path)
    before = {name: previous for (previous, _), (name, _) in pairwise(first)}
    assert all(before.get(name) != previous for (previous, _), (name, _) in pairwise(again))
    assert all(dict(first)[name] != dict(again)[name] for name, _ in first)
