"""Releasing a checked release as one unit, or not at all: plain Python, no Celery.

``finish_release`` runs once every channel is rendered and checked. It fills in what a channel
shows of the outputs rendered beside it (checking the filled files again), then, under the site
lock, decides: if any channel was held or failed, nothing goes out; if the public version of the
article has a newer generation (a later correction went out first), the release is superseded;
if the slug belongs to an article from another source file, it is refused. Otherwise every
channel's public files, the article's internal folder (its record, report and the channels'
internal files) and the rebuilt site files are switched into the public and internal trees
together (``publisher.release.public_tree``), or, when a tree cannot be written,
nothing changes and the release stays staged to be resumed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from publisher.channels import get_channel
from publisher.published import (
    RECORD_NAME,
    LazyArticles,
    PublicRecord,
    PublishedArticle,
    PublishedIndex,
    SiteContext,
    internal_dir,
    published_index,
    read_record,
    site_index_changes,
    site_index_files,
    tree_unchanged,
)
from publisher.release.public_tree import PublicChange, StorageError, public_change, recover, tree_of
from publisher.release.report import (
    ChannelReport,
    ChannelStatus,
    FileWarning,
    ReleaseReport,
    ReleaseStatus,
    SiteReport,
)
from publisher.release.report_files import REPORT_FILES, keep_reports, report_files
from publisher.release.search_follow import after_switch
from publisher.release.staging import (
    ChannelState,
    StagedRelease,
    list_releases,
    open_release,
    remove_release,
    site_lock,
    staged_versions,
)
from publisher.release.steps import fill_channel

__all__ = ["LINKS_TO", "finish_release", "going_out", "slug_owner"]


def finish_release(release_folder: str | Path, *, now: datetime | None = None) -> ReleaseReport:
    """Release every channel of a checked release together, or none; return the release's report."""
    folder = Path(release_folder)
    # The folder of a release that went out is gone; its name is "<slug>-<time>-<random>".
    gone = ReleaseReport(
        slug=folder.name.rsplit("-", 2)[0], release=folder.name, status="released", already_finished=True
    )
    release = open_release(folder)
    if release is None:
        return gone
    with release.lock():
        if release.is_gone():  # a copy of this step released it while this one waited for the lock
            return gone
        stored = release.outcome()
        if stored is not None and stored.status != "unwritable":
            return stored.model_copy(update={"already_finished": True})
        states = {name: release.state(name) for name in release.channels}
        if any(state.status in ("pending", "rendered") for state in states.values()):
            # A redelivered lane ended the chord early; the lane still running comes back here.
            return _report(release, states, "pending", "not every channel has been checked yet")
        states = {name: fill_channel(release, name) for name in release.channels}
        now = now or datetime.now(UTC)
        if release.article.is_embargoed(now):
            return _report(release, states, "scheduled", f"under embargo until {release.article.embargo}")
        report = _decide(release, states, now)
        if report.status == "released":
            remove_release(release)
    return report


def slug_owner(out_dir: Path, staging_root: Path, slug: str) -> str | None:
    """The source file that has ``slug`` in this site: the public article's, else an unfinished release's."""
    record = read_record(out_dir, slug)
    if record is not None and record.source:
        return record.source
    for staged in list_releases(staging_root):
        if staged.article.slug == slug and staged.outcome() is None and staged.source:
            return staged.source
    return None


# The channels whose output links to another channel's: they never go out without it (a partial
# release). The newsletter and the podcast item link the web page; the page embeds the audio and
# links the PDF.
LINKS_TO = {"newsletter": ("web",), "audio": ("web",), "web": ("audio", "pdf")}


def going_out(channels: tuple[str, ...], passed: set[str]) -> tuple[str, ...]:
    """The passed channels that may go out in a partial release: each with every channel it links to."""
    going = set(passed)
    while True:
        alone = {
            name for name in going if any(t in channels and t not in going for t in LINKS_TO.get(name, ()))
        }
        if not alone:
            return tuple(name for name in channels if name in going)
        going -= alone


