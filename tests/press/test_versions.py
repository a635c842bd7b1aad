"""Leichte Sprache and translations: named in front matter, published together, linked both ways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from publisher.errors import InvalidSource
from publisher.release.publish import plan
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.conftest import BODY, front_matter
from tests.helpers import page, publish

ENGLISH = """## What is planned

The municipal utility is building forty new charging points in the town centre from March.
Drivers can charge their cars at the station, the market square and the town hall.
"""


def _write(folder: Path, name: str, body: str = BODY, **overrides: object) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    front = yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def versions(tmp_path: Path) -> dict[str, Path]:
    """An original, its Leichte Sprache version and its English translation, naming each other."""
    folder = tmp_path / "quelle"
    return {
        "de": _write(
            folder, "meldung.md", easy_language="meldung-ls.md", translations={"en": "meldung-en.md"}
        ),
        "ls": _write(
            folder, "meldung-ls.md", title="Neue Lade-Säulen", slug="ladesaeulen-ls", original="meldung.md"
        ),
        "en": _write(
            folder,
            "meldung-en.md",
            body=ENGLISH,
            title="New chargers for Musterstadt",
            summary="The utility builds forty charging points in the town centre.",
            kicker="Transport",
            lang="en",
            original="meldung.md",
        ),
    }


def test_publishing_the_original_publishes_every_version(
    versions: dict[str, Path], settings: Settings, tmp_path: Path
) -> None:
    planned = plan([versions["de"]], tmp_path / "public", settings, now=datetime.now(UTC), channels="web")
    assert {source.path.resolve() for source in planned.sources} == {
        path.resolve() for path in versions.values()
    }


def test_every_version_links_every_other_with_hreflang(
    versions: dict[str, Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    reports = publish(list(versions.values()), out, settings)
    assert all(report["channels"]["web"]["status"] == "released" for report in reports), reports
    slugs = {name: parse_article(path).article.slug for name, path in versions.items()}
    links = {}
    for name, slug in slugs.items():
        root = page(out / slug / "index.html")
        nav = root.find(".//nav[@class='versions']")
        links[name] = {a.get("href").rstrip("/").rsplit("/", 1)[-1]: a.get("hreflang") for a in nav.iter("a")}
        alternates = {link.get("hreflang") for link in root.iter("link") if link.get("rel") == "alternate"}
        if name != "ls":
            assert {"de", "en"} <= alternates
    assert links["de"] == {slugs["ls"]: "de", slugs["en"]: "en"}
    assert links["ls"] == {slugs["de"]: "de", slugs["en"]: "en"}
    assert links["en"] == {slugs["de"]: "de", slugs["ls"]: "de"}
    german = page(out / slugs["de"] / "index.html").find(".//nav[@class='versions']")
    assert [a.text for a in german.iter("a")] == ["Diese Meldung in Leichter Sprache", "English"]
    assert german.find(".//a[@hreflang='en']").get("lang") == "en"


def test_a_version_that_does_not_name_its_original_back_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "quelle"
    original = _write(folder, "meldung.md", easy_language="meldung-ls.md")
    _write(folder, "meldung-ls.md", title="Neue Lade-Säulen")
    with pytest.raises(InvalidSource) as caught:
        parse_article(original)
    (problem,) = caught.value.problems
    assert problem.field == "easy_language" and "original: meldung.md" in problem.message and problem.line


def test_a_translation_in_the_wrong_language_or_missing_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "quelle"
    original = _write(folder, "meldung.md", translations={"en": "meldung-en.md", "fr": "fehlt.md"})
    _write(folder, "meldung-en.md", title="Nouvelles bornes", lang="fr", original="meldung.md")
    with pytest.raises(InvalidSource) as caught:
        parse_article(original)
    messages = {problem.field: problem.message for problem in caught.value.problems}
    assert "not 'en'" in messages["translations.en"] and "not found" in messages["translations.fr"]


def test_a_site_without_an_easy_language_page_is_warned_about(
    write_article: Callable[..., Path], tmp_path: Path
) -> None:
    settings = Settings(site={"base_url": "https://presse.example.de/"}, staging_dir=tmp_path / "staging")
    (report,) = publish([write_article()], tmp_path / "public", settings)
    web = report["channels"]["web"]
    assert web["status"] == "released"
    assert [finding["rule"] for finding in web["findings"]] == ["easy-language-page"]
    assert "site.easy_language_url" in web["findings"][0]["message"]
