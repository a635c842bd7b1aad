"""The site's static full-text search: a Pagefind index of the article pages, kept beside the site.

Pagefind (its binary ships in the ``pagefind-bin`` wheel; nothing is downloaded) reads the released
article pages (those marked ``data-pagefind-body``) and writes ``DIR/pagefind/``: the script and the
index fragments the search page loads, so search needs no server of its own. Indexing reads every
article page, so it runs beside the releases rather than inside each one (after them, coalesced:
``publisher.release.search_follow``; or ``publisher search-index``): a release stays as fast in a site
of ten thousand releases as in an empty one. The new index is written next to the old one and
exchanged with it in one rename, so a reader loads the old index or the new one, never a part; a
build that fails or is killed leaves the old one. One build of a site runs at a time (a lock file
in its internal tree). The binary is run as a command (``pagefind --site``), which writes the same
files as Pagefind's Python service without the event loop that drives the service; only a site
without any page to read, where the command refuses to write an index, is left to the service.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import PublisherError
from publisher.files import file_lock, swap_paths
from publisher.published import internal_dir
from publisher.settings import SiteSettings

__all__ = ["SEARCH_FOLDER", "SearchIndex", "SearchIndexError", "build_search_index"]

SEARCH_FOLDER = "pagefind"
_NEW = ".pagefind-new"
_LOCK = ".search-index.lock"
# Article pages are one folder deep; site pages carry no data-pagefind-body and are skipped.
_PAGES = "*/index.html"


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
            _index(out_dir, staging, site.lang.split("-")[0].lower())
            # One fragment per page in the index (Pagefind's own count includes the pages it skipped).
            pages = len(list((staging / "fragment").glob("*.pf_fragment")))
            target = out_dir / SEARCH_FOLDER
            _switch(staging, target)
        except Exception as error:  # Pagefind's failures: an exit status, or the service's plain exceptions
            raise SearchIndexError(f"{out_dir}: the search index could not be built: {error}") from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after the switch: the old index
    return SearchIndex(pages=pages, folder=target)


def _switch(staging: Path, target: Path) -> None:
    if target.exists():
        swap_paths(staging, target)
    else:
        os.rename(staging, target)


def _index(out_dir: Path, staging: Path, language: str) -> None:
    """Write the index of ``out_dir``'s pages into ``staging``.

    One index in the site's language: a German search page also finds the English releases.
    """
    if not any(out_dir.glob(_PAGES)):
        _index_nothing(out_dir, staging, language)
        return
    command = [str(_executable()), "--site", str(out_dir.resolve()), "--glob", _PAGES]
    command += ["--output-path", str(staging.resolve()), "--force-language", language, "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeError(f"pagefind exited {result.returncode}: {' '.join(said[:2])}")


def _executable() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH`` if set (read as Pagefind reads it), or the wheel's."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    executable: Path = get_executable()
    return executable


def _index_nothing(out_dir: Path, staging: Path, language: str) -> None:
    """The index of a site without pages (the search script and no entries), from Pagefind's service."""
    import asyncio

    from pagefind.index import IndexConfig, PagefindIndex

    async def index() -> None:
        config = IndexConfig(force_language=language, output_path=str(staging))
        async with PagefindIndex(config=config) as pagefind:  # leaving it writes the index
            await pagefind.add_directory(str(out_dir), glob=_PAGES)

    asyncio.run(index())
