"""The fictional demo team: APAC Incident Response, about 30 responders in nine cities.

The demo is data: ``data/*.toml`` beside this module (team, people, skills, patterns, leave,
assessments, mentoring), read by the small loader below. ``build_demo(today)`` returns the whole
demo as plain domain objects (``DemoData``). It is deterministic: no clock, no randomness; every
date is an offset from ``today`` so the demo always looks current, and every instant is an aware
UTC ``datetime``. The exposure log of the last two weeks is made by a round robin
(:mod:`rota.demo.exposure`).

Everything here is invented. Names are fictional, e-mail addresses use the reserved domain
``example.org``, and incident summaries are bland and abstract on purpose.

Coverage design
===============

All on-call blocks carry a primary (incident-command >= 3) and a secondary (incident-command >= 2),
both ``on_call``. The blocks are defined in the zone of the people who normally staff them, so they
follow the sun; at the DST seams they overlap by an hour instead of leaving a gap (a test walks a
whole year in UTC to prove 24x7 cover)::

    pattern               zone              local hours  days  demands
    oncall-oceania        Australia/Sydney  07:00-14:00  all   primary, secondary
    oncall-asia           Asia/Singapore    11:00-18:00  all   primary, secondary
    oncall-india-evening  Asia/Kolkata      15:30-21:30  all   primary, secondary
    oncall-apac-night     UTC               16:00-21:00  all   primary, secondary (night)
    hs-review-weekday     Asia/Singapore    09:00-17:00  M-F   3 x HS review, 2.5-4 h queue each
    hs-review-weekend     Asia/Singapore    09:00-13:00  S-S   3 x HS review, 2.5-4 h queue each
    lang-ja               Asia/Tokyo        09:00-18:00  M-F   Japanese speaker
    lang-ko               Asia/Seoul        09:00-18:00  M-F   Korean speaker
    lang-id               Asia/Jakarta      09:00-17:00  M-F   Bahasa Indonesia speaker
    reg-au                Australia/Sydney  09:00-17:00  M-F   eSafety desk (AU >= 3), 3 h queue
    reg-jp                Asia/Tokyo        09:00-17:00  M-F   Japan desk (JP market >= 3)

HS review = one reviewer per category with the category's harm skill at level >= 3 and a
clearance. The daily cap of 4 h applies to *weighted* hours (child safety and live self-harm weigh
1.5), so those queues take 2.5 h of a shift (3.75 weighted hours) and violent extremism 4 h.
The eSafety desk reviews about 3 h of harassment material (medium, 1.5 weighted hours).

In UTC (Sydney in daylight time, as in the southern summer) the on-call chain is Oceania
20:00-03:00, Asia 03:00-10:00, India evening 10:00-16:00, APAC night 16:00-21:00 (an hour of overlap
with Oceania; in the southern winter Oceania runs 21:00-04:00 and overlaps Asia instead).
16:00-21:00 UTC is 21:30-02:30 in Bangalore, 00:00-05:00 in Singapore, 03:00-08:00 in Sydney and
05:00-10:00 in Auckland: local night (or a very early start) everywhere, so it needs night consent;
Bangalore, Sydney and Auckland hold most of the consents. Every shift is at most 9 h, below the
10 h day cap of Karnataka and Malaysia and the 12 h shift limit.

Arithmetic (checked by ``tests/test_demo_data.py`` against the data itself)
---------------------------------------------------------------------------
On call: (7 + 7 + 6 + 5) h x 7 days = 175 h/week per role, 350 h/week for primary + secondary.
  27 responders have incident-command >= 2 (secondary-eligible); 25% of 168 h = 42 h each, so the
  team can carry 27 x 42 = 1134 h/week: demand is 31% of the on-call capacity. Primary alone is
  175 h/week for 20 people at incident-command >= 3 (840 h/week capacity, 21%). The night block is
  35 h/week per role, 14 shifts/week; 11 responders consent to nights, and the policy target of
  4 nights per 14 days gives 11 x 2 = 22 night shifts/week (64% used); 9 of them can be primary.
High severity: weekdays (2.5 + 2.5 + 4) h x 5 = 45 h, weekends (2.5 + 2.5 + 4) h x 2 = 18 h,
  so 63 queue hours a week, 80.5 weighted (35 h at 1.5 plus 28 h at 1.0). At the 16 h/week target
  per cleared person that is 5 people; 28 are cleared with level >= 3 in at least one category
  (child safety 18, self-harm 27, violent extremism 14): 448 weighted hours a week of budget, 18%
  used. No assignment exceeds 4 weighted hours a day.
Shifts: 56 on-call + 21 high-severity + 15 language + 10 regulatory = 102 shifts, 704 h/week.
  Leaving out the two new joiners (they shadow), 28 people give 26 x 5 + 2 x 4 = 138 shifts and
  26 x 40 + 2 x 32 = 1104 contract hours a week: 74% of shifts and 64% of hours, leaving room for
  leave (about 8%), shadow shifts, training and project work.
Languages: each window needs one speaker for 45 h (ja, ko) or 40 h (id) a week; there are 5
  Japanese, 4 Korean and 4 Indonesian speakers, so at least 2 are free on every day of the next
  4 weeks despite leave (Aiko Tanaka and Haruto Sato overlap by four days, Olivia Bennett
  and James Whitfield in Oceania by five).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from rota.demo.exposure import Desk, LogRules, exposure_log
from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern, SkillRequirement
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.team import ALL_DAYS, Team, TeamRole
from skills.mentoring import goal_checklist
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

DATA = Path(__file__).with_name("data")


@cache
def _read(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


_TEAM = _read("team")
TEAM_ID: str = _TEAM["team"]["id"]
#: Content categories used in role demands, clearances, incidents and the exposure log.
CONTENT_CATEGORIES: tuple[str, ...] = tuple(_TEAM["content"]["categories"])
#: How harmful each category's material is (drives the exposure budget).
CATEGORY_SEVERITY: dict[str, Severity] = {
    k: Severity(v) for k, v in _TEAM["content"]["severity"].items()
}
#: The harm-area skill that goes with each content category.
CATEGORY_SKILL: dict[str, str] = dict(_TEAM["content"]["skill"])
HIGH_SEVERITY_CATEGORIES: tuple[str, ...] = tuple(_TEAM["content"]["high_severity"])
#: Days of exposure history in the demo log (today - 14 .. today - 1).
EXPOSURE_LOG_DAYS: int = _TEAM["exposure_log"]["days"]


@dataclass(frozen=True)
class DemoData:
    """Everything the demo team is made of, as domain objects in stable order."""

    team: Team
    responders: tuple[Responder, ...]
    shift_patterns: tuple[ShiftPattern, ...]
    leave: tuple[Leave, ...]
    incidents: tuple[CriticalIncident, ...]
    exposure: tuple[ExposureEntry, ...]
    skills: tuple[Skill, ...]
    assessments: tuple[Assessment, ...]
    interests: tuple[Interest, ...]
    role_targets: tuple[RoleTarget, ...]
    mentoring: tuple[MentoringRelationship, ...]
    goals: tuple[Goal, ...]
    tracks: tuple[ProgressionTrack, ...]
    content_categories: tuple[str, ...] = CONTENT_CATEGORIES


# ---------------------------------------------------------------------------------------------
# People


def _levels(person: dict[str, Any]) -> dict[str, int]:
    """The person's levels from their ``levels`` string (one digit per matrix skill, 0 = none)."""
    digits = person["levels"].replace(" ", "")
    matrix = _read("skills")["matrix"]
    return {skill: int(d) for skill, d in zip(matrix, digits, strict=True) if d != "0"}


