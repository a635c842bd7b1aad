"""`publisher publish --send`: a released newsletter reaches confirmed subscribers once, over real SMTP."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.published import internal_dir
from tests.cli_support import invoke_in
from tests.conftest import EXAMPLES, clean_environment
from tests.delivery.smtp_servers import ScriptedServer, running
from tests.newsletter_support import SinkHandler


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
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
    }
    # The publish that sends runs as the real program; the other commands in this process (as the
    # program answers, without starting Python for each).
    added = invoke_in(
        "subscribers", "add", "leserin@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    pending = invoke_in("subscribers", "add", "unbestaetigt@example.org", env=env, cwd=tmp_path)
    assert pending.returncode == 0, pending.stderr
    confirmation_mails = len(handler.messages)

    article = str(EXAMPLES / "hitzeschutz-plan.md")
    arguments = ("publish", article, "--out", "site", "--channels", "web,newsletter", "--send", "--json")
    sent = cli(*arguments, env=env, cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr + sent.stdout
    result = invoke_in(*arguments, env=env, cwd=tmp_path)  # publishing again must not send a second copy
    assert result.returncode == 0, result.stderr + result.stdout
    assert json.loads(sent.stdout)["reports"][0]["channels"]["newsletter"]["delivery"]["sent"] == 1
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["newsletter"]["delivery"]["sent"] == 1

    newsletters = handler.messages[confirmation_mails:]
    assert [recipients for _, recipients, _ in newsletters] == [["leserin@example.org"]]
    message = email.message_from_bytes(newsletters[0][2], policy=email.policy.default)
    assert message["Subject"] == "Hitzeschutzplan für die Landesverwaltung vorgestellt"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    saved = json.loads((Path(report["reports"]) / "report.json").read_text(encoding="utf-8"))
    assert saved["channels"]["newsletter"]["delivery"]["sent"] == 1


def test_publish_without_send_sends_nothing(smtp_sink: tuple[SinkHandler, int], tmp_path: Path) -> None:
    handler, port = smtp_sink
    env = {
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
    }
    invoke_in(
        "subscribers", "add", "leser@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    article = str(EXAMPLES / "hitzeschutz-plan.md")
    result = invoke_in(
        "publish", article, "--out", "site", "--channels", "web,newsletter", env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert handler.messages == []
    assert (internal_dir(tmp_path / "site") / "hitzeschutzplan-landesverwaltung" / "newsletter.eml").is_file()
    assert not (tmp_path / "site" / "hitzeschutzplan-landesverwaltung" / "newsletter.eml").exists()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **clean_environment(),
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": "Lq7vR2mXc9TzW4pKd8hNf3sBa6gYe1uJ",
        "PUBLISHER_NEWSLETTER__MAX_RETRIES": "1",
        "PUBLISHER_NEWSLETTER__RETRY_BACKOFF": "0.01",
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://presse.example.de/abo/",
        **extra,
    }


ARTICLE = str(EXAMPLES / "hitzeschutz-plan.md")
SLUG = "hitzeschutzplan-landesverwaltung"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"PUBLISHER_SMTP_URL": ""}, "PUBLISHER_SMTP_URL"),
        ({"PUBLISHER_NEWSLETTER__SECRET_KEY": ""}, "SECRET_KEY"),
        ({"PUBLISHER_SMTP_URL": "http://mail.example.org"}, "smtp://"),
    ],
    ids=["no SMTP URL", "no secret", "not an SMTP URL"],
)
def test_send_that_cannot_work_is_refused_before_anything_is_released(
    missing: dict[str, str], message: str, tmp_path: Path
) -> None:
    """--send without a usable SMTP URL or secret: exit 2 with the setting named, nothing written."""
    env = {**_env(tmp_path, PUBLISHER_SMTP_URL="smtp://127.0.0.1:2525"), **missing}
    env = {key: value for key, value in env.items() if value}
    result = invoke_in("publish", ARTICLE, "--out", "site", "--send", env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "site.staging").exists()


def test_send_without_the_newsletter_channel_is_refused(tmp_path: Path) -> None:
    """--send with --channels that leave out the newsletter would send nothing: exit 2, nothing written."""
    env = _env(tmp_path, PUBLISHER_SMTP_URL="smtp://127.0.0.1:2525")
    result = invoke_in(
        "publish", ARTICLE, "--out", "site", "--channels", "web", "--send", env=env, cwd=tmp_path
    )
    assert result.returncode == 2 and "newsletter" in result.stderr
    assert not (tmp_path / "site").exists()


def test_smtp_down_releases_but_exits_7_and_says_the_newsletter_was_not_sent(tmp_path: Path) -> None:
    """No SMTP server: the page is public, the exit status is 7 and the summary says nothing was sent."""
    with running(ScriptedServer()) as port:
        pass  # nothing listens on the port now
    env = _env(tmp_path, PUBLISHER_SMTP_URL=f"smtp://127.0.0.1:{port}")
    added = invoke_in(
        "subscribers", "add", "leserin@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    result = invoke_in(
        "publish", ARTICLE, "--out", "site", "--channels", "web,newsletter", "--send", env=env, cwd=tmp_path
    )
    assert result.returncode == 7, result.stderr
    assert "newsletter not sent: 0 of 1 delivered" in result.stderr and "cannot reach" in result.stderr
    assert (tmp_path / "site" / SLUG / "index.html").is_file()
    saved = json.loads((internal_dir(tmp_path / "site") / SLUG / "report.json").read_text(encoding="utf-8"))
    delivery = saved["channels"]["newsletter"]["delivery"]
    assert (delivery["outcome"], delivery["sent"], delivery["failed"]) == ("not sent", 0, 1)
    listed = json.loads(invoke_in("subscribers", "list", "--json", env=env, cwd=tmp_path).stdout)
    assert [row["status"] for row in listed] == ["confirmed"]


def test_a_blocked_send_stops_exits_7_and_resumes_once_unblocked(tmp_path: Path) -> None:
    """550 5.7.1 for all: exit 7, subscribers stay confirmed, `deliveries` shows the stop, `resume` sends."""
    blocked = {"on": True}
    server = ScriptedServer(
        rcpt=lambda address, number: "550 5.7.1 Message blocked" if blocked["on"] else None
    )
    with running(server) as port:
        env = _env(
            tmp_path,
            PUBLISHER_SMTP_URL=f"smtp://127.0.0.1:{port}",
            PUBLISHER_NEWSLETTER__BREAKER_THRESHOLD="2",
        )
        for address in ("eins@example.org", "zwei@example.org", "drei@example.org"):
            invoke_in("subscribers", "add", address, "--consented-at", "2026-01-05", env=env, cwd=tmp_path)
        result = invoke_in(
            "publish", ARTICLE, "--out", "site", "--channels", "web,newsletter", "--send", "--json",
            env=env, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 7, result.stderr
        (report,) = json.loads(result.stdout)["reports"]
        delivery = report["channels"]["newsletter"]["delivery"]
        assert (delivery["outcome"], delivery["sent"], delivery["bounced"]) == ("stopped", 0, 0)
        assert "5.7.1" in delivery["alert"]
        release = str(delivery["release_id"])
        shown = invoke_in("subscribers", "deliveries", release, env=env, cwd=tmp_path)
        assert "send stopped" in shown.stdout and f"publisher subscribers resume {release}" in shown.stdout
        listed = json.loads(invoke_in("subscribers", "list", "--json", env=env, cwd=tmp_path).stdout)
        assert {row["status"] for row in listed} == {"confirmed"}
        blocked["on"] = False
        resumed = invoke_in("subscribers", "resume", release, env=env, cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stderr
        assert "newsletter sent to 3 of 3 subscribers" in resumed.stdout
    assert server.recipients == ["drei@example.org", "eins@example.org", "zwei@example.org"]


def test_a_successful_send_prints_its_summary(smtp_sink: tuple[SinkHandler, int], tmp_path: Path) -> None:
    """Progress after each batch, then the summary: reached, and sent/deferred/bounced/skipped/failed."""
    _, port = smtp_sink
    env = _env(tmp_path, PUBLISHER_SMTP_URL=f"smtp://127.0.0.1:{port}")
    invoke_in(
        "subscribers", "add", "leserin@example.org", "--consented-at", "2026-01-05", env=env, cwd=tmp_path
    )
    result = invoke_in(
        "publish", ARTICLE, "--out", "site", "--channels", "web,newsletter", "--send", env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "newsletter: 1 of 1 settled (sent 1)" in result.stderr
    assert "newsletter sent to 1 of 1 subscribers" in result.stderr
    assert "sent 1, deferred 0, bounced 0, skipped 0, failed 0" in result.stderr
