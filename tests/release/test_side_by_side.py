"""Channels render side by side: the page and the newsletter do not wait for the MP3 they describe.

What they show of it (duration, size) is a marker until the release step fills it in from the
finished MP3 and checks the filled files again; a page whose audio did not pass never goes out.
"""

from __future__ import annotations

import email
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.audio_summary import audio_summary
from publisher.published import SAMPLE_MESSAGE_NAME, internal_dir
from publisher.release.dispatch import RENDER_TASK
from publisher.release.finish import finish_release
from publisher.release.service import ReleaseView, get_release, queue_release
from publisher.release.staging import StagedRelease, stage_release
from publisher.release.steps import check_channel, render_channel
from publisher.settings import Settings
from publisher.sources import parse_article
from publisher.typography import format_file_size
from tests.conftest import EXAMPLES
from tests.workers_support import PrivateRedis, Worker, run_launch, scheduled_messages, wait_for

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"
MARKERS = ("\ue000", "\ue001")


def staged(
    settings: Settings, source: Path, out: Path, channels: list[str], **options: bool
) -> StagedRelease:
    settings = settings.model_copy(update={"staging_dir": out.parent / "staging"})
    return stage_release(parse_article(source), out, channels, settings, **options)


def run(release: StagedRelease, *channels: str) -> None:
    for name in channels:
        render_channel(release.folder, name)
        check_channel(release.folder, name)


def ended(settings: Settings, release_id: str) -> ReleaseView | None:
    view = get_release(settings, release_id)
    return view if view.state in ("released", "failed", "held") else None


def text_files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt", ".json", ".xml")
    }


