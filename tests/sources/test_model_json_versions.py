"""A JSON article links its Leichte Sprache version and translations as front matter does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.errors import InvalidSource
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.api.articles import model
from tests.conftest import BODY, front_matter
from tests.helpers import page, publish

Write = Callable[..., Path]
_ENGLISH_BODY = [
    {
        "type": "paragraph",
        "children": [{"type": "text", "text": "The municipal utility is building forty charging points."}],
    }
]


def _json(folder: Path, name: str, **overrides: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(model(**overrides), ensure_ascii=False), encoding="utf-8")
    return path


def _markdown(folder: Path, name: str, **overrides: object) -> Path:
    front = yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
    path = folder / name
    path.write_text(f"---\n{front}---\n{BODY}", encoding="utf-8")
    return path


def _english(folder: Path, **overrides: Any) -> Path:
    values: dict[str, Any] = {
        "title": "New chargers for Musterstadt",
        "summary": "The utility builds forty charging points in the town centre.",
        "lang": "en",
        "kicker": "Transport",
        "body": _ENGLISH_BODY,
        "original": "meldung.json",
        **overrides,
    }
    return _json(folder, "meldung-en.json", **values)


@pytest.fixture
def versions(tmp_path: Path) -> dict[str, Path]:
    """A JSON original, its Leichte Sprache version in Markdown and its English translation in JSON."""
    folder = tmp_path / "quelle"
    original = _json(
        folder, "meldung.json", easy_language="meldung-ls.md", translations={"en": "meldung-en.json"}
    )
    easy = _markdown(
        folder, "meldung-ls.md", title="Neue Lade-Säulen", slug="ladesaeulen-ls", original="meldung.json"
    )
    return {"de": original, "ls": easy, "en": _english(folder)}


def _problems(path: Path) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidSource) as raised:
        parse_article(path)
    return [(problem.field, str(problem)) for problem in raised.value.problems]


def test_the_json_original_names_its_versions_and_their_files(versions: dict[str, Path]) -> None:
    """Each version with its kind, language and address; their files are published with it."""
    source = parse_article(versions["de"])
    assert [(v.kind, v.lang, v.slug) for v in source.article.versions] == [
        ("easy_language", "de", "ladesaeulen-ls"),
        ("translation", "en", "new-chargers-for-musterstadt"),
    ]
    assert set(source.versions) == {versions["ls"].resolve(), versions["en"].resolve()}
    translation = parse_article(versions["en"]).article
    assert [(v.kind, v.lang) for v in translation.versions] == [("original", "de"), ("easy_language", "de")]


def test_every_version_of_a_json_original_links_every_other(
    versions: dict[str, Path], settings: Settings, tmp_path: Path
) -> None:
    """Published together, each page's version links lead to the other two."""
    out = tmp_path / "public"
    reports = publish(list(versions.values()), out, settings)
    assert all(report["channels"]["web"]["status"] == "released" for report in reports), reports
    slugs = {parse_article(path).article.slug for path in versions.values()}
    for slug in slugs:
        nav = page(out / slug / "index.html").find(".//nav[@class='versions']")
        linked = {a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in nav.iter("a")}
        assert linked == slugs - {slug}


def test_broken_links_are_named_by_their_field(tmp_path: Path) -> None:
    """A missing file, a translation that does not name its original back or is in another language."""
    folder = tmp_path / "quelle"
    _english(folder, original=None, lang="fr")
    path = _json(folder, "meldung.json", easy_language="fehlt.md", translations={"en": "meldung-en.json"})
    problems = _problems(path)
    assert {field for field, _ in problems} == {"easy_language", "translations.en"}
    messages = " | ".join(message for _, message in problems)
    assert "'fehlt.md' is not found" in messages
    assert 'add "original": "meldung.json" to it' in messages and "'fr', not 'en'" in messages
    wrong_shape = _json(folder, "liste.json", translations=["meldung-en.json"])
    assert [field for field, _ in _problems(wrong_shape)] == ["translations"]
