"""Use cases of the on-call application: one function per use case, each takes a ``Session``.

The CLI, the Streamlit pages and the feed server call these and nothing deeper. A service owns
its unit of work inside the session it is given (the caller's ``database.session()`` block commits
or rolls back). Services return plain domain objects or small frozen view objects, never rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rota import demo
from rota.domain import (
    DAY_NAMES,
    Leave,
    Responder,
    ShiftPattern,
    Team,
)
from rota.errors import InputError, NotFoundError
from rota.storage import repo
from rota.timezones import local_now, utc_offset_label
from skills.model import Skill


# ---------------------------------------------------------------------------------------------
# Teams


def list_teams(session) -> list[Team]:
    """Every team, by name."""
    return sorted(repo.list_all(session, Team), key=lambda t: t.name)


def resolve_team(session, team: str | None) -> Team:
    """The team named or identified by ``team``; it may be omitted when there is only one team."""
    teams = list_teams(session)
    if team is None:
        if len(teams) == 1:
            return teams[0]
        if not teams:
            raise NotFoundError("team", "(none)", "run `tandem demo` or create a team first")
        names = ", ".join(t.id for t in teams)
        raise InputError("--team", None, f"there are several teams; name one of: {names}")
    for candidate in teams:
        if team in (candidate.id, candidate.name):
            return candidate
    known = ", ".join(t.id for t in teams) or "(none)"
    raise NotFoundError("team", team, f"known teams: {known}")


# ---------------------------------------------------------------------------------------------
# Demo team


@dataclass(frozen=True)
class SeedReport:
    team_id: str
    created: bool
    counts: dict[str, int]

    def summary(self) -> str:
        if not self.created:
            return f"demo team {self.team_id!r} is already there; nothing changed"
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"seeded demo team {self.team_id!r}: {parts}"


def seed_demo(session, today: date) -> SeedReport:
    """Seed the demo APAC team once; a second call changes nothing (idempotent)."""
    data = demo.build_demo(today)
    if repo.get(session, Team, data.team.id) is not None:
        return SeedReport(data.team.id, False, {})
    groups: dict[str, Sequence[object]] = {
        "responders": data.responders,
        "shift patterns": data.shift_patterns,
        "skills": data.skills,
        "assessments": data.assessments,
        "interests": data.interests,
        "role targets": data.role_targets,
        "mentoring pairs": data.mentoring,
        "goals": data.goals,
        "progression tracks": data.tracks,
        "leave": data.leave,
        "critical incidents": data.incidents,
        "exposure entries": data.exposure,
    }
    repo.save(session, data.team)
    for objects in groups.values():
        repo.save_all(session, objects)
    return SeedReport(data.team.id, True, {k: len(v) for k, v in groups.items()})


def database_is_empty(session) -> bool:
    return not repo.list_all(session, Team)


# ---------------------------------------------------------------------------------------------
# Team overview


@dataclass(frozen=True)
class ResponderView:
    """A responder as the team page shows them, with their local time at ``now``."""

    responder: Responder
    local_time: datetime
    utc_offset: str
    on_leave_today: Leave | None
    upcoming_leave: tuple[Leave, ...]

    @property
    def languages_text(self) -> str:
        return ", ".join(f"{ls.language} ({ls.proficiency})" for ls in self.responder.languages)

    @property
    def working_days_text(self) -> str:
        return " ".join(DAY_NAMES[d] for d in sorted(self.responder.working_days))


def team_overview(session, team_id: str, now: datetime) -> list[ResponderView]:
    """Active responders of a team with their local time now and their leave, by zone then name."""
    responders = [r for r in repo.list_all(session, Responder, team_id=team_id) if r.active]
    leave_by_person: dict[str, list[Leave]] = {}
    for entry in repo.list_all(session, Leave):
        leave_by_person.setdefault(entry.responder_id, []).append(entry)
    views = []
    for person in responders:
        local = local_now(person.timezone, now)
        today = local.date()
        mine = sorted(leave_by_person.get(person.id, []), key=lambda e: e.start)
        views.append(
            ResponderView(
                responder=person,
                local_time=local,
                utc_offset=utc_offset_label(person.timezone, now),
                on_leave_today=next((e for e in mine if e.covers(today)), None),
                upcoming_leave=tuple(e for e in mine if e.end >= today),
            )
        )
    return sorted(views, key=lambda v: (v.local_time.utcoffset(), v.responder.name))


@dataclass(frozen=True)
class CoverageDesign:
    team: Team
    patterns: tuple[ShiftPattern, ...]
    skills: dict[str, Skill]


def coverage_design(session, team_id: str) -> CoverageDesign:
    """The team's shift patterns with their role demands, and the skills they refer to."""
    team = repo.get(session, Team, team_id)
    if team is None:
        raise NotFoundError("team", team_id)
    patterns = sorted(
        repo.list_all(session, ShiftPattern, team_id=team_id), key=lambda p: (p.zone, p.start)
    )
    skills = {s.id: s for s in repo.list_all(session, Skill)}
    return CoverageDesign(team, tuple(patterns), skills)