def _decide(release: StagedRelease, states: dict[str, ChannelState], now: datetime) -> ReleaseReport:
    stopped = [name for name, state in states.items() if state.status in ("held", "failed")]
    # A channel that still shows markers describes an output that did not pass: it never goes out.
    passed = {name for name, state in states.items() if state.status == "passed" and not state.late}
    going = going_out(release.channels, passed) if release.partial and stopped else ()
    held = [name for name in stopped if states[name].status == "held"]
    why = "held by the checks" if held else "failed"
    if stopped and not going:
        status: ReleaseStatus = "held" if held else "failed"
        reason = f"nothing was released: {', '.join(held or stopped)} {why}"
        return _keep(release, _report(release, states, status, reason))
    partial_reason = None
    if going:
        kept = [name for name in release.channels if name not in going]
        partial_reason = f"only {', '.join(going)} released: {', '.join(kept)} not released ({why})"
        release = replace(release, channels=going)
    staging_root = release.folder.parent
    with site_lock(staging_root):
        recover(release.out_dir)
        record = read_record(release.out_dir, release.article.slug)
        if record is not None and record.release == release.release_id:
            # Switched in before a crash, perhaps before its search index was asked for.
            after_switch(release.settings, release.out_dir)
            return _report(release, states, "released", released=True)
        refusal = _refusal(release, record)
        if refusal is not None:
            return _keep(release, _report(release, states, *refusal))
        # Site files kept up to date release by release need only this article, unless someone changed
        # the trees since the last switch: then every published article is read (and bad records named).
        index = None if tree_unchanged(release.out_dir) else published_index(release.out_dir)
        report = _report(release, states, "released", partial_reason, released=True, site=index)
        try:
            with public_change(release.out_dir, release.release_id) as change:
                _prepare(change, release, states, record, report, index, now)
                change.switch()
        except StorageError as error:
            return _keep(release, _report(release, states, "unwritable", str(error)))
    after_switch(release.settings, release.out_dir)
    return report


def _refusal(release: StagedRelease, record: PublicRecord | None) -> tuple[ReleaseStatus, str] | None:
    this = f"this release (generation {release.generation}) was not released"
    if record is not None and record.generation > release.generation:
        return (
            "superseded",
            f"a newer version of this article (generation {record.generation}, release {record.release}) "
            f"is already public; {this}",
        )
    # The version staged last is the one the press office means, even while it is held or on its way;
    # another file's release with the same slug is no newer version of this one (unless it replaces it).
    newer = [
        version
        for version in staged_versions(release.folder.parent, release.article.slug)
        if version.generation > release.generation
        and (version.replace or _same_file(version.source, release.source))
    ]
    if newer:
        latest = max(newer, key=lambda version: version.generation)
        return (
            "superseded",
            f"a newer version of this article (generation {latest.generation}, release {latest.release_id}) "
            f"was staged after this one; {this}",
        )
    if record is None:
        return None
    other_file = record.source and release.source and not _same_file(record.source, release.source)
    if other_file and not release.replace:
        return (
            "conflict",
            f"{release.source}: the address '{release.article.slug}/' belongs to {record.source}; give this "
            "article its own 'slug:' in the front matter, or publish it with --replace to replace that one",
        )
    return None


def _same_file(first: str, second: str) -> bool:
    return Path(first).resolve() == Path(second).resolve()


