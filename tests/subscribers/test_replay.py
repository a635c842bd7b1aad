"""Replayed links: each changes state once, only from the state it was sent for, never undoing a later one.

The links are the ones the real emails carry (confirmation mails from the app's sender, List-Unsubscribe
headers of real newsletters), used over HTTP in the order an attacker or a forgetful reader would.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from publisher.delivery import send_release
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Store, Subscriber, erase_subscriber, find_by_email, open_store
from publisher.subscribers.service import confirm, subscriber_links
from tests.newsletter_support import SinkHandler
from tests.subscribers.helpers import link_in, running_app, wait_for_mail, with_smtp

BROKEN = "Dieser Link funktioniert nicht"


class Clock:
    """A clock the test moves on: the subscribe window passes without waiting for it."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class RefusingSink(SinkHandler):
    """An SMTP server that refuses chosen recipients for good (550 5.1.1), as a closed mailbox does."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refused:
            return "550 5.1.1 mailbox closed"
        return await super().handle_RCPT(server, session, envelope, address, options)


@dataclass
class Office:
    """The subscription app, its SMTP server and the newsletter sender, as a subscriber meets them."""

    client: TestClient
    settings: Settings
    store: Store
    sink: RefusingSink
    clock: Clock
    article: Article
    mails: int = 0
    editions: int = 0

    def subscribe(self, address: str, **form: str) -> None:
        answer = self.client.post("/subscribe", data={"email": address, "consent": "1", **form})
        assert answer.status_code == 200

    def next_mail_link(self, kind: str = "confirm") -> str:
        self.mails += 1
        return link_in(wait_for_mail(self.sink, self.mails)[-1], kind)

    def send_newsletter(self) -> dict[str, str]:
        """Send a new edition to every confirmed subscriber; the unsubscribe link each one received."""
        before = len(self.sink.messages)
        self.editions += 1
        edition = self.article.model_copy(update={"slug": f"{self.article.slug}-{self.editions}"})
        send_release(self.settings, edition, store=self.store)
        self.mails = len(self.sink.messages)
        links = {}
        for _, recipients, raw in self.sink.messages[before:]:
            header = re.search(rb"List-Unsubscribe: <(https://[^>]+)>", raw)
            assert header is not None
            links[recipients[0]] = urlsplit(header.group(1).decode()).path
        return links

    def state(self, address: str) -> Subscriber:
        with self.store.session() as session:
            found = find_by_email(session, address)
            assert found is not None
            return found


@pytest.fixture
def office(store_settings: Settings, german_article: Article) -> Iterator[Office]:
    from aiosmtpd.controller import Controller

    from tests.newsletter_support import free_port

    sink = RefusingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings = with_smtp(store_settings, port)
    clock = Clock()
    try:
        with running_app(settings, clock=clock) as client:
            yield Office(client, settings, open_store(settings.database_url), sink, clock, german_article)
    finally:
        controller.stop()


def _heading(response: Any) -> str:
    found = re.search(r"<h1>(.*?)</h1>", response.text)
    assert found is not None
    return found.group(1)


def test_a_used_confirmation_link_changes_nothing_again(office: Office) -> None:
    """Pressing the button twice confirms once; the second time says so and changes nothing."""
    office.subscribe("leserin@example.org")
    link = office.next_mail_link()
    assert _heading(office.client.post(link)).startswith("Danke")
    version = office.state("leserin@example.org").version
    again = office.client.post(link)
    assert again.status_code == 200 and _heading(again) == "Ihr Abonnement ist bereits bestätigt"
    assert "<form" not in office.client.get(link).text
    assert office.state("leserin@example.org").version == version


def test_an_old_confirmation_never_resubscribes_after_unsubscribing(office: Office) -> None:
    """Confirm, unsubscribe, then the old confirmation link again (GET and POST): still unsubscribed."""
    office.subscribe("leserin@example.org")
    link = office.next_mail_link()
    office.client.post(link)
    unsubscribe = office.send_newsletter()["leserin@example.org"]
    assert office.client.post(unsubscribe).status_code == 200
    for method in ("GET", "POST"):
        replay = office.client.request(method, link)
        assert replay.status_code == 400 and _heading(replay) == BROKEN and "<form" not in replay.text
    assert office.state("leserin@example.org").status == "unsubscribed"
    assert office.send_newsletter() == {}


def test_an_old_confirmation_never_revives_a_bounced_address(office: Office) -> None:
    """An address the mail server refused stays bounced, whatever old confirmation link is used."""
    office.subscribe("postfach@example.org")
    link = office.next_mail_link()
    office.client.post(link)
    office.sink.refused.add("postfach@example.org")
    office.send_newsletter()
    assert office.state("postfach@example.org").status == "bounced"
    replay = office.client.post(link)
    assert replay.status_code == 400 and office.state("postfach@example.org").status == "bounced"


def test_after_subscribing_again_only_the_new_confirmation_link_works(office: Office) -> None:
    """A new subscription period revokes the old period's confirmation link; the new mail's link confirms."""
    office.subscribe("leserin@example.org")
    first = office.next_mail_link()
    office.client.post(first)
    office.client.post(office.send_newsletter()["leserin@example.org"])
    office.clock.advance(minutes=20)
    office.subscribe("leserin@example.org")
    second = office.next_mail_link()
    assert second != first
    assert office.client.post(first).status_code == 400
    assert office.state("leserin@example.org").status == "pending"
    assert _heading(office.client.post(second)).startswith("Danke")
    assert office.state("leserin@example.org").status == "confirmed"


def test_a_second_link_of_the_same_request_cannot_undo_a_later_change(office: Office) -> None:
    """Two confirmations for one pending address: once one confirmed and the reader left, both are dead."""
    office.subscribe("leserin@example.org")
    first = office.next_mail_link()
    office.clock.advance(minutes=20)
    office.subscribe("leserin@example.org")
    second = office.next_mail_link()
    assert _heading(office.client.post(second)).startswith("Danke")
    assert _heading(office.client.post(first)) == "Ihr Abonnement ist bereits bestätigt"
    office.client.post(office.send_newsletter()["leserin@example.org"])
    assert office.client.post(first).status_code == 400
    assert office.state("leserin@example.org").status == "unsubscribed"


def test_unsubscribe_links_last_within_a_period_and_die_with_it(office: Office) -> None:
    """Older newsletters' links unsubscribe a still-subscribed reader; those of an ended period do nothing."""
    office.subscribe("leserin@example.org")
    office.client.post(office.next_mail_link())
    old_period = office.send_newsletter()["leserin@example.org"]
    assert office.client.post(old_period).status_code == 200
    assert office.state("leserin@example.org").status == "unsubscribed"
    office.clock.advance(minutes=20)
    office.subscribe("leserin@example.org")
    office.client.post(office.next_mail_link())
    first = office.send_newsletter()["leserin@example.org"]
    office.send_newsletter()
    preferences = first.replace("/unsubscribe/", "/preferences/")
    assert office.client.post(preferences, data={"language": "en", "format": "text"}).status_code == 200
    replay = office.client.post(old_period)
    assert replay.status_code == 400 and _heading(replay) == BROKEN
    assert office.state("leserin@example.org").status == "confirmed"
    assert office.client.post(first).status_code == 200
    assert office.state("leserin@example.org").status == "unsubscribed"


