"""Bounces and complaints mailed back after a send: read, proven, recorded, mail to the address stopped."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from publisher.delivery import send_release
from publisher.delivery.bounces import handle_report
from publisher.model import Article
from publisher.settings import Settings, get_settings
from publisher.store import Preferences, Store, add_subscriber, export_subscriber, find_by_email
from publisher.subscribers.cli import subscribers_group
from tests.delivery.bounce_messages import arf, dsn, original_headers, parsed
from tests.delivery.dovecot import PASSWORD, Dovecot
from tests.newsletter_support import SinkHandler, free_port

READERS = ("leser@example.org", "voll@example.org", "zweite@example.org")


def _sending(settings: Settings, port: int, **newsletter: object) -> Settings:
    update = {"smtp_url": f"smtp://127.0.0.1:{port}", "bounce_address": "bounces@presse.example.de"}
    update.update(newsletter)
    return settings.model_copy(update={"newsletter": settings.newsletter.model_copy(update=update)})


def _sent(store: Store, settings: Settings, sink: SinkHandler, article: Article) -> dict[str, bytes]:
    with store.session() as session:
        for address in READERS:
            add_subscriber(session, address, source="test", preferences=Preferences(),
                           confirmed_at=datetime.now(UTC))  # fmt: skip
    send_release(settings, article, store=store)
    return {tos[0]: data for _, tos, data in sink.messages}


def _status(store: Store, address: str) -> str:
    with store.session() as session:
        subscriber = find_by_email(session, address)
        assert subscriber is not None
        return subscriber.status


def _events(store: Store, address: str) -> list[dict[str, object]]:
    with store.session() as session:
        subscriber = find_by_email(session, address)
        assert subscriber is not None
        events: list[dict[str, object]] = export_subscriber(session, subscriber)["bounces_and_complaints"]
        return events


@pytest.fixture
def sent(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> tuple[Settings, dict[str, bytes], SinkHandler]:
    """The German release sent to three confirmed readers through a real SMTP server, VERP on."""
    sink, port = smtp_sink
    settings = _sending(store_settings, port, soft_bounce_limit=2)
    return settings, _sent(store, settings, sink, german_article), sink


def test_a_later_bounce_quoting_our_message_stops_mail_at_once(
    sent: tuple[Settings, dict[str, bytes], SinkHandler],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    german_article: Article,
) -> None:
    """A DSN piped to ``bounce-mail`` bounces the reader, keeps the reason, and the next send skips them."""
    settings, messages, sink = sent
    report = dsn(original_headers(messages["leser@example.org"]), recipient="leser@example.org")
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", settings.newsletter.secret_key.get_secret_value())  # type: ignore[union-attr]
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(subscribers_group, ["bounce-mail"], input=report)
        exported = CliRunner().invoke(subscribers_group, ["export", "leser@example.org"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "bounced, no more mail" in result.output
    assert _status(store, "leser@example.org") == "bounced"
    events = json.loads(exported.output)["bounces_and_complaints"]
    assert [(event["kind"], event["source"], event["status"]) for event in events] == [
        ("hard", "dsn", "5.1.1")
    ]
    assert "User unknown" in events[0]["reason"] and events[0]["release_id"] is not None
    sink.messages.clear()
    send_release(settings, german_article.model_copy(update={"title": "Zweite Meldung"}), store=store)
    assert sorted(tos[0] for _, tos, _ in sink.messages) == ["voll@example.org", "zweite@example.org"]


def test_a_complaint_unsubscribes_the_reader_at_once(
    sent: tuple[Settings, dict[str, bytes], SinkHandler], store: Store
) -> None:
    """A feedback report (the reader pressed "spam") ends the subscription and is recorded as a complaint."""
    settings, messages, _ = sent
    outcome = handle_report(
        settings,
        arf(original_headers(messages["zweite@example.org"]), recipient="zweite@example.org"),
        store=store,
    )
    assert outcome.kind == "complaint" and "unsubscribed" in outcome.action
    assert _status(store, "zweite@example.org") == "unsubscribed"
    assert [event["kind"] for event in _events(store, "zweite@example.org")] == ["complaint"]
    assert _status(store, "leser@example.org") == "confirmed"


def test_soft_bounces_stop_mail_only_at_the_configured_count(
    sent: tuple[Settings, dict[str, bytes], SinkHandler], store: Store
) -> None:
    """A full mailbox is counted: at a limit of 2 the first report keeps the reader, the second ends it."""
    settings, messages, _ = sent
    full = dsn(original_headers(messages["voll@example.org"]), recipient="voll@example.org", status="4.2.2",
               diagnostic="smtp; 452 4.2.2 Mailbox full")  # fmt: skip
    assert "soft bounce counted" in handle_report(settings, full, store=store).action
    assert _status(store, "voll@example.org") == "confirmed"
    handle_report(settings, full, store=store)
    assert _status(store, "voll@example.org") == "bounced"
    assert [event["kind"] for event in _events(store, "voll@example.org")] == ["soft", "soft"]


def test_a_bounce_to_the_verp_return_path_names_its_reader_without_quoting_anything(
    sent: tuple[Settings, dict[str, bytes], SinkHandler], store: Store
) -> None:
    """Each message's return path names its reader; a bounce sent there needs nothing more to be believed."""
    settings, _, sink = sent
    return_paths = {tos[0]: mail_from for mail_from, tos, _ in sink.messages}
    assert return_paths["leser@example.org"].startswith("bounces+")
    assert len(set(return_paths.values())) == len(READERS)
    report = dsn("Subject: (headers not kept)", recipient="leser@example.org", to="postmaster@example.net")
    outcome = handle_report(
        settings, report, envelope_recipient=return_paths["leser@example.org"], store=store
    )
    assert outcome.kind == "hard"
    assert _status(store, "leser@example.org") == "bounced"


