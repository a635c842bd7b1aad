"""Settings come from the environment, then a TOML file, then defaults; each one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

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


def test_lists_and_mappings_come_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__TOPICS", '["Open Data", "Verkehr"]')
    monkeypatch.setenv("publisher_audio__voices__en", "en-gb")
    settings = Settings()
    assert settings.newsletter.topics == ["Open Data", "Verkehr"]
    assert settings.audio.voices == {"en": "en-gb"}


def test_one_value_wins_over_its_section_given_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_SITE", '{"title": "Ganz", "owner": "Land"}')
    monkeypatch.setenv("PUBLISHER_SITE__TITLE", "Einzeln")
    settings = Settings()
    assert (settings.site.title, settings.site.owner) == ("Einzeln", "Land")


def test_values_given_in_code_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_SITE__TITLE", "Umgebung")
    monkeypatch.setenv("PUBLISHER_SITE__OWNER", "Land aus der Umgebung")
    settings = Settings(site={"title": "Code"})
    assert (settings.site.title, settings.site.owner) == ("Code", "Land aus der Umgebung")


def test_a_list_that_is_not_json_is_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__TOPICS", "Open Data")
    with pytest.raises(ValidationError, match=r"newsletter\.topics"):
        Settings()
