"""`publish --send` of an article with a translation: each subscriber gets one newsletter, in their
language when a translation exists, else the original with a note in their language."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import yaml

from publisher.delivery import queue_release, send_queued
from publisher.model import Article, ArticleVersion
from publisher.settings import Settings
from publisher.store import Preferences, Store, add_subscriber
from tests.cli_support import invoke_in
from tests.conftest import BODY, EXAMPLES, clean_environment, front_matter
from tests.newsletter_support import SinkHandler

ENGLISH = """## What is planned

The municipal utility is building forty new charging points in the town centre from March.
Drivers can charge their cars at the station, the market square and the town hall.
"""
NOTE_EN = "This article is not available in your language; here it is in its original language."
NOTE_DE = "Diesen Artikel gibt es nicht in Ihrer Sprache; hier ist er in seiner Originalsprache."


def _write(folder: Path, name: str, body: str = BODY, **overrides: object) -> Path:
    folder.mkdir(exist_ok=True)
    front = yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
    (folder / name).write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return folder / name


def _parts(raw: bytes) -> tuple[str, str, str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(message["Subject"]), text.get_content(), html.get_content()


def test_each_subscriber_gets_one_newsletter_in_their_language_or_the_original_with_a_note(
    smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    handler, port = smtp_sink
    env = {
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
    }
    for address, language in (("leserin@example.org", "de"), ("reader@example.org", "en")):
        added = invoke_in("subscribers", "add", address, "--lang", language, "--consented-at", "2026-01-05",
                          env=env, cwd=tmp_path)  # fmt: skip
        assert added.returncode == 0, added.stderr
    folder = tmp_path / "quelle"
    translated = _write(folder, "meldung.md", translations={"en": "meldung-en.md"})
    summary = "The utility builds forty charging points in the town centre."
    _write(folder, "meldung-en.md", body=ENGLISH, title="New chargers for Musterstadt", lang="en",
           summary=summary, original="meldung.md")  # fmt: skip
    alone = _write(folder, "nur-deutsch.md", title="Freibad öffnet am ersten Mai", kicker="Freizeit")

    result = invoke_in("publish", str(translated), str(alone), "--out", "site",
                       "--channels", "web,newsletter", "--send", "--json", env=env, cwd=tmp_path)  # fmt: skip

    assert result.returncode == 0, result.stderr + result.stdout
    reports = json.loads(result.stdout)["reports"]
    assert all(report["channels"]["newsletter"]["status"] == "released" for report in reports)
    by_recipient: dict[str, list[tuple[str, str, str]]] = {}
    for _, recipients, raw in handler.messages:
        (recipient,) = recipients
        by_recipient.setdefault(recipient, []).append(_parts(raw))
    german = sorted(by_recipient["leserin@example.org"])
    english = sorted(by_recipient["reader@example.org"])
    assert [subject for subject, _, _ in german] == [
        "Freibad öffnet am ersten Mai", "Neue Ladesäulen für Musterstadt"
    ]  # fmt: skip
    # The translation, not a second copy of the original: one newsletter per article and reader.
    assert [subject for subject, _, _ in english] == [
        "Freibad öffnet am ersten Mai", "New chargers for Musterstadt"
    ]  # fmt: skip
    (_, note_text, note_html), (_, english_text, english_html) = english
    assert NOTE_EN in " ".join(note_text.split()) and NOTE_EN in note_html
    assert "forty new charging points" in english_text and NOTE_EN not in english_html
    assert all(NOTE_DE not in text and NOTE_EN not in text for _, text, _ in german)


def test_a_batch_takes_the_newest_queued_translation_for_its_readers(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int],
    german_article: Article, english_article: Article,
) -> None:  # fmt: skip
    """On SQLite and PostgreSQL: the English reader gets the translation queued last (a correction)."""
    sink, port = smtp_sink
    newsletter = store_settings.newsletter.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}"})
    settings = store_settings.model_copy(update={"newsletter": newsletter})
    with store.session() as session:
        for address, language in (("leserin@example.org", "de"), ("reader@example.org", "en")):
            add_subscriber(session, address, source="test", preferences=Preferences(language=language),
                           confirmed_at=datetime.now(UTC))  # fmt: skip
    version = ArticleVersion(kind="translation", lang="en", title="x", slug=english_article.slug)
    original = german_article.model_copy(update={"versions": [version]})
    queue_release(store, english_article)
    corrected = english_article.model_copy(update={"title": "Corrected: " + english_article.title})
    queue_release(store, corrected)
    summary = send_queued(settings, queue_release(store, original), store=store)
    assert (summary.sent, summary.pending) == (2, 0)
    subjects = {tos[0]: _parts(raw)[0] for _, tos, raw in sink.messages}
    assert subjects == {"leserin@example.org": german_article.title, "reader@example.org": corrected.title}