def test_a_forged_report_naming_a_reader_changes_nothing(
    sent: tuple[Settings, dict[str, bytes], SinkHandler], store: Store
) -> None:
    """Neither a report naming an address, nor one with a made-up id or return path, bounces anybody."""
    settings, messages, sink = sent
    headers = original_headers(messages["leser@example.org"])
    real_id = parsed(messages["leser@example.org"])["Message-ID"]
    tampered = real_id[:-20] + ("0" if real_id[-20] != "0" else "1") + real_id[-19:]
    forged = [
        dsn("Subject: hello", recipient="leser@example.org"),
        dsn(headers.replace(real_id, tampered), recipient="leser@example.org"),
        arf("Message-ID: <abc@presse.example.de>", recipient="leser@example.org"),
    ]
    for report in forged:
        outcome = handle_report(settings, report, store=store)
        assert outcome.action.startswith("ignored: the report proves no subscriber"), outcome
    verp = next(mail_from for mail_from, tos, _ in sink.messages if tos[0] == "leser@example.org")
    wrong_verp = verp.replace("+", "+1", 1)
    assert (
        handle_report(settings, forged[0], envelope_recipient=wrong_verp, store=store).subscriber_id is None
    )
    assert _status(store, "leser@example.org") == "confirmed"
    assert _events(store, "leser@example.org") == []


@pytest.mark.parametrize(
    ("action", "status", "diagnostic", "kind"),
    [
        ("delayed", "4.4.7", "smtp; 451 4.4.7 delivery time expired soon", "delayed"),
        ("failed", "5.7.1", "smtp; 550 5.7.1 Message rejected by policy: listed at a blocklist", "send"),
    ],
)
def test_delays_and_refusals_of_the_sender_are_recorded_but_keep_the_reader(
    sent: tuple[Settings, dict[str, bytes], SinkHandler],
    store: Store,
    action: str,
    status: str,
    diagnostic: str,
    kind: str,
) -> None:
    """A delay notice, or a failure about the sender's reputation, never ends a subscription."""
    settings, messages, _ = sent
    report = dsn(original_headers(messages["leser@example.org"]), recipient="leser@example.org",
                 action=action, status=status, diagnostic=diagnostic)  # fmt: skip
    assert handle_report(settings, report, store=store).kind == kind
    assert _status(store, "leser@example.org") == "confirmed"
    assert [event["kind"] for event in _events(store, "leser@example.org")] == [kind]


