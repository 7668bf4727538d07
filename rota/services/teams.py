"""Use cases of the team: teams, the demo team, who is on it (with local time), the coverage design,
and membership: add, edit and offboard responders, with input checks that name the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import available_timezones

from rota.demo import build_demo, impossible_leave, japanese_blackout_week
from rota.domain.absences import Leave
from rota.domain.patterns import ShiftPattern
from rota.domain.responders import LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Rota, RotaStatus
from rota.domain.team import DAY_NAMES, WEEKDAYS, Team
from rota.domain.timezones import local_now, public_holidays, utc_offset_label, zone
from rota.errors import InputError, NotFoundError
from rota.services._common import get_team, responders_of
from rota.services.feeds import offboard_revoke
from rota.services.planning import published_timeline
from rota.storage import repo
from skills.model import Skill


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
    data = build_demo(today)
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


def seed_impossible_week(session, today: date, *, undo: bool = False) -> tuple[date, date, int]:
    """Send every Japanese speaker of the demo team on leave the same week (or take it back).

    A deliberately impossible case: the Japanese desk in Tokyo business hours cannot be staffed,
    so planning that week shows how Tandem explains an impossible plan. Returns the week and how
    many leave entries were added or removed.
    """
    data = build_demo(today)
    if repo.get(session, Team, data.team.id) is None:
        raise NotFoundError("demo team", data.team.id, "run `tandem demo` first")
    first, last = japanese_blackout_week(today)
    entries = impossible_leave(data, today)
    changed = 0
    for entry in entries:
        exists = repo.get(session, Leave, entry.id) is not None
        if undo and exists:
            repo.delete(session, Leave, entry.id)
            changed += 1
        elif not undo and not exists:
            repo.save(session, entry)
            changed += 1
    return first, last, changed


def database_is_empty(session) -> bool:
    return not repo.list_all(session, Team)


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


def list_responders(session, team_id: str, *, include_inactive: bool = False) -> list[Responder]:
    """The team's responders by name (active only unless asked)."""
    people = responders_of(session, team_id).values()
    return sorted((r for r in people if include_inactive or r.active), key=lambda r: r.name)


_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@lru_cache(maxsize=1)
def known_zones() -> tuple[str, ...]:
    """IANA zones a responder can have (region/city names, sorted)."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")))


@dataclass(frozen=True)
class ResponderInput:
    """What the team page's add / edit form sends."""

    name: str
    email: str
    timezone: str
    country: str
    subdivision: str | None = None
    languages: str = ""  # "ja:native en:fluent"
    contract_hours_per_week: float = 40.0
    working_days: tuple[int, ...] = WEEKDAYS
    night_work_consent: bool = False
    start_date: date | None = None


def parse_languages(text: str) -> tuple[LanguageSkill, ...]:
    """``"ja:native, en:fluent"`` (code and proficiency, default fluent) as language skills."""
    out = []
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        code, _, level = item.partition(":")
        code = code.strip().lower()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise InputError(
                "languages", item, "give ISO 639-1 codes with a level, e.g. 'ja:native, en:fluent'"
            )
        try:
            proficiency = Proficiency((level or "fluent").strip().lower())
        except ValueError:
            levels = ", ".join(p.value for p in Proficiency)
            raise InputError("languages", item, f"use one of these levels: {levels}") from None
        out.append(LanguageSkill(code, proficiency))
    return tuple(out)


def languages_text(languages: Iterable[LanguageSkill]) -> str:
    return ", ".join(f"{ls.language}:{ls.proficiency}" for ls in languages)


def _check(session, team_id: str, data: ResponderInput, *, exclude_id: str | None) -> None:
    if not data.name.strip():
        raise InputError("name", data.name, "give the responder's name")
    email = data.email.strip()
    if not _EMAIL.match(email):
        raise InputError("e-mail", data.email, "give an address like aiko.tanaka@example.org")
    for other in repo.list_all(session, Responder):
        if other.id != exclude_id and other.email.lower() == email.lower():
            raise InputError(
                "e-mail", email, f"{other.name} already uses it; give each responder their own"
            )
    if data.timezone not in known_zones():
        zone(data.timezone)  # names the closest zones
        raise InputError("zone", data.timezone, "pick an IANA zone such as Asia/Tokyo")
    country = data.country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise InputError("country", data.country, "give an ISO 3166-1 alpha-2 code, e.g. JP")
    public_holidays(
        country,
        (data.subdivision or "").strip().upper() or None,
        date(2026, 1, 1),
        date(2026, 1, 1),
    )
    if country == "AU" and not (data.subdivision or "").strip():
        raise InputError(
            "subdivision", data.subdivision, "give the Australian state (e.g. NSW) for its holidays"
        )
    if not 1 <= data.contract_hours_per_week <= 80:
        raise InputError(
            "contract hours per week", data.contract_hours_per_week, "give 1 to 80 hours"
        )
    if not data.working_days or any(d not in range(7) for d in data.working_days):
        raise InputError("working days", data.working_days, "pick at least one day (0 = Monday)")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "responder"