def _languages(text: str) -> tuple[LanguageSkill, ...]:
    pairs = (item.split(":") for item in text.split())
    return tuple(LanguageSkill(code, Proficiency(level)) for code, level in pairs)


def _clearances(person: dict[str, Any], start: date) -> tuple[CategoryClearance, ...]:
    rules = _read("people")["clearances"]
    exceptions = {(e["person"], e["category"]): e for e in rules["exceptions"]}
    levels = _levels(person)
    result = []
    for category in CONTENT_CATEGORIES:
        exception = exceptions.get((person["id"], category))
        if exception is not None:
            trained, consented = exception.get("trained"), exception.get("consented")
        elif levels.get(CATEGORY_SKILL[category], 0) >= rules["min_level"]:
            trained = rules["trained_days_after_start"]
            consented = rules["consented_days_after_start"]
        else:
            continue
        result.append(
            CategoryClearance(
                category,
                trained_on=None if trained is None else start + timedelta(days=trained),
                consented_on=None if consented is None else start + timedelta(days=consented),
            )
        )
    return tuple(result)


def _responders(today: date) -> tuple[Responder, ...]:
    data = _read("people")
    result = []
    for person in data["people"]:
        city = data["cities"][person["city"]]
        start = today - timedelta(days=person["started_days_ago"])
        result.append(
            Responder(
                id=person["id"],
                team_id=TEAM_ID,
                name=person["name"],
                email=person["email"],
                timezone=city["zone"],
                country=city["country"],
                subdivision=city.get("subdivision"),
                languages=_languages(person["languages"]),
                contract_hours_per_week=float(person.get("hours", 40.0)),
                working_days=tuple(person.get("days", ALL_DAYS)),
                start_date=start,
                night_work_consent=person.get("night_work_consent", False),
                opted_out_categories=frozenset(person.get("opted_out", ())),
                clearances=_clearances(person, start),
                team_role=TeamRole(person.get("role", TeamRole.RESPONDER.value)),
            )
        )
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Skills, patterns, leave and incidents


