"""A large site: numbered pages counted from the oldest, and a release rewrites only the files it changes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html

from publisher.channels.web.site import STATE_NAME, build_site_files
from publisher.model import Article
from publisher.published import (
    PublicRecord,
    PublishedArticle,
    SiteContext,
    internal_dir,
    published_index,
    record_path,
    site_index_files,
)
from publisher.release.public_tree import tree_of
from publisher.settings import Settings

_TOPICS = ["Verkehr", "Bildung", "Umwelt"]


def _article(number: int, **overrides: object) -> Article:
    values: dict[str, object] = {
        "title": f"Meldung {number}",
        "slug": f"meldung-{number}",
        "lang": "de",
        "date": datetime(2025, 1, 1, 9, tzinfo=UTC) + timedelta(days=number),
        "summary": f"Kurzfassung der Meldung {number}.",
        "author": "Pressestelle",
        "tags": [_TOPICS[number % 3]],
        "body": [{"type": "paragraph", "children": [{"type": "text", "text": "Text."}]}],
    }
    values.update(overrides)
    return Article.model_validate(values)


def _release(settings: Settings, out: Path, *articles: Article) -> dict[str, bytes]:
    """Release ``articles`` into ``out`` as the release step does; return the site files it wrote."""
    new = {article.slug for article in articles}
    kept = [entry for entry in published_index(out).articles if entry.name not in new]
    for article in articles:
        (out / article.slug).mkdir(parents=True, exist_ok=True)
        (internal_dir(out) / article.slug).mkdir(parents=True, exist_ok=True)
    released = [PublishedArticle(article, out / article.slug, frozenset({"web"})) for article in articles]
    entries = (*kept, *released)
    files = build_site_files(SiteContext(settings, out, entries))
    _write(out, files)
    _write(internal_dir(out), site_index_files(entries))
    return files


def _write(out: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        # The web channel's state goes where the release step puts it: beside the site, not in it.
        target = (internal_dir(out) if tree_of(relative) == "internal" else out) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _published(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of ``files`` that go into the public tree (not the channel's state)."""
    return {relative: data for relative, data in files.items() if tree_of(relative) == "public"}


def _titles(path: Path) -> list[str]:
    document = lxml.html.document_fromstring(path.read_bytes())
    return [str(link.text) for link in document.xpath("//main//h2/a")]