def add_responder(session, team_id: str, data: ResponderInput, *, today: date) -> Responder:
    """Add a responder to the team after checking the input (zone, e-mail, country, hours)."""
    get_team(session, team_id)
    _check(session, team_id, data, exclude_id=None)
    base = _slug(data.name)
    rid, n = base, 2
    while repo.get(session, Responder, rid) is not None:
        rid, n = f"{base}-{n}", n + 1
    person = Responder(
        id=rid,
        team_id=team_id,
        name=data.name.strip(),
        email=data.email.strip(),
        timezone=data.timezone,
        country=data.country.strip().upper(),
        subdivision=(data.subdivision or "").strip().upper() or None,
        languages=parse_languages(data.languages),
        contract_hours_per_week=float(data.contract_hours_per_week),
        working_days=tuple(sorted(set(data.working_days))),
        start_date=data.start_date or today,
        night_work_consent=data.night_work_consent,
    )
    repo.save(session, person)
    return person


def update_responder(session, responder_id: str, data: ResponderInput) -> Responder:
    """Change a responder's details (skills, clearances and history stay as they are)."""
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    _check(session, person.team_id, data, exclude_id=person.id)
    changed = replace(
        person,
        name=data.name.strip(),
        email=data.email.strip(),
        timezone=data.timezone,
        country=data.country.strip().upper(),
        subdivision=(data.subdivision or "").strip().upper() or None,
        languages=parse_languages(data.languages),
        contract_hours_per_week=float(data.contract_hours_per_week),
        working_days=tuple(sorted(set(data.working_days))),
        night_work_consent=data.night_work_consent,
        start_date=data.start_date or person.start_date,
    )
    repo.save(session, changed)
    return changed


@dataclass(frozen=True)
class OffboardOutcome:
    responder: Responder
    #: assignments of the drafts after the last day that now need someone else
    draft_assignments_after: int
    #: what else offboarding did, in words (e.g. calendar-feed links revoked)
    notes: tuple[str, ...] = ()
    #: published shifts of theirs after the last day: re-plan those days or override them
    published_after: int = 0


def offboard(session, responder_id: str, *, last_day: date, now: datetime) -> OffboardOutcome:
    """Offboard a responder: inactive from now on with ``last_day`` as their end date.

    History (published rotas, assessments, exposure log) is kept; the responder's calendar-feed
    links are revoked in the same transaction.
    """
    person = repo.get(session, Responder, responder_id)
    if person is None:
        raise NotFoundError("responder", responder_id)
    if last_day < person.start_date:
        raise InputError(
            "last day",
            last_day.isoformat(),
            f"give a day on or after their start {person.start_date}",
        )
    changed = replace(person, active=False, end_date=last_day)
    repo.save(session, changed)
    tz = zone(person.timezone)

    def theirs_after(assignments) -> int:
        return sum(
            1
            for a in assignments
            if a.responder_id == person.id and a.start.astimezone(tz).date() > last_day
        )

    after = sum(
        theirs_after(d.assignments)
        for d in repo.list_all(session, Rota, team_id=person.team_id, status=RotaStatus.DRAFT)
    )
    published_after = theirs_after(published_timeline(session, person.team_id).assignments)
    revoked = offboard_revoke(session, person.id, now)
    notes = (
        (f"revoked {revoked} calendar-feed link{'s' if revoked != 1 else ''}",) if revoked else ()
    )
    if published_after:
        notes += (
            f"{published_after} published shift{'s' if published_after != 1 else ''} after "
            f"{last_day} still name them: override them or re-plan those days",
        )
    return OffboardOutcome(changed, after, notes, published_after)
