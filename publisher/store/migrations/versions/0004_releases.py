"""Releases as records: the release, its source files and the state of each of its channels.

Revision ID: 0004_releases
Revises: 0003_subscription_mails
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_releases"
down_revision = "0003_subscription_mails"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("article_json", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(255), nullable=False),
        sa.Column("channels", sa.String(200), nullable=False),
        sa.Column("embargo", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queued_by", sa.String(200), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column("out_dir", sa.String(1000), nullable=False),
        sa.Column("staging", sa.String(1000), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("report_json", sa.Text(), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sends", sa.Integer(), nullable=False),
    )
    op.create_index("ix_releases_state_updated", "releases", ["state", "updated_at"])
    op.create_index("ix_releases_slug", "releases", ["slug"])
    op.create_table(
        "release_files",
        sa.Column(
            "release_id", sa.String(120), sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("name", sa.String(500), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "release_channels",
        sa.Column(
            "release_id", sa.String(120), sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("findings_json", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("artifacts_json", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("release_channels")
    op.drop_table("release_files")
    op.drop_table("releases")