def _prepare(
    change: PublicChange,
    release: StagedRelease,
    states: dict[str, ChannelState],
    record: PublicRecord | None,
    report: ReleaseReport,
    index: PublishedIndex | None,
    now: datetime,
) -> None:
    """Write the new article folders and the rebuilt site files under temporary names."""
    slug = release.article.slug
    folders = {"public": change.folder(slug), "internal": change.folder(slug, "internal")}
    old = {"public": release.public_dir(), "internal": internal_dir(release.out_dir) / slug}
    released = dict(record.released) if record else {}
    files = {name: names for name, names in (record.files if record else {}).items()}
    for name in release.channels:
        workdir = release.channel_dir(name) / "out"
        for relative in states[name].files:
            change.copy(workdir / relative, folders[tree_of(relative)] / relative)
        files[name] = list(states[name].files)
        released[name] = now.isoformat()
    written = {relative for name in release.channels for relative in files[name]}
    for relative in _kept_files(release, record, written):
        tree = tree_of(relative)
        change.copy(old[tree] / relative, folders[tree] / relative)
    folder = folders["public"]
    new_record = PublicRecord(
        article=release.article.model_dump(mode="json"),
        released=released,
        files=files,
        generation=release.generation,
        release=release.release_id,
        source=release.source,
    )
    change.write(folders["internal"] / RECORD_NAME, new_record.to_json())
    for name, data in report_files(report).items():
        change.write(folders["internal"] / name, data)
    entry = PublishedArticle(release.article, folder, frozenset(released))
    if index is None:
        changes = {slug: entry}
        site = SiteContext(release.settings, release.out_dir, LazyArticles(release.out_dir, changes), changes)
        index_files = site_index_changes(release.out_dir, changes)
    else:
        articles = (*(other for other in index.articles if other.name != slug), entry)
        site = SiteContext(settings=release.settings, out_dir=release.out_dir, articles=articles)
        index_files = site_index_files(articles)
    for name in sorted(released):
        for relative, data in get_channel(name).rebuild_site(site).items():
            change.site_file(relative, data)
    for relative, data in index_files.items():
        change.site_file(relative, data, "internal")


def _kept_files(release: StagedRelease, record: PublicRecord | None, written: set[str]) -> list[str]:
    """Files of the article's folders that stay: those of channels this release does not carry."""
    old = release.public_dir()
    if record is None or not old.is_dir():
        return []
    if record.files:
        others = [names for name, names in record.files.items() if name not in release.channels]
        kept = {relative for names in others for relative in names}
    else:  # a record from before file lists: keep everything this release does not replace
        kept = {str(path.relative_to(old)) for path in old.rglob("*") if path.is_file()}
        kept -= {RECORD_NAME, *REPORT_FILES}
    folders = {"public": old, "internal": internal_dir(release.out_dir) / release.article.slug}
    return sorted(
        relative for relative in kept - written if (folders[tree_of(relative)] / relative).is_file()
    )


def _keep(release: StagedRelease, report: ReleaseReport) -> ReleaseReport:
    """Save the report of a release that did not go out beside its staged output, if the disk allows."""
    try:
        keep_reports(release.folder, report)
    except OSError:  # the staging disk is full too: the caller still gets the report
        note = f"(the report could not be saved in {release.folder})"
        return report.model_copy(update={"reason": f"{report.reason or ''} {note}".strip()})
    return report


def _report(
    release: StagedRelease,
    states: dict[str, ChannelState],
    status: ReleaseStatus,
    reason: str | None = None,
    *,
    released: bool = False,
    site: PublishedIndex | None = None,
) -> ReleaseReport:
    skipped = [
        FileWarning(file=str(entry.path), message=f"left out of the site files: {entry.reason}")
        for entry in (site.skipped if site is not None else ())
    ]
    return ReleaseReport(
        slug=release.article.slug,
        title=release.article.title,
        lang=release.article.lang,
        release=release.release_id,
        generation=release.generation,
        status=status,
        reason=reason,
        finished=datetime.now(UTC).isoformat(),
        url=f"{release.settings.site.base_url}{release.article.slug}/",
        staging=None if released else str(release.folder),
        reports=str(internal_dir(release.out_dir) / release.article.slug if released else release.folder),
        source=release.source_report(),
        site=SiteReport(warnings=skipped) if skipped else None,
        channels={
            name: _channel_outcome(state, released and name in release.channels)
            for name, state in states.items()
        },
    )


def _channel_outcome(state: ChannelState, released: bool) -> ChannelReport:
    status: ChannelStatus
    if released:
        status = "released"
    elif state.status in ("held", "failed"):
        status = "held" if state.status == "held" else "failed"
    elif state.status == "passed":
        status = "withheld"  # passed its checks; the release as a whole did not go out
    else:
        status = "pending"
    return ChannelReport(status=status, findings=state.findings, error=state.error)
