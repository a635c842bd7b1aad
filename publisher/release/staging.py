"""The staging area: where a release waits between render, check and release.

Layout (the area is readable by its owner only: held output of an unreleased article is not public)::

    <staging>/.site.lock                     taken while a release changes the public tree
    <staging>/.generations/<slug>            the last generation handed out for the slug
    <staging>/<release-id>/release.json      article, source, output folder, channels, generation,
                                             settings snapshot (without connections or secrets)
    <staging>/<release-id>/assets/           the article's images, validated and renamed
    <staging>/<release-id>/<channel>/out/    what the channel rendered
    <staging>/<release-id>/<channel>/state.json
    <staging>/<release-id>/report.json       the outcome of a release that did not go out (+ report.html)

Held and failed channels stay here for review; nothing of them reaches the public tree. A release
that went out is removed from here.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from publisher.a11y.findings import Finding
from publisher.files import atomic_write, file_lock
from publisher.model import Article
from publisher.published import read_record
from publisher.release.report import FileWarning, ReleaseReport, SourceReport, read_report
from publisher.settings import Settings
from publisher.sources import SourceArticle

__all__ = [
    "SECRET_SETTINGS",
    "ChannelState",
    "StagedRelease",
    "StagedVersion",
    "list_releases",
    "load_release",
    "open_release",
    "remove_release",
    "reopen_release",
    "set_embargo",
    "site_lock",
    "stage_release",
    "staged_versions",
]

Status = Literal["pending", "rendered", "passed", "held", "failed", "released"]

# Connections and credentials never go into a file: each process takes them from its own environment.
SECRET_SETTINGS: dict[str, Any] = {
    "broker_url": True,
    "result_backend": True,
    "database_url": True,
    "smtp_url": True,
    "newsletter": {"smtp_url": True, "secret_key": True, "governor_url": True},
}

_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600


class ChannelState(BaseModel):
    """Where one channel of a release stands, saved after every step."""

    channel: str
    status: Status = "pending"
    findings: list[Finding] = []
    error: str | None = None
    files: list[str] = []
    check: list[dict[str, Any]] = []
    # Channels of the release it shows facts of that were not finished when it rendered: markers in
    # its files until the release step fills them in (``publisher.release.steps.fill_channel``).
    late: list[str] = []


@dataclass(frozen=True)
class StagedRelease:
    """One release in the staging area, re-read by every task from its folder."""

    folder: Path
    article: Article
    out_dir: Path
    channels: tuple[str, ...]
    settings: Settings
    # Monotonic per slug: a release never replaces a public version of a higher generation.
    generation: int = 0
    # The Markdown file the release was made from (absolute), recorded in the public article.json.
    source: str = ""
    # Set by --replace: this release may replace an article of the same slug from another file.
    replace: bool = False
    # What the source reader published differently from how it was written (raw HTML left out, ...).
    warnings: tuple[FileWarning, ...] = ()
    # Release the channels that passed even when another was held (never one without what it links to).
    partial: bool = False

    @property
    def release_id(self) -> str:
        return self.folder.name

    @property
    def assets_dir(self) -> Path:
        return self.folder / "assets"

    def channel_dir(self, channel: str) -> Path:
        return self.folder / channel

    def public_dir(self) -> Path:
        """``DIR/<slug>``; the slug pattern admits no path separator or dot segment."""
        return self.out_dir / self.article.slug

    def state(self, channel: str) -> ChannelState:
        path = self.channel_dir(channel) / "state.json"
        if not path.is_file():
            return ChannelState(channel=channel)
        return ChannelState.model_validate_json(path.read_text(encoding="utf-8"))

    def save_state(self, state: ChannelState) -> None:
        atomic_write(
            self.channel_dir(state.channel) / "state.json",
            state.model_dump_json(indent=2).encode(),
            mode=_PRIVATE_FILE,
        )

    def outcome(self) -> ReleaseReport | None:
        """The report of a release that ended without going out (held, failed, superseded, ...)."""
        return read_report(self.folder / "report.json")

    def source_report(self) -> SourceReport | None:
        """The source file and its warnings, for the release's report."""
        return SourceReport(path=self.source, warnings=list(self.warnings)) if self.source else None

    def is_gone(self) -> bool:
        """True once the release went out and its folder is (being) removed."""
        return not (self.folder / "release.json").is_file()

    @contextmanager
    def lock(self, name: str = "release") -> Iterator[None]:
        """Hold lock ``name`` of the release: a second copy of a running step waits, then finds it done."""
        with file_lock(self.folder / f".{name}.lock", _PRIVATE_FILE):
            yield


def stage_release(
    source: SourceArticle,
    out_dir: Path,
    channels: list[str],
    settings: Settings,
    *,
    replace: bool = False,
    partial: bool = False,
) -> StagedRelease:
    """Create the release folder: article, images, its generation and a snapshot of the settings."""
    staging_root = settings.staging_for(out_dir)
    _private_dir(staging_root)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = staging_root / f"{source.article.slug}-{stamp}-{secrets.token_hex(3)}"
    try:
        _private_dir(folder)
        (folder / "assets").mkdir(mode=_PRIVATE_DIR)
        for image in source.images:
            shutil.copyfile(image.path, folder / "assets" / image.output_name)
        with site_lock(staging_root):
            generation = _next_generation(staging_root, out_dir, source.article.slug)
        manifest = {
            "article": source.article.model_dump(mode="json"),
            "source": str(source.path.resolve()),
            "out_dir": str(out_dir.resolve()),
            "channels": channels,
            "generation": generation,
            "replace": replace,
            "partial": partial,
            "warnings": [FileWarning.of(warning).as_json() for warning in source.warnings],
            # Workers render with the settings the release was queued with, not their own; only
            # connections and secrets come from the worker's environment.
            "settings": settings.model_dump(mode="json", exclude=SECRET_SETTINGS),
            "created": datetime.now(UTC).isoformat(),
        }
        # Compact: written by the C encoder (an indented dump of the settings takes Python's, 10x slower).
        atomic_write(folder / "release.json", json.dumps(manifest, ensure_ascii=False).encode(), mode=0o600)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return load_release(folder)