def _skills() -> tuple[Skill, ...]:
    data = _read("skills")
    return tuple(
        Skill(
            s["id"],
            s["name"],
            SkillCategory(s["category"]),
            s["description"],
            tuple(text.format(subject=s["subject"]) for text in data["descriptors"]),
            validity_days=s.get("validity_days"),
            recency_days=s.get("recency_days"),
            prerequisites=tuple(s.get("prerequisites", ())),
        )
        for s in data["skills"]
    )


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _shift_patterns() -> tuple[ShiftPattern, ...]:
    return tuple(
        ShiftPattern(
            id=p["id"],
            team_id=TEAM_ID,
            name=p["name"],
            zone=p["zone"],
            start=_clock(p["start"]),
            end=_clock(p["end"]),
            days=tuple(p.get("days", ALL_DAYS)),
            kind=p["kind"],
            demands=tuple(
                RoleDemand(
                    d["role"],
                    required_skills=tuple(
                        SkillRequirement(skill, level) for skill, level in d.get("skills", ())
                    ),
                    required_languages=tuple(d.get("languages", ())),
                    content_category=d.get("category"),
                    severity=Severity(d.get("severity", Severity.NONE.value)),
                    on_call=d.get("on_call", False),
                    queue_hours=d.get("queue_hours"),
                )
                for d in p["demands"]
            ),
            description=p["description"],
        )
        for p in _read("patterns")["patterns"]
    )


def _leave(today: date) -> tuple[Leave, ...]:
    return tuple(
        Leave(
            id=f"leave-{n:03d}",
            responder_id=e["person"],
            start=today + timedelta(days=e["first"]),
            end=today + timedelta(days=e["last"]),
            kind=LeaveKind(e["kind"]),
            note=e["note"],
        )
        for n, e in enumerate(_read("leave")["leave"], start=1)
    )


def _incidents(today: date) -> tuple[CriticalIncident, ...]:
    result = []
    for n, i in enumerate(_read("leave")["incidents"], start=1):
        at = datetime.combine(today - timedelta(days=i["days_ago"]), _clock(i["at_utc"]), UTC)
        waived = i.get("waived", False)
        result.append(
            CriticalIncident(
                id=f"ci-{n:03d}",
                responder_id=i["person"],
                occurred_at=at,
                category=i["category"],
                summary=i["summary"],
                # the responder's own waiver, recorded an hour after the incident
                waived_by=i["person"] if waived else None,
                waived_at=at + timedelta(hours=1) if waived else None,
            )
        )
    return tuple(result)


