"""`publisher publish --send`: a released newsletter reaches confirmed subscribers once, over real SMTP."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES
from tests.newsletter.conftest import SinkHandler


def cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_publish_send_delivers_to_confirmed_subscribers_only(
    smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    handler, port = smtp_sink
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")},
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
    }
    added = cli(
        "subscribers", "add", "leserin@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    pending = cli("subscribers", "add", "unbestaetigt@example.org", env=env, cwd=tmp_path)
    assert pending.returncode == 0, pending.stderr
    confirmation_mails = len(handler.messages)

    article = str(EXAMPLES / "hitzeschutz-plan.md")
    for _ in range(2):  # publishing again must not send a second copy
        result = cli(
            "publish", article, "--out", "site", "--channels", "web,newsletter", "--send", "--json",
            env=env, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr + result.stdout
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["newsletter"]["delivery"]["sent"] == 1

    newsletters = handler.messages[confirmation_mails:]
    assert [recipients for _, recipients, _ in newsletters] == [["leserin@example.org"]]
    message = email.message_from_bytes(newsletters[0][2], policy=email.policy.default)
    assert message["Subject"] == "Hitzeschutzplan für die Landesverwaltung vorgestellt"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    saved = json.loads((tmp_path / "site" / report["slug"] / "report.json").read_text(encoding="utf-8"))
    assert saved["channels"]["newsletter"]["delivery"]["sent"] == 1


def test_publish_without_send_sends_nothing(smtp_sink: tuple[SinkHandler, int], tmp_path: Path) -> None:
    handler, port = smtp_sink
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")},
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
    }
    cli("subscribers", "add", "leser@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path)
    result = cli("publish", str(EXAMPLES / "hitzeschutz-plan.md"), "--out", "site", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert handler.messages == []
    assert (tmp_path / "site" / "hitzeschutzplan-landesverwaltung" / "newsletter.eml").is_file()
