"""``publisher subscribers``: managing subscribers from the command line."""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.settings import get_settings
from publisher.subscribers.cli import subscribers_group


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[CliRunner]:
    """A runner whose settings come from the environment, as in a real shell."""
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL", "https://abo.example.de/")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _rows(runner: CliRunner) -> dict[str, dict[str, object]]:
    result = runner.invoke(subscribers_group, ["list", "--json"])
    assert result.exit_code == 0, result.output
    return {row["email"]: row for row in json.loads(result.output)}


def test_add_prints_the_confirmation_link_when_no_smtp_is_configured(cli: CliRunner) -> None:
    """Without SMTP the new subscriber stays pending and the command shows the link that confirms it."""
    added = cli.invoke(
        subscribers_group, ["add", "Frau.Muster@Example.org", "--lang", "en", "--format", "text"]
    )
    assert added.exit_code == 0 and "frau.muster@example.org: pending" in added.output
    link = added.output.split("confirmation link: ")[1].strip()
    assert link.startswith("https://abo.example.de/confirm/")
    assert _rows(cli)["frau.muster@example.org"]["status"] == "pending"
    confirmed = cli.invoke(subscribers_group, ["confirm", link])
    assert confirmed.exit_code == 0 and "confirmed" in confirmed.output
    row = _rows(cli)["frau.muster@example.org"]
    assert (row["status"], row["language"], row["format"]) == ("confirmed", "en", "text")


def test_bad_input_exits_2_with_the_reason(cli: CliRunner) -> None:
    """An invalid address or a forged confirmation token is reported, exit status 2."""
    bad = cli.invoke(subscribers_group, ["add", "not-an-address"])
    assert bad.exit_code == 2 and "error:" in bad.output
    forged = cli.invoke(subscribers_group, ["confirm", "WzEsImFiYyJd.awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU"])
    assert forged.exit_code == 2 and "not valid" in forged.output


def test_import_is_all_or_nothing_and_records_consent(cli: CliRunner, tmp_path: Path) -> None:
    """A CSV with one bad row imports nothing; a clean one confirms rows with a consent time."""
    path = tmp_path / "liste.csv"
    path.write_text(
        "email,language,format,consented_at\n"
        "a@example.org,de,html,2026-01-05T10:00:00+01:00\n"
        "kaputt,de,html,\n",
        encoding="utf-8",
    )
    rejected = cli.invoke(subscribers_group, ["import", str(path)])
    assert rejected.exit_code == 2 and "liste.csv:3:" in rejected.output
    assert _rows(cli) == {}
    path.write_text(
        "email,language,format,consented_at\na@example.org,de,html,2026-01-05T10:00:00+01:00\nb@example.org,en,text,\n",
        encoding="utf-8",
    )
    imported = cli.invoke(subscribers_group, ["import", str(path)])
    assert imported.exit_code == 0 and "1 confirmed, 1 pending" in imported.output
    rows = _rows(cli)
    assert rows["a@example.org"]["consent_source"] == "import:liste.csv"
    assert str(rows["a@example.org"]["confirmed_at"]).startswith("2026-01-05T09:00:00")
    assert rows["b@example.org"]["status"] == "pending"


def test_export_one_person_and_everyone_then_erase(cli: CliRunner) -> None:
    """Export shows one person's data as JSON or everyone as CSV; remove erases the person."""
    cli.invoke(
        subscribers_group,
        ["add", "x@example.org", "--consented-at", "2026-02-01T08:00:00", "--source", "brief"],
    )
    one = json.loads(cli.invoke(subscribers_group, ["export", "x@example.org"]).output)
    assert one["consent"] == {"source": "brief", "confirmed_at": one["consent"]["confirmed_at"]}
    assert one["status"] == "confirmed" and one["deliveries"] == []
    table = list(csv.DictReader(io.StringIO(cli.invoke(subscribers_group, ["export"]).output)))
    assert [row["email"] for row in table] == ["x@example.org"]
    removed = cli.invoke(subscribers_group, ["remove", "X@example.org"])
    assert removed.exit_code == 0 and _rows(cli) == {}
    assert cli.invoke(subscribers_group, ["remove", "x@example.org"]).exit_code == 1


def test_mailed_unsubscribe_request_unsubscribes_the_token_owner(cli: CliRunner) -> None:
    """A mail to the List-Unsubscribe mailto: address, piped to the command, ends the subscription."""
    from sqlalchemy import select

    from publisher.store import Subscriber, open_store
    from publisher.subscribers.service import subscriber_links

    cli.invoke(subscribers_group, ["add", "leserin@example.org", "--consented-at", "2026-02-01"])
    settings = get_settings()
    with open_store(settings.database_url).session() as session:
        subscriber = session.scalars(select(Subscriber)).one()
        token = subscriber_links(settings, subscriber)["unsubscribe"].rsplit("/", 1)[1]
    request = (
        "From: Leserin <leserin@example.org>\r\nTo: abmelden@presse.example.de\r\n"
        f"Subject: unsubscribe {token}\r\n\r\n"
    )
    forged = cli.invoke(
        subscribers_group, ["unsubscribe-mail"], input=request.replace(token, token[:-3] + "abc")
    )
    assert forged.exit_code == 2 and _rows(cli)["leserin@example.org"]["status"] == "confirmed"
    result = cli.invoke(subscribers_group, ["unsubscribe-mail"], input=request)
    assert result.exit_code == 0, result.output
    assert _rows(cli)["leserin@example.org"]["status"] == "unsubscribed"
