"""50 releases posted at once to ``publisher serve``, released by real worker processes on PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest

from publisher.channels.web.site_feeds import FEED_SIZE
from publisher.store import open_store
from publisher.store.api_tokens import issue_token
from tests.api.articles import markdown
from tests.api.serving import private_schema, serve_env, served
from tests.helpers import listed_articles, sitemap_text
from tests.workers_support import PrivateRedis, Worker, wait_for

pytestmark = pytest.mark.redis

COUNT = 50
# The states a release rests in; every other one is on its way.
ENDED = ("released", "partial", "held", "failed", "superseded", "conflict", "cancelled", "unwritable")


def _article(number: int) -> bytes:
    return markdown(
        title=f"Neue Ladesäulen im Bezirk {number}", summary=f"Bezirk {number} bekommt Ladesäulen."
    )


def test_fifty_releases_posted_at_once_all_go_out_once_and_the_index_lists_them(tmp_path: Path) -> None:
    """Two server processes take 50 posts at once; two workers release each once; index and feed list 50."""
    redis_server = PrivateRedis(tmp_path)
    site = tmp_path / "public"
    queue = f"f-api-{uuid.uuid4().hex[:8]}"
    with private_schema("f_api_fifty") as database_url:
        token = issue_token(open_store(database_url), "cms", datetime.now(UTC)).value
        settings = {
            "PUBLISHER_BROKER_URL": redis_server.url,
            "PUBLISHER_QUEUE": queue,
            "PUBLISHER_STAGING_DIR": str(tmp_path / "staging"),
            "PUBLISHER_API__OUT_DIR": str(site),
            "PUBLISHER_SITE__BASE_URL": "https://presse.example.de/",
        }
        env = serve_env(database_url, **settings)
        workers = [Worker(redis_server.url, queue, tmp_path / f"worker-{n}.log", **env) for n in (1, 2)]
        try:
            with (
                served(env, tmp_path, "--workers", "2") as base,
                httpx.Client(
                    base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}
                ) as http,
            ):

                def post(number: int) -> httpx.Response:
                    files = {"article": (f"bezirk-{number}.md", _article(number))}
                    return http.post("/api/releases", files=files, data={"channels": "web"})

                with ThreadPoolExecutor(max_workers=COUNT) as pool:
                    answers = list(pool.map(post, range(1, COUNT + 1)))
                assert [answer.status_code for answer in answers] == [201] * COUNT, answers[0].text
                ids = {answer.json()["id"] for answer in answers}
                assert len(ids) == COUNT

                def all_ended() -> list[dict[str, object]] | None:
                    releases: list[dict[str, object]] = http.get("/api/releases").json()
                    done = [release for release in releases if release["state"] in ENDED]
                    return releases if len(done) == COUNT else None

                releases = wait_for(all_ended, "all 50 releases to end", seconds=900)
        finally:
            for worker in workers:
                worker.stop()
            redis_server.stop()
    assert {release["id"] for release in releases} == ids
    assert {release["state"] for release in releases} == {"released"}
    assert all(release["channels"]["web"]["attempts"] == 1 for release in releases)  # type: ignore[index]
    # The front page shows the newest; the numbered pages hold the rest: each release once in all.
    linked = [slug for slug in listed_articles(site) if "bezirk" in slug]
    assert len(linked) == COUNT and len(set(linked)) == COUNT
    sitemap = sitemap_text(site)
    assert all(f"/{slug}/" in sitemap for slug in linked)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert len({entry.id for entry in feed.entries}) == min(COUNT, FEED_SIZE)
