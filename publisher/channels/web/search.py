"""The site's static full-text search: a Pagefind index of the article pages, kept beside the site.

Pagefind (its binary ships in the ``pagefind-bin`` wheel; nothing is downloaded) reads the released
article pages (those marked ``data-pagefind-body``) and writes ``DIR/pagefind/``: the script and the
index fragments the search page loads, so search needs no server of its own. Indexing reads every
article page, so it runs beside the releases rather than inside each one (after them, coalesced:
``publisher.release.search_follow``; or ``publisher search-index``): a release stays as fast in a site
of ten thousand releases as in an empty one. The new index is written next to the old one and
exchanged with it in one rename, so a reader loads the old index or the new one, never a part; a
build that fails or is killed leaves the old one. One build of a site runs at a time (a lock file
in its internal tree).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from publisher.errors import PublisherError
from publisher.files import file_lock, swap_paths
from publisher.published import internal_dir
from publisher.settings import SiteSettings

__all__ = ["SEARCH_FOLDER", "SearchIndex", "SearchIndexError", "build_search_index"]

SEARCH_FOLDER = "pagefind"
_NEW = ".pagefind-new"
_LOCK = ".search-index.lock"


class SearchIndexError(PublisherError):
    """The search index could not be built; the one in place (if any) is unchanged."""


@dataclass(frozen=True)
class SearchIndex:
    """What indexing found: the number of article pages in the index, and where it is."""

    pages: int
    folder: Path


def build_search_index(
    out_dir: Path, site: SiteSettings, started: Callable[[], object] | None = None
) -> SearchIndex:
    """Index every released article page of ``out_dir`` and switch the new index in.

    ``started`` is called once this build holds the site's lock, before it reads any page.
    """
    if not out_dir.is_dir():
        raise SearchIndexError(f"{out_dir}: no such output folder; publish an article first")
    internal = internal_dir(out_dir)
    internal.mkdir(mode=0o700, exist_ok=True)
    with file_lock(internal / _LOCK):
        # Left behind by a killed build: never served, never read.
        for leftover in out_dir.glob(f"{_NEW}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging = out_dir / f"{_NEW}-{secrets.token_hex(4)}"
        if started is not None:
            started()
        try:
            asyncio.run(_index(out_dir, staging, site.lang.split("-")[0].lower()))
            # One fragment per page in the index (Pagefind's own count includes the pages it skipped).
            pages = len(list((staging / "fragment").glob("*.pf_fragment")))
            target = out_dir / SEARCH_FOLDER
            _switch(staging, target)
        except Exception as error:  # the Pagefind service reports its failures as plain exceptions
            raise SearchIndexError(f"{out_dir}: the search index could not be built: {error}") from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after the switch: the old index
    return SearchIndex(pages=pages, folder=target)


def _switch(staging: Path, target: Path) -> None:
    if target.exists():
        swap_paths(staging, target)
    else:
        os.rename(staging, target)


async def _index(out_dir: Path, staging: Path, language: str) -> None:
    # One index in the site's language: a German search page also finds the English releases.
    config = IndexConfig(force_language=language, output_path=str(staging))
    # Leaving the block writes the index into ``staging``.
    async with PagefindIndex(config=config) as index:
        # Article pages are one folder deep; site pages carry no data-pagefind-body and are skipped.
        await index.add_directory(str(out_dir), glob="*/index.html")
