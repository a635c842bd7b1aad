"""A correction mails nobody unless asked; with ``--send`` it sends a mail that says it is a correction."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from publisher.channels.newsletter.compose import compile_edition
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.cli_support import invoke_in
from tests.conftest import EXAMPLES, clean_environment
from tests.newsletter_support import SinkHandler

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"
CORRECTION = "Es sind 60 statt 40 Ladesäulen."


def _env(tmp_path: Path, port: int) -> dict[str, str]:
    return {
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
    }


def _newsletters(handler: SinkHandler, after: int) -> list[EmailMessage]:
    """The messages the sink received after the first ``after``, parsed."""
    return [
        email.message_from_bytes(data, policy=email.policy.default) for _, _, data in handler.messages[after:]
    ]


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_a_correction_mails_nobody_without_send_and_a_correction_mail_with_it(
    smtp_sink: tuple[SinkHandler, int], write_article: Write, tmp_path: Path
) -> None:
    handler, port = smtp_sink
    env = _env(tmp_path, port)
    added = invoke_in(
        "subscribers", "add", "leserin@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    before = len(handler.messages)
    publish = ("publish", "--out", "site", "--channels", "web,newsletter")

    first = write_article(name="ladesaeulen.md", id="ladesaeulen-2026")
    released = invoke_in(*publish, str(first), "--send", env=env, cwd=tmp_path)
    assert released.returncode == 0, released.stderr + released.stdout
    (announcement,) = _newsletters(handler, before)
    assert announcement["Subject"] == "Neue Ladesäulen für Musterstadt"
    assert "Korrektur" not in _text(announcement)

    unexplained = write_article(
        name="ladesaeulen-neu.md", id="ladesaeulen-2026", title="Musterstadt baut 60 Ladesäulen"
    )
    refused = invoke_in(*publish, str(unexplained), "--send", env=env, cwd=tmp_path)
    assert refused.returncode == 2, refused.stderr + refused.stdout
    assert "ladesaeulen-neu.md" in refused.stderr and "'correction'" in refused.stderr
    assert "Neue Ladesäulen" in (tmp_path / "site" / SLUG / "index.html").read_text(encoding="utf-8")

    corrected = write_article(
        name="ladesaeulen-korrektur.md",
        id="ladesaeulen-2026",
        title="Musterstadt baut 60 Ladesäulen",
        correction=CORRECTION,
    )
    quiet = invoke_in(*publish, str(corrected), env=env, cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr + quiet.stdout
    assert CORRECTION in (tmp_path / "site" / SLUG / "index.html").read_text(encoding="utf-8")
    assert len(_newsletters(handler, before)) == 1  # the correction alone mailed nobody

    sent = invoke_in(*publish, str(corrected), "--send", env=env, cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr + sent.stdout
    _, correction_mail = _newsletters(handler, before)
    assert correction_mail["To"] == "leserin@example.org"
    assert correction_mail["Subject"] == "Korrektur: Musterstadt baut 60 Ladesäulen"
    text = " ".join(_text(correction_mail).split())
    assert f"Korrektur einer früheren Nachricht: {CORRECTION}" in text
    assert text.index("Korrektur einer früheren Nachricht") < text.index("Musterstadt baut 60 Ladesäulen")
    html = correction_mail.get_body(("html",))
    assert html is not None and CORRECTION in str(html.get_content())


def test_the_correction_mail_speaks_the_subscribers_language(
    settings: Settings, write_article: Write
) -> None:
    """A German correction for a subscriber who reads the email's own words in English."""
    source = parse_article(write_article(id="ladesaeulen-2026", correction=CORRECTION))
    edition = compile_edition(source.article, settings, locale="en")
    assert edition.subject == "Correction: Neue Ladesäulen für Musterstadt"
    assert f"Correction of an earlier message: {CORRECTION}" in " ".join(edition.text.split())
    assert 'lang="en">Correction of an earlier message:' in edition.html
