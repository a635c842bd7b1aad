"""The static search: a Pagefind index beside the site, and a search page for keyboard and screen reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from publisher.channels.web.search import SearchIndexError, build_search_index
from publisher.cli import main
from publisher.settings import Settings
from tests.helpers import page, publish

if TYPE_CHECKING:
    from publisher.a11y.browser.chromium import Chromium


def test_the_search_index_is_built_beside_the_released_pages(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish([write_article(name="a.md"), write_article(name="b.md", title="Schulbau beginnt")], out, settings)

    index = build_search_index(out, settings.site)

    assert index.folder == out / "pagefind"
    assert (out / "pagefind" / "pagefind.js").is_file()
    # One index in the site's language, whatever the language of each page.
    assert [path.name for path in (out / "pagefind").glob("wasm.*.pagefind")] != []
    assert list((out / "pagefind").glob("pagefind.de_*.pf_meta"))
    assert not list(out.glob(".pagefind-new*"))
    # Built again (after a build that was killed half-way), the new index replaces the old one.
    (out / ".pagefind-new-killed" / "fragment").mkdir(parents=True)
    build_search_index(out, settings.site)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert sorted(path.name for path in out.iterdir() if "pagefind" in path.name) == ["pagefind"]


def test_the_search_page_has_a_label_a_live_region_a_result_list_and_a_fallback(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish([write_article()], out, settings)
    search = page(out / "search" / "index.html")

    (field,) = search.xpath("//form[@role='search']//input[@type='search']")
    assert search.xpath(f"//label[@for='{field.get('id')}']/text()") == ["Pressemitteilungen durchsuchen"]
    assert search.xpath("//p[@role='status']/@id") == ["search-status"]
    assert search.xpath("//ol[@id='search-results']/@aria-label") == ["Suchergebnisse"]
    assert "braucht JavaScript" in search.xpath("string(//noscript)")
    assert search.xpath("//main//a/@href")[-2:] == ["../topics/", "../archive/"]
    assert (out / "search" / "search.js").read_text(encoding="utf-8").startswith("// The search page")
    # Every page links to the search page.
    assert "search/" in page(out / "index.html").xpath("//header//a/@href")


def test_indexing_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(SearchIndexError, match="no such output folder"):
        build_search_index(tmp_path / "missing", settings.site)
    result = CliRunner().invoke(main, ["search-index", "--out", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such output folder" in result.output


def test_a_site_without_article_pages_gets_an_empty_index(tmp_path: Path, settings: Settings) -> None:
    """Before the first release the search page still finds its script, and finds nothing."""
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text(
        "<!doctype html><title>Presse</title><p>Noch nichts.</p>", encoding="utf-8"
    )
    index = build_search_index(out, settings.site)
    assert index.pages == 0 and (out / "pagefind" / "pagefind.js").is_file()


def test_a_failing_indexer_names_its_error_and_leaves_the_index_in_place(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public"
    publish([write_article()], out, settings)
    build_search_index(out, settings.site)
    before = sorted(path.name for path in (out / "pagefind").iterdir())
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: the index cannot be written' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    with pytest.raises(SearchIndexError, match="pagefind exited 3: Error: the index cannot be written"):
        build_search_index(out, settings.site)
    assert sorted(path.name for path in (out / "pagefind").iterdir()) == before
    assert not list(out.glob(".pagefind-new*"))


@pytest.mark.browser
def test_a_search_in_chromium_announces_the_number_found_and_lists_links(
    chromium: Chromium, write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """Served over HTTP like any static site: the query in the address, the count in the live region."""
    from publisher.a11y.browser.server import PageServer

    out = tmp_path / "public"
    school = write_article(
        "## Worum es geht\n\nIm Nordviertel beginnt am Montag der Bau der neuen Grundschule.\n",
        name="b.md",
        title="Schulbau beginnt",
        summary="Die neue Grundschule im Nordviertel wird gebaut.",
        tags=["Bildung"],
        kicker="Bildung",
    )
    publish([write_article(name="a.md"), school], out, settings)
    build_search_index(out, settings.site)
    server = PageServer(out)
    try:
        chromium.navigate(server.url("search/") + "?q=Ladesäulen")
        status = chromium.evaluate(
            "new Promise(done => { const status = document.getElementById('search-status');"
            " const look = () => status.textContent && !status.textContent.endsWith('…')"
            " ? done(status.textContent) : setTimeout(look, 50); look(); })"
        )
        links = chromium.evaluate(
            "[...document.querySelectorAll('#search-results li a')]"
            ".map(a => [a.textContent, a.getAttribute('href')])"
        )
        field = chromium.evaluate("document.getElementById('search-input').value")
    finally:
        server.close()
    assert status == "1 Pressemitteilung zu „Ladesäulen“ gefunden."
    assert links == [["Neue Ladesäulen für Musterstadt", "/neue-ladesaeulen-fuer-musterstadt/"]]
    assert field == "Ladesäulen"
