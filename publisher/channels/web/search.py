"""The site's static full-text search: a Pagefind index of the article pages, kept beside the site.

Pagefind (its binary ships in the ``pagefind-bin`` wheel; nothing is downloaded) reads the released
article pages (those marked ``data-pagefind-body``) and writes ``DIR/pagefind/``: the script and the
index fragments the search page loads, so search needs no server of its own. Indexing reads every
article page, so it runs beside the releases (``publisher search-index``) rather than inside each one:
a release stays as fast in a site of ten thousand releases as in an empty one. The new index is
written next to the old one and renamed into place.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from publisher.errors import PublisherError
from publisher.settings import SiteSettings

__all__ = ["SEARCH_FOLDER", "SearchIndex", "SearchIndexError", "build_search_index"]

SEARCH_FOLDER = "pagefind"
_NEW = ".pagefind-new"
_OLD = ".pagefind-old"


class SearchIndexError(PublisherError):
    """The search index could not be built; the one in place (if any) is unchanged."""


@dataclass(frozen=True)
class SearchIndex:
    """What indexing found: the number of article pages in the index, and where it is."""

    pages: int
    folder: Path


def build_search_index(out_dir: Path, site: SiteSettings) -> SearchIndex:
    """Index every released article page of ``out_dir`` and switch the new index in."""
    if not out_dir.is_dir():
        raise SearchIndexError(f"{out_dir}: no such output folder; publish an article first")
    staging = out_dir / _NEW
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pages = asyncio.run(_index(out_dir, staging, site.lang.split("-")[0].lower()))
    except Exception as error:  # the Pagefind service reports its failures as plain exceptions
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"{out_dir}: the search index could not be built: {error}") from error
    target = out_dir / SEARCH_FOLDER
    old = out_dir / _OLD
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return SearchIndex(pages=pages, folder=target)


async def _index(out_dir: Path, staging: Path, language: str) -> int:
    # One index in the site's language: a German search page also finds the English releases.
    config = IndexConfig(force_language=language, output_path=str(staging))
    # Leaving the block writes the index into ``staging``.
    async with PagefindIndex(config=config) as index:
        # Article pages are one folder deep; site pages carry no data-pagefind-body and are skipped.
        found = await index.add_directory(str(out_dir), glob="*/index.html")
    return int(found["page_count"])
