"""Factories for skills domain data used by the skills tests: ``make_x(**overrides)``."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from skills.model import (
    Assessment,
    AssessmentSource,
    AssessmentStatus,
    MentoringRelationship,
    MentoringStatus,
    ProgressionTrack,
    Skill,
    SkillCategory,
    Stage,
)

_ids = itertools.count(1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_skill(**overrides: Any) -> Skill:
    values: dict[str, Any] = {
        "id": "self-harm",
        "name": "Self-harm escalation",
        "category": SkillCategory.HARM_AREA,
    }
    values.update(overrides)
    return Skill(**values)


def make_assessment(**overrides: Any) -> Assessment:
    """An approved manager assessment of p1 at level 3 in self-harm, made 2026-03-01 09:00 UTC."""
    values: dict[str, Any] = {
        "id": f"a{next(_ids)}",
        "person_id": "p1",
        "skill_id": "self-harm",
        "level": 3,
        "source": AssessmentSource.MANAGER,
        "assessor_id": "boss",
        "assessed_at": utc(2026, 3, 1, 9),
        "status": AssessmentStatus.APPROVED,
        "decided_by": "lead",
        "decided_at": None,
    }
    values.update(overrides)
    return Assessment(**values)


def make_relationship(**overrides: Any) -> MentoringRelationship:
    values: dict[str, Any] = {
        "id": f"r{next(_ids)}",
        "mentor_id": "m1",
        "mentee_id": "t1",
        "skill_ids": ("self-harm",),
        "status": MentoringStatus.ACTIVE,
    }
    values.update(overrides)
    return MentoringRelationship(**values)


def make_track(**overrides: Any) -> ProgressionTrack:
    values: dict[str, Any] = {
        "id": "track-t1",
        "person_id": "t1",
        "skill_id": "self-harm",
        "stage": Stage.SHADOW,
        "stage_since": None,
    }
    values.update(overrides)
    return ProgressionTrack(**values)
