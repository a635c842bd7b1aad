"""Newsletter sending: a random message-id salt per release, bounce and complaint events, topics.

Revision ID: 0006_newsletter_sending
Revises: 0005_api_tokens
Create Date: 2026-11-30
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006_newsletter_sending"
down_revision = "0005_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("newsletter_releases") as table:
        table.add_column(sa.Column("message_salt", sa.String(32), nullable=False, server_default=""))
    releases = sa.table(
        "newsletter_releases", sa.column("id", sa.Integer), sa.column("message_salt", sa.String)
    )
    connection = op.get_bind()
    # Each release needs its own random salt: the message ids of a send never repeat elsewhere.
    for (release_id,) in connection.execute(sa.select(releases.c.id)).all():
        connection.execute(
            releases.update().where(releases.c.id == release_id).values(message_salt=secrets.token_hex(8))
        )
    with op.batch_alter_table("subscribers") as table:
        table.add_column(sa.Column("topics", sa.String(1000), nullable=False, server_default=""))
    op.create_table(
        "bounce_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subscriber_id", sa.Integer(), sa.ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bounce_events_subscriber", "bounce_events", ["subscriber_id"])


def downgrade() -> None:
    op.drop_table("bounce_events")
    with op.batch_alter_table("subscribers") as table:
        table.drop_column("topics")
    with op.batch_alter_table("newsletter_releases") as table:
        table.drop_column("message_salt")
