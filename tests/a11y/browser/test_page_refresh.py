"""A page that refreshes itself is checked as it is, not the page it sends the browser to.

A ``<meta http-equiv="refresh">`` used to take Chromium away in the middle of the browser stage's
check (sooner on a busy machine), and the check failed with "navigated or closed". The static rules
still report the refresh; the browser stage sees the page stay put.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.a11y.browser.stage import BrowserStage

pytestmark = pytest.mark.browser

BARRIERS = Path(__file__).resolve().parents[1] / "barriers"
REFRESH = '<meta http-equiv="Refresh" content="0; url=weiter.html">'


def _rules(stage: BrowserStage, page: Path) -> list[tuple[str, str | None]]:
    check = stage.check_file(page, root=page.parent, locale="de", shown_as=page.name)
    return sorted((finding.rule, finding.condition) for finding in check.findings)


def test_a_page_with_an_immediate_refresh_is_checked_itself(tmp_path: Path) -> None:
    original = tmp_path / "breit.html"
    shutil.copy(BARRIERS / "reflow-fixed-width.bad.html", original)
    refreshing = tmp_path / "sofort-weiter.html"
    html = original.read_text(encoding="utf-8")
    refreshing.write_text(html.replace("<head>", "<head>" + REFRESH, 1), encoding="utf-8")
    # Where the refresh would lead: a page without the barrier.
    shutil.copy(BARRIERS / "reflow-fixed-width.clean.html", tmp_path / "weiter.html")

    with BrowserStage() as stage:
        expected = _rules(stage, original)
        assert expected, "the barrier page itself has findings"
        assert _rules(stage, refreshing) == expected
        # Had the browser followed the refresh, it would have reported the other page's findings.
        assert _rules(stage, tmp_path / "weiter.html") != expected
