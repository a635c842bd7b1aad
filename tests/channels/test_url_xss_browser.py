"""Stored XSS through a URL field, tried in Chromium: a hostile URL is refused, or clicking it runs nothing.

Chromium is the judge of what a URL means: every link and image of a released page is read back as
the browser parsed it (``a.protocol``), and a link with a script scheme is clicked with real mouse
events to show what it would do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from publisher.a11y.browser.chromium import Chromium
from publisher.errors import InvalidSource
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.helpers import publish
from tests.hostile import hostile_urls

pytestmark = pytest.mark.browser

# Sets the title instead of alert(): a dialog would block the page, and void() keeps the document.
MARKER = "PWNED"
PAYLOADS = hostile_urls(f"void(document.title='{MARKER}')")
SAFE_PROTOCOLS = {"http:", "https:", "mailto:", "tel:"}
# What Chromium makes of every URL on the page: links and areas with their protocol, images' sources.
_URLS_AS_PARSED = """
[...document.querySelectorAll('a[href], area[href]')].map((a, i) => ({index: i, protocol: a.protocol,
  href: a.getAttribute('href'), host: a.host}))
"""

Write = Callable[..., Path]
Site = tuple[Path, Callable[[Path], str]]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, Callable[[Path], str]]]:
    """A folder served over loopback HTTP, as the press site is, and the URL of a file in it."""
    root = tmp_path / "public"
    root.mkdir()
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield root, lambda page: f"http://127.0.0.1:{port}/{page.relative_to(root).as_posix()}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def click_runs_script(browser: Chromium, url: str, index: int) -> bool:
    """Load ``url``, click its ``index``-th link with the mouse, and say whether the link's script ran."""
    browser.navigate(url)
    browser.evaluate(f"document.querySelectorAll('a[href], area[href]')[{index}].scrollIntoView()")
    x, y = browser.evaluate(
        f"(() => {{ const box = document.querySelectorAll('a[href], area[href]')[{index}]"
        ".getBoundingClientRect(); return [box.x + box.width / 2, box.y + box.height / 2]; })()"
    )
    for event in ("mousePressed", "mouseReleased"):
        browser.send(
            "Input.dispatchMouseEvent",
            {"type": event, "x": x, "y": y, "button": "left", "clickCount": 1},
            session=browser.session,
        )
    # A javascript: URL runs as a task after the click; poll, with a deadline only as a hang guard.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if browser.evaluate("document.title") == MARKER:
            return True
        time.sleep(0.05)
    return False


def unsafe_urls(browser: Chromium, url: str) -> list[dict[str, Any]]:
    """Links on the page Chromium reads as neither web, mail nor phone, or as leaving for another host."""
    browser.navigate(url)
    found: list[dict[str, Any]] = browser.evaluate(_URLS_AS_PARSED)
    return [
        link
        for link in found
        if link["protocol"] not in SAFE_PROTOCOLS
        or (link["protocol"] in ("http:", "https:") and "evil" in link["host"])
    ]


def assert_nothing_runs(browser: Chromium, url: str) -> None:
    bad = unsafe_urls(browser, url)
    ran = [
        link["href"]
        for link in bad
        if link["protocol"] == "javascript:" and click_runs_script(browser, url, link["index"])
    ]
    assert not ran, f"clicking these links ran script in Chromium: {ran!r}"
    assert not bad, f"links Chromium reads as unsafe: {bad!r}"


def test_the_click_detector_sees_a_script_link_run(chromium: Chromium, site: Site) -> None:
    """Control: the very URL of the original report, clicked in Chromium, runs its script."""
    root, url_of = site
    page = root / "control.html"
    url = PAYLOADS["tab-in-scheme"].replace("\t", "&#9;")
    page.write_text(
        f'<!DOCTYPE html><title>t</title><p><a href="{url}">Weitere Meldung</a>', encoding="utf-8"
    )
    assert [link["protocol"] for link in unsafe_urls(chromium, url_of(page))] == ["javascript:"]
    assert click_runs_script(chromium, url_of(page), 0)


def test_hostile_related_urls_never_run_on_click(
    chromium: Chromium, site: Site, write_article: Write, settings: Settings
) -> None:
    """Each hostile related-article URL is refused with its line and field; what is accepted runs nothing."""
    accepted = []
    for name, url in PAYLOADS.items():
        path = write_article(related=[{"title": f"Weitere Meldung {name}", "url": url}])
        try:
            parse_article(path)
        except InvalidSource as error:
            found = [(problem.field, bool(problem.line)) for problem in error.problems]
            assert found == [("related.0.url", True)], name
        else:
            accepted.append({"title": f"Weitere Meldung {name}", "url": url})
    if accepted:
        root, url_of = site
        (report,) = publish([write_article(related=accepted)], root, settings)
        assert_nothing_runs(chromium, url_of(root / report["slug"] / "index.html"))


def test_hostile_body_links_never_run_on_click(
    chromium: Chromium, site: Site, write_article: Write, settings: Settings
) -> None:
    """Markdown links, autolinks and raw HTML links in the body: whatever is released runs nothing."""
    paragraphs = []
    for name, url in PAYLOADS.items():
        if any(ord(char) < 0x20 and char not in "\t\n\r" for char in url):
            continue  # a raw control character refuses the whole file
        target = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>").replace("\n", " ")
        quoted = url.replace('"', "&quot;")  # character references stay for the HTML parser to decode
        paragraphs.append(
            f'Fall {name}: [Markdown-Ziel {name}](<{target}>), <a href="{quoted}">rohes Ziel {name}</a>.'
        )
    path = write_article(body="## Links\n\n" + "\n\n".join(paragraphs) + "\n")
    root, url_of = site
    (report,) = publish([path], root, settings, channels=("web", "newsletter"))
    for name in ("index.html", "newsletter.html"):
        assert_nothing_runs(chromium, url_of(root / report["slug"] / name))


@pytest.mark.parametrize(
    "field",
    ["easy_language_url", "sign_language_url", "accessibility_statement_url", "imprint_url", "privacy_url"],
)
def test_hostile_footer_links_never_run_on_click(
    chromium: Chromium, site: Site, write_article: Write, tmp_path: Path, field: str
) -> None:
    """The BITV footer links come from settings: a hostile one is refused before anything is rendered."""
    root, url_of = site
    for name, url in PAYLOADS.items():
        try:
            settings = Settings(site={field: url}, staging_dir=tmp_path / "staging")
        except ValidationError as error:
            assert field in str(error)
            continue
        (report,) = publish([write_article()], root / name, settings)
        assert_nothing_runs(chromium, url_of(root / name / report["slug"] / "index.html"))