def load_release(folder: Path | str) -> StagedRelease:
    """Re-read a staged release from its folder."""
    folder = Path(folder)
    manifest = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    return StagedRelease(
        folder=folder,
        article=Article.model_validate(manifest["article"]),
        out_dir=Path(manifest["out_dir"]),
        channels=tuple(manifest["channels"]),
        settings=_snapshot_settings(json.dumps(manifest["settings"], sort_keys=True), _environment()),
        generation=int(manifest.get("generation", 0)),
        source=str(manifest.get("source", "")),
        replace=bool(manifest.get("replace", False)),
        warnings=tuple(FileWarning.model_validate(warning) for warning in manifest.get("warnings", [])),
        partial=bool(manifest.get("partial", False)),
    )


@lru_cache(maxsize=64)
def _snapshot_settings(snapshot: str, environment: tuple[tuple[str, str], ...]) -> Settings:
    """The settings of a release's snapshot, with this process's connections and secrets.

    Every step of a release re-reads them; building settings reads the environment and validates
    every field (a tenth of a second under load), so one build serves each snapshot and environment.
    """
    return Settings(**json.loads(snapshot))


def _environment() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, value) for name, value in os.environ.items() if name.startswith("PUBLISHER_")))


def set_embargo(folder: Path | str, embargo: datetime) -> None:
    """Move the embargo of a staged release (the release step reads it from here)."""
    path = Path(folder) / "release.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["article"]["embargo"] = embargo.isoformat()
    atomic_write(path, json.dumps(manifest, ensure_ascii=False, indent=2).encode(), mode=_PRIVATE_FILE)


def reopen_release(release: StagedRelease) -> list[str]:
    """Open an ended release for another try: failed channels render again, held ones are checked again.

    Returns the channels that will run again. Its kept reports go: the release has not ended any more.
    """
    again = []
    with release.lock():
        for name in release.channels:
            state = release.state(name)
            if state.status in ("failed", "held"):
                status: Status = "pending" if state.status == "failed" or not state.files else "rendered"
                release.save_state(state.model_copy(update={"status": status, "findings": [], "error": None}))
                again.append(name)
        for name in ("report.json", "report.html"):
            (release.folder / name).unlink(missing_ok=True)
    return again


def open_release(folder: Path | str) -> StagedRelease | None:
    """The staged release in ``folder``, or None when it has gone out (its folder is removed)."""
    try:
        return load_release(folder)
    except FileNotFoundError:
        return None


def remove_release(release: StagedRelease) -> None:
    """Remove a release that went out; its manifest goes first, so no step ever sees half a folder."""
    (release.folder / "release.json").unlink(missing_ok=True)
    shutil.rmtree(release.folder, ignore_errors=True)


@dataclass(frozen=True)
class StagedVersion:
    """What the staging area knows of one release of a slug, read without loading its settings."""

    release_id: str
    generation: int
    source: str
    replace: bool


def staged_versions(staging_root: Path, slug: str) -> list[StagedVersion]:
    """Every release of ``slug`` in the staging area."""
    versions = []
    for manifest in staging_root.glob("*/release.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # removed meanwhile: it went out
            continue
        if data.get("article", {}).get("slug") == slug:
            versions.append(
                StagedVersion(
                    release_id=manifest.parent.name,
                    generation=int(data.get("generation", 0)),
                    source=str(data.get("source", "")),
                    replace=bool(data.get("replace", False)),
                )
            )
    return versions


def list_releases(staging_root: Path) -> list[StagedRelease]:
    """Every release in the staging area, oldest first."""
    if not staging_root.is_dir():
        return []
    releases = []
    for manifest in staging_root.glob("*/release.json"):
        try:
            releases.append((manifest.stat().st_mtime, load_release(manifest.parent)))
        except (OSError, ValueError):  # removed meanwhile: it went out
            continue
    return [release for _, release in sorted(releases, key=lambda item: item[0])]


@contextmanager
def site_lock(staging_root: Path) -> Iterator[None]:
    """Hold the lock of the public tree the staging area belongs to (one change at a time)."""
    _private_dir(staging_root)
    with file_lock(staging_root / ".site.lock", _PRIVATE_FILE):
        yield


def _next_generation(staging_root: Path, out_dir: Path, slug: str) -> int:
    counter = staging_root / ".generations" / slug
    last = int(counter.read_text(encoding="ascii")) if counter.is_file() else 0
    record = read_record(out_dir, slug)
    generation = max(last, record.generation if record else 0) + 1
    _private_dir(counter.parent)
    atomic_write(counter, str(generation).encode(), mode=_PRIVATE_FILE)
    return generation


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != _PRIVATE_DIR:
        os.chmod(folder, _PRIVATE_DIR)
