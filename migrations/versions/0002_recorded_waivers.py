"""A critical-incident recovery waiver records who made it and when.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

``waived_by_responder`` (a yes/no) becomes ``waived_by`` (who) and ``waived_at`` (when); only the
responder's own waiver lifts the recovery. Existing waivers were the responder's: they keep
``waived_by`` = the responder and ``waived_at`` = the incident's instant (the best known).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add waived_by and waived_at, carry the old flag over, drop it."""
    with op.batch_alter_table("critical_incidents") as batch:
        batch.add_column(sa.Column("waived_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("waived_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE critical_incidents SET waived_by = responder_id, waived_at = occurred_at "
        "WHERE waived_by_responder"
    )
    with op.batch_alter_table("critical_incidents") as batch:
        batch.drop_column("waived_by_responder")


def downgrade() -> None:
    """Back to the yes/no flag (a waiver by someone else was never one)."""
    with op.batch_alter_table("critical_incidents") as batch:
        batch.add_column(
            sa.Column(
                "waived_by_responder", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.execute(
        "UPDATE critical_incidents SET waived_by_responder = (waived_by = responder_id) "
        "WHERE waived_by IS NOT NULL"
    )
    with op.batch_alter_table("critical_incidents") as batch:
        batch.drop_column("waived_at")
        batch.drop_column("waived_by")