def _log_rules() -> LogRules:
    log = _TEAM["exposure_log"]
    return LogRules(
        days=log["days"],
        incident_hours=log["incident_hours"],
        max_weighted_hours_7_days=log["max_weighted_hours_7_days"],
        max_days_in_a_row=log["max_days_in_a_row"],
        severity_weight={Severity(k): v for k, v in log["severity_weight"].items()},
        queue_hours={Severity(k): v for k, v in log["queue_hours"].items()},
        category_severity=CATEGORY_SEVERITY,
        category_skill=CATEGORY_SKILL,
        high_severity=HIGH_SEVERITY_CATEGORIES,
        desks=tuple(
            Desk(d["skill"], d["category"], d["hours"], tuple(d["countries"])) for d in log["desks"]
        ),
    )


# ---------------------------------------------------------------------------------------------
# Assessments


def _assessments(today: date) -> tuple[Assessment, ...]:
    """Every roster level as approved assessments (its history, or one baseline assessment),
    then the rows that do not count (yet); numbered oldest first (see assessments.toml)."""
    data = _read("assessments")
    base = data["baseline"]
    manager, lead = data["manager"], data["lead"]
    history = {
        (h["person"], h["skill"]): [
            (ago, level, AssessmentSource(source), assessor)
            for ago, level, source, assessor in h["entries"]
        ]
        for h in data["history"]
    }
    rows: list[tuple] = []
    for n, person in enumerate(_read("people")["people"]):
        pid, started = person["id"], person["started_days_ago"]
        baseline = min(
            base["days_ago"] + base["days_ago_per_place"] * n, started - base["days_before_start"]
        )
        for skill, level in _levels(person).items():
            entries = history.get((pid, skill))
            if entries is None:
                source = (
                    AssessmentSource.CALIBRATION
                    if started > base["calibration_after_days"]
                    else AssessmentSource.TEST
                )
                entries = [(baseline, level, source, manager if pid != manager else lead)]
            for ago, old_level, source, assessor in entries:
                rows.append(
                    (pid, skill, ago, old_level, source, assessor, AssessmentStatus.APPROVED, "")
                )
    for o in data["other"]:
        rows.append(
            (
                o["person"],
                o["skill"],
                o["days_ago"],
                o.get("level"),
                AssessmentSource(o["source"]),
                o.get("assessor"),
                AssessmentStatus(o["status"]),
                o["comment"],
            )
        )
    rows.sort(key=lambda row: (-row[2], row[0], row[1]))
    result = []
    for n, (person, skill, ago, level, source, assessor, status, comment) in enumerate(
        rows, start=1
    ):
        assessed_at = datetime.combine(
            today - timedelta(days=ago), time(data["assessed_hour_utc"]), UTC
        )
        decided = status in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED)
        decider = next(c for c in data["deciders"] if c not in (person, assessor))
        result.append(
            Assessment(
                id=f"as-{n:04d}",
                person_id=person,
                skill_id=skill,
                level=level,
                source=source,
                assessor_id=assessor,
                assessed_at=assessed_at,
                status=status,
                decided_by=decider if decided else None,
                decided_at=assessed_at + timedelta(hours=data["decided_after_hours"])
                if decided
                else None,
                comment=comment,
            )
        )
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Interests, role targets, mentoring, goals, progression


def _interests() -> tuple[Interest, ...]:
    return tuple(Interest(p, s, i) for p, s, i in _read("skills")["interests"])


def _role_targets() -> tuple[RoleTarget, ...]:
    return tuple(
        RoleTarget(
            t["role"],
            t["skill"],
            t["level"],
            mandatory=t.get("mandatory", False),
            importance=t["importance"],
        )
        for t in _read("skills")["role_targets"]
    )


