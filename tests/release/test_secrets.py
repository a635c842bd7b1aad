"""No password, key or connection string is written into a staged or public file; staging is owner-only."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from pydantic import SecretStr

from publisher.release.staging import load_release
from publisher.settings import Settings
from tests.helpers import publish
from tests.release.test_steps import extra_channels  # noqa: F401  (fixture)

Write = Callable[..., Path]
SECRETS = {
    "smtp password": "Smtp-Pw-4c1f9e",
    "database password": "Db-Pw-77ab20",
    "secret key": "Key-b3e5c0d9a1f2e4c6b8a0d2f4e6c8a0b2",
    "redis password": "Redis-Pw-5d6e7f",
}


@pytest.fixture
def secret_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "database_url": f"postgresql+psycopg://presse:{SECRETS['database password']}@db.example.de/p",
            "newsletter": settings.newsletter.model_copy(
                update={
                    "smtp_url": f"smtp://newsletter:{SECRETS['smtp password']}@mail.example.de:587",
                    "secret_key": SecretStr(SECRETS["secret key"]),
                    "governor_url": f"redis://:{SECRETS['redis password']}@127.0.0.1:6399/0",
                }
            ),
        }
    )


def files_under(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (path for path in folder.rglob("*") if path.is_file())


def test_no_secret_reaches_any_staged_or_public_file(
    extra_channels: None,  # noqa: F811
    write_article: Write,
    secret_settings: Settings,
    tmp_path: Path,
) -> None:
    """One release released, one held (its staging kept): no secret in any file, in any spelling."""
    out = tmp_path / "public"
    (released,) = publish([write_article(name="a.md")], out, secret_settings, channels=("web", "newsletter"))
    held_source = write_article(name="b.md", title="Zweite Meldung")
    (held,) = publish([held_source], out, secret_settings, channels=("web", "strict"))
    assert released["status"] == "released" and held["status"] == "held"
    staging = secret_settings.staging_for(out)
    checked = list(files_under(out, staging))
    assert any(path.name == "release.json" for path in checked)
    for path in checked:
        data = path.read_bytes()
        for name, value in SECRETS.items():
            for spelling in {value, quote(value, safe="")}:
                assert spelling.encode() not in data, f"{name} in {path}"


def test_staging_folders_and_files_are_readable_by_their_owner_only(
    extra_channels: None,  # noqa: F811
    write_article: Write,
    secret_settings: Settings,
    tmp_path: Path,
) -> None:
    out = tmp_path / "public"
    (held,) = publish([write_article()], out, secret_settings, channels=("web", "strict"))
    release = Path(held["staging"])
    for folder in (release.parent, release):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in (release / "release.json", release / "web" / "state.json", release / "report.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_worker_takes_connections_and_secrets_from_its_own_environment(
    extra_channels: None,  # noqa: F811
    write_article: Write,
    secret_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The snapshot keeps the release's appearance; the worker's environment supplies the SMTP URL."""
    (held,) = publish([write_article()], tmp_path / "public", secret_settings, channels=("web", "strict"))
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SMTP_URL", "smtp://worker:own@127.0.0.1:2525")
    release = load_release(held["staging"])
    assert release.settings.newsletter.smtp_url == "smtp://worker:own@127.0.0.1:2525"
    assert release.settings.site.title == secret_settings.site.title
    assert release.settings.database_url != secret_settings.database_url
