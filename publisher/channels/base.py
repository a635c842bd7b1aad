"""The one small interface every channel implements, and the data it exchanges with the release.

A channel renders an ``Article`` into files in a work folder (``render``), may add
checks of its own beyond the HTML accessibility rules (``verify``), fills in what it shows of
another channel's output once that is finished (``fill``), and after a release may rebuild
site-wide files such as feeds (``rebuild_site``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from publisher.a11y.findings import ChannelKind, Finding
from publisher.model import Article
from publisher.published import SiteContext
from publisher.settings import Settings

__all__ = ["Channel", "CheckTarget", "RenderJob", "Rendition"]


@dataclass(frozen=True)
class CheckTarget:
    """A rendered document the accessibility rules check before release."""

    path: str
    kind: ChannelKind
    # Relative path of the plain-text part that must carry every link (emails).
    text_part: str | None = None


@dataclass(frozen=True)
class Rendition:
    """What a channel wrote for one article: files relative to ``DIR/<slug>/`` and what to check."""

    files: tuple[str, ...]
    check: tuple[CheckTarget, ...] = ()


@dataclass(frozen=True)
class RenderJob:
    """Everything a channel may read while rendering one article."""

    settings: Settings
    # Images of the article, already validated and copied, named as in the article's ``src``.
    assets_dir: Path
    # Empty folder the channel writes its files into.
    workdir: Path
    # The public output folder, read-only for renderers (e.g. to see what is already released).
    out_dir: Path
    # Work folders of the channels rendered before this one in the same release (its ``after``).
    renditions: Mapping[str, Path] = field(default_factory=dict)
    # Those of ``renditions`` not finished yet: what this channel shows of them is a marker
    # (``publisher.late_values``) that ``Channel.fill`` replaces before the release.
    late: frozenset[str] = frozenset()

    def folder_of(self, channel: str, slug: str) -> Path:
        """Where ``channel``'s files for the article are: this release's rendition, else the public folder.

        A release goes out as a whole, so a channel that links another channel's output reads
        the rendition of the same release, not an older public version.
        """
        return self.renditions.get(channel, self.out_dir / slug)


@runtime_checkable
class Channel(Protocol):
    """One output channel (web, newsletter, audio)."""

    name: str
    # Channels whose output this one describes when both are in a release (the web page shows the
    # MP3's duration and size); rendered side by side, the values are filled in at release.
    after: tuple[str, ...]

    def render(self, article: Article, job: RenderJob) -> Rendition:
        """Write this channel's output for ``article`` into ``job.workdir``."""
        ...

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        """Checks of this channel's own beyond the HTML rules (e.g. audio loudness); [] if none."""
        ...

    def fill(self, article: Article, job: RenderJob, rendition: Rendition) -> dict[str, bytes]:
        """The files of ``rendition`` with the markers of ``job.late`` filled from the finished outputs.

        Returns each changed file (relative to ``job.workdir``) with its new content; {} if none.
        """
        ...

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        """Site-wide files (relative to the output folder) to rewrite after a release."""
        ...
