"""Small helpers for tests: publishing into a folder and reading pages back."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import lxml.html
from lxml.etree import _Element

from publisher.broker import configure
from publisher.release.dispatch import run_release
from publisher.release.staging import stage_release
from publisher.settings import Settings
from publisher.sources import parse_article


def publish(
    paths: list[Path], out_dir: Path, settings: Settings, channels: tuple[str, ...] = ("web",)
) -> list[dict[str, Any]]:
    """Publish articles through the same canvas as the CLI, in-process."""
    configure(settings)
    reports = []
    for path in paths:
        staged = stage_release(parse_article(path), out_dir, list(channels), settings)
        reports.append(run_release(staged, timeout=600).as_json())
    return reports


def page(path: Path) -> _Element:
    """The parsed HTML document at ``path``."""
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def sitemap_text(site: Path) -> str:
    """The sitemap index and every sitemap part it names, as one text (each release's URL is in one part)."""
    parts = [site / "sitemap.xml", *sorted((site / "sitemaps").glob("*.xml"))]
    return "\n".join(part.read_text(encoding="utf-8") for part in parts if part.is_file())


def listed_articles(site: Path) -> list[str]:
    """The slugs the numbered pages link as releases, oldest page first (repeats kept).

    The front page repeats the newest of them; a site too small for numbered pages has only the front page.
    """
    numbered = sorted((site / "page").glob("*/index.html"), key=lambda path: int(path.parent.name))
    pages = numbered or [site / "index.html"]
    return [
        href.rstrip("/").rsplit("/", 1)[-1]
        for listing in pages
        for href in page(listing).xpath("//main//h2/a/@href")
    ]


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte with the file ``.filler``."""
    filler = folder / ".filler"
    # Unbuffered: no bytes stay behind in a buffer for closing the file to fail on.
    with open(filler, "wb", buffering=0) as file:
        try:
            while True:
                file.write(b"\0" * 65536)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler
