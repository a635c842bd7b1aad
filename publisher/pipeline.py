"""Render -> check -> release for one channel, and the release's report: plain Python, no Celery.

Each step reads the staged release from its folder and saves the channel's state, so a
step can run in any worker process, and running a step twice does no harm.
"""

from __future__ import annotations

import fcntl
import json
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publisher.a11y import check_html, has_errors
from publisher.a11y.findings import Finding
from publisher.channels import get_channel
from publisher.channels.base import CheckTarget, PublishedArticle, RenderJob, Rendition, SiteContext
from publisher.i18n import ui_locale
from publisher.model import Article
from publisher.reports import write_reports
from publisher.settings import Settings
from publisher.staging import ChannelState, StagedRelease, atomic_write, load_release

__all__ = ["check_channel", "finish_release", "published_articles", "release_channel", "render_channel"]

log = logging.getLogger(__name__)


def render_channel(release_folder: str | Path, channel_name: str) -> ChannelState:
    """Render one channel of a staged release into its staging folder."""
    if _already_finished(release_folder):
        return ChannelState(channel=channel_name, status="released")
    release = load_release(release_folder)
    state = release.state(channel_name)
    if state.status not in ("pending", "failed"):
        return state
    workdir = release.channel_dir(channel_name) / "out"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    try:
        rendition = get_channel(channel_name).render(release.article, _job(release, workdir))
    except Exception as error:  # a broken channel fails alone; the others go on
        log.exception("rendering %s for %s failed", channel_name, release.article.slug)
        state = ChannelState(channel=channel_name, status="failed", error=f"{type(error).__name__}: {error}")
    else:
        state = ChannelState(
            channel=channel_name,
            status="rendered",
            files=list(rendition.files),
            check=[target.__dict__ for target in rendition.check],
        )
    release.save_state(state)
    return state


def check_channel(release_folder: str | Path, channel_name: str) -> ChannelState:
    """Run the accessibility rules (and the channel's own checks) on a rendered channel."""
    if _already_finished(release_folder):
        return ChannelState(channel=channel_name, status="released")
    release = load_release(release_folder)
    state = release.state(channel_name)
    if state.status != "rendered":
        return state
    workdir = release.channel_dir(channel_name) / "out"
    findings: list[Finding] = []
    try:
        for target in (CheckTarget(**item) for item in state.check):
            findings.extend(_check_target(release, workdir, target))
        rendition = Rendition(
            files=tuple(state.files), check=tuple(CheckTarget(**item) for item in state.check)
        )
        findings.extend(get_channel(channel_name).verify(release.article, _job(release, workdir), rendition))
    except Exception as error:
        log.exception("checking %s for %s failed", channel_name, release.article.slug)
        state = state.model_copy(update={"status": "failed", "error": f"{type(error).__name__}: {error}"})
    else:
        status = "held" if has_errors(findings) else "passed"
        state = state.model_copy(update={"status": status, "findings": findings})
    release.save_state(state)
    return state


def release_channel(release_folder: str | Path, channel_name: str) -> dict[str, Any]:
    """Place a passed channel's files in the public tree; return the channel's outcome."""
    if _already_finished(release_folder):
        return _outcome(ChannelState(channel=channel_name, status="released"))
    release = load_release(release_folder)
    state = release.state(channel_name)
    if state.status == "passed":
        workdir = release.channel_dir(channel_name) / "out"
        target = release.public_dir()
        for name in state.files:
            atomic_write(target / name, (workdir / name).read_bytes())
        _record_published(release, channel_name)
        state = state.model_copy(update={"status": "released"})
        release.save_state(state)
    return _outcome(state)


def finish_release(release_folder: str | Path) -> dict[str, Any]:
    """Write the release's report, rebuild site-wide files, and tidy the staging area."""
    if _already_finished(release_folder):
        return {"release": Path(release_folder).name, "channels": {}, "already_finished": True}
    release = load_release(release_folder)
    outcomes = [_outcome(release.state(name)) for name in release.channels]
    by_channel = {outcome["channel"]: outcome for outcome in outcomes}
    report = {
        "slug": release.article.slug,
        "title": release.article.title,
        "lang": release.article.lang,
        "release": release.release_id,
        "finished": datetime.now(UTC).isoformat(),
        "channels": {
            name: {key: value for key, value in by_channel[name].items() if key != "channel"}
            for name in release.channels
            if name in by_channel
        },
    }
    released = [name for name, outcome in by_channel.items() if outcome["status"] == "released"]
    with _site_lock(release):
        write_reports(release.public_dir(), report, ui_locale(release.article.lang))
        if released:
            _rebuild_site(release.settings, release.out_dir, released)
    if all(outcome["status"] == "released" for outcome in outcomes):
        shutil.rmtree(release.folder, ignore_errors=True)
    else:
        report["staging"] = str(release.folder)
    return report


def _already_finished(release_folder: str | Path) -> bool:
    # A fully released release's folder is removed; a redelivered task (e.g. an embargoed
    # release held past the broker's visibility timeout) then finds nothing left to do.
    return not (Path(release_folder) / "release.json").is_file()


def published_articles(out_dir: Path) -> list[PublishedArticle]:
    """The articles in the public tree with the channels released for each.

    A record that cannot be read or is not a valid article (written by hand or by an older version)
    is left out with a logged warning: one bad record never stops the site files being rebuilt.
    """
    entries = []
    for record in sorted(out_dir.glob("*/article.json")):
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            article = Article.model_validate(data["article"])
            channels = frozenset(data.get("released", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("%s is left out of the site files: %s", record, error)
            continue
        entries.append(PublishedArticle(article=article, folder=record.parent, channels=channels))
    return entries


def _job(release: StagedRelease, workdir: Path) -> RenderJob:
    return RenderJob(
        settings=release.settings, assets_dir=release.assets_dir, workdir=workdir, out_dir=release.out_dir
    )


def _check_target(release: StagedRelease, workdir: Path, target: CheckTarget) -> list[Finding]:
    text_part = None
    if target.text_part:
        text_part = (workdir / target.text_part).read_text(encoding="utf-8")
    return check_html(
        (workdir / target.path).read_text(encoding="utf-8"),
        channel=target.kind,
        locale=ui_locale(release.article.lang),
        text_part=text_part,
        path=target.path,
        settings=release.settings.a11y,
    )


def _record_published(release: StagedRelease, channel_name: str) -> None:
    record = release.public_dir() / "article.json"
    released: dict[str, str] = {}
    if record.is_file():
        released = json.loads(record.read_text(encoding="utf-8")).get("released", {})
    released[channel_name] = datetime.now(UTC).isoformat()
    data = {"article": release.article.model_dump(mode="json"), "released": released}
    atomic_write(record, json.dumps(data, ensure_ascii=False, indent=2).encode())


def _rebuild_site(settings: Settings, out_dir: Path, channels: list[str]) -> None:
    context = SiteContext(settings=settings, out_dir=out_dir, articles=tuple(published_articles(out_dir)))
    for name in channels:
        for relative, data in get_channel(name).rebuild_site(context).items():
            atomic_write(out_dir / relative, data)


def _outcome(state: ChannelState) -> dict[str, Any]:
    outcome: dict[str, Any] = {
        "channel": state.channel,
        "status": state.status if state.status in ("released", "held", "failed") else "failed",
        "findings": [finding.model_dump(mode="json") for finding in state.findings],
    }
    if state.error:
        outcome["error"] = state.error
    elif outcome["status"] == "failed":
        outcome["error"] = f"the channel stopped at step '{state.status}'"
    return outcome


@contextmanager
def _site_lock(release: StagedRelease) -> Iterator[None]:
    # Several workers may finish releases into the same folder; site files are rebuilt one at a time.
    lock_path = release.folder.parent / ".site.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
