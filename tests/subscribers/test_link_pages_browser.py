"""Crafted subscription links in a real Chromium: pressing the button never runs the attacker's script.

The app runs under uvicorn on a loopback port; every path the browser requests is recorded, so a
payload that ran would show as a request for ``/pwned-...``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from publisher.a11y.browser.chromium import Chromium
from publisher.api import create_app
from publisher.settings import Settings
from publisher.store import add_subscriber, find_by_email, open_store
from publisher.subscribers.service import confirm_link
from tests.newsletter_support import free_port
from tests.subscribers.helpers import DEADLINE

pytestmark = pytest.mark.browser

# Each would run on the button press if the token reached the form's action: the double-encoded
# slashes survive the server's decoding and are decoded again by the browser inside javascript: URLs.
CRAFTED = [
    "javascript:location.href='%252Fpwned-1'%252F%252F",
    "JaVaScRiPt:location.href='%252Fpwned-2'%252F%252F",
    "javascript:location.assign('%252Fpwned-3')%252F%252F",
    "%20javascript:location.href='%252Fpwned-4'%252F%252F",
]


@dataclass
class Served:
    """The app on a loopback port, and every path it was asked for."""

    url: str
    settings: Settings
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def served(nl_settings: Settings) -> Iterator[Served]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    settings = nl_settings.model_copy(
        update={"newsletter": nl_settings.newsletter.model_copy(update={"subscriptions_url": url})}
    )
    record = Served(url, settings)
    app = create_app(settings)

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            record.paths.append(scope["path"])
        await app(scope, receive, send)

    server = uvicorn.Server(uvicorn.Config(recording, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + DEADLINE
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the app did not start"
        time.sleep(0.02)
    try:
        yield record
    finally:
        server.should_exit = True
        thread.join(DEADLINE)


@pytest.fixture
def browser(chromium: Chromium) -> Chromium:
    """The test process's one bare Chromium (``tests.conftest``)."""
    return chromium


def test_crafted_confirmation_links_cannot_run_script(served: Served, browser: Chromium) -> None:
    """A crafted link shows the link error page; no form posts anywhere but this app, no script runs."""
    for number, payload in enumerate(CRAFTED, start=1):
        link = f"{served.url}confirm/{payload}"
        browser.navigate(link)
        buttons = browser.evaluate("document.querySelectorAll('form [type=submit], form button').length")
        for index in range(buttons):
            browser.navigate(link)
            browser.forget_events()
            browser.evaluate(f"document.querySelectorAll('form [type=submit], form button')[{index}].click()")
            browser.wait_for("Page.loadEventFired", session=browser.session)
        assert not [path for path in served.paths if path.startswith("/pwned")], f"payload {number} ran"
        browser.navigate(link)
        actions = browser.evaluate("[...document.forms].map(form => form.action)")
        assert all(action.startswith(served.url) for action in actions), actions
        heading = browser.evaluate("document.querySelector('h1').textContent")
        assert heading in ("Dieser Link funktioniert nicht", "This link does not work"), payload


def test_the_policy_blocks_script_even_in_a_tampered_form(served: Served, browser: Chromium) -> None:
    """Should a javascript: action ever reach a form, the Content-Security-Policy stops it in the browser."""
    with open_store(served.settings.database_url).session() as session:
        link = confirm_link(served.settings, add_subscriber(session, "leserin@example.org", source="test"))
    browser.navigate(link)
    # The page's own stylesheet applies under the policy (its hash is allowed): 40rem wide main.
    assert browser.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "640px"
    blocked = browser.evaluate(
        """new Promise(resolve => {
            document.addEventListener('securitypolicyviolation',
                event => resolve(event.violatedDirective), {once: true});
            const form = document.forms[0];
            form.setAttribute('action', "javascript:location.href='/pwned-tampered'");
            form.querySelector('button').click();
        })"""
    )
    assert blocked in ("form-action", "script-src", "script-src-elem")
    assert "/pwned-tampered" not in served.paths
    with open_store(served.settings.database_url).session() as session:
        subscriber = find_by_email(session, "leserin@example.org")
        assert subscriber is not None and subscriber.status == "pending"


def test_a_real_link_confirms_in_the_browser(served: Served, browser: Chromium) -> None:
    """The button of a real confirmation link posts to the app and confirms, with the policy in force."""
    with open_store(served.settings.database_url).session() as session:
        link = confirm_link(served.settings, add_subscriber(session, "echt@example.org", source="test"))
    browser.navigate(link)
    browser.forget_events()
    browser.evaluate("document.forms[0].querySelector('button').click()")
    browser.wait_for("Page.loadEventFired", session=browser.session)
    assert browser.evaluate("document.querySelector('h1').textContent").startswith("Danke")
    with open_store(served.settings.database_url).session() as session:
        subscriber = find_by_email(session, "echt@example.org")
        assert subscriber is not None and subscriber.status == "confirmed"
