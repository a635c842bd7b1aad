"""The staging area: where a release waits between render, check and release.

Layout of one release folder::

    <staging>/<release-id>/release.json      the article, output folder, channels, settings snapshot
    <staging>/<release-id>/assets/           the article's images, validated and renamed
    <staging>/<release-id>/<channel>/out/    what the channel rendered
    <staging>/<release-id>/<channel>/state.json

Held and failed channels stay here for review; nothing of them reaches the public tree.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from publisher.a11y.findings import Finding
from publisher.model import Article
from publisher.settings import Settings
from publisher.sources import SourceArticle

__all__ = ["ChannelState", "StagedRelease", "atomic_write", "load_release", "stage_release"]

Status = Literal["pending", "rendered", "passed", "held", "failed", "released"]


class ChannelState(BaseModel):
    """Where one channel of a release stands, saved after every step."""

    channel: str
    status: Status = "pending"
    findings: list[Finding] = []
    error: str | None = None
    files: list[str] = []
    check: list[dict[str, Any]] = []


@dataclass(frozen=True)
class StagedRelease:
    """One release in the staging area, re-read by every task from its folder."""

    folder: Path
    article: Article
    out_dir: Path
    channels: tuple[str, ...]
    settings: Settings

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
        atomic_write(self.channel_dir(state.channel) / "state.json", state.model_dump_json(indent=2).encode())


def stage_release(
    source: SourceArticle, out_dir: Path, channels: list[str], settings: Settings
) -> StagedRelease:
    """Create the release folder: article, images and a snapshot of the settings."""
    staging_root = settings.staging_for(out_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = staging_root / f"{source.article.slug}-{stamp}-{secrets.token_hex(3)}"
    (folder / "assets").mkdir(parents=True)
    for image in source.images:
        shutil.copyfile(image.path, folder / "assets" / image.output_name)
    manifest = {
        "article": source.article.model_dump(mode="json"),
        "source": str(source.path),
        "out_dir": str(out_dir.resolve()),
        "channels": channels,
        # Workers render with the settings the release was queued with, not their own.
        "settings": settings.model_dump(mode="json"),
        "created": datetime.now(UTC).isoformat(),
    }
    atomic_write(folder / "release.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode())
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
        settings=Settings(**manifest["settings"]),
    )


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
