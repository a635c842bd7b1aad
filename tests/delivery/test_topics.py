"""Topics: a newsletter reaches the readers of its kicker's and tags' topics, and those who chose all."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from publisher.delivery import send_release
from publisher.model import Article
from publisher.settings import Settings, get_settings
from publisher.store import Preferences, Store, add_subscriber, find_by_email
from publisher.subscribers.cli import subscribers_group
from publisher.subscribers.service import subscriber_links
from tests.newsletter_support import SinkHandler
from tests.subscribers.helpers import running_app

READERS = {
    "alles@example.org": (),
    "verkehr@example.org": ("Verkehr",),
    "klima@example.org": ("KLIMA",),
    "beides@example.org": ("Klima", "Verkehr"),
}


def _subscribe(store: Store) -> None:
    with store.session() as session:
        for address, topics in READERS.items():
            add_subscriber(session, address, source="test", preferences=Preferences(topics=topics),
                           confirmed_at=datetime.now(UTC))  # fmt: skip


def test_a_release_goes_to_its_topics_readers_and_to_those_who_chose_all(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """A "Verkehr" release: all-topics, Verkehr and both; a tagged "Klima" one: all-topics, Klima and both."""
    sink, port = smtp_sink
    settings = store_settings.model_copy(update={
        "newsletter": store_settings.newsletter.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}"})
    })  # fmt: skip
    _subscribe(store)
    send_release(settings, german_article.model_copy(update={"kicker": "Verkehr", "tags": []}), store=store)
    assert sorted(tos[0] for _, tos, _ in sink.messages) == [
        "alles@example.org", "beides@example.org", "verkehr@example.org"
    ]  # fmt: skip
    sink.messages.clear()
    climate = german_article.model_copy(update={"title": "Neu", "kicker": None, "tags": ["Energie", "klima"]})
    send_release(settings, climate, store=store)
    assert sorted(tos[0] for _, tos, _ in sink.messages) == [
        "alles@example.org", "beides@example.org", "klima@example.org"
    ]  # fmt: skip


def test_list_counts_confirmed_readers_per_topic(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``subscribers list`` ends with the confirmed readers per topic; JSON rows carry the topics."""
    _subscribe(store)
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", store_settings.database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", secrets.token_urlsafe(32))
    get_settings.cache_clear()
    try:
        listed = CliRunner(mix_stderr=False).invoke(subscribers_group, ["list"])
        rows = json.loads(CliRunner().invoke(subscribers_group, ["list", "--json"]).stdout)
    finally:
        get_settings.cache_clear()
    assert listed.exit_code == 0, listed.output
    assert "confirmed per topic: all topics 1, klima 2, verkehr 2" in listed.stderr
    assert {row["email"]: row["topics"] for row in rows}["beides@example.org"] == ["klima", "verkehr"]


def test_the_preferences_page_offers_the_topics_and_keeps_only_offered_ones(
    store: Store, store_settings: Settings
) -> None:
    """Readers tick topics on their preferences page; a crafted form cannot store a topic not offered."""
    settings = store_settings.model_copy(update={
        "newsletter": store_settings.newsletter.model_copy(update={"topics": ["Klima", "Verkehr"]})
    })  # fmt: skip
    _subscribe(store)
    with store.session() as session:
        reader = find_by_email(session, "alles@example.org")
        assert reader is not None
        link = subscriber_links(settings, reader)["preferences"].split("abo.example.de", 1)[1]
    with running_app(settings, drain=lambda: None) as client:
        page = client.get(link).text
        assert 'name="topics" value="Klima"' in page and 'name="topics" value="Verkehr"' in page
        saved = client.post(link, data={"language": "de", "topics": ["Verkehr", "<script>", "Sport"]}).text
    assert 'value="Verkehr" checked' in saved and 'value="Klima" checked' not in saved
    with store.session() as session:
        stored = find_by_email(session, "alles@example.org")
        assert stored is not None and stored.topics == "\nverkehr\n"
