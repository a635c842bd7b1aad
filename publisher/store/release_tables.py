"""The database tables of a release, declared for Alembic: the release, its source files, one row per channel.

The database is the source of truth about a release; the broker only carries its work, and the
staging folder only holds the channels' artifacts. The queries (``releases``) are plain SQL and
read rows into ``release_rows``; these mapped classes state the schema the migrations build.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from publisher.store.base import Base, UtcDateTime

__all__ = ["ReleaseChannelTable", "ReleaseFileTable", "ReleaseTable"]


class ReleaseTable(Base):
    """The table ``releases``: one queued article release (read as ``release_rows.ReleaseRecord``)."""

    __tablename__ = "releases"
    __table_args__ = (
        Index("ix_releases_state_updated", "state", "updated_at"),
        Index("ix_releases_slug", "slug"),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    article_json: Mapped[str] = mapped_column(Text)
    # The Markdown file's name; its text and images are rows of ReleaseFileTable.
    source_name: Mapped[str] = mapped_column(String(255))
    channels: Mapped[str] = mapped_column(String(200))  # comma-separated, in release order
    embargo: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    queued_by: Mapped[str] = mapped_column(String(200))
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    send: Mapped[bool] = mapped_column(Boolean, default=False)
    out_dir: Mapped[str] = mapped_column(String(1000))
    staging: Mapped[str] = mapped_column(String(1000))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    # The typed report of the release once it ended (report.json's content).
    report_json: Mapped[str | None] = mapped_column(Text, default=None)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Every step moves it on; the sweeper sends again what has not moved for too long.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    sends: Mapped[int] = mapped_column(Integer, default=0)


class ReleaseFileTable(Base):
    """A file of the release's source (the Markdown text, each local image), kept for a retry."""

    __tablename__ = "release_files"

    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True)
    # Relative to the Markdown file's folder.
    name: Mapped[str] = mapped_column(String(500), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReleaseChannelTable(Base):
    """The table ``release_channels``: one channel of a release (read as ``release_rows.ReleaseChannel``)."""

    __tablename__ = "release_channels"

    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    findings_json: Mapped[str] = mapped_column(Text, default="[]")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # The channel's files, relative to the article's public folder once released.
    artifacts_json: Mapped[str] = mapped_column(Text, default="[]")