def test_mail_that_is_no_report_is_ignored(nl_settings: Settings) -> None:
    """An ordinary reply in the bounce mailbox is left alone."""
    outcome = handle_report(nl_settings, b"From: a@example.org\r\nSubject: Danke\r\n\r\nDanke!\r\n")
    assert not outcome.report and outcome.action.startswith("ignored")


def test_a_hostile_report_cannot_inject_into_the_recorded_reason(
    sent: tuple[Settings, dict[str, bytes], SinkHandler], store: Store
) -> None:
    """Control characters and overlong diagnostics are cut to one printable line of bounded length."""
    settings, messages, _ = sent
    diagnostic = "smtp; 550 5.1.1 user unknown \x1b[31m" + "A" * 5000
    report = dsn(original_headers(messages["leser@example.org"]), recipient="leser@example.org",
                 diagnostic=diagnostic)  # fmt: skip
    handle_report(settings, report, store=store)
    reason = str(_events(store, "leser@example.org")[0]["reason"])
    assert "\x1b" not in reason and len(reason) <= 500


@pytest.mark.parametrize("scheme", ["imap", "pop3"])
def test_the_mailbox_poller_handles_reports_and_leaves_other_mail(
    sent: tuple[Settings, dict[str, bytes], SinkHandler],
    store: Store,
    dovecot: Dovecot,
    monkeypatch: pytest.MonkeyPatch,
    scheme: str,
) -> None:
    """``bounce-poll`` reads a real IMAP/POP3 mailbox: reports act and are removed, a reply stays."""
    settings, messages, _ = sent
    user = f"{scheme}-{uuid.uuid4().hex[:8]}"
    reply = b"From: leserin@example.org\r\nSubject: Danke\r\nMessage-ID: <r1@example.org>\r\n\r\nDanke!\r\n"
    dovecot.deliver(
        dsn(original_headers(messages["leser@example.org"]), recipient="leser@example.org"),
        reply,
        arf(original_headers(messages["zweite@example.org"]), recipient="zweite@example.org"),
        user=user,
    )
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", settings.newsletter.secret_key.get_secret_value())  # type: ignore[union-attr]
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__BOUNCE_MAILBOX_URL", dovecot.url(scheme, user))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(subscribers_group, ["bounce-poll"])
        again = CliRunner().invoke(subscribers_group, ["bounce-poll"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "3 messages read, 2 reports handled" in result.output
    assert PASSWORD not in result.output
    assert _status(store, "leser@example.org") == "bounced"
    assert _status(store, "zweite@example.org") == "unsubscribed"
    assert dovecot.count(user) == 1
    # IMAP marked the reply seen; POP3 has no such mark and reads it again.
    expected = "0 messages read" if scheme == "imap" else "1 messages read, 0 reports"
    assert expected in again.output


def test_an_unreachable_mailbox_is_a_clear_error_without_the_password(
    nl_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused connection names the mailbox (never its password) and exits 2."""
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", nl_settings.database_url)
    monkeypatch.setenv(
        "PUBLISHER_NEWSLETTER__SECRET_KEY", nl_settings.newsletter.secret_key.get_secret_value()
    )  # type: ignore[union-attr]
    monkeypatch.setenv(
        "PUBLISHER_NEWSLETTER__BOUNCE_MAILBOX_URL", f"imap://b:{PASSWORD}@127.0.0.1:{free_port()}/"
    )
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(subscribers_group, ["bounce-poll"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "cannot reach the bounce mailbox imap://b@127.0.0.1" in result.output
    assert PASSWORD not in result.output
