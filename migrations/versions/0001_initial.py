"""Initial schema: teams, responders, shift patterns, leave, incidents, exposure, rotas, skills,
assessments, mentoring, progression, feed tokens.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29

Written from autogenerate output and checked by hand. Instants are ``DateTime(timezone=True)``
(the models' ``UTCDateTime`` stores UTC on SQLite); tuples and dicts are JSON.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('person', 'team')", name=op.f("ck_feed_tokens_scope")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    op.create_index(op.f("ix_feed_tokens_scope_subject_id"), "feed_tokens", ["scope", "subject_id"])

    op.create_table(
        "mentoring_relationships",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("mentor_id", sa.String(), nullable=False),
        sa.Column("mentee_id", sa.String(), nullable=False),
        sa.Column("skill_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("shadow_shifts_per_week", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_relationships")),
    )
    op.create_index(
        op.f("ix_mentoring_relationships_mentee_id"), "mentoring_relationships", ["mentee_id"]
    )
    op.create_index(
        op.f("ix_mentoring_relationships_mentor_id"), "mentoring_relationships", ["mentor_id"]
    )

    op.create_table(
        "skills",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("level_descriptors", sa.JSON(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
        sa.Column("recency_days", sa.Integer(), nullable=True),
        sa.Column("prerequisites", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("display_zone", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("policy_overrides", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("assessor_id", sa.String(), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_assessments_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(
        op.f("ix_assessments_person_id_skill_id"), "assessments", ["person_id", "skill_id"]
    )
    op.create_index(op.f("ix_assessments_skill_id"), "assessments", ["skill_id"])

    op.create_table(
        "goals",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("mentor_id", sa.String(), nullable=True),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_goals_skill_id_skills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_index(op.f("ix_goals_person_id"), "goals", ["person_id"])

    op.create_table(
        "interests",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_interests_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("person_id", "skill_id", name=op.f("pk_interests")),
    )
    op.create_table(
        "progression_tracks",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=True),
        sa.Column("mentor_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_progression_tracks_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progression_tracks")),
    )
    op.create_index(op.f("ix_progression_tracks_person_id"), "progression_tracks", ["person_id"])

    op.create_table(
        "responders",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("subdivision", sa.String(), nullable=True),
        sa.Column("contract_hours_per_week", sa.Float(), nullable=False),
        sa.Column("working_days", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("night_work_consent", sa.Boolean(), nullable=False),
        sa.Column("opted_out_categories", sa.JSON(), nullable=False),
        sa.Column("team_role", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_responders_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responders")),
    )
    op.create_index(op.f("ix_responders_team_id"), "responders", ["team_id"])

    op.create_table(
        "role_targets",
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_role_targets_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("role", "skill_id", name=op.f("pk_role_targets")),
    )
    op.create_table(
        "rotas",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("solver_stats", sa.JSON(), nullable=False),
        sa.Column("policy_snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_rotas_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotas")),
        sa.UniqueConstraint("team_id", "version", name=op.f("uq_rotas_team_id_version")),
    )
    op.create_index(op.f("ix_rotas_team_id_status"), "rotas", ["team_id", "status"])

    op.create_table(
        "shift_patterns",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_shift_patterns_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_patterns")),
    )
    op.create_index(op.f("ix_shift_patterns_team_id"), "shift_patterns", ["team_id"])

    op.create_table(
        "assignments",
        sa.Column("rota_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("pattern_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shadow", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pattern_id"],
            ["shift_patterns.id"],
            name=op.f("fk_assignments_pattern_id_shift_patterns"),
        ),
        sa.ForeignKeyConstraint(
            ["responder_id"], ["responders.id"], name=op.f("fk_assignments_responder_id_responders")
        ),
        sa.ForeignKeyConstraint(
            ["rota_id"], ["rotas.id"], name=op.f("fk_assignments_rota_id_rotas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("rota_id", "id", name=op.f("pk_assignments")),
    )
    op.create_index(op.f("ix_assignments_pattern_id"), "assignments", ["pattern_id"])
    op.create_index(op.f("ix_assignments_responder_id"), "assignments", ["responder_id"])
    op.create_index(op.f("ix_assignments_rota_id"), "assignments", ["rota_id"])

    op.create_table(
        "critical_incidents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("waived_by_responder", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_critical_incidents_responder_id_responders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_critical_incidents")),
    )
    op.create_index(
        op.f("ix_critical_incidents_responder_id"), "critical_incidents", ["responder_id"]
    )

    op.create_table(
        "exposure_entries",
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_exposure_entries_responder_id_responders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "responder_id", "day", "category", name=op.f("pk_exposure_entries")
        ),
    )
    op.create_index(op.f("ix_exposure_entries_day"), "exposure_entries", ["day"])

    op.create_table(
        "leave",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_leave_responder_id_responders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave")),
    )
    op.create_index(op.f("ix_leave_responder_id"), "leave", ["responder_id"])

    op.create_table(
        "progression_evidence",
        sa.Column("track_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("judged_right", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["progression_tracks.id"],
            name=op.f("fk_progression_evidence_track_id_progression_tracks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("track_id", "position", name=op.f("pk_progression_evidence")),
    )
    op.create_index(op.f("ix_progression_evidence_ref"), "progression_evidence", ["ref"])

    op.create_table(
        "responder_clearances",
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("consented_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_responder_clearances_responder_id_responders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("responder_id", "position", name=op.f("pk_responder_clearances")),
    )
    op.create_table(
        "responder_languages",
        sa.Column("responder_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("proficiency", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_responder_languages_responder_id_responders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("responder_id", "position", name=op.f("pk_responder_languages")),
    )
    op.create_table(
        "role_demands",
        sa.Column("pattern_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("min_headcount", sa.Integer(), nullable=False),
        sa.Column("max_headcount", sa.Integer(), nullable=False),
        sa.Column("required_skills", sa.JSON(), nullable=False),
        sa.Column("required_languages", sa.JSON(), nullable=False),
        sa.Column("content_category", sa.String(), nullable=True),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("on_call", sa.Boolean(), nullable=False),
        sa.Column("queue_hours", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pattern_id"],
            ["shift_patterns.id"],
            name=op.f("fk_role_demands_pattern_id_shift_patterns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pattern_id", "position", name=op.f("pk_role_demands")),
    )


def downgrade() -> None:
    """Drop every table (data is lost)."""
    op.drop_table("role_demands")
    op.drop_table("responder_languages")
    op.drop_table("responder_clearances")
    op.drop_table("progression_evidence")
    op.drop_table("leave")
    op.drop_table("exposure_entries")
    op.drop_table("critical_incidents")
    op.drop_table("assignments")
    op.drop_table("shift_patterns")
    op.drop_table("rotas")
    op.drop_table("role_targets")
    op.drop_table("responders")
    op.drop_table("progression_tracks")
    op.drop_table("interests")
    op.drop_table("goals")
    op.drop_table("assessments")
    op.drop_table("teams")
    op.drop_table("skills")
    op.drop_table("mentoring_relationships")
    op.drop_table("feed_tokens")
