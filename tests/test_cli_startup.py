"""Start-up: `publisher --help` lists every command without loading what the commands need, and a
release without a broker does not load the broker's client."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from publisher.cli import LAZY_COMMANDS, main
from publisher.store import close_store, open_store
from tests.conftest import EXAMPLES

# What the commands load when they run; listing them must not.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "celery",
    "kombu",
    "pydantic",
    "lxml",
    "jinja2",
    "publisher.a11y",
    "publisher.release",
)

LIST_COMMANDS = """
import sys
from publisher.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
@pytest.mark.parametrize("width", [45, 60, 120])
def test_a_lazy_commands_listed_help_is_its_own(name: str, width: int) -> None:
    """The summary `--help` shows without importing a command is what the command itself would show."""
    command = main.get_command(click.Context(main), name)
    assert command is not None
    shown = click.utils.make_default_short_help(LAZY_COMMANDS[name].summary, width)
    assert shown == command.get_short_help_str(width)


def test_help_lists_every_command_and_loads_none_of_their_modules() -> None:
    """Listing the commands imports neither the database, the broker, the checker nor the release code."""
    result = subprocess.run(
        [sys.executable, "-c", LIST_COMMANDS, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listed = result.stdout.split("Commands:", 1)[1]
    for name in ["check", "publish", "releases", "resume", "rules", "schema", "subscribers", "worker"]:
        assert f"\n  {name} " in listed
    loaded = result.stderr.split()
    assert [module for module in loaded if module.startswith(HEAVY)] == []


def test_a_lazy_command_still_runs() -> None:
    """Loading a command on demand gives the real command: its own options and help."""
    result = subprocess.run(
        [sys.executable, "-m", "publisher.cli", "rules", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Usage: python -m publisher.cli rules" in result.stdout


def test_a_release_without_a_broker_loads_neither_celery_nor_redis(tmp_path: Path) -> None:
    """Published in this process, a web page is released without importing the broker's client."""
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml")}
    environment.pop("PUBLISHER_BROKER_URL", None)
    article = str(EXAMPLES / "open-data-portal.md")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            LIST_COMMANDS,
            "publish",
            article,
            "--channels",
            "web",
            "--out",
            "site",
            "--json",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert '"status": "released"' in result.stdout, result.stderr[-2000:]
    loaded = result.stderr.split()
    assert [module for module in loaded if module.startswith(("celery", "kombu", "redis"))] == []


# What a web page released with the browser stage off never needs.
NOT_FOR_A_WEB_PAGE = (
    "publisher.a11y.browser.stage",  # Chromium, axe-core and the page server
    "http.server",
    "publisher.channels.audio",
    "publisher.channels.newsletter",
    "publisher.channels.pdf",
    "mutagen",  # the MP3 of the release, when there is one
    "coloraide",  # brand colours, when they are set
    # With the database's schema up to date: Alembic, and the newsletter's tables beside the release's;
    # on the embedded SQLite database the record needs no ORM either.
    "alembic",
    "publisher.store.tables",
    "sqlalchemy",
    "pydantic_settings",  # the settings read the environment and the file themselves
    "phonenumbers",  # the page's texts were searched for phone numbers by the run before
    "babel.messages",  # the translations were compiled by the run before
)


def test_a_web_release_loads_no_browser_audio_or_other_channel(tmp_path: Path) -> None:
    """With the browser stage off, releasing a web page loads only the web channel and the static checks.

    Its record goes into a database already at the newest schema, and the user cache holds what an
    earlier release of the article kept (on another site), as on every run after the first.
    """
    database_url = f"sqlite:///{tmp_path / 'publisher.db'}"
    open_store(database_url)
    close_store(database_url)
    environment = {
        **os.environ,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_A11Y__BROWSER_STAGE": "false",
        "PUBLISHER_DATABASE_URL": database_url,
        "XDG_CACHE_HOME": str(tmp_path / "cache-home"),
    }
    environment.pop("PUBLISHER_BROKER_URL", None)
    publish = [sys.executable, "-c", LIST_COMMANDS, "publish", str(EXAMPLES / "open-data-portal.md")]
    earlier = [*publish, "--channels", "web", "--out", "earlier-site", "--json"]
    subprocess.run(earlier, cwd=tmp_path, env=environment, capture_output=True, timeout=300, check=True)
    command = [*publish, "--channels", "web", "--out", "site", "--json"]
    result = subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300
    )
    assert '"status": "released"' in result.stdout, result.stderr[-2000:]
    loaded = result.stderr.split()
    assert [module for module in loaded if module.startswith(NOT_FOR_A_WEB_PAGE)] == []
