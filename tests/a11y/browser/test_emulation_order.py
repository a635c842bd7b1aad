"""An emulation setting sent in the same write as the script that measures the page applies before it;
commands sent without waiting for their answers are answered later.

The browser stage sends each condition's viewport and colour scheme with the probe script that measures
under it, in one write (``Chromium.evaluate_after``). Here a page lays out differently at 320 CSS px and
in dark mode; switching back and forth, each measurement must see the condition sent just before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from publisher.a11y.browser.chromium import Chromium, find_chromium
from tests.conftest import missing_part

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Columns</title><style>
#columns { display: flex } #columns > p { flex: 1; margin: 0 }
@media (max-width: 600px) { #columns { display: block } }
@media (prefers-color-scheme: dark) { body { color: rgb(250, 250, 250) } }
</style></head><body><div id="columns"><p>Left column</p><p>Right column</p></div></body></html>"""

# Whether the columns stand side by side (the second one beside the first), and the text colour.
MEASURE = """(() => {
  const [left, right] = document.querySelectorAll('#columns > p');
  return {beside: right.getBoundingClientRect().top === left.getBoundingClientRect().top,
          width: innerWidth, color: getComputedStyle(document.body).color};
})()"""


def metrics(width: int) -> tuple[str, dict[str, object]]:
    return (
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )


def scheme(value: str) -> tuple[str, dict[str, object]]:
    return ("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": value}]})


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    executable = find_chromium()
    if executable is None:
        missing_part("Chromium is not installed")
    with Chromium(executable) as started:
        started.navigate("data:text/html;charset=utf-8," + quote(PAGE))
        yield started


def test_the_viewport_sent_with_a_measurement_is_the_one_it_measures(browser: Chromium) -> None:
    seen = []
    for turn in range(20):
        narrow = turn % 2 == 0
        found = browser.evaluate_after([metrics(320 if narrow else 1280)], MEASURE)
        seen.append((found["width"], found["beside"]))
    assert seen == [(320, False), (1280, True)] * 10


def test_the_colour_scheme_sent_with_a_measurement_is_the_one_it_measures(browser: Chromium) -> None:
    seen = []
    for turn in range(20):
        dark = turn % 2 == 0
        found = browser.evaluate_after([metrics(1280), scheme("dark" if dark else "light")], MEASURE)
        seen.append(found["color"])
    assert seen == ["rgb(250, 250, 250)", "rgb(0, 0, 0)"] * 10


def test_a_page_loads_under_the_emulation_sent_with_its_navigation(browser: Chromium) -> None:
    """The stage sends the next page's viewport in the write that navigates to it."""
    page = PAGE.replace(
        "</body>", "<script>addEventListener('load', () => { window.atLoad = innerWidth; })</script></body>"
    )
    url = "data:text/html;charset=utf-8," + quote(page)
    seen = []
    for width in (320, 1280, 320, 1280):
        browser.navigate(url, before=[metrics(width)])
        seen.append(browser.evaluate("window.atLoad"))
    assert seen == [320, 1280, 320, 1280]


def test_measurements_sent_in_one_write_each_see_the_condition_sent_before_them(browser: Chromium) -> None:
    """The stage sends the zoom, 320 px and dark-mode measurements of a page in one write."""
    steps = [
        ([metrics(320), scheme("light")], MEASURE),
        ([metrics(1280)], MEASURE),
        ([metrics(320), scheme("dark")], MEASURE),
        ([metrics(1280), scheme("light")], MEASURE),
    ]
    seen = [(found["width"], found["beside"], found["color"]) for found in browser.evaluate_in_turn(steps)]
    assert seen == [
        (320, False, "rgb(0, 0, 0)"),
        (1280, True, "rgb(0, 0, 0)"),
        (320, False, "rgb(250, 250, 250)"),
        (1280, True, "rgb(0, 0, 0)"),
    ]


def test_the_answer_to_a_command_sent_without_waiting_is_kept_until_collected(browser: Chromium) -> None:
    """The stage empties the page it checked while its caller goes on, and collects the answer later."""
    evaluation = {"expression": "window.posted = 6 * 7", "returnByValue": True}
    posted = browser.post([("Runtime.evaluate", evaluation)], session=browser.session)
    assert browser.evaluate("1 + 1") == 2  # the posted command's answer comes meanwhile
    [answer] = browser.collect(posted)
    assert answer["result"]["result"]["value"] == 42
    assert browser.evaluate("window.posted") == 42
