"""The search index follows the releases: in-process once at the end of a command, on workers coalesced."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher.broker import configure
from publisher.channels.web.search import SearchIndexError
from publisher.files import file_lock
from publisher.published import internal_dir, read_record
from publisher.release.search_follow import rebuild_coalesced
from publisher.settings import Settings
from tests.channels.web.search_support import indexed_pages
from tests.cli_support import invoke
from tests.conftest import EXAMPLES
from tests.workers_support import PrivateRedis, Worker, run_launch, wait_for

Write = Callable[..., Path]
SCHOOL = "## Worum es geht\n\nIm Nordviertel beginnt am Montag der Bau der neuen Grundschule.\n"
FOLLOW = {"PUBLISHER_SITE__SEARCH_INDEX_AFTER_RELEASE": "true"}


def publish(out: Path, *articles: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The publisher command without workers."""
    paths = [str(article) for article in articles]
    return invoke("publish", *paths, "--out", str(out), "--channels", "web", cwd=out.parent, env=env)


def words(out: Path) -> str:
    return " ".join(indexed_pages(out).values())


def test_publish_updates_the_search_index_once_after_all_its_releases(
    write_article: Write, tmp_path: Path
) -> None:
    first = write_article(name="a.md")
    school = write_article(SCHOOL, name="b.md", title="Schulbau beginnt")
    out = tmp_path / "site"

    result = publish(out, first, school, **FOLLOW)

    assert result.returncode == 0, result.stderr + result.stdout
    # Once, after both releases: not once per article.
    assert result.stderr.count("search index updated") == 1, result.stderr
    assert f"search index updated: 2 article pages in {out.resolve() / 'pagefind'}" in result.stderr
    assert "Grundschule" in words(out) and "Ladesäulen" in words(out)
    assert not list(out.glob(".pagefind-new*"))


def test_a_correction_replaces_the_words_the_search_finds(write_article: Write, tmp_path: Path) -> None:
    out = tmp_path / "site"
    school = write_article(SCHOOL, name="b.md", title="Schulbau beginnt")
    assert publish(out, school, **FOLLOW).returncode == 0
    assert "Montag" in words(out)

    corrected = SCHOOL.replace("am Montag", "am Dienstag")
    result = publish(out, write_article(corrected, name="b.md", title="Schulbau beginnt"), **FOLLOW)

    assert result.returncode == 0, result.stderr
    assert "search index updated: 1 article page in" in result.stderr
    assert "Dienstag" in words(out) and "Montag" not in words(out)


def test_a_withdrawn_release_leaves_the_search_index(write_article: Write, tmp_path: Path) -> None:
    first = write_article(name="a.md")
    school = write_article(SCHOOL, name="b.md", title="Schulbau beginnt")
    out = tmp_path / "site"
    published = publish(out, first, school, **FOLLOW)
    assert published.returncode == 0, published.stderr
    record = read_record(out, "schulbau-beginnt")
    assert record is not None and "/schulbau-beginnt/" in indexed_pages(out)

    reason = "Der Baubeginn wurde verschoben."
    withdrawn = invoke("releases", "withdraw", record.release, "--reason", reason, cwd=tmp_path, env=FOLLOW)

    assert withdrawn.returncode == 0, withdrawn.stderr + withdrawn.stdout
    pages = indexed_pages(out)
    # Neither the article nor the notice at its address is found; the other release still is.
    assert "/schulbau-beginnt/" not in pages
    assert "Grundschule" not in words(out) and "verschoben" not in words(out)
    assert "Ladesäulen" in words(out)


def test_the_setting_leaves_the_search_index_to_the_search_index_command(
    write_article: Write, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    off = {"PUBLISHER_SITE__SEARCH_INDEX_AFTER_RELEASE": "false"}

    result = publish(out, write_article(), **off)

    assert result.returncode == 0, result.stderr
    assert "search index" not in result.stderr and not (out / "pagefind").exists()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[PrivateRedis]:
    (tmp_path / "redis").mkdir()
    server = PrivateRedis(tmp_path / "redis")
    yield server
    server.stop()


@pytest.mark.redis
def test_quick_releases_on_workers_rebuild_the_search_index_once(
    broker: PrivateRedis, write_article: Write, tmp_path: Path
) -> None:
    """Releases while a rebuild waits only mark the site: one task, one build, every release in it."""
    queue = f"publisher-search-{uuid.uuid4().hex[:12]}"
    out = tmp_path / "site"
    env = {
        "PUBLISHER_BROKER_URL": broker.url, "PUBLISHER_QUEUE": queue,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), **FOLLOW,
    }  # fmt: skip
    log = tmp_path / "worker.log"
    worker = Worker(broker.url, queue, log, **FOLLOW)
    titles = ["Neue Ladesäulen für Musterstadt", "Schulbau beginnt", "Radweg am Fluss wird breiter"]
    articles = [write_article(SCHOOL, name=f"{n}.md", title=title) for n, title in enumerate(titles)]
    internal = internal_dir(out)
    internal.mkdir(parents=True, mode=0o700)
    try:
        # A build of this site is running (it holds the site's search lock) while three releases go out.
        with file_lock(internal / ".search-index.lock"):
            for article in articles:
                command = ("publish", str(article), "--out", str(out), "--channels", "web")
                released = run_launch(*command, cwd=tmp_path, env=env)
                assert released.returncode == 0, released.stderr  # type: ignore[union-attr]
            client = broker.client()
            key = f"publisher:search-index:{out.resolve()}"
            wait_for(lambda: client.get(key) == b"3", "three requests for the site's search index")
        wait_for(lambda: client.get(key) is None, "the search index task to finish", seconds=300)
        wait_for(lambda: "search index built:" in log.read_text(), "the build in the worker's log")
    finally:
        worker.stop()
    text = log.read_text()
    assert text.count("Task publisher.search.rebuild[") == 2, text  # received once, succeeded once
    assert text.count("search index built:") == 1, text
    assert "search index built: 3 article pages" in text
    for title in titles:
        assert title in words(out)


@pytest.mark.redis
def test_a_failed_build_lets_the_next_release_send_the_task_again(
    broker: PrivateRedis, settings: Settings, tmp_path: Path
) -> None:
    """The requests noted during a build that failed do not hold back the task of the next release."""
    missing = tmp_path / "no-site"
    key = f"publisher:search-index:{missing.resolve()}"
    client = broker.client()
    client.set(key, 2)  # the task's own request and one made while it ran
    configure(settings.model_copy(update={"broker_url": broker.url}))
    try:
        with pytest.raises(SearchIndexError, match="no such output folder"):
            rebuild_coalesced(settings, missing)
    finally:
        configure(settings)
    assert client.get(key) is None