def test_a_page_rendered_before_its_audio_goes_out_with_the_finished_mp3s_duration_and_size(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Page and newsletter first, the MP3 after: the released files show its facts and no marker."""
    out = tmp_path / "site"
    release = staged(settings, write_article(), out, ["audio", "web", "newsletter"])
    run(release, "web", "newsletter")
    assert release.state("web").late == ["audio"] and release.state("newsletter").late == ["audio"]
    run(release, "audio")
    report = finish_release(release.folder)
    assert report.status == "released", report.reason
    summary = audio_summary(out / SLUG)
    assert summary is not None
    page = (out / SLUG / "index.html").read_text(encoding="utf-8")
    assert f"({summary.minutes()}\xa0Min.)" in page or f"({summary.minutes()} Min.)" in page
    assert f"({summary.megabytes('de')}" in page
    sample = (internal_dir(out) / SLUG / SAMPLE_MESSAGE_NAME).read_bytes()
    parts = [part.get_payload(decode=True).decode() for part in email.message_from_bytes(sample).walk()
             if part.get_content_type() in ("text/plain", "text/html")]  # fmt: skip
    assert len(parts) == 2 and all(f"({summary.minutes()})" in part for part in parts)
    released = {**text_files(out), **text_files(internal_dir(out))}
    assert not [name for name, text in released.items() if any(mark in text for mark in MARKERS)]


def test_a_page_rendered_before_its_pdf_names_the_finished_pdfs_size(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """The print version's link carries the size of the PDF that went out with the page."""
    out = tmp_path / "site"
    release = staged(settings, write_article(), out, ["pdf", "web"])
    run(release, "web", "pdf")
    assert release.state("web").late == ["pdf"]
    report = finish_release(release.folder)
    assert report.status == "released", report.reason
    (pdf,) = (out / SLUG).glob("*.pdf")
    page = (out / SLUG / "index.html").read_text(encoding="utf-8")
    assert f"PDF, {format_file_size(pdf.stat().st_size, 'de')}" in page
    assert not any(mark in page for mark in MARKERS)


def test_a_page_whose_audio_failed_keeps_its_markers_and_stays_back_even_in_a_partial_release(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """The MP3 fails after the page was rendered beside it: nothing that describes it goes out."""
    out = tmp_path / "site"
    broken = settings.model_copy(update={"audio": settings.audio.model_copy(update={"voice": "xx-none"})})
    release = staged(broken, write_article(), out, ["audio", "web", "newsletter"], partial=True)
    run(release, "web", "newsletter", "audio")
    report = finish_release(release.folder)
    assert report.status == "failed" and report.channels["audio"].status == "failed"
    assert report.channels["web"].status == "withheld" and not (out / SLUG).exists()
    assert release.state("web").late == ["audio"]


@pytest.mark.redis
def test_on_two_worker_processes_the_page_is_checked_while_the_audio_is_still_rendering(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """The audio waits at a gate; the page is rendered and checked meanwhile, then released with it."""
    (tmp_path / "redis").mkdir()
    broker = PrivateRedis(tmp_path / "redis")
    settings = settings.model_copy(
        update={
            "broker_url": broker.url,
            "queue": "side-by-side",
            "database_url": f"sqlite:///{tmp_path / 'releases.db'}",
        }
    )
    gate = tmp_path / "gate"
    gate.touch()
    worker = Worker(
        broker.url, settings.queue, tmp_path / "worker.log", PUBLISHER_DATABASE_URL=settings.database_url,
        PUBLISHER_TEST_GATE=str(gate), PUBLISHER_TEST_GATED_AUDIO="1",
    )  # fmt: skip
    site = tmp_path / "site"
    try:
        queued = queue_release(settings, write_article(), site, queued_by="presse", channels="audio,web")
        wait_for(Path(f"{gate}.started").exists, "the audio render to start", seconds=300)

        def page_checked() -> bool:
            view = get_release(settings, queued.id)
            return view.channels["web"].state == "passed" and view.channels["audio"].state == "rendering"

        wait_for(page_checked, "the page to be checked while the audio renders", seconds=300)
        gate.unlink()
        view = wait_for(lambda: ended(settings, queued.id), "the release to end", seconds=300)
    finally:
        worker.stop()
        broker.stop()
    assert view.state == "released", view.reason
    web, audio = view.channels["web"], view.channels["audio"]
    assert web.started_at is not None and audio.started_at is not None and audio.finished_at is not None
    assert web.started_at < audio.finished_at
    record = json.loads((internal_dir(site) / SLUG / "report.json").read_text(encoding="utf-8"))
    assert record["channels"]["web"]["status"] == "released"
    page = (site / SLUG / "index.html").read_text(encoding="utf-8")
    summary = audio_summary(site / SLUG)
    assert summary is not None and summary.minutes() in page and not any(mark in page for mark in MARKERS)


@pytest.mark.redis
def test_publish_sends_every_release_to_the_workers_before_it_waits_for_the_first(
    write_article: Write, tmp_path: Path
) -> None:
    """Two articles, no worker yet: both releases' steps wait in the broker while publish waits."""
    (tmp_path / "redis").mkdir()
    broker = PrivateRedis(tmp_path / "redis")
    queue = "publish-all"
    env = {
        "PUBLISHER_BROKER_URL": broker.url,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
    }
    first = write_article()
    second = write_article(name="zweite.md", title="Zweite Meldung", slug="zweite-meldung")
    command = ("publish", str(first), str(second), "--out", "site", "--channels", "web", "--json")
    publish = run_launch(*command, cwd=tmp_path, env=env, background=True)
    assert isinstance(publish, subprocess.Popen)

    def releases_waiting() -> set[str]:
        messages = [
            headers
            for name in (queue, f"{queue}.web")
            for headers in scheduled_messages(broker.client(), name)
            if headers["task"] == RENDER_TASK
        ]
        return {headers["argsrepr"] for headers in messages}

    try:
        wait_for(lambda: len(releases_waiting()) == 2, "both releases in the broker", seconds=300)
        worker = Worker(broker.url, queue, tmp_path / "worker.log")
        try:
            stdout, stderr = publish.communicate(timeout=300)
        finally:
            worker.stop()
    finally:
        publish.kill()
        broker.stop()
    assert publish.returncode == 0, stderr
    assert [report["status"] for report in json.loads(stdout)["reports"]] == ["released", "released"]