def test_numbered_pages_count_from_the_oldest_and_the_front_shows_the_newest(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    _release(settings, out, *[_article(number) for number in range(45)])

    assert _titles(out / "index.html") == [f"Meldung {number}" for number in range(44, 24, -1)]
    assert _titles(out / "page" / "1" / "index.html") == [f"Meldung {number}" for number in range(19, -1, -1)]
    assert _titles(out / "page" / "3" / "index.html") == [f"Meldung {number}" for number in range(44, 39, -1)]
    front = lxml.html.document_fromstring((out / "index.html").read_bytes())
    # The front's "older" link goes to the first page with a release the front does not show.
    assert front.xpath("//nav[@class='pagination']//a/@href") == ["page/2/"]
    second = lxml.html.document_fromstring((out / "page" / "2" / "index.html").read_bytes())
    assert second.xpath("//nav[@class='pagination']//a/@href") == ["../3/", "../1/"]
    assert second.xpath("//h1")[0].text == "Presse Musterstadt, Seite 2"


def test_a_new_release_rewrites_only_the_files_it_changes(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = _release(settings, out, *[_article(number) for number in range(120)])
    assert len(first) > 40

    changed = _published(_release(settings, out, _article(120, tags=["Verkehr"])))

    assert set(changed) == {
        "index.html",
        "feed.xml",
        "page/6/index.html",  # its "newer" neighbour is now page 7, no longer the front
        "page/7/index.html",
        "topics/index.html",
        "topics/verkehr/index.html",
        "topics/verkehr/feed.xml",
        "topics/verkehr/page/2/index.html",
        "topics/verkehr/page/3/index.html",
        "archive/index.html",
        "archive/2025/index.html",
        "archive/2025/05/index.html",
        "archive/2025/05/feed.xml",
        "archive/2025/05/page/1/index.html",
        "sitemap.xml",
        "sitemaps/articles-1.xml",
        "sitemaps/pages.xml",
    }
    assert _titles(out / "index.html")[0] == "Meldung 120"
    assert _titles(out / "topics" / "verkehr" / "index.html")[0] == "Meldung 120"
    assert _titles(out / "page" / "7" / "index.html") == ["Meldung 120"]
    # The same article again, unchanged: its own pages only (its teaser might have changed).
    again = _release(settings, out, _article(120, tags=["Verkehr"]))
    assert "page/1/index.html" not in again and "topics/bildung/index.html" not in again


def test_without_its_state_the_site_is_made_again_whole(settings: Settings, tmp_path: Path) -> None:
    """Deleting the kept state (or changing settings or templates) brings back pages deleted by hand."""
    out = tmp_path / "public"
    _release(settings, out, *[_article(number) for number in range(5)])
    (out / "topics" / "bildung" / "index.html").unlink()
    shutil.rmtree(internal_dir(out) / STATE_NAME)
    again = _release(settings, out, _article(6, tags=["Umwelt"]))
    assert {"topics/bildung/index.html", "topics/verkehr/index.html", "page/1/index.html"} <= set(again)
    assert _titles(out / "topics" / "bildung" / "index.html") == ["Meldung 4", "Meldung 1"]


def test_changed_settings_make_every_page_again(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "public"
    _release(settings, out, *[_article(number) for number in range(5)])
    renamed = settings.model_copy(
        update={"site": settings.site.model_copy(update={"title": "Presse Neustadt"})}
    )
    again = _release(renamed, out, _article(6, tags=["Umwelt"]))
    assert {"topics/bildung/index.html", "archive/index.html", "page/1/index.html"} <= set(again)
    assert b"Presse Neustadt" in again["topics/bildung/index.html"]


def test_a_correction_moves_the_article_between_topics(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "public"
    _release(settings, out, *[_article(number) for number in range(6)])
    _release(settings, out, _article(0, tags=["Bildung"], title="Meldung 0, korrigiert"))
    assert "Meldung 0, korrigiert" in _titles(out / "topics" / "bildung" / "index.html")
    assert "Meldung 0" not in _titles(out / "topics" / "verkehr" / "index.html")


def test_the_site_index_lists_every_release_and_a_folder_copied_in_by_hand(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    indexed = [
        PublishedArticle(_article(number), out / f"meldung-{number}", frozenset({"web"}))
        for number in range(3)
    ]
    for entry in indexed:
        entry.folder.mkdir(parents=True)
        (internal_dir(out) / entry.name).mkdir(parents=True)
    _write(internal_dir(out), site_index_files(indexed))
    by_hand = _article(7)
    (out / "meldung-7").mkdir()
    record_path(out, "meldung-7").parent.mkdir()
    record = PublicRecord(
        article=by_hand.model_dump(mode="json"), released={"web": "2026-01-01T00:00:00+00:00"}
    )
    record_path(out, "meldung-7").write_bytes(record.to_json())
    (out / "topics").mkdir()  # a folder of site pages has no record and is no article

    found = {entry.article.slug: entry for entry in published_index(out).articles}

    assert sorted(found) == ["meldung-0", "meldung-1", "meldung-2", "meldung-7"]
    assert found["meldung-1"].article.title == "Meldung 1"
    assert found["meldung-1"].article.date == _article(1).date
    assert found["meldung-1"].channels == {"web"}
    assert found["meldung-1"].folder == out / "meldung-1"


def test_a_release_dated_between_older_ones_moves_the_later_pages(settings: Settings, tmp_path: Path) -> None:
    """Pages before the new release stay as they were; from its page on, every page shows its neighbours."""
    out = tmp_path / "public"
    _release(settings, out, *[_article(number) for number in range(45)])
    late = _article(99, date=datetime(2025, 1, 26, 21, tzinfo=UTC), title="Nachgetragen")  # after 25

    changed = _release(settings, out, late)

    assert "page/1/index.html" not in changed
    assert {"page/2/index.html", "page/3/index.html"} <= set(changed)
    assert _titles(out / "page" / "2" / "index.html")[0] == "Meldung 38"
    assert "Nachgetragen" in _titles(out / "page" / "2" / "index.html")
    assert _titles(out / "page" / "3" / "index.html") == [f"Meldung {number}" for number in range(44, 38, -1)]
