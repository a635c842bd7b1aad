"""``publisher search-index``: build the site's static search index beside the released pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.channels.web.search import SearchIndexError, build_search_index
from publisher.settings import get_settings

__all__ = ["search_index_command"]

# The exit status ``publisher publish`` gives a step that failed.
_EXIT_FAILED = 1


@click.command("search-index")
@click.option(
    "--out",
    "out_dir",
    default="public",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder of the static site.",
)
def search_index_command(out_dir: Path) -> None:
    """Index every released article page for the site's search page (Pagefind, offline)."""
    try:
        index = build_search_index(out_dir, get_settings().site)
    except SearchIndexError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(_EXIT_FAILED)
    click.echo(f"{index.pages} article pages in the search index {index.folder}")
