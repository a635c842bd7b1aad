"""Settings come from the environment, then a TOML file, then defaults; each one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from publisher.errors import ConfigurationError
from publisher.settings import Settings


def test_environment_overrides_the_toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "publisher.toml"
    config.write_text('[site]\ntitle = "Aus der Datei"\nowner = "Stadt Datei"\n', encoding="utf-8")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(config))
    monkeypatch.setenv("PUBLISHER_SITE__TITLE", "Aus der Umgebung")
    settings = Settings()
    assert settings.site.title == "Aus der Umgebung"
    assert settings.site.owner == "Stadt Datei"


def test_bad_values_are_rejected_with_the_field_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_SITE__TIMEZONE", "Europe/Nirgendwo")
    with pytest.raises(ValidationError, match="timezone"):
        Settings()


def test_unknown_keys_in_the_file_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "publisher.toml"
    config.write_text('brokerurl = "redis://x"\n', encoding="utf-8")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(config))
    with pytest.raises(ValidationError, match="brokerurl"):
        Settings()


def test_site_base_url_always_ends_with_a_slash() -> None:
    assert (
        Settings(site={"base_url": "https://presse.example.de"}).site.base_url == "https://presse.example.de/"
    )


def test_smtp_url_short_form_reaches_the_newsletter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_SMTP_URL", "smtp://127.0.0.1:2525")
    assert Settings().newsletter.smtp_url == "smtp://127.0.0.1:2525"


def test_a_table_setting_takes_json_or_one_key_per_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table comes whole as JSON, or a key at a time; upper and lower case name the same setting."""
    monkeypatch.setenv("PUBLISHER_AUDIO__VOICES", '{"en": "en-us"}')
    monkeypatch.setenv("publisher_audio__voices__fr", "fr-fr")
    assert Settings().audio.voices == {"en": "en-us", "fr": "fr-fr"}


def test_a_table_setting_that_is_not_json_is_named_with_its_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Text where JSON belongs stops the start with the setting and its variable named."""
    monkeypatch.setenv("PUBLISHER_AUDIO__VOICES", "en=en-us")
    named = r"'audio\.voices' \(PUBLISHER_AUDIO__VOICES\): expected JSON"
    with pytest.raises(ConfigurationError, match=named):
        Settings()
