"""The fictional demo team: APAC Incident Response, about 30 responders in nine cities.

``build_demo(today)`` returns the whole demo as plain domain objects (``DemoData``). It is pure and
deterministic: no I/O, no clock, no randomness; every date is an offset from ``today`` so the demo
always looks current, and every instant is an aware UTC ``datetime``.

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

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rota.domain.absences import Leave, LeaveKind
from rota.domain.exposure import CriticalIncident, ExposureEntry
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern, SkillRequirement
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.team import ALL_DAYS, WEEKDAYS, Team, TeamRole
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

TEAM_ID = "apac-ir"

#: Content categories used in role demands, clearances, incidents and the exposure log.
CONTENT_CATEGORIES: tuple[str, ...] = (
    "child-safety",
    "self-harm",
    "violent-extremism",
    "hate-harassment",
    "scams",
)
#: How harmful each category's material is (drives the exposure budget).
CATEGORY_SEVERITY: dict[str, Severity] = {
    "child-safety": Severity.EXTREME,
    "self-harm": Severity.EXTREME,
    "violent-extremism": Severity.HIGH,
    "hate-harassment": Severity.MEDIUM,
    "scams": Severity.LOW,
}
#: The harm-area skill that goes with each content category.
CATEGORY_SKILL: dict[str, str] = {
    "child-safety": "child-safety-escalation",
    "self-harm": "self-harm-suicide",
    "violent-extremism": "violent-extremism",
    "hate-harassment": "hate-harassment",
    "scams": "scams-fraud",
}
HIGH_SEVERITY_CATEGORIES: tuple[str, ...] = ("child-safety", "self-harm", "violent-extremism")

#: Days of exposure history in the demo log (today - 14 .. today - 1).
EXPOSURE_LOG_DAYS = 14
#: Weights of the exposure budget (policy): the daily cap of 4 h applies to weighted hours.
SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.EXTREME: 1.5,
    Severity.HIGH: 1.0,
    Severity.MEDIUM: 0.5,
    Severity.LOW: 0.0,
    Severity.NONE: 0.0,
}
#: Queue hours per high-severity review assignment, so that weighted hours stay within the 4 h
#: daily cap: 2.5 h x 1.5 = 3.75 h for the most harmful queues, 4 h x 1.0 for the others.
QUEUE_HOURS: dict[Severity, float] = {Severity.EXTREME: 2.5, Severity.HIGH: 4.0}
#: Hours of harassment material on the eSafety desk (x 0.5 = 1.5 weighted hours a day).
REGULATORY_QUEUE_HOURS = 3.0


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
# Skills catalogue


def _descriptors(subject: str) -> tuple[str, ...]:
    return (
        f"No experience with {subject}.",
        f"Learning: shadows {subject} with a mentor and follows the playbook step by step.",
        f"Supervised: handles routine {subject} with a level-3 backup on the shift.",
        f"Independent: handles {subject} end to end on a primary shift.",
        f"Expert: handles novel or contested {subject}, teaches others and signs them off.",
    )


def _skills() -> tuple[Skill, ...]:
    harm, market, process = SkillCategory.HARM_AREA, SkillCategory.MARKET, SkillCategory.PROCESS
    return (
        Skill(
            "child-safety-escalation",
            "Child safety escalation",
            harm,
            "Triage and escalation of reports where a child may be at risk.",
            _descriptors("child-safety escalations"),
            validity_days=365,
            recency_days=90,
        ),
        Skill(
            "self-harm-suicide",
            "Self-harm and suicide",
            harm,
            "Live-risk reports of self-harm or suicide and hand-off to emergency partners.",
            _descriptors("self-harm and suicide escalations"),
            validity_days=365,
            recency_days=90,
        ),
        Skill(
            "violent-extremism",
            "Violent extremism",
            harm,
            "Credible threats, attack-related material and referrals under the crisis protocol.",
            _descriptors("violent-extremism escalations"),
            validity_days=365,
        ),
        Skill(
            "hate-harassment",
            "Hate and harassment",
            harm,
            "Targeted harassment, coordinated abuse and hateful conduct.",
            _descriptors("hate and harassment cases"),
        ),
        Skill(
            "scams-fraud",
            "Scams and fraud",
            harm,
            "Scam campaigns, impersonation and financial fraud.",
            _descriptors("scam and fraud cases"),
        ),
        Skill(
            "market-japan",
            "Japan market and regulators",
            market,
            "Japanese law, regulators and trusted flaggers.",
            _descriptors("Japan market requests"),
        ),
        Skill(
            "market-korea",
            "Korea market and regulators",
            market,
            "Korean law, regulators and trusted flaggers.",
            _descriptors("Korea market requests"),
        ),
        Skill(
            "market-australia-esafety",
            "Australia eSafety",
            market,
            "Notices and complaints from the Australian online safety regulator.",
            _descriptors("Australian regulator notices"),
            validity_days=365,
            prerequisites=("hate-harassment",),
        ),
        Skill(
            "market-india",
            "India market and regulators",
            market,
            "Indian intermediary rules, grievance officers and regulators.",
            _descriptors("India market requests"),
        ),
        Skill(
            "market-indonesia",
            "Indonesia market and regulators",
            market,
            "Indonesian regulators and takedown requests.",
            _descriptors("Indonesia market requests"),
        ),
        Skill(
            "market-singapore",
            "Singapore market and regulators",
            market,
            "Singapore online safety codes and regulator requests.",
            _descriptors("Singapore market requests"),
        ),
        Skill(
            "law-enforcement-requests",
            "Law-enforcement requests",
            process,
            "Emergency disclosure and preservation requests from police.",
            _descriptors("law-enforcement requests"),
            validity_days=730,
        ),
        Skill(
            "crisis-communications",
            "Crisis communications",
            process,
            "Internal and partner communications during a major incident.",
            _descriptors("crisis communications"),
            prerequisites=("incident-command",),
        ),
        Skill(
            "incident-command",
            "Incident command",
            process,
            "Running an incident: roles, timeline, decisions and hand-over.",
            _descriptors("incident command"),
            recency_days=60,
            prerequisites=("self-harm-suicide",),
        ),
    )


#: Column order of the level strings in the roster below.
_MATRIX_SKILLS: tuple[str, ...] = (
    "child-safety-escalation",
    "self-harm-suicide",
    "violent-extremism",
    "hate-harassment",
    "scams-fraud",
    "market-japan",
    "market-korea",
    "market-australia-esafety",
    "market-india",
    "market-indonesia",
    "market-singapore",
    "law-enforcement-requests",
    "crisis-communications",
    "incident-command",
)


# ---------------------------------------------------------------------------------------------
# Roster


_CITIES: dict[str, tuple[str, str, str | None]] = {
    "Singapore": ("Asia/Singapore", "SG", None),
    "Tokyo": ("Asia/Tokyo", "JP", None),
    "Seoul": ("Asia/Seoul", "KR", None),
    "Sydney": ("Australia/Sydney", "AU", "NSW"),
    "Auckland": ("Pacific/Auckland", "NZ", None),
    "Jakarta": ("Asia/Jakarta", "ID", None),
    "Manila": ("Asia/Manila", "PH", None),
    "Bangalore": ("Asia/Kolkata", "IN", "KA"),
    "Bangkok": ("Asia/Bangkok", "TH", None),
}


@dataclass(frozen=True)
class _Person:
    id: str
    name: str
    city: str
    languages: str  # "en:native ja:fluent"
    #: levels in _MATRIX_SKILLS order, grouped "cs sh ve hh sc  jp kr au in id  sg  le cc ic"
    levels: str
    started_days_ago: int
    days: tuple[int, ...] = ALL_DAYS
    hours: float = 40.0
    night: bool = False
    opt_out: frozenset[str] = frozenset()
    role: TeamRole = TeamRole.RESPONDER


# fmt: off
_ROSTER: tuple[_Person, ...] = (
    # Singapore: the manager and the lead work weekdays; the others rotate 24x7.
    _Person("mei-ling-tan", "Mei Ling Tan", "Singapore", "en:native zh:native ms:working",
            "33333 00100 4 344", 3105, WEEKDAYS, role=TeamRole.MANAGER),
    _Person("arjun-pillai", "Arjun Pillai", "Singapore", "en:native ta:native ms:working",
            "44432 30320 4 434", 2480, WEEKDAYS, role=TeamRole.LEAD),
    _Person("nurul-huda", "Nurul Huda Ismail", "Singapore", "ms:native en:fluent id:fluent",
            "33233 00003 3 213", 1290, night=True),
    _Person("daniel-koh", "Daniel Koh Wei Jie", "Singapore", "en:native zh:fluent ja:fluent",
            "23334 20000 3 223", 980),
    # Tokyo: the Japan desk and the Japanese language window.
    _Person("aiko-tanaka", "Aiko Tanaka", "Tokyo", "ja:native en:fluent",
            "33233 40000 0 333", 1820, WEEKDAYS),
    _Person("kenta-ishikawa", "Kenta Ishikawa", "Tokyo", "ja:native en:fluent",
            "44322 41000 0 334", 2210, WEEKDAYS),
    _Person("yui-nakamura", "Yui Nakamura", "Tokyo", "ja:native en:working",
            "23133 30000 0 112", 760, (0, 1, 2, 3), hours=32.0,
            opt_out=frozenset({"violent-extremism"})),
    _Person("haruto-sato", "Haruto Sato", "Tokyo", "ja:native en:fluent ko:working",
            "32233 32000 0 223", 1150, WEEKDAYS),
    # Seoul: the Korean language window.
    _Person("minji-kim", "Min-ji Kim", "Seoul", "ko:native en:fluent",
            "33333 04000 0 223", 1640),
    _Person("jiho-park", "Ji-ho Park", "Seoul", "ko:native en:fluent ja:working",
            "23234 13000 0 212", 690, WEEKDAYS),
    _Person("seoyeon-choi", "Seo-yeon Choi", "Seoul", "ko:native en:fluent zh:working",
            "34232 03000 0 123", 1420),
    # Sydney (NSW): Oceania mornings, the eSafety desk, some nights.
    _Person("olivia-bennett", "Olivia Bennett", "Sydney", "en:native",
            "43342 00400 0 434", 2650, night=True),
    _Person("thuy-pham", "Thuy Pham", "Sydney", "en:native vi:native",
            "33333 00300 0 223", 1370, night=True),
    _Person("priya-raman", "Priya Raman", "Sydney", "en:native ta:fluent hi:working",
            "23143 00300 0 122", 1010, (1, 2, 3, 4), hours=32.0,
            opt_out=frozenset({"child-safety"})),
    _Person("hyunwoo-lee", "Hyun-woo Lee", "Sydney", "en:native ko:native",
            "23233 02200 0 112", 820, night=True),
    # Auckland: Oceania mornings and the early part of the APAC night.
    _Person("aroha-manu", "Aroha Manu", "Auckland", "en:native mi:fluent",
            "34332 00200 0 233", 1560, night=True),
    _Person("james-whitfield", "James Whitfield", "Auckland", "en:native",
            "33432 00300 0 323", 1930, night=True),
    _Person("mele-fifita", "Mele Fifita", "Auckland", "en:native to:native",
            "23233 00100 0 112", 600, night=True),
    # Jakarta: the Bahasa Indonesia window.
    _Person("rina-kusumawardani", "Rina Kusumawardani", "Jakarta", "id:native en:fluent",
            "33333 00004 1 223", 1700),
    _Person("sari-handayani", "Sari Handayani", "Jakarta", "id:native en:fluent jv:native",
            "23234 00003 1 112", 900),
    _Person("bayu-prasetyo", "Bayu Prasetyo", "Jakarta", "id:native en:fluent",
            "00012 00002 0 000", 20),
    # Manila.
    _Person("andrea-villanueva", "Andrea Villanueva", "Manila", "tl:native en:native",
            "33233 00000 2 223", 1250),
    _Person("paolo-reyes", "Paolo Reyes", "Manila", "tl:native en:native",
            "33323 00000 1 323", 1480, night=True),
    _Person("kristine-delacruz", "Kristine Dela Cruz", "Manila", "tl:native en:fluent",
            "11022 00000 0 000", 12),
    # Bangalore (Karnataka): the India evening block and the APAC night.
    _Person("ananya-rao", "Ananya Rao", "Bangalore", "en:fluent hi:fluent kn:native",
            "33233 00040 0 223", 1330, night=True),
    _Person("vikram-hegde", "Vikram Hegde", "Bangalore", "en:fluent kn:native hi:fluent",
            "34432 00030 0 334", 2300, night=True),
    _Person("kavya-shetty", "Kavya Shetty", "Bangalore", "en:fluent kn:native hi:working",
            "23233 00030 0 111", 730),
    _Person("rohan-iyer", "Rohan Iyer", "Bangalore", "en:fluent ta:native hi:fluent",
            "33323 00030 0 223", 1100, night=True),
    # Bangkok.
    _Person("naree-srisawat", "Naree Srisawat", "Bangkok", "th:native en:fluent",
            "23233 00000 0 112", 880),
    _Person("thanawat-chaiyaporn", "Thanawat Chaiyaporn", "Bangkok", "th:native en:fluent zh:basic",
            "33332 00000 0 223", 1510, opt_out=frozenset({"child-safety"})),
)
# fmt: on


def _levels(person: _Person) -> dict[str, int]:
    digits = person.levels.replace(" ", "")
    return {skill: int(d) for skill, d in zip(_MATRIX_SKILLS, digits, strict=True) if d != "0"}


def _email(person: _Person) -> str:
    given, family = person.id.rsplit("-", 1)
    return f"{given.replace('-', '')}.{family}@example.org"


def _languages(text: str) -> tuple[LanguageSkill, ...]:
    pairs = (item.split(":") for item in text.split())
    return tuple(LanguageSkill(code, Proficiency(level)) for code, level in pairs)


#: Clearances that differ from the default (trained and consented soon after joining for every
#: category whose skill is at level >= 2): (trained days after start, consented days after start).
_CLEARANCE_EXCEPTIONS: dict[tuple[str, str], tuple[int | None, int | None]] = {
    ("mele-fifita", "violent-extremism"): (40, None),  # trained, consent not yet given
    ("kristine-delacruz", "hate-harassment"): (6, 7),
    ("kristine-delacruz", "scams"): (6, 7),
    ("kristine-delacruz", "child-safety"): (9, None),  # induction done, consent pending
    ("kristine-delacruz", "self-harm"): (5, 6),  # for her shadow shifts in self-harm
    ("bayu-prasetyo", "scams"): (5, 6),
    ("bayu-prasetyo", "hate-harassment"): (10, None),
}


def _clearances(person: _Person, start: date) -> tuple[CategoryClearance, ...]:
    levels = _levels(person)
    result = []
    for category in CONTENT_CATEGORIES:
        key = (person.id, category)
        if key in _CLEARANCE_EXCEPTIONS:
            trained, consented = _CLEARANCE_EXCEPTIONS[key]
        elif levels.get(CATEGORY_SKILL[category], 0) >= 2:
            trained, consented = 14, 15
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
    result = []
    for person in _ROSTER:
        zone, country, subdivision = _CITIES[person.city]
        start = today - timedelta(days=person.started_days_ago)
        result.append(
            Responder(
                id=person.id,
                team_id=TEAM_ID,
                name=person.name,
                email=_email(person),
                timezone=zone,
                country=country,
                subdivision=subdivision,
                languages=_languages(person.languages),
                contract_hours_per_week=person.hours,
                working_days=person.days,
                start_date=start,
                night_work_consent=person.night,
                opted_out_categories=person.opt_out,
                clearances=_clearances(person, start),
                team_role=person.role,
            )
        )
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Coverage design


def _on_call(
    pattern_id: str, name: str, zone: str, start: time, end: time, kind: str, description: str
) -> ShiftPattern:
    return ShiftPattern(
        id=pattern_id,
        team_id=TEAM_ID,
        name=name,
        zone=zone,
        start=start,
        end=end,
        days=ALL_DAYS,
        kind=kind,
        demands=(
            RoleDemand(
                "primary",
                required_skills=(SkillRequirement("incident-command", 3),),
                on_call=True,
            ),
            RoleDemand(
                "secondary",
                required_skills=(SkillRequirement("incident-command", 2),),
                on_call=True,
            ),
        ),
        description=description,
    )


def _high_severity_demands(shift_hours: float) -> tuple[RoleDemand, ...]:
    """One reviewer per category; queue hours capped so weighted hours stay within 4 h a day
    (``None`` when the whole shift is queue work)."""
    labels = {
        "child-safety": "child safety",
        "self-harm": "self-harm",
        "violent-extremism": "violent extremism",
    }
    return tuple(
        RoleDemand(
            f"high-severity review: {labels[category]}",
            required_skills=(SkillRequirement(CATEGORY_SKILL[category], 3),),
            content_category=category,
            severity=CATEGORY_SEVERITY[category],
            queue_hours=(
                None
                if QUEUE_HOURS[CATEGORY_SEVERITY[category]] >= shift_hours
                else QUEUE_HOURS[CATEGORY_SEVERITY[category]]
            ),
        )
        for category in HIGH_SEVERITY_CATEGORIES
    )


def _language_desk(
    pattern_id: str, name: str, zone: str, end: time, language: str, label: str
) -> ShiftPattern:
    return ShiftPattern(
        id=pattern_id,
        team_id=TEAM_ID,
        name=name,
        zone=zone,
        start=time(9),
        end=end,
        days=WEEKDAYS,
        kind="day",
        demands=(RoleDemand(f"language desk ({label})", required_languages=(language,)),),
        description=f"A {label} speaker (native or fluent) in local business hours.",
    )


def _shift_patterns() -> tuple[ShiftPattern, ...]:
    return (
        _on_call(
            "oncall-oceania",
            "Oceania morning on-call",
            "Australia/Sydney",
            time(7),
            time(14),
            "early",
            "Follow-the-sun block 1: Sydney 07-14, Auckland 09-16.",
        ),
        _on_call(
            "oncall-asia",
            "Singapore/Manila/Jakarta on-call",
            "Asia/Singapore",
            time(11),
            time(18),
            "day",
            "Follow-the-sun block 2: Singapore and Manila 11-18, Jakarta and Bangkok 10-17, "
            "Tokyo and Seoul 12-19.",
        ),
        _on_call(
            "oncall-india-evening",
            "Bangalore evening on-call",
            "Asia/Kolkata",
            time(15, 30),
            time(21, 30),
            "late",
            "Follow-the-sun block 3: Bangalore 15:30-21:30.",
        ),
        _on_call(
            "oncall-apac-night",
            "APAC night on-call (UTC 16-21)",
            "UTC",
            time(16),
            time(21),
            "night",
            "Follow-the-sun block 4: local night across APAC (Bangalore 21:30-02:30, Sydney "
            "03:00-08:00 in summer); needs night-work consent.",
        ),
        ShiftPattern(
            id="hs-review-weekday",
            team_id=TEAM_ID,
            name="High-severity review (weekdays)",
            zone="Asia/Singapore",
            start=time(9),
            end=time(17),
            days=WEEKDAYS,
            kind="day",
            demands=_high_severity_demands(8.0),
            description=(
                "One reviewer per category: 2.5 h on the child-safety or self-harm queue (weighted "
                "1.5) or 4 h on violent extremism, in sittings of 50 min with 10 min breaks; the "
                "rest of the shift is non-graphic casework; no queue work in the last 30 min."
            ),
        ),
        ShiftPattern(
            id="hs-review-weekend",
            team_id=TEAM_ID,
            name="High-severity review (weekends)",
            zone="Asia/Singapore",
            start=time(9),
            end=time(13),
            days=(5, 6),
            kind="day",
            demands=_high_severity_demands(4.0),
            description=(
                "A short weekend sitting: 2.5 h on the child-safety or self-harm queue, the "
                "whole 4 h on violent extremism."
            ),
        ),
        _language_desk(
            "lang-ja", "Japanese language desk", "Asia/Tokyo", time(18), "ja", "Japanese"
        ),
        _language_desk("lang-ko", "Korean language desk", "Asia/Seoul", time(18), "ko", "Korean"),
        _language_desk(
            "lang-id",
            "Bahasa Indonesia language desk",
            "Asia/Jakarta",
            time(17),
            "id",
            "Bahasa Indonesia",
        ),
        ShiftPattern(
            id="reg-au",
            team_id=TEAM_ID,
            name="Regulatory desk: Australia eSafety",
            zone="Australia/Sydney",
            start=time(9),
            end=time(17),
            days=WEEKDAYS,
            kind="day",
            demands=(
                RoleDemand(
                    "regulatory desk (eSafety)",
                    required_skills=(SkillRequirement("market-australia-esafety", 3),),
                    content_category="hate-harassment",
                    severity=Severity.MEDIUM,
                    queue_hours=REGULATORY_QUEUE_HOURS,
                ),
            ),
            description="Regulator notices and complaints, mostly harassment cases.",
        ),
        ShiftPattern(
            id="reg-jp",
            team_id=TEAM_ID,
            name="Regulatory desk: Japan",
            zone="Asia/Tokyo",
            start=time(9),
            end=time(17),
            days=WEEKDAYS,
            kind="day",
            demands=(
                RoleDemand(
                    "regulatory desk (Japan)",
                    required_skills=(SkillRequirement("market-japan", 3),),
                    content_category="scams",
                    severity=Severity.LOW,
                ),
            ),
            description="Regulator and trusted-flagger requests, mostly scam campaigns.",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Leave


#: (responder, first day offset, last day offset, kind, note); offsets in days from today.
# fmt: off
_LEAVE: tuple[tuple[str, int, int, LeaveKind, str], ...] = (
    ("paolo-reyes", -4, -4, LeaveKind.SICK, "Sick day"),
    ("rohan-iyer", 5, 7, LeaveKind.ANNUAL, "Family visit"),
    ("minji-kim", 10, 14, LeaveKind.ANNUAL, "Annual leave"),
    ("vikram-hegde", 15, 16, LeaveKind.TRAINING, "Crisis negotiation course"),
    ("ananya-rao", 18, 18, LeaveKind.TRAINING, "Resilience training day"),
    ("olivia-bennett", 21, 35, LeaveKind.ANNUAL, "Summer holiday"),
    ("aiko-tanaka", 24, 30, LeaveKind.ANNUAL, "Annual leave"),
    ("haruto-sato", 27, 33, LeaveKind.ANNUAL, "Annual leave"),
    ("james-whitfield", 28, 32, LeaveKind.ANNUAL, "Summer holiday"),
    ("nurul-huda", 35, 39, LeaveKind.ANNUAL, "Annual leave"),
    ("rina-kusumawardani", 40, 41, LeaveKind.TRAINING, "Regulator workshop"),
    ("kenta-ishikawa", 45, 49, LeaveKind.ANNUAL, "Annual leave"),
    ("andrea-villanueva", 50, 100, LeaveKind.PARENTAL, "Parental leave"),
    ("mei-ling-tan", 60, 64, LeaveKind.ANNUAL, "Annual leave"),
    ("seoyeon-choi", 70, 74, LeaveKind.ANNUAL, "Annual leave"),
    ("aroha-manu", 80, 90, LeaveKind.ANNUAL, "Annual leave"),
)
# fmt: on


def _leave(today: date) -> tuple[Leave, ...]:
    return tuple(
        Leave(
            id=f"leave-{n:03d}",
            responder_id=person,
            start=today + timedelta(days=first),
            end=today + timedelta(days=last),
            kind=kind,
            note=note,
        )
        for n, (person, first, last, kind, note) in enumerate(_LEAVE, start=1)
    )


# ---------------------------------------------------------------------------------------------
# Critical incidents and the exposure log


#: (responder, days ago, UTC time, category, summary, waived by the responder)
# fmt: off
_INCIDENTS: tuple[tuple[str, int, time, str, str, bool], ...] = (
    ("aroha-manu", 11, time(22, 40), "self-harm",
     "Escalated live self-harm report; handed to local emergency partner.", False),
    ("kenta-ishikawa", 6, time(3, 15), "child-safety",
     "Child-at-risk report escalated to the national hotline partner; evidence preserved.", False),
    ("vikram-hegde", 3, time(13, 5), "violent-extremism",
     "Credible threat of violence referred to law enforcement via emergency disclosure.", True),
    ("thuy-pham", 2, time(21, 30), "self-harm",
     "Escalated live self-harm report; welfare check requested through local partner.", False),
)
# fmt: on
#: Hours of exposure logged for handling a critical incident on its local day.
_INCIDENT_EXPOSURE_HOURS = 1.5


def _incidents(today: date) -> tuple[CriticalIncident, ...]:
    return tuple(
        CriticalIncident(
            id=f"ci-{n:03d}",
            responder_id=person,
            occurred_at=datetime.combine(today - timedelta(days=ago), at, tzinfo=UTC),
            category=category,
            summary=summary,
            # the responder's own waiver, recorded an hour after the incident
            waived_by=person if waived else None,
            waived_at=datetime.combine(today - timedelta(days=ago), at, tzinfo=UTC)
            + timedelta(hours=1)
            if waived
            else None,
        )
        for n, (person, ago, at, category, summary, waived) in enumerate(_INCIDENTS, start=1)
    )


def _local_day(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def _exposure(
    today: date,
    responders: tuple[Responder, ...],
    leave: tuple[Leave, ...],
    incidents: tuple[CriticalIncident, ...],
) -> tuple[ExposureEntry, ...]:
    """A plausible log for the last 14 days, built by a deterministic round robin that keeps well
    inside the limits: one queue a day, at most 4 weighted hours a day and 12 in any 7 days, at
    most 3 high-severity days in a row, none on the local day after an unwaived critical incident,
    only cleared categories, nobody on leave."""
    by_id = {r.id: r for r in responders}
    levels = {p.id: _levels(p) for p in _ROSTER}
    days = [today - timedelta(days=EXPOSURE_LOG_DAYS - i) for i in range(EXPOSURE_LOG_DAYS)]
    entries: dict[tuple[str, date, str], float] = {}
    busy: set[tuple[str, date]] = set()
    blocked: set[tuple[str, date]] = set()

    def on_leave(person: str, day: date) -> bool:
        return any(e.responder_id == person and e.covers(day) for e in leave)

    for incident in incidents:
        person = by_id[incident.responder_id]
        day = _local_day(incident.occurred_at, person.timezone)
        entries[(person.id, day, incident.category)] = _INCIDENT_EXPOSURE_HOURS
        busy.add((person.id, day))
        if not incident.waived_by_responder:
            blocked.add((person.id, day + timedelta(days=1)))

    def high_hours(person: str, first: date, last: date) -> float:
        return sum(
            hours
            for (who, day, category), hours in entries.items()
            if who == person and first <= day <= last and category in HIGH_SEVERITY_CATEGORIES
        )

    def weighted_hours(person: str, first: date, last: date) -> float:
        return sum(
            hours * SEVERITY_WEIGHT[CATEGORY_SEVERITY[category]]
            for (who, day, category), hours in entries.items()
            if who == person and first <= day <= last
        )

    def run_length(person: str, day: date) -> int:
        length = 0
        while True:
            earlier = day - timedelta(days=length + 1)
            if not high_hours(person, earlier, earlier):
                break
            length += 1
        return length

    def available(person: Responder, day: date) -> bool:
        return (
            person.employed_on(day)
            and day.weekday() in person.working_days
            and (person.id, day) not in busy
            and (person.id, day) not in blocked
            and not on_leave(person.id, day)
        )

    desks = (
        ("reg-au", "market-australia-esafety", "hate-harassment", REGULATORY_QUEUE_HOURS, ("AU",)),
        ("reg-jp", "market-japan", "scams", 2.0, ("JP",)),
    )
    for index, day in enumerate(days):
        if day.weekday() in WEEKDAYS:
            for _, skill, category, hours, countries in desks:
                pool = [
                    r
                    for r in responders
                    if r.country in countries
                    and levels[r.id].get(skill, 0) >= 3
                    and r.cleared_for(category, day)
                    and available(r, day)
                ]
                if pool:
                    chosen = pool[index % len(pool)]
                    entries[(chosen.id, day, category)] = hours
                    busy.add((chosen.id, day))
        for category in HIGH_SEVERITY_CATEGORIES:
            skill = CATEGORY_SKILL[category]
            full = QUEUE_HOURS[CATEGORY_SEVERITY[category]]
            hours = full if (index + len(category)) % 3 else full - 0.5
            pool = [
                r
                for r in responders
                if levels[r.id].get(skill, 0) >= 3
                and r.team_role == TeamRole.RESPONDER
                and r.cleared_for(category, day)
                and available(r, day)
                and weighted_hours(r.id, day - timedelta(days=6), day)
                + hours * SEVERITY_WEIGHT[CATEGORY_SEVERITY[category]]
                <= 12
                and run_length(r.id, day) < 3
            ]
            if not pool:
                continue
            chosen = min(
                pool,
                key=lambda r: (
                    weighted_hours(r.id, day - timedelta(days=6), day),
                    (_ROSTER_INDEX[r.id] - 7 * index) % len(_ROSTER),
                ),
            )
            entries[(chosen.id, day, category)] = hours
            busy.add((chosen.id, day))
    return tuple(
        ExposureEntry(person, day, category, CATEGORY_SEVERITY[category], hours)
        for (person, day, category), hours in sorted(entries.items())
    )


_ROSTER_INDEX: dict[str, int] = {p.id: n for n, p in enumerate(_ROSTER)}


# ---------------------------------------------------------------------------------------------
# Assessments


_MANAGER = "mei-ling-tan"
_LEAD = "arjun-pillai"

#: Pairs with a history, oldest first: (days ago, level, source, assessor). The last entry is the
#: current level and must match the roster's level string.
_HISTORY: dict[tuple[str, str], tuple[tuple[int, int, AssessmentSource, str], ...]] = {
    ("thuy-pham", "incident-command"): (
        (300, 2, AssessmentSource.MANAGER, _MANAGER),
        (70, 3, AssessmentSource.MENTOR, _MANAGER),
    ),
    ("minji-kim", "market-korea"): (
        (330, 3, AssessmentSource.CALIBRATION, _MANAGER),
        (90, 4, AssessmentSource.TEST, _LEAD),
    ),
    ("paolo-reyes", "incident-command"): (
        (260, 2, AssessmentSource.MANAGER, _LEAD),
        (35, 3, AssessmentSource.MANAGER, _LEAD),
    ),
    ("priya-raman", "hate-harassment"): (
        (250, 3, AssessmentSource.CALIBRATION, _MANAGER),
        (60, 4, AssessmentSource.PEER, "olivia-bennett"),
    ),
    ("sari-handayani", "scams-fraud"): (
        (240, 3, AssessmentSource.CALIBRATION, _MANAGER),
        (50, 4, AssessmentSource.CALIBRATION, _MANAGER),
    ),
    ("rina-kusumawardani", "market-indonesia"): (
        (400, 3, AssessmentSource.IMPORT, _MANAGER),
        (120, 4, AssessmentSource.MANAGER, _MANAGER),
    ),
    ("ananya-rao", "market-india"): (
        (380, 3, AssessmentSource.IMPORT, _MANAGER),
        (100, 4, AssessmentSource.PEER, "vikram-hegde"),
    ),
    # progression tracks: each stage advance wrote an approved assessment
    ("hyunwoo-lee", "child-safety-escalation"): (
        (120, 1, AssessmentSource.PROGRESSION, "olivia-bennett"),
        (40, 2, AssessmentSource.PROGRESSION, "olivia-bennett"),
    ),
    ("mele-fifita", "incident-command"): (
        (150, 1, AssessmentSource.PROGRESSION, "olivia-bennett"),
        (45, 2, AssessmentSource.PROGRESSION, "olivia-bennett"),
    ),
    ("kavya-shetty", "incident-command"): ((21, 1, AssessmentSource.PROGRESSION, "vikram-hegde"),),
    ("kristine-delacruz", "self-harm-suicide"): (
        (5, 1, AssessmentSource.PROGRESSION, "seoyeon-choi"),
    ),
    # near expiry (validity 365 days)
    ("kenta-ishikawa", "child-safety-escalation"): ((352, 4, AssessmentSource.TEST, _LEAD),),
    ("james-whitfield", "violent-extremism"): (
        (720, 3, AssessmentSource.IMPORT, _MANAGER),
        (358, 4, AssessmentSource.TEST, _LEAD),
    ),
}

#: Rows that do not count (yet): (person, skill, days ago, level, source, assessor, status,
#: comment). Self-ratings, submissions waiting for a decision, one rejection.
# fmt: off
_OTHER_ASSESSMENTS: tuple[
    tuple[str, str, int, int | None, AssessmentSource, str | None, AssessmentStatus, str], ...
] = (
    ("rina-kusumawardani", "violent-extremism", 6, 4, AssessmentSource.MENTOR, "james-whitfield",
     AssessmentStatus.SUBMITTED, "Led two referrals end to end; ready to teach."),
    ("haruto-sato", "self-harm-suicide", 4, 3, AssessmentSource.PEER, "kenta-ishikawa",
     AssessmentStatus.SUBMITTED, "Handled routine escalations without help for a month."),
    ("jiho-park", "incident-command", 2, 3, AssessmentSource.MANAGER, _LEAD,
     AssessmentStatus.SUBMITTED, "Ran three minor incidents as commander."),
    ("mele-fifita", "incident-command", 20, 3, AssessmentSource.PEER, "aroha-manu",
     AssessmentStatus.REJECTED, "Not yet: reverse-shadow criteria not met."),
    ("daniel-koh", "child-safety-escalation", 10, 3, AssessmentSource.SELF, "daniel-koh",
     AssessmentStatus.SUBMITTED, "Self-rating."),
    ("naree-srisawat", "incident-command", 25, 3, AssessmentSource.SELF, "naree-srisawat",
     AssessmentStatus.SUBMITTED, "Self-rating."),
    ("andrea-villanueva", "market-singapore", 30, 3, AssessmentSource.SELF, "andrea-villanueva",
     AssessmentStatus.SUBMITTED, "Self-rating."),
    ("priya-raman", "market-india", 40, None, AssessmentSource.MANAGER, _MANAGER,
     AssessmentStatus.APPROVED, "Not observable in her current role."),
)
# fmt: on


def _decider(person: str, assessor: str | None) -> str:
    for candidate in (_MANAGER, _LEAD, "olivia-bennett"):
        if candidate not in (person, assessor):
            return candidate
    raise AssertionError("unreachable: three distinct candidates")


def _instant(today: date, days_ago: int, hour: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=UTC)


def _assessments(today: date) -> tuple[Assessment, ...]:
    rows: list[
        tuple[str, str, int, int | None, AssessmentSource, str | None, AssessmentStatus, str]
    ] = []
    for n, person in enumerate(_ROSTER):
        baseline = min(140 + 4 * n, person.started_days_ago - 4)
        for skill, level in _levels(person).items():
            history = _HISTORY.get((person.id, skill))
            if history is None:
                assessor = _MANAGER if person.id != _MANAGER else _LEAD
                source = (
                    AssessmentSource.CALIBRATION
                    if person.started_days_ago > 60
                    else AssessmentSource.TEST
                )
                history = ((baseline, level, source, assessor),)
            for ago, old_level, source, assessor in history:
                rows.append(
                    (
                        person.id,
                        skill,
                        ago,
                        old_level,
                        source,
                        assessor,
                        AssessmentStatus.APPROVED,
                        "",
                    )
                )
    rows.extend(_OTHER_ASSESSMENTS)
    rows.sort(key=lambda row: (-row[2], row[0], row[1]))
    result = []
    for n, (person, skill, ago, level, source, assessor, status, comment) in enumerate(
        rows, start=1
    ):
        assessed_at = _instant(today, ago, 3)
        decided = status in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED)
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
                decided_by=_decider(person, assessor) if decided else None,
                decided_at=assessed_at + timedelta(hours=20) if decided else None,
                comment=comment,
            )
        )
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Interests, role targets, mentoring, goals, progression


_INTERESTS: tuple[tuple[str, str, int], ...] = (
    ("kavya-shetty", "incident-command", 2),
    ("hyunwoo-lee", "child-safety-escalation", 2),
    ("hyunwoo-lee", "market-korea", 1),
    ("mele-fifita", "incident-command", 2),
    ("kristine-delacruz", "self-harm-suicide", 2),
    ("bayu-prasetyo", "self-harm-suicide", 2),
    ("bayu-prasetyo", "market-indonesia", 1),
    ("yui-nakamura", "incident-command", 2),
    ("jiho-park", "market-japan", 2),
    ("daniel-koh", "child-safety-escalation", 1),
    ("naree-srisawat", "incident-command", 2),
    ("andrea-villanueva", "market-singapore", 1),
    ("thanawat-chaiyaporn", "crisis-communications", 2),
    ("sari-handayani", "incident-command", 1),
    ("ananya-rao", "law-enforcement-requests", 1),
    ("aroha-manu", "crisis-communications", 2),
    ("haruto-sato", "market-korea", 1),
    ("priya-raman", "child-safety-escalation", 0),
    ("yui-nakamura", "violent-extremism", 0),
    ("nurul-huda", "crisis-communications", 1),
)

_ROLE_TARGETS: tuple[RoleTarget, ...] = (
    RoleTarget("on-call responder", "incident-command", 3, mandatory=True, importance=3),
    RoleTarget("on-call responder", "self-harm-suicide", 3, mandatory=True, importance=3),
    RoleTarget("on-call responder", "child-safety-escalation", 3, importance=2),
    RoleTarget("on-call responder", "law-enforcement-requests", 2, importance=2),
    RoleTarget("on-call responder", "crisis-communications", 2, importance=1),
    RoleTarget("incident lead", "incident-command", 4, mandatory=True, importance=3),
    RoleTarget("incident lead", "crisis-communications", 3, mandatory=True, importance=3),
    RoleTarget("incident lead", "law-enforcement-requests", 3, importance=2),
    RoleTarget(
        "regulatory desk (Australia)", "market-australia-esafety", 3, mandatory=True, importance=3
    ),
    RoleTarget("regulatory desk (Australia)", "hate-harassment", 3, importance=2),
    RoleTarget("regulatory desk (Japan)", "market-japan", 3, mandatory=True, importance=3),
    RoleTarget("regulatory desk (Japan)", "scams-fraud", 3, importance=2),
)

#: (id, mentor, mentee, skills, status, start offset, end offset, shadow shifts per week)
# fmt: off
_MENTORING: tuple[
    tuple[str, str, str, tuple[str, ...], MentoringStatus, int, int | None, int], ...
] = (
    ("mr-01", "vikram-hegde", "kavya-shetty", ("incident-command",), MentoringStatus.ACTIVE,
     -28, None, 2),
    ("mr-02", "olivia-bennett", "hyunwoo-lee", ("child-safety-escalation",),
     MentoringStatus.ACTIVE, -130, None, 1),
    ("mr-03", "olivia-bennett", "mele-fifita", ("incident-command",), MentoringStatus.ACTIVE,
     -160, None, 1),
    ("mr-04", "seoyeon-choi", "kristine-delacruz", ("self-harm-suicide",),
     MentoringStatus.ACTIVE, -8, None, 2),
    ("mr-05", "kenta-ishikawa", "yui-nakamura", ("incident-command",), MentoringStatus.PROPOSED,
     7, None, 1),
    ("mr-06", "arjun-pillai", "daniel-koh", ("child-safety-escalation",), MentoringStatus.PAUSED,
     -90, None, 1),
    ("mr-07", "mei-ling-tan", "thuy-pham", ("incident-command",), MentoringStatus.ENDED,
     -280, -65, 1),
    ("mr-08", "aiko-tanaka", "jiho-park", ("market-japan",), MentoringStatus.PROPOSED,
     14, None, 0),
)
# fmt: on


def _mentoring(today: date) -> tuple[MentoringRelationship, ...]:
    return tuple(
        MentoringRelationship(
            id=rid,
            mentor_id=mentor,
            mentee_id=mentee,
            skill_ids=skills,
            status=status,
            start=today + timedelta(days=start),
            end=None if end is None else today + timedelta(days=end),
            shadow_shifts_per_week=per_week,
        )
        for rid, mentor, mentee, skills, status, start, end, per_week in _MENTORING
    )


#: (id, person, skill, current level, target level, target date offset, mentor, practical items
#: as (text, done)); the checklist starts with one item per level from the skill's descriptors.
_SHADOW_3 = "Shadow 3 primary shifts with the mentor"
_OBSERVE_2 = "Observe 2 major incidents"
_REVERSE_10 = "Reverse shadow: 10 alerts handled, more than 80% judged right"
# fmt: off
_GOALS: tuple[
    tuple[str, str, str, int, int, int, str | None, tuple[tuple[str, bool], ...]], ...
] = (
    ("goal-01", "kavya-shetty", "incident-command", 1, 3, 150, "vikram-hegde",
     (("Complete the incident-command course", True), (_SHADOW_3, False), (_OBSERVE_2, False),
      (_REVERSE_10, False), ("Sign-off by a level-4 incident commander", False))),
    ("goal-02", "hyunwoo-lee", "child-safety-escalation", 2, 3, 60, "olivia-bennett",
     ((_SHADOW_3, True), (_OBSERVE_2, True), (_REVERSE_10, False),
      ("Sign-off by a level-4 reviewer", False))),
    ("goal-03", "mele-fifita", "incident-command", 2, 3, 90, "olivia-bennett",
     ((_SHADOW_3, True), (_OBSERVE_2, True), (_REVERSE_10, False),
      ("Run a post-incident review", False),
      ("Sign-off by a level-4 incident commander", False))),
    ("goal-04", "kristine-delacruz", "self-harm-suicide", 1, 2, 120, "seoyeon-choi",
     (("Complete the live-risk hand-off training", True), ("Shadow 3 escalations", False))),
    ("goal-05", "yui-nakamura", "incident-command", 2, 3, 180, "kenta-ishikawa",
     ((_SHADOW_3, False), (_REVERSE_10, False))),
    ("goal-06", "bayu-prasetyo", "self-harm-suicide", 0, 1, 45, None,
     (("Complete induction and resilience training", True),
      ("Record informed consent for the category", False))),
    ("goal-07", "jiho-park", "market-japan", 1, 3, 200, "aiko-tanaka",
     (("Shadow the Japan regulatory desk for a week", False),)),
)
# fmt: on


def _goals(today: date, skills: dict[str, Skill]) -> tuple[Goal, ...]:
    result = []
    for gid, person, skill_id, current, target, due, mentor, practical in _GOALS:
        items = goal_checklist(skills[skill_id], current, target) + tuple(
            ChecklistItem(text, done) for text, done in practical
        )
        result.append(
            Goal(
                id=gid,
                person_id=person,
                skill_id=skill_id,
                target_level=target,
                target_date=today + timedelta(days=due),
                mentor_id=mentor,
                checklist=items,
            )
        )
    return tuple(result)


def _tracks(today: date) -> tuple[ProgressionTrack, ...]:
    def day(ago: int) -> date:
        return today - timedelta(days=ago)

    def shadow(person: str, ago: int, n: int) -> Evidence:
        return Evidence(EvidenceKind.SHADOW_SHIFT, day(ago), ref=f"demo:{person}:shadow:{n}")

    def reverse(person: str, ago: int, n: int) -> Evidence:
        return Evidence(
            EvidenceKind.REVERSE_SHADOW_SHIFT, day(ago), ref=f"demo:{person}:reverse:{n}"
        )

    def observed(person: str, ago: int, n: int) -> Evidence:
        return Evidence(
            EvidenceKind.MAJOR_INCIDENT_OBSERVED, day(ago), ref=f"demo:{person}:incident:{n}"
        )

    def alerts(person: str, ago: int, n: int, count: int, right: int) -> Evidence:
        return Evidence(
            EvidenceKind.ALERTS_HANDLED,
            day(ago),
            ref=f"demo:{person}:alerts:{n}",
            count=count,
            judged_right=right,
        )

    kavya, hyunwoo, mele = "kavya-shetty", "hyunwoo-lee", "mele-fifita"
    return (
        ProgressionTrack(
            "track-01",
            kavya,
            "incident-command",
            Stage.SHADOW,
            day(21),
            "vikram-hegde",
            (shadow(kavya, 18, 1), shadow(kavya, 11, 2), observed(kavya, 11, 1)),
        ),
        ProgressionTrack(
            "track-02",
            hyunwoo,
            "child-safety-escalation",
            Stage.REVERSE_SHADOW,
            day(40),
            "olivia-bennett",
            (
                shadow(hyunwoo, 110, 1),
                shadow(hyunwoo, 96, 2),
                shadow(hyunwoo, 82, 3),
                observed(hyunwoo, 101, 1),
                observed(hyunwoo, 60, 2),
                reverse(hyunwoo, 33, 1),
                reverse(hyunwoo, 19, 2),
                alerts(hyunwoo, 19, 1, 7, 6),
            ),
        ),
        ProgressionTrack(
            "track-03",
            mele,
            "incident-command",
            Stage.REVERSE_SHADOW,
            day(45),
            "olivia-bennett",
            (
                shadow(mele, 140, 1),
                shadow(mele, 126, 2),
                shadow(mele, 112, 3),
                observed(mele, 130, 1),
                observed(mele, 75, 2),
                reverse(mele, 38, 1),
                reverse(mele, 24, 2),
                reverse(mele, 10, 3),
                alerts(mele, 10, 1, 9, 7),
            ),
        ),
        ProgressionTrack(
            "track-04",
            "kristine-delacruz",
            "self-harm-suicide",
            Stage.SHADOW,
            day(5),
            "seoyeon-choi",
            (
                Evidence(
                    EvidenceKind.NOTE,
                    day(5),
                    ref="demo:kristine-delacruz:note:1",
                    note="Completed the live-risk hand-off training.",
                ),
            ),
        ),
        ProgressionTrack(
            "track-05",
            "bayu-prasetyo",
            "self-harm-suicide",
            Stage.PREREQUISITES,
            day(18),
            None,
        ),
    )


# ---------------------------------------------------------------------------------------------
# Public API


def build_demo(today: date) -> DemoData:
    """The demo team as of ``today`` (a UTC date): same ``today``, equal data."""
    responders = _responders(today)
    leave = _leave(today)
    incidents = _incidents(today)
    skills = _skills()
    return DemoData(
        team=Team(
            id=TEAM_ID,
            name="APAC Incident Response",
            display_zone="Asia/Singapore",
            description=(
                "Fictional demo team: 24x7 follow-the-sun on-call, high-severity review and "
                "language and regulatory desks across nine APAC cities."
            ),
        ),
        responders=responders,
        shift_patterns=_shift_patterns(),
        leave=leave,
        incidents=incidents,
        exposure=_exposure(today, responders, leave, incidents),
        skills=skills,
        assessments=_assessments(today),
        interests=tuple(Interest(p, s, i) for p, s, i in _INTERESTS),
        role_targets=_ROLE_TARGETS,
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
