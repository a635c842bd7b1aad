"""A recorded release with the send option sends the newsletter once it is out, and not while it is held."""

from __future__ import annotations

from pathlib import Path

from tests.cli_support import invoke_in
from tests.conftest import EXAMPLES, clean_environment
from tests.newsletter_support import SinkHandler


def test_a_queued_release_with_send_mails_the_confirmed_subscriber_once_released(
    smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    """releases queue --send: released, then one newsletter to the confirmed address (as --schedule)."""
    handler, port = smtp_sink
    env = {
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Vb4nQ8rTz2LmX6cWk9pHs3dFa7gJe5uY",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
    }
    added = invoke_in(
        "subscribers", "add", "leser@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    before = len(handler.messages)
    article = str(EXAMPLES / "hitzeschutz-plan.md")
    queued = invoke_in("releases", "queue", article, "--out", "site", "--channels", "web,newsletter",
                       "--send", "--json", env=env, cwd=tmp_path)  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    assert '"state": "released"' in queued.stdout
    newsletters = handler.messages[before:]
    assert [recipients for _, recipients, _ in newsletters] == [["leser@example.org"]]
