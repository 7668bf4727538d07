"""Factories for domain objects used by the storage tests: ``make_x(**overrides)``.

Values are deliberately not the defaults: aware datetimes in non-UTC offsets (+05:30, +13:00),
enums other than the first member, non-empty tuples, frozensets and dicts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from rota.domain.absences import Leave, LeaveKind
from rota.domain.access import Role, RoleGrant
from rota.domain.audit import AuditEvent, AuditKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern, SkillRequirement
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Assignment, Rota, RotaKind, RotaStatus
from rota.domain.swaps import SwapRequest, SwapState
from rota.domain.team import Team, TeamRole
from skills.model import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    ChecklistItem,
    Evidence,
    EvidenceKind,
    Goal,
    Interest,
    MentoringRelationship,
    MentoringStatus,
    ProgressionTrack,
    RoleTarget,
    Skill,
    SkillCategory,
    Stage,
)

IST = timezone(timedelta(hours=5, minutes=30))
NZDT = timezone(timedelta(hours=13))


def make_team(**overrides: Any) -> Team:
    team = Team(
        id="apac",
        name="APAC Incident Response",
        display_zone="Australia/Sydney",
        description="Follows the sun from Auckland to Bengaluru.",
        policy_overrides={"max_nights_in_a_row": 3, "min_rest_hours": 11.5, "tags": ["a", "b"]},
    )
    return replace(team, **overrides)


def make_responder(**overrides: Any) -> Responder:
    responder = Responder(
        id="r-aiko",
        team_id="apac",
        name="Aiko Tanaka",
        email="aiko@example.org",
        timezone="Asia/Tokyo",
        country="JP",
        subdivision=None,
        languages=(
            LanguageSkill("ja", Proficiency.NATIVE),
            LanguageSkill("en", Proficiency.FLUENT),
            LanguageSkill("ko", Proficiency.BASIC),
        ),
        contract_hours_per_week=37.5,
        working_days=(1, 2, 3, 4, 5),
        start_date=date(2023, 4, 3),
        end_date=date(2027, 3, 31),
        night_work_consent=True,
        opted_out_categories=frozenset({"gore", "self-harm"}),
        clearances=(
            CategoryClearance("csam", trained_on=date(2024, 1, 10), consented_on=date(2024, 1, 11)),
            CategoryClearance("terrorism", trained_on=date(2024, 2, 1), consented_on=None),
        ),
        team_role=TeamRole.LEAD,
        active=True,
    )
    return replace(responder, **overrides)


def make_pattern(**overrides: Any) -> ShiftPattern:
    pattern = ShiftPattern(
        id="p-tokyo-night",
        team_id="apac",
        name="Tokyo night",
        zone="Asia/Tokyo",
        start=time(22, 0),
        end=time(7, 30),
        days=(0, 2, 4, 6),
        kind="night",
        demands=(
            RoleDemand(
                role="primary",
                min_headcount=2,
                max_headcount=3,
                required_skills=(
                    SkillRequirement("s-csam", min_level=4, count=2),
                    SkillRequirement("s-ja-market", min_level=2, count=2),
                ),
                required_languages=("ja", "en"),
                content_category="csam",
                severity=Severity.EXTREME,
                on_call=True,
                queue_hours=6.5,
            ),
            RoleDemand(role="secondary"),
        ),
        description="Covers the JP regulator desk overnight.",
    )
    return replace(pattern, **overrides)


def make_leave(**overrides: Any) -> Leave:
    leave = Leave(
        id="l-1",
        responder_id="r-aiko",
        start=date(2026, 12, 24),
        end=date(2027, 1, 3),
        kind=LeaveKind.PARENTAL,
        note="back on the 4th",
    )
    return replace(leave, **overrides)


def make_incident(**overrides: Any) -> CriticalIncident:
    incident = CriticalIncident(
        id="ci-1",
        responder_id="r-aiko",
        occurred_at=datetime(2026, 10, 4, 2, 30, 15, 123456, tzinfo=NZDT),
        category="self-harm",
        summary="Live self-harm stream escalated to police.",
        waived_by="r-aiko",
        waived_at=datetime(2026, 10, 4, 4, 0, tzinfo=NZDT),
    )
    return replace(incident, **overrides)


def make_exposure(**overrides: Any) -> ExposureEntry:
    entry = ExposureEntry(
        responder_id="r-aiko",
        day=date(2026, 10, 4),
        category="csam",
        severity=Severity.HIGH,
        hours=2.75,
    )
    return replace(entry, **overrides)


def make_assignment(**overrides: Any) -> Assignment:
    assignment = Assignment(
        id="a-1",
        rota_id="rota-1",
        responder_id="r-aiko",
        pattern_id="p-tokyo-night",
        role="primary",
        start=datetime(2026, 10, 5, 13, 0, tzinfo=UTC),
        end=datetime(2026, 10, 5, 22, 30, tzinfo=UTC),
        shadow=False,
        pinned=True,
    )
    return replace(assignment, **overrides)


def make_rota(**overrides: Any) -> Rota:
    rota = Rota(
        id="rota-1",
        team_id="apac",
        start=date(2026, 10, 5),
        end=date(2026, 11, 1),
        status=RotaStatus.PUBLISHED,
        version=1,
        created_at=datetime(2026, 9, 30, 9, 15, tzinfo=IST),
        published_at=datetime(2026, 10, 1, 8, 0, 0, 500, tzinfo=NZDT),
        created_by="r-aiko",
        solver_stats={"status": "OPTIMAL", "objective": 12.0, "wall_seconds": 3.25, "n": [1, 2]},
        policy_snapshot={"min_rest_hours": 11, "nested": {"weights": {"fairness": 2}}},
        assignments=(
            make_assignment(),
            make_assignment(
                id="a-2",
                role="secondary",
                start=datetime(2026, 10, 7, 13, 0, tzinfo=UTC),
                end=datetime(2026, 10, 7, 22, 30, tzinfo=UTC),
                shadow=True,
                pinned=False,
            ),
        ),
    )
    return replace(rota, **overrides)


def make_skill(**overrides: Any) -> Skill:
    skill = Skill(
        id="s-csam",
        name="CSAM triage",
        category=SkillCategory.HARM_AREA,
        description="Triage and reporting of child sexual abuse material.",
        level_descriptors=("none", "shadows", "with backup", "alone", "teaches"),
        validity_days=365,
        recency_days=60,
        prerequisites=("s-wellbeing", "s-tooling"),
    )
    return replace(skill, **overrides)


def make_assessment(**overrides: Any) -> Assessment:
    assessment = Assessment(
        id="as-1",
        person_id="r-aiko",
        skill_id="s-csam",
        level=3,
        source=AssessmentSource.MENTOR,
        assessor_id="r-ben",
        assessed_at=datetime(2026, 8, 1, 10, 0, tzinfo=IST),
        status=AssessmentStatus.APPROVED,
        decided_by="r-mgr",
        decided_at=datetime(2026, 8, 2, 9, 0, tzinfo=NZDT),
        comment="Handled three escalations alone.",
        evidence="cases 101, 102, 103",
    )
    return replace(assessment, **overrides)


def make_interest(**overrides: Any) -> Interest:
    return replace(Interest(person_id="r-aiko", skill_id="s-csam", interest=2), **overrides)


def make_target(**overrides: Any) -> RoleTarget:
    target = RoleTarget(
        role="primary", skill_id="s-csam", target_level=3, mandatory=True, importance=3
    )
    return replace(target, **overrides)


def make_mentoring(**overrides: Any) -> MentoringRelationship:
    relationship = MentoringRelationship(
        id="m-1",
        mentor_id="r-ben",
        mentee_id="r-aiko",
        skill_ids=("s-csam", "s-ja-market"),
        status=MentoringStatus.ACTIVE,
        start=date(2026, 6, 1),
        end=date(2026, 12, 1),
        shadow_shifts_per_week=2,
    )
    return replace(relationship, **overrides)


def make_goal(**overrides: Any) -> Goal:
    goal = Goal(
        id="g-1",
        person_id="r-aiko",
        skill_id="s-csam",
        target_level=4,
        target_date=date(2027, 3, 31),
        mentor_id="r-ben",
        checklist=(ChecklistItem("shadow 5 shifts", done=True), ChecklistItem("lead a review")),
    )
    return replace(goal, **overrides)


def make_track(**overrides: Any) -> ProgressionTrack:
    track = ProgressionTrack(
        id="pt-1",
        person_id="r-aiko",
        skill_id="s-csam",
        stage=Stage.REVERSE_SHADOW,
        stage_since=date(2026, 9, 1),
        mentor_id="r-ben",
        evidence=(
            Evidence(EvidenceKind.SHADOW_SHIFT, on=date(2026, 8, 3), ref="a-0"),
            Evidence(
                EvidenceKind.ALERTS_HANDLED,
                on=date(2026, 8, 20),
                ref="",
                count=12,
                judged_right=11,
                note="one missed escalation",
            ),
        ),
    )
    return replace(track, **overrides)


def make_feed_token(**overrides: Any) -> FeedToken:
    token = FeedToken(
        id="ft-1",
        scope=FeedScope.PERSON,
        subject_id="r-aiko",
        token_hash="sha256:" + "ab" * 32,
        created_at=datetime(2026, 10, 1, 0, 0, tzinfo=IST),
        revoked_at=None,
        last_used_at=datetime(2026, 10, 2, 3, 4, 5, tzinfo=UTC),
    )
    return replace(token, **overrides)


def make_swap(**overrides: Any) -> SwapRequest:
    swap = SwapRequest(
        id="sw-1",
        team_id="apac",
        assignment_id="a-1",
        requester_id="r-aiko",
        colleague_id="r-ben",
        created_at=datetime(2026, 10, 3, 9, 0, tzinfo=IST),
        their_assignment_id="a-2",
        reason="dentist",
        state=SwapState.APPROVED,
        accepted_at=datetime(2026, 10, 3, 10, 0, tzinfo=UTC),
        decided_at=datetime(2026, 10, 3, 11, 0, tzinfo=NZDT),
        decided_by="r-ben",
        outcome_note="fine by me",
        version_id="rota-1",
    )
    return replace(swap, **overrides)


def parents() -> list[Any]:
    """What the objects above refer to, in an order that can be saved."""
    return [
        make_team(),
        make_responder(),
        make_responder(id="r-ben", name="Ben Lee", email="ben@example.org", languages=()),
        make_pattern(),
        make_skill(),
        make_skill(id="s-ja-market", name="JP market", category=SkillCategory.MARKET),
    ]


def make_grant(**overrides: Any) -> RoleGrant:
    grant = RoleGrant(
        id="rg-1",
        team_id="apac",
        email="aiko@example.org",
        role=Role.MANAGER,
        granted_by="local administrator",
        granted_at=datetime(2026, 10, 1, 8, 0, tzinfo=IST),
    )
    return replace(grant, **overrides)


def make_audit_event(**overrides: Any) -> AuditEvent:
    event = AuditEvent(
        id="au-1",
        at=datetime(2026, 10, 1, 9, 30, tzinfo=NZDT),
        kind=AuditKind.PUBLISH,
        team_id="apac",
        actor="Ben <ben@example.org>",
        actor_email="ben@example.org",
        channel="app",
        what="published version 1 (5–11 Oct)",
        why="weekly plan",
        subject="rota-1",
    )
    return replace(event, **overrides)


def samples() -> list[Any]:
    """One rich object of every stored type (saved after ``parents()``)."""
    return [
        make_team(id="other-team", name="Other", auto_approve_swaps=True),
        make_responder(
            id="r-cho", name="Cho", subdivision="NSW", active=False, reminder_minutes=60
        ),
        make_responder(id="r-dev", name="Dev", languages=(), clearances=(), end_date=None),
        make_pattern(id="p-day"),
        make_pattern(id="p-empty", demands=(), days=()),
        make_leave(),
        make_incident(),
        make_exposure(),
        make_rota(),
        make_rota(
            id="rota-2",
            version=2,
            kind=RotaKind.OVERRIDE,
            covers=("p-night@2026-10-07T13:00Z",),
            note="Aiko is at the dentist",
            edits=3,
            assignments=(),
        ),
        make_grant(),
        make_grant(id="rg-2", team_id="*", role=Role.ADMIN),
        make_audit_event(),
        make_audit_event(
            id="au-2", team_id=None, actor="local administrator", actor_email=None, why=""
        ),
        make_swap(),
        make_swap(
            id="sw-2",
            their_assignment_id=None,
            accepted_at=None,
            decided_at=None,
            decided_by=None,
            state=SwapState.REQUESTED,
            version_id=None,
            reason="",
        ),
        make_skill(id="s-tooling", category=SkillCategory.TOOLING),
        make_skill(id="s-blank", level_descriptors=("",) * 5, validity_days=None, prerequisites=()),
        make_assessment(),
        make_assessment(
            id="as-2",
            level=None,
            source=AssessmentSource.SELF,
            assessor_id=None,
            status=AssessmentStatus.SUBMITTED,
            decided_by=None,
            decided_at=None,
        ),
        make_interest(),
        make_target(),
        make_mentoring(),
        make_goal(),
        make_track(),
        make_feed_token(),
        make_feed_token(
            id="ft-2",
            scope=FeedScope.TEAM,
            subject_id="apac",
            token_hash="sha256:" + "cd" * 32,
            revoked_at=datetime(2026, 10, 9, 23, 59, 59, 999999, tzinfo=NZDT),
            last_used_at=None,
        ),
    ]
