"""The subscription pages over HTTP: double opt-in, one-click unsubscribe, preferences, accessible pages."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from publisher.a11y import check_html, has_errors
from publisher.delivery import send_release
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Preferences, Store, Subscriber, add_subscriber, open_store
from tests.newsletter_support import SinkHandler
from tests.subscribers.helpers import running_app, wait_for_mail


@pytest.fixture
def smtp_settings(store_settings: Settings, smtp_sink: tuple[SinkHandler, int]) -> Settings:
    update = {"smtp_url": f"smtp://127.0.0.1:{smtp_sink[1]}"}
    return store_settings.model_copy(
        update={"newsletter": store_settings.newsletter.model_copy(update=update)}
    )


@pytest.fixture
def client(smtp_settings: Settings) -> Iterator[TestClient]:
    with running_app(smtp_settings) as client:
        yield client


def _path(url: str) -> str:
    return urlsplit(url).path


def _accessible(response: Response) -> lxml.html.HtmlElement:
    findings = check_html(response.text, channel="web", locale="de")
    assert not has_errors(findings), [(finding.rule, finding.message) for finding in findings]
    return lxml.html.document_fromstring(response.text)


def _subscriber(store: Store, address: str) -> Subscriber:
    with store.session() as session:
        found = session.scalar(select(Subscriber).where(Subscriber.email == address))
        assert found is not None
        return found


def test_subscribe_sends_a_confirmation_and_only_the_link_confirms(
    client: TestClient, smtp_settings: Settings, smtp_sink: tuple[SinkHandler, int]
) -> None:
    """The form records a pending address and mails a link; opening it asks first, the button confirms."""
    sink, _ = smtp_sink
    form = client.get("/subscribe")
    assert form.status_code == 200 and _accessible(form).get("lang") == "de"
    answer = client.post(
        "/subscribe", data={"email": "Neu@Example.org", "language": "en", "format": "text", "consent": "1"}
    )
    assert answer.status_code == 200 and "Postfach" in answer.text
    _accessible(answer)
    (message,) = wait_for_mail(sink, 1)
    assert sink.messages[0][1] == ["neu@example.org"] and message["Subject"].startswith("Please confirm")
    (link,) = re.findall(r"https://abo\.example\.de/confirm/\S+", message.get_content())
    store = open_store(smtp_settings.database_url)
    assert _subscriber(store, "neu@example.org").status == "pending"
    page = client.get(_path(link))
    assert page.status_code == 200 and _subscriber(store, "neu@example.org").status == "pending"
    action = _accessible(page).xpath("//form")[0].get("action")
    assert action == f"{link}?lang=en"
    confirmed = client.post(_path(action))
    assert confirmed.status_code == 200 and "confirmed" in confirmed.text
    subscriber = _subscriber(store, "neu@example.org")
    assert (subscriber.status, subscriber.format, subscriber.language) == ("confirmed", "text", "en")
    assert subscriber.consent_source == "web:/subscribe" and subscriber.confirmed_at is not None


def test_form_errors_are_announced_and_nothing_is_stored(client: TestClient, smtp_settings: Settings) -> None:
    """A bad address or missing consent returns the form with a linked error message, storing nothing."""
    for data in ({"email": "kaputt", "consent": "1"}, {"email": "gut@example.org"}):
        answer = client.post("/subscribe?lang=en", data=data)
        assert answer.status_code == 422
        page = _accessible(answer)
        invalid = page.xpath("//*[@aria-invalid='true']")[0]
        assert page.get_element_by_id(invalid.get("aria-describedby")).text_content().startswith("Please")
    with open_store(smtp_settings.database_url).session() as session:
        assert session.scalars(select(Subscriber)).all() == []


def test_one_click_unsubscribe_from_a_received_newsletter(
    client: TestClient, smtp_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """The List-Unsubscribe URL of a received newsletter unsubscribes with one POST; GET only asks."""
    sink, _ = smtp_sink
    store = open_store(smtp_settings.database_url)
    with store.session() as session:
        for address in ("bleibt@example.org", "geht@example.org"):
            add_subscriber(session, address, source="test", confirmed_at=datetime.now(UTC))
    send_release(smtp_settings, german_article, store=store)
    received = {
        tos[0]: email.message_from_bytes(raw, policy=email.policy.default) for _, tos, raw in sink.messages
    }
    header = str(received["geht@example.org"]["List-Unsubscribe"])
    url = re.findall(r"<(https://[^>]+)>", header)[0]
    asked = client.get(_path(url))
    assert asked.status_code == 200 and "geht@example.org" in asked.text
    _accessible(asked)
    assert _subscriber(store, "geht@example.org").status == "confirmed"
    one_click = client.post(
        _path(url),
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert one_click.status_code == 200
    _accessible(one_click)
    assert _subscriber(store, "geht@example.org").status == "unsubscribed"
    sink.messages.clear()
    send_release(smtp_settings, german_article.model_copy(update={"slug": "naechste-meldung"}), store=store)
    assert [tos for _, tos, _ in sink.messages] == [["bleibt@example.org"]]


def test_preferences_page_shows_and_saves_choices(client: TestClient, smtp_settings: Settings) -> None:
    """The preferences link shows the current choices in the subscriber's language and saves new ones."""
    from publisher.subscribers.service import subscriber_links

    store = open_store(smtp_settings.database_url)
    with store.session() as session:
        subscriber = add_subscriber(
            session, "p@example.org", source="test", preferences=Preferences("en", "html", False),
            confirmed_at=datetime.now(UTC),
        )  # fmt: skip
        link = subscriber_links(smtp_settings, subscriber)["preferences"]
    page = client.get(_path(link))
    root = _accessible(page)
    assert root.get("lang") == "en"
    assert root.get_element_by_id("format-html").get("checked") is not None
    saved = client.post(_path(link), data={"language": "de", "format": "text", "audio_first": "1"})
    root = _accessible(saved)
    assert root.get("lang") == "de" and root.get_element_by_id("format-text").get("checked") is not None
    stored = _subscriber(store, "p@example.org")
    assert (stored.language, stored.format, stored.audio_first) == ("de", "text", True)


def test_forged_links_get_a_helpful_error_page(client: TestClient) -> None:
    """A damaged token (404) or a forged one (400) changes nothing and offers to subscribe again."""
    forged = "WzEsImFiYyJd.A8jTPJ1AblZiJYDmw4fGCtj56ZU"
    for path, status in (("/unsubscribe/WzEsImFiYyJd.forged", 404), ("/preferences/xyz", 404),
                         (f"/unsubscribe/{forged}", 400), (f"/preferences/{forged}", 400)):  # fmt: skip
        answer = client.post(path)
        assert answer.status_code == status
        root = _accessible(answer)
        assert root.xpath("//main//a/@href")[0] == "https://abo.example.de/subscribe?lang=de"
    assert client.post("/confirm/WzEsImFiYyJd.awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU").status_code == 400