def test_preferences_and_unsubscribe_links_change_nothing_after_the_period_ended(office: Office) -> None:
    """After leaving, the preferences link neither shows a form nor saves; after a bounce, nothing changes."""
    office.subscribe("leserin@example.org")
    office.subscribe("postfach@example.org")
    office.client.post(office.next_mail_link())
    office.client.post(office.next_mail_link())
    links = office.send_newsletter()
    office.client.post(links["leserin@example.org"])
    preferences = links["leserin@example.org"].replace("/unsubscribe/", "/preferences/")
    shown = office.client.get(preferences)
    assert _heading(shown) == "Sie erhalten keine Newsletter" and "<form" not in shown.text
    assert office.client.post(preferences, data={"language": "en", "format": "text"}).status_code == 400
    assert (office.state("leserin@example.org").language, office.state("leserin@example.org").format) == (
        "de",
        "html",
    )
    office.sink.refused.add("postfach@example.org")
    office.send_newsletter()
    after_bounce = office.client.post(links["postfach@example.org"])
    assert _heading(after_bounce) == "Sie erhalten keine Newsletter"
    assert office.state("postfach@example.org").status == "bounced"


def test_an_erased_address_added_again_is_not_confirmed_by_its_old_link(office: Office) -> None:
    """Erasure (GDPR) and a new request for the same address: the link sent before the erasure is dead."""
    office.subscribe("leserin@example.org")
    old = office.next_mail_link()
    with office.store.session() as session:
        erase_subscriber(session, office.state("leserin@example.org"))
    office.clock.advance(minutes=20)
    office.subscribe("leserin@example.org")
    office.next_mail_link()
    assert office.client.post(old).status_code == 400
    assert office.state("leserin@example.org").status == "pending"


def test_concurrent_uses_of_one_link_confirm_exactly_once(store_settings: Settings, store: Store) -> None:
    """Eight simultaneous presses of one confirmation button: one confirms, seven find it done already."""
    from publisher.store import add_subscriber
    from publisher.subscribers.service import confirm_link

    with store.session() as session:
        link = confirm_link(store_settings, add_subscriber(session, "leserin@example.org", source="test"))
    token = link.rsplit("/", 1)[1]
    start = threading.Barrier(8)
    changed: list[bool] = []

    def press() -> None:
        start.wait()
        changed.append(confirm(store_settings, token, store).changed)

    threads = [threading.Thread(target=press) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(changed) == [False] * 7 + [True]
    with store.session() as session:
        subscriber = find_by_email(session, "leserin@example.org")
        assert subscriber is not None and (subscriber.status, subscriber.version) == ("confirmed", 1)
        assert subscriber_links(store_settings, subscriber)
