"""One published timeline: versions that cover a window or named shifts, swap requests,
per-team swap auto-approval, per-person calendar reminders.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

Existing versions were plans of their whole window (``kind = 'plan'``, ``covers`` NULL); their
``superseded`` status is now read off the timeline, so stored versions all become ``published``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the version columns, the team and responder settings, and the swap requests."""
    # plain ADD COLUMN (no table copy): other tables reference these three
    op.add_column("rotas", sa.Column("kind", sa.String(), nullable=False, server_default="plan"))
    op.add_column("rotas", sa.Column("covers", sa.JSON(), nullable=True))
    op.add_column("rotas", sa.Column("note", sa.String(), nullable=False, server_default=""))
    op.add_column("rotas", sa.Column("edits", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE rotas SET status = 'published' WHERE status = 'superseded'")
    op.add_column(
        "teams",
        sa.Column("auto_approve_swaps", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("responders", sa.Column("reminder_minutes", sa.Integer(), nullable=True))
    op.create_table(
        "swap_requests",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("assignment_id", sa.String(), nullable=False),
        sa.Column("requester_id", sa.String(), nullable=False),
        sa.Column("colleague_id", sa.String(), nullable=False),
        sa.Column("their_assignment_id", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("outcome_note", sa.String(), nullable=False),
        sa.Column("version_id", sa.String(), nullable=True),
        sa.CheckConstraint(
            "state IN ('requested', 'accepted', 'approved', 'declined', 'cancelled')",
            name=op.f("ck_swap_requests_state"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_swap_requests_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["responders.id"],
            name=op.f("fk_swap_requests_requester_id_responders"),
        ),
        sa.ForeignKeyConstraint(
            ["colleague_id"],
            ["responders.id"],
            name=op.f("fk_swap_requests_colleague_id_responders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swap_requests")),
    )
    with op.batch_alter_table("swap_requests") as batch:
        batch.create_index(batch.f("ix_swap_requests_team_id"), ["team_id"], unique=False)
        batch.create_index(
            batch.f("ix_swap_requests_team_id_state"), ["team_id", "state"], unique=False
        )


def downgrade() -> None:
    """Drop the swap requests and the new columns (partial versions lose their scope)."""
    with op.batch_alter_table("swap_requests") as batch:
        batch.drop_index(batch.f("ix_swap_requests_team_id_state"))
        batch.drop_index(batch.f("ix_swap_requests_team_id"))
    op.drop_table("swap_requests")
    # plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): other tables reference these three
    for table, column in (
        ("responders", "reminder_minutes"),
        ("teams", "auto_approve_swaps"),
        ("rotas", "edits"),
        ("rotas", "note"),
        ("rotas", "covers"),
        ("rotas", "kind"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