def _mentoring(today: date) -> tuple[MentoringRelationship, ...]:
    return tuple(
        MentoringRelationship(
            id=m["id"],
            mentor_id=m["mentor"],
            mentee_id=m["mentee"],
            skill_ids=tuple(m["skills"]),
            status=MentoringStatus(m["status"]),
            start=today + timedelta(days=m["start"]),
            end=today + timedelta(days=m["end"]) if "end" in m else None,
            shadow_shifts_per_week=m["shadow_shifts_per_week"],
        )
        for m in _read("mentoring")["pairs"]
    )


def _goals(today: date, skills: dict[str, Skill]) -> tuple[Goal, ...]:
    return tuple(
        Goal(
            id=g["id"],
            person_id=g["person"],
            skill_id=g["skill"],
            target_level=g["target_level"],
            target_date=today + timedelta(days=g["due"]),
            mentor_id=g.get("mentor"),
            checklist=goal_checklist(skills[g["skill"]], g["current_level"], g["target_level"])
            + tuple(ChecklistItem(text, done) for text, done in g["practical"]),
        )
        for g in _read("mentoring")["goals"]
    )


def _tracks(today: date) -> tuple[ProgressionTrack, ...]:
    return tuple(
        ProgressionTrack(
            t["id"],
            t["person"],
            t["skill"],
            Stage(t["stage"]),
            today - timedelta(days=t["since"]),
            t.get("mentor"),
            tuple(
                Evidence(
                    EvidenceKind(e["kind"]),
                    today - timedelta(days=e["days_ago"]),
                    ref=e["ref"],
                    count=e.get("count", 1),
                    judged_right=e.get("judged_right", 0),
                    note=e.get("note", ""),
                )
                for e in t.get("evidence", ())
            ),
        )
        for t in _read("mentoring")["tracks"]
    )


# ---------------------------------------------------------------------------------------------
# Public API


def build_demo(today: date) -> DemoData:
    """The demo team as of ``today`` (a UTC date): same ``today``, equal data."""
    responders = _responders(today)
    leave = _leave(today)
    incidents = _incidents(today)
    skills = _skills()
    levels = {p["id"]: _levels(p) for p in _read("people")["people"]}
    team = _TEAM["team"]
    return DemoData(
        team=Team(
            id=team["id"],
            name=team["name"],
            display_zone=team["display_zone"],
            description=team["description"],
        ),
        responders=responders,
        shift_patterns=_shift_patterns(),
        leave=leave,
        incidents=incidents,
        exposure=exposure_log(today, responders, levels, leave, incidents, _log_rules()),
        skills=skills,
        assessments=_assessments(today),
        interests=_interests(),
        role_targets=_role_targets(),
        mentoring=_mentoring(today),
        goals=_goals(today, {s.id: s for s in skills}),
        tracks=_tracks(today),
    )


def japanese_blackout_week(today: date) -> tuple[date, date]:
    """Monday to Friday of the week used by the impossible variant: the first Monday at least a
    week after ``today`` (so it never touches the regular leave of the Japanese speakers)."""
    monday = today + timedelta(days=7 + (-today.weekday()) % 7)
    return monday, monday + timedelta(days=4)


def impossible_leave(data: DemoData, today: date) -> tuple[Leave, ...]:
    """Leave that sends every Japanese speaker away for one working week (Tokyo business hours
    cannot be covered): for demonstrating infeasibility explanations."""
    first, last = japanese_blackout_week(today)
    speakers = [r for r in data.responders if r.speaks("ja")]
    return tuple(
        Leave(
            id=f"leave-blackout-{n:02d}",
            responder_id=r.id,
            start=first,
            end=last,
            kind=LeaveKind.ANNUAL,
            note="Demo scenario: every Japanese speaker away the same week",
        )
        for n, r in enumerate(speakers, start=1)
    )


def build_impossible_demo(today: date) -> DemoData:
    """The demo with every Japanese speaker on leave in the same week: the Japanese language
    desk (09:00-18:00 Asia/Tokyo, weekdays) cannot be staffed that week."""
    data = build_demo(today)
    return replace(data, leave=data.leave + impossible_leave(data, today))
