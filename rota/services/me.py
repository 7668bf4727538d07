"""The "me" use case: a responder's next shifts in their zone, their load against the limits, their
skills and goals, their mentors and mentees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rota.domain.responders import Responder
from rota.domain.timezones import zone
from rota.errors import NotFoundError
from rota.policy.team_policy import resolve_policy
from rota.services._common import assignment_facts, demand_for, get_team, patterns_of
from rota.services.planning import drafts_of, published_versions
from rota.services.wellbeing import (
    Limits,
    PersonWellbeing,
    person_wellbeing,
    planned_assignments,
    wellbeing,
)
from rota.storage import repo
from skills.levels import effective_levels
from skills.model import Assessment, Goal, MentoringRelationship, MentoringStatus, Skill


@dataclass(frozen=True)
class MyShift:
    assignment_id: str
    pattern: str
    role: str
    start_local: datetime
    end_local: datetime
    start_utc: datetime
    end_utc: datetime
    night: bool
    weekend: bool
    holiday: bool
    queue: str
    severity: str
    on_call: bool
    shadow: bool
    status: str  # "published" or "draft"


@dataclass(frozen=True)
class MySkill:
    skill_id: str
    name: str
    level: int | None
    assessed_level: int | None
    flags: tuple[str, ...]
    expires_on: date | None


@dataclass(frozen=True)
class MyGoal:
    skill: str
    target_level: int
    current_level: int | None
    target_date: date | None
    mentor: str
    done: int
    total: int


@dataclass(frozen=True)
class Me:
    responder: Responder
    local_now: datetime
    next_shifts: tuple[MyShift, ...]
    load: PersonWellbeing
    limits: Limits
    period: tuple[date, date]
    skills: tuple[MySkill, ...]
    goals: tuple[MyGoal, ...]
    mentors: tuple[str, ...] = ()
    mentees: tuple[str, ...] = ()


def me(
    session,
    responder_id: str,
    *,
    now: datetime,
    count: int = 10,
    days_back: int = 13,
    days_ahead: int = 14,
) -> Me:
    """A responder's own view: next ``count`` shifts in their zone (published, and the draft's
    where it differs, marked so), their load over the past ``days_back`` and next ``days_ahead``
    local days against the limits, their effective skill levels and their goals."""
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    team = get_team(session, person.team_id)
    effective = resolve_policy(team.policy_overrides)
    tz = zone(person.timezone)
    local = now.astimezone(tz)
    today = local.date()
    patterns = patterns_of(session, team.id)
    published = published_versions(session, team.id)
    shifts = []
    for a, label in planned_assignments(published, (), patterns):
        if a.responder_id == person.id and a.end > now:
            shifts.append((a, label))
    published_keys = {(a.id, a.start) for a, _ in shifts}
    for draft in drafts_of(session, team.id):
        for a in draft.assignments:
            if (
                a.responder_id == person.id
                and a.end > now
                and (a.id, a.start) not in published_keys
            ):
                shifts.append((a, "draft"))
    shifts.sort(key=lambda x: x[0].start)
    mine = []
    for a, label in shifts[:count]:
        pattern = patterns.get(a.pattern_id)
        demand = demand_for(pattern, a.role)
        f = assignment_facts(a, person, pattern, demand, effective)
        mine.append(
            MyShift(
                a.id,
                pattern.name if pattern else a.pattern_id,
                a.role,
                a.start.astimezone(tz),
                a.end.astimezone(tz),
                a.start,
                a.end,
                f.night,
                f.weekend,
                f.holiday,
                (demand.content_category or "") if demand else "",
                str(demand.severity) if demand else "",
                bool(demand and demand.on_call),
                a.shadow,
                label,
            )
        )
    first, last = today - timedelta(days=days_back), today + timedelta(days=days_ahead)
    report = wellbeing(
        session,
        team.id,
        first,
        last,
        today=today,
        include_draft=True,
        previous_periods=0,
        responder_ids=[person.id],
    )
    skills = {s.id: s for s in repo.list_all(session, Skill)}
    assessments = repo.list_all(session, Assessment, person_id=person.id)
    levels = effective_levels([person.id], skills.values(), assessments, today)
    my_skills = tuple(
        sorted(
            (
                MySkill(
                    sid,
                    skills[sid].name,
                    lvl.level,
                    lvl.assessed_level,
                    tuple(sorted(str(f) for f in lvl.flags)),
                    lvl.expires_on,
                )
                for (_pid, sid), lvl in levels.items()
                if lvl.source is not None or lvl.pending
            ),
            key=lambda s: (-(s.level or 0), s.name),
        )
    )
    names = {r.id: r.name for r in repo.list_all(session, Responder)}
    goals = []
    for g in repo.list_all(session, Goal, person_id=person.id):
        current = levels.get((person.id, g.skill_id))
        goals.append(
            MyGoal(
                skills[g.skill_id].name if g.skill_id in skills else g.skill_id,
                g.target_level,
                current.level if current else None,
                g.target_date,
                names.get(g.mentor_id or "", ""),
                sum(1 for c in g.checklist if c.done),
                len(g.checklist),
            )
        )
    pairs = [
        m
        for m in repo.list_all(session, MentoringRelationship)
        if m.status == MentoringStatus.ACTIVE and person.id in (m.mentor_id, m.mentee_id)
    ]
    return Me(
        responder=person,
        local_now=local,
        next_shifts=tuple(mine),
        load=report.people[0] if report.people else person_wellbeing(person, (), report.limits),
        limits=report.limits,
        period=(first, last),
        skills=my_skills,
        goals=tuple(goals),
        mentors=tuple(names.get(m.mentor_id, "") for m in pairs if m.mentee_id == person.id),
        mentees=tuple(names.get(m.mentee_id, "") for m in pairs if m.mentor_id == person.id),
    )
