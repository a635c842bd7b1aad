"""Image copies and sizes kept in the user cache: the same files, and no Pillow the second time."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from publisher.channels.base import RenderJob
from publisher.channels.web.page import render_page
from publisher.settings import Settings
from publisher.sources import parse_article
from publisher.sources.images import IMAGE_FACTS
from publisher.user_cache import cache_folder
from tests.helpers import page

BODY = "## Vor Ort\n\n![Der neue Trinkbrunnen am Rathausplatz](brunnen.png)\n\nText.\n"

# Parses and renders the article in a fresh process, then names the Pillow modules it loaded.
RENDER = """
import sys
from pathlib import Path
from publisher.channels.base import RenderJob
from publisher.channels.web.page import render_page
from publisher.settings import Settings
from publisher.sources import parse_article

article, work = Path(sys.argv[1]), Path(sys.argv[2])
source = parse_article(article)
work.mkdir()
settings = Settings(site={"title": "Presse", "base_url": "https://presse.example.de/", "owner": "Stadt"})
render_page(source.article, RenderJob(settings, article.parent, work, work.parent / "public"))
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] == "PIL")))
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache of this test's own, forgotten by the process after it."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    cache_folder.cache_clear()
    IMAGE_FACTS.forget()
    yield home
    cache_folder.cache_clear()
    IMAGE_FACTS.forget()


@pytest.fixture
def article(write_article: Callable[..., Path]) -> Path:
    path = write_article(body=BODY)
    # Colour bands, so that each scaled copy has bytes of its own.
    picture = PillowImage.new("RGB", (1300, 700), (20, 90, 140))
    picture.paste((200, 160, 40), (0, 0, 650, 350))
    picture.save(path.parent / "brunnen.png")
    return path


def _render(article: Path, settings: Settings, work: Path) -> dict[str, bytes]:
    """Render ``article`` into ``work`` (its images next to it); every file written, by name."""
    source = parse_article(article)
    for local in source.images:
        (article.parent / local.output_name).write_bytes(local.path.read_bytes())
    work.mkdir()
    render_page(source.article, RenderJob(settings, article.parent, work, work.parent / "public"))
    return {path.name: path.read_bytes() for path in work.iterdir() if path.name != "index.html"}


def _widths(files: dict[str, bytes]) -> list[str]:
    """The scaled copies among ``files`` as width and kind (``480.webp``), the original left out."""
    return sorted(name.rsplit("-", 1)[1] for name in files if name.count("-") == 2)


def test_an_image_released_again_gets_the_same_copies_without_loading_pillow(
    cache_home: Path, article: Path, settings: Settings, tmp_path: Path
) -> None:
    """A second release of the same image, in another site, writes the same files and never loads Pillow."""
    first = _render(article, settings, tmp_path / "first")
    assert _widths(first) == [
        "1200.png",
        "1200.webp",
        "1300.webp",
        "480.png",
        "480.webp",
        "800.png",
        "800.webp",
    ]
    again = tmp_path / "again" / "work"
    again.parent.mkdir()
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(article), str(again)],
        env=environment, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == ""
    assert {path.name: path.read_bytes() for path in again.iterdir() if path.name != "index.html"} == first
    webp = page(again / "index.html").find(".//picture/source").get("srcset")
    assert webp.endswith("1300.webp 1300w")


def test_a_damaged_kept_copy_is_encoded_again(
    cache_home: Path, article: Path, settings: Settings, tmp_path: Path
) -> None:
    """A kept copy that has gone missing costs an encoding, not a file, and is kept again whole."""
    first = _render(article, settings, tmp_path / "first")
    (kept,) = (cache_home / "publisher" / "images").glob("*/800.webp")
    kept.unlink()
    assert _render(article, settings, tmp_path / "second") == first
    assert kept.read_bytes() == first[next(name for name in first if name.endswith("-800.webp"))]
    assert [path.name for path in (cache_home / "publisher" / "images").iterdir()] == [kept.parent.name]


def test_an_image_changed_under_the_same_name_is_measured_anew(
    cache_home: Path, article: Path, settings: Settings, tmp_path: Path
) -> None:
    """New bytes in the same file are a new image: their own size on the page and their own copies."""
    _render(article, settings, tmp_path / "first")
    PillowImage.new("RGB", (600, 400), (140, 20, 20)).save(article.parent / "brunnen.png")
    second = _render(article, settings, tmp_path / "second")
    image = page(tmp_path / "second" / "index.html").find(".//picture//img")
    assert (image.get("width"), image.get("height")) == ("600", "400")
    assert _widths(second) == ["480.png", "480.webp", "600.webp"]


def test_without_a_cache_folder_images_are_scaled_each_time(
    article: Path, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache home that cannot be written (here a file) keeps nothing, and the page is the same."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cache_folder.cache_clear()
    IMAGE_FACTS.forget()
    try:
        first = _render(article, settings, tmp_path / "first")
        assert _render(article, settings, tmp_path / "second") == first and len(_widths(first)) == 7
    finally:
        cache_folder.cache_clear()
        IMAGE_FACTS.forget()
