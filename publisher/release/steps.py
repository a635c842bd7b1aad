"""Render -> check for one channel of a staged release: plain Python, no Celery.

Each step reads the staged release from its folder and saves the channel's state, so a step
can run in any worker process; running a step twice, or two copies of it at once (a task
redelivered while the first worker still runs it), does no harm. Releasing the checked
channels as one unit is ``publisher.release.finish``'s job.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import replace
from pathlib import Path

from publisher.a11y import has_errors
from publisher.a11y.browser.shared import shared_stage
from publisher.a11y.findings import Finding
from publisher.a11y.gate import check_page
from publisher.channels import get_channel
from publisher.channels.base import CheckTarget, RenderJob, Rendition
from publisher.files import atomic_write
from publisher.i18n import ui_locale
from publisher.release.staging import ChannelState, StagedRelease, open_release

__all__ = ["check_channel", "fill_channel", "is_finished", "render_channel"]

log = logging.getLogger(__name__)


def render_channel(release_folder: str | Path, channel_name: str) -> ChannelState:
    """Render one channel of a staged release into its staging folder."""
    release = None if is_finished(release_folder) else open_release(release_folder)
    if release is None:
        return ChannelState(channel=channel_name, status="released")
    with release.lock(channel_name):
        state = release.state(channel_name)
        if release.is_gone() or state.status not in ("pending", "failed"):
            return state
        workdir = release.channel_dir(channel_name) / "out"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        job = _job(release, channel_name)
        # What it shows of a channel still rendering beside it is filled in at release.
        job = replace(job, late=frozenset(name for name in job.renditions if not _finished(release, name)))
        try:
            rendition = get_channel(channel_name).render(release.article, job)
        except Exception as error:  # a broken channel fails (and holds back the release), nothing more
            log.exception("rendering %s for %s failed", channel_name, release.article.slug)
            state = ChannelState(
                channel=channel_name, status="failed", error=f"{type(error).__name__}: {error}"
            )
        else:
            state = ChannelState(
                channel=channel_name,
                status="rendered",
                files=list(rendition.files),
                check=[target.__dict__ for target in rendition.check],
                late=sorted(job.late),
            )
        release.save_state(state)
        return state


def check_channel(release_folder: str | Path, channel_name: str) -> ChannelState:
    """Run the accessibility rules (and the channel's own checks) on a rendered channel."""
    release = None if is_finished(release_folder) else open_release(release_folder)
    if release is None:
        return ChannelState(channel=channel_name, status="released")
    with release.lock(channel_name):
        state = release.state(channel_name)
        if release.is_gone() or state.status != "rendered":
            return state
        job = _job(release, channel_name)
        findings: list[Finding] = []
        try:
            for target in (CheckTarget(**item) for item in state.check):
                findings.extend(_check_target(release, job.workdir, target))
            rendition = Rendition(
                files=tuple(state.files), check=tuple(CheckTarget(**item) for item in state.check)
            )
            findings.extend(get_channel(channel_name).verify(release.article, job, rendition))
        except Exception as error:
            log.exception("checking %s for %s failed", channel_name, release.article.slug)
            state = state.model_copy(update={"status": "failed", "error": f"{type(error).__name__}: {error}"})
        else:
            status = "held" if has_errors(findings) else "passed"
            state = state.model_copy(update={"status": status, "findings": findings})
        release.save_state(state)
        return state


def fill_channel(release: StagedRelease, channel_name: str) -> ChannelState:
    """Fill in what a passed channel shows of the outputs rendered beside it, and check what changed.

    Runs in the release step, once every channel is checked. A channel whose described outputs did
    not all pass keeps its markers (and never goes out). The filled files' documents are checked
    again with the static rules (the browser stage saw them with the longer markers), so the files
    that go out are checked files. Safe to run twice: a filled file has no marker left.
    """
    with release.lock(channel_name):
        state = release.state(channel_name)
        if not state.late or state.status != "passed":
            return state
        if any(release.state(name).status != "passed" for name in state.late):
            return state
        job = replace(_job(release, channel_name), late=frozenset(state.late))
        targets = [CheckTarget(**item) for item in state.check]
        try:
            rendition = Rendition(files=tuple(state.files), check=tuple(targets))
            changed = get_channel(channel_name).fill(release.article, job, rendition)
            again = [target for target in targets if {target.path, target.text_part} & changed.keys()]
            # The static findings of the documents with markers give way to those of the filled ones.
            before = _static_findings(release, job.workdir, again)
            for relative, data in changed.items():
                atomic_write(job.workdir / relative, data, mode=0o600)
            findings = _without(state.findings, before) + _static_findings(release, job.workdir, again)
        except Exception as error:
            log.exception("filling %s for %s failed", channel_name, release.article.slug)
            state = state.model_copy(update={"status": "failed", "error": f"{type(error).__name__}: {error}"})
        else:
            status = "held" if has_errors(findings) else "passed"
            state = state.model_copy(update={"status": status, "findings": findings, "late": []})
        release.save_state(state)
        return state


def _static_findings(release: StagedRelease, workdir: Path, targets: list[CheckTarget]) -> list[Finding]:
    return [found for target in targets for found in _check_target(release, workdir, target, browser=False)]


def _without(findings: list[Finding], gone: list[Finding]) -> list[Finding]:
    """``findings`` less one equal finding for each of ``gone``."""
    kept = list(findings)
    for finding in gone:
        if finding in kept:
            kept.remove(finding)
    return kept


def _finished(release: StagedRelease, channel_name: str) -> bool:
    """Whether the channel's output is complete (rendered, perhaps checked), so another may read it."""
    return release.state(channel_name).status != "pending"


def is_finished(release_folder: str | Path) -> bool:
    """True when the release has ended: gone out (its folder is removed) or ended without going out.

    A redelivered task (e.g. one held past the broker's visibility timeout) then finds nothing to
    do. A release that could not be written (disk full) has not ended: it may be resumed.
    """
    folder = Path(release_folder)
    if not (folder / "release.json").is_file():
        return True
    report = folder / "report.json"
    if not report.is_file():
        return False
    try:
        status = json.loads(report.read_text(encoding="utf-8")).get("status")
    except (OSError, ValueError):
        return False
    return bool(status) and status != "unwritable"


def _job(release: StagedRelease, channel_name: str) -> RenderJob:
    earlier = [name for name in get_channel(channel_name).after if name in release.channels]
    return RenderJob(
        settings=release.settings,
        assets_dir=release.assets_dir,
        workdir=release.channel_dir(channel_name) / "out",
        out_dir=release.out_dir,
        renditions={name: release.channel_dir(name) / "out" for name in earlier},
    )


def _check_target(
    release: StagedRelease, workdir: Path, target: CheckTarget, *, browser: bool = True
) -> list[Finding]:
    text_part = None
    if target.text_part:
        text_part = (workdir / target.text_part).read_text(encoding="utf-8")
    settings = release.settings.a11y
    findings, rendered = check_page(
        workdir / target.path,
        channel=target.kind,
        locale=ui_locale(release.article.lang),
        text_part=text_part,
        settings=settings,
        stage=shared_stage() if settings.browser_stage and browser else None,
        root=workdir,
        shown_as=target.path,
    )
    if rendered is None or not rendered.crops:
        return findings
    # Crops beside the staged channel; the report page (in the release folder) links them relatively.
    channel = workdir.parent.name
    folder = workdir.parent / "findings" / Path(target.path).stem
    kept = rendered.save_crops(folder, f"{channel}/findings/{Path(target.path).stem}/")
    # A warning is released with its page and report, but the crops stay in staging: no picture for it.
    kept = [kept_one if kept_one.severity == "error" else kept_one.model_copy(update={"screenshot": None})
            for kept_one in kept]  # fmt: skip
    crops = {id(finding): kept_finding for finding, kept_finding in zip(rendered.findings, kept, strict=True)}
    return [crops.get(id(finding), finding) for finding in findings]
