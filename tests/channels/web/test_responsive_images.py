"""Images on the page: scaled copies in WebP and their own format, the lead image first, credits shown."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from publisher.channels.base import RenderJob
from publisher.channels.web.page import render_page
from publisher.errors import InvalidSource
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.helpers import page

BODY = '## Vor Ort\n\n![Die neue Ladesäule am Bahnhof](saeule.png){credit="Foto: Stadtwerke"}\n\nText.\n'


def _image(folder: Path, name: str, width: int, height: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    PillowImage.new("RGB", (width, height), (30, 110, 160)).save(folder / name)


@pytest.fixture
def article_with_images(write_article: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    def write(**overrides: object) -> Path:
        folder = tmp_path / "quelle"
        _image(folder, "aufmacher.jpg", 2000, 1000)
        _image(folder, "saeule.png", 900, 600)
        _image(folder, "nachbar.png", 300, 200)
        values: dict[str, object] = {
            "image": {"src": "aufmacher.jpg", "alt": "Ladesäulen in der Innenstadt", "credit": "Foto: Stadt"},
            "related": [
                {
                    "title": "Mehr Ladesäulen",
                    "url": "https://presse.example.de/mehr/",
                    "image": {"src": "nachbar.png", "alt": "Ladesäule", "credit": "Foto: Max Beispiel"},
                }
            ],
        }
        values.update(overrides)
        return write_article(body=BODY, **values)

    return write


def _render(path: Path, settings: Settings, tmp_path: Path, work_name: str = "work") -> Path:
    source = parse_article(path)
    assets = tmp_path / "assets"
    assets.mkdir(exist_ok=True)
    for local in source.images:
        (assets / local.output_name).write_bytes(local.path.read_bytes())
    work = tmp_path / work_name
    work.mkdir()
    rendition = render_page(source.article, RenderJob(settings, assets, work, tmp_path / "public"))
    assert all((work / name).is_file() for name in rendition.files)
    return work


def test_each_image_comes_in_widths_as_webp_and_in_its_own_format(
    article_with_images: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    work = _render(article_with_images(), settings, tmp_path)
    lead = page(work / "index.html").find(".//article/figure/picture")
    source, image = lead.find("source"), lead.find(".//img")
    webp = [entry.split() for entry in source.get("srcset").split(", ")]
    assert source.get("type") == "image/webp" and [width for _, width in webp] == [
        "480w",
        "800w",
        "1200w",
        "1600w",
        "2000w",
    ]
    for name, width in webp:
        with PillowImage.open(work / name) as scaled:
            assert (scaled.format, scaled.width) == ("WEBP", int(width[:-1]))
    fallback = [entry.split()[0] for entry in image.get("srcset").split(", ")]
    assert all(name.endswith(".jpg") for name in fallback) and image.get("src") == fallback[-1]
    assert (image.get("width"), image.get("height")) == ("2000", "1000")


def test_the_lead_image_loads_at_once_and_the_others_lazily(
    article_with_images: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    images = list(page(_render(article_with_images(), settings, tmp_path) / "index.html").iter("img"))
    assert images[0].get("loading") is None
    assert [image.get("loading") for image in images[1:]] == ["lazy", "lazy"]


def test_a_related_articles_image_is_local_and_shows_its_credit(
    article_with_images: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    work = _render(article_with_images(), settings, tmp_path)
    related = page(work / "index.html").find(".//section[@class='related']")
    assert (work / related.find(".//img").get("src")).is_file()
    assert related.findtext(".//span[@class='credit']") == "Foto: Max Beispiel"


def test_a_related_image_from_another_server_is_refused(
    article_with_images: Callable[..., Path],
) -> None:
    remote = {"src": "https://bilder.example.org/saeule.png", "alt": "Ladesäule"}
    path = article_with_images(
        related=[{"title": "Mehr", "url": "https://presse.example.de/m/", "image": remote}]
    )
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    (problem,) = caught.value.problems
    assert problem.field == "related.0.image.src" and "never loaded from another server" in problem.message


def test_a_small_or_uncredited_lead_image_is_warned_about(article_with_images: Callable[..., Path]) -> None:
    small = {"src": "saeule.png", "alt": "Ladesäule"}
    warnings = parse_article(article_with_images(image=small)).warnings
    assert [warning.field for warning in warnings] == ["image.src", "image"]
    assert "900 px wide" in warnings[0].message and "1200" in warnings[0].message
    assert "no credit" in warnings[1].message
    assert parse_article(article_with_images()).warnings == ()


def _released(work: Path, public: Path) -> Path:
    """``work`` as the public folder of its article (as the release step leaves it), with one copy marked."""
    shutil.copytree(work, public)
    marked = next(public.glob("aufmacher-*-480.webp"))  # the lead image, a JPEG
    with PillowImage.open(marked) as scaled:
        scaled.rotate(180).save(marked, "WEBP", quality=10)  # bytes no new encoding would write
    return marked


def test_a_new_release_with_the_same_image_takes_over_its_public_copies(
    article_with_images: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    path = article_with_images()
    public = tmp_path / "public" / parse_article(path).article.slug
    marked = _released(_render(path, settings, tmp_path), public)
    again = _render(path, settings, tmp_path, "correction")
    assert (again / marked.name).read_bytes() == marked.read_bytes()
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in public.iterdir())


def test_an_image_that_differs_from_the_public_one_is_scaled_anew(
    article_with_images: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    path = article_with_images()
    public = tmp_path / "public" / parse_article(path).article.slug
    marked = _released(_render(path, settings, tmp_path), public)
    original = public / marked.name.replace("-480.webp", ".jpg")
    original.write_bytes(original.read_bytes() + b"changed")  # same name, other bytes
    again = _render(path, settings, tmp_path, "correction")
    assert (again / marked.name).read_bytes() != marked.read_bytes()
    with PillowImage.open(again / marked.name) as scaled:
        assert (scaled.format, scaled.width) == ("WEBP", 480)
