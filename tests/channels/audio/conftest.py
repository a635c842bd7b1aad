"""Fixtures for the audio channel: short articles built from the model, settings with a private cache."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.settings import Settings


def text(value: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": value}]


def article_data(**overrides: Any) -> dict[str, Any]:
    """A short German press release with two sections, a quote and a list, as model data."""
    data: dict[str, Any] = {
        "title": "Stadt baut neue Radwege",
        "lang": "de",
        "date": "2026-03-02T09:30:00+01:00",
        "summary": "Die Stadt investiert 2,5 Mio. € in Radwege.",
        "author": "Stadt Musterstadt, Pressestelle",
        "body": [
            {"type": "paragraph", "children": text("Der Bau beginnt am 3. April.")},
            {"type": "heading", "level": 2, "children": text("Was gebaut wird")},
            {"type": "paragraph", "children": text("Es entstehen 12 km neue Wege.")},
            {
                "type": "quote",
                "paragraphs": [text("Wir freuen uns sehr.")],
                "speaker": "Dr. Jana Probst",
                "role": "Bürgermeisterin",
            },
            {"type": "heading", "level": 2, "children": text("Wie es weitergeht")},
            {
                "type": "list",
                "items": [{"children": text("Planung im Mai")}, {"children": text("Bau im Sommer")}],
            },
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an ``Article`` from the short default with fields overridden."""

    def make(**overrides: Any) -> Article:
        return Article.model_validate(article_data(**overrides))

    return make


def audio_settings(cache: Path, **audio: Any) -> Settings:
    return Settings(
        site={
            "title": "Presse Musterstadt",
            "base_url": "https://presse.example.de/",
            "owner": "Stadt Musterstadt",
        },
        audio={"cache_dir": cache, **audio},
    )


def make_job(folder: Path, settings: Settings) -> RenderJob:
    for name in ("work", "out", "assets"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return RenderJob(
        settings=settings, assets_dir=folder / "assets", workdir=folder / "work", out_dir=folder / "out"
    )


def ffprobe(path: Path) -> dict[str, Any]:
    """ffprobe's view of a media file: format, streams and chapters."""
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_format",
            "-show_streams",
            "-show_chapters",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Article, RenderJob]:
    """The default article rendered once by the audio channel with espeak-ng (shared, read-only)."""
    from publisher.channels.audio import AudioChannel

    folder = tmp_path_factory.mktemp("rendered")
    article = Article.model_validate(article_data())
    job = make_job(folder, audio_settings(folder / "cache"))
    AudioChannel().render(article, job)
    return article, job
