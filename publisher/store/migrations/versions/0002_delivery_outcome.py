"""Delivery outcome: the send's state and alert, the circuit breaker, soft bounces, failure verdicts.

Revision ID: 0002_delivery_outcome
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_delivery_outcome"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscribers") as table:
        table.add_column(sa.Column("soft_bounces", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("newsletter_releases") as table:
        table.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="sending"))
        table.add_column(sa.Column("alert", sa.String(500), nullable=True))
        table.add_column(sa.Column("alert_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("failure_key", sa.String(80), nullable=True))
        table.add_column(sa.Column("failure_streak", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("failure_since", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("deliveries") as table:
        table.add_column(sa.Column("failure", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as table:
        table.drop_column("failure")
    with op.batch_alter_table("newsletter_releases") as table:
        for column in ("failure_since", "failure_streak", "failure_key", "alert_at", "alert", "state"):
            table.drop_column(column)
    with op.batch_alter_table("subscribers") as table:
        table.drop_column("soft_bounces")
