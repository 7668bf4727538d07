"""Use cases for viewing and editing rotas, wellbeing, "me" and team membership.

(``rota.services.rotas``, ``wellbeing``, ``me`` and ``teams``.)

A small hand-made team: Aiko in Tokyo reviews the self-harm queue (3 h a day at weight 1.5 =
4.5 weighted hours), Ben in Sydney is on call, Chandra in Bengaluru works nights.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from rota.domain.absences import Leave
from rota.domain.coverage import occurrences
from rota.domain.exposure import ExposureEntry
from rota.domain.patterns import RoleDemand, Severity, ShiftPattern
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import ALL_DAYS, Team
from rota.errors import InputError, NotFoundError
from rota.planning.drafts import diff_rotas
from rota.services import me, rotas, teams, wellbeing
from rota.storage import repo
from skills.model import Assessment, AssessmentSource, AssessmentStatus, Goal, Skill, SkillCategory

TEAM = "t1"
MONDAY = date(2026, 11, 30)
SUNDAY = date(2026, 12, 6)


# ---------------------------------------------------------------------------------------------
# Factories


def make_responder(**overrides: Any) -> Responder:
    values: dict[str, Any] = dict(
        id="aiko",
        team_id=TEAM,
        name="Aiko Tanaka",
        email="aiko@example.org",
        timezone="Asia/Tokyo",
        country="JP",
        languages=(LanguageSkill("ja", Proficiency.NATIVE),),
        working_days=ALL_DAYS,
        start_date=date(2024, 1, 1),
        night_work_consent=True,
        clearances=(CategoryClearance("self-harm", date(2024, 1, 2), date(2024, 1, 2)),),
    )
    values.update(overrides)
    return Responder(**values)


def make_patterns() -> list[ShiftPattern]:
    return [
        ShiftPattern(
            "hs",
            TEAM,
            "Self-harm review",
            "Asia/Tokyo",
            time(10),
            time(18),
            kind="day",
            demands=(
                RoleDemand(
                    "review",
                    content_category="self-harm",
                    severity=Severity.EXTREME,
                    queue_hours=3,
                ),
            ),
        ),
        ShiftPattern(
            "oc",
            TEAM,
            "Sydney on-call",
            "Australia/Sydney",
            time(9),
            time(17),
            kind="day",
            days=(0, 1, 2, 3, 4),
            demands=(RoleDemand("primary", on_call=True),),
        ),
        ShiftPattern(
            "night",
            TEAM,
            "Bengaluru night",
            "Asia/Kolkata",
            time(22),
            time(6),
            kind="night",
            days=(5,),
            demands=(RoleDemand("watch"),),
        ),
    ]


PATTERNS = {p.id: p for p in make_patterns()}


def assign(aid: str, rota_id: str, who: str, pattern: str, day: date, **kw: Any) -> Assignment:
    p = PATTERNS[pattern]
    (occ,) = occurrences(p, day, day)
    return Assignment(aid, rota_id, who, pattern, p.demands[0].role, occ.start, occ.end, **kw)


def week(rota_id: str, prefix: str = "") -> tuple[Assignment, ...]:
    """Aiko reviews Mon-Thu, Ben is on call Mon-Fri, Chandra works Saturday night."""
    days = [date(2026, 11, 30 + i) if i == 0 else date(2026, 12, i) for i in range(7)]
    out = [assign(f"{prefix}hs-{d}", rota_id, "aiko", "hs", d) for d in days[:4]]
    out += [assign(f"{prefix}oc-{d}", rota_id, "ben", "oc", d) for d in days[:5]]
    out.append(assign(f"{prefix}night-{days[5]}", rota_id, "chandra", "night", days[5]))
    return tuple(out)


def make_rota(rota_id: str, status: RotaStatus, version: int | None, assignments) -> Rota:
    return Rota(
        rota_id,
        TEAM,
        MONDAY,
        SUNDAY,
        status=status,
        version=version,
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
        assignments=tuple(assignments),
    )


@pytest.fixture
def team_db(database):
    """The hand-made team stored: three responders, three patterns, a skill, a goal, leave."""
    with database.session() as session:
        repo.save(session, Team(TEAM, "Test team", display_zone="Asia/Tokyo"))
        repo.save_all(
            session,
            [
                make_responder(),
                make_responder(
                    id="ben",
                    name="Ben Carter",
                    email="ben@example.org",
                    timezone="Australia/Sydney",
                    country="AU",
                    subdivision="NSW",
                    languages=(LanguageSkill("en", Proficiency.NATIVE),),
                    clearances=(),
                ),
                make_responder(
                    id="chandra",
                    name="Chandra Iyer",
                    email="chandra@example.org",
                    timezone="Asia/Kolkata",
                    country="IN",
                    subdivision="KA",
                    clearances=(),
                ),
            ],
        )
        repo.save_all(session, make_patterns())
        repo.save(session, Leave("ben-leave", "ben", date(2026, 12, 1), date(2026, 12, 1)))
        repo.save(session, Skill("triage", "Incident triage", SkillCategory.PROCESS))
        repo.save(
            session,
            Assessment(
                "as-1",
                "aiko",
                "triage",
                3,
                AssessmentSource.MANAGER,
                "ben",
                datetime(2026, 1, 5, tzinfo=UTC),
                AssessmentStatus.APPROVED,
                "ben",
                datetime(2026, 1, 5, tzinfo=UTC),
            ),
        )
        repo.save(session, Goal("g-1", "aiko", "triage", 4, date(2027, 3, 31), mentor_id="ben"))
    return database


def store(database, *rotas: Rota) -> None:
    with database.session() as session:
        for r in rotas:
            repo.save_rota(session, r)


# ---------------------------------------------------------------------------------------------
# Diff


def test_diff__matches_by_assignment_id_and_names_each_kind_of_change():
    published = make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1"))
    by_id = {a.id: a for a in published.assignments}
    moved = by_id["oc-2026-12-02"]
    later = occurrences(PATTERNS["oc"], date(2026, 12, 4), date(2026, 12, 4))[0]
    draft_assignments = [
        replace(a, rota_id="d")
        for a in published.assignments
        if a.id not in ("hs-2026-12-01", "oc-2026-12-02", "night-2026-12-05")
    ]
    draft_assignments += [
        replace(by_id["hs-2026-12-01"], rota_id="d", responder_id="chandra"),  # reassigned
        replace(moved, rota_id="d", start=later.start, end=later.end),  # moved
        assign("new-1", "d", "ben", "night", date(2026, 12, 5)),  # added
    ]  # night-2026-12-05 is removed
    draft = make_rota("d", RotaStatus.DRAFT, None, draft_assignments)

    changes = {c.assignment_id: c for c in diff_rotas(draft, published, PATTERNS)}

    assert changes["hs-2026-12-01"].kind == "reassigned"
    assert changes["hs-2026-12-01"].before_responder_id == "aiko"
    assert changes["hs-2026-12-01"].after_responder_id == "chandra"
    assert changes["oc-2026-12-02"].kind == "moved"
    assert changes["oc-2026-12-02"].after_start == later.start
    assert changes["new-1"].kind == "added"
    assert changes["night-2026-12-05"].kind == "removed"
    kinds = [c.kind for c in changes.values()]
    assert kinds.count("unchanged") == len(published.assignments) - 3


def test_diff__only_compares_the_published_days_the_draft_covers():
    published = Rota(
        "v1",
        TEAM,
        MONDAY,
        date(2026, 12, 13),
        RotaStatus.PUBLISHED,
        1,
        assignments=week("v1") + (assign("later", "v1", "aiko", "hs", date(2026, 12, 10)),),
    )
    draft = make_rota("d", RotaStatus.DRAFT, None, [replace(a, rota_id="d") for a in week("v1")])
    changes = diff_rotas(draft, published, PATTERNS)
    assert {c.kind for c in changes} == {"unchanged"}


def test_draft_changes__without_a_published_version_everything_is_added(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d", "d-")))
    with team_db.session() as session:
        diff = rotas.draft_changes(session, TEAM)
    assert diff.counts["added"] == len(week("d")) and diff.changed == len(week("d"))
    assert diff.names["aiko"] == "Aiko Tanaka"


def test_draft_changes__a_stored_draft_keeping_published_ids_is_matched_by_id(team_db):
    published = make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1"))
    draft = make_rota("d", RotaStatus.DRAFT, None, [replace(a, rota_id="d") for a in week("v1")])
    store(team_db, published, draft)
    with team_db.session() as session:
        assert rotas.reassign(session, TEAM, "oc-2026-12-02", "chandra").saved
    with team_db.session() as session:
        diff = rotas.draft_changes(session, TEAM)
    assert diff.changed == 1
    (change,) = [c for c in diff.changes if c.kind != "unchanged"]
    assert (change.kind, change.assignment_id) == ("reassigned", "oc-2026-12-02")
    assert (change.before_responder_id, change.after_responder_id) == ("ben", "chandra")


# ---------------------------------------------------------------------------------------------
# Edits of the draft, checked before they are saved


def test_pin__is_saved_to_the_draft_and_unpin_takes_it_back(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        outcome = rotas.set_pinned(session, TEAM, "hs-2026-12-01", True)
    assert "pinned Aiko Tanaka" in outcome.message
    with team_db.session() as session:
        stored = repo.get(session, Rota, "d")
        assert [a.id for a in stored.assignments if a.pinned] == ["hs-2026-12-01"]
        rotas.set_pinned(session, TEAM, "hs-2026-12-01", False)
    with team_db.session() as session:
        assert not any(a.pinned for a in repo.get(session, Rota, "d").assignments)


def test_reassign__to_someone_on_leave_is_refused_naming_the_rule_and_nothing_is_saved(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        outcome = rotas.reassign(session, TEAM, "hs-2026-12-01", "ben")
    assert outcome.message.startswith("not saved: giving Self-harm review (review)")
    assert "from Aiko Tanaka to Ben Carter" in outcome.message
    assert not outcome.saved and not outcome.ok
    unavailable = [p for p in outcome.refused if p.rule_id == "availability"]
    assert unavailable, [str(p) for p in outcome.refused]
    problem = unavailable[0]
    assert problem.who == "Ben Carter"
    assert problem.message == "Ben Carter is unavailable"  # made from data, in names
    assert "Tue 01 Dec" in problem.shift  # the shift says the day, in his zone and in UTC
    assert "ben " not in problem.message  # names, not ids
    assert problem.rule and problem.rule != "availability"  # the rule's plain statement
    assert "Self-harm review (review)" in problem.shift and "UTC" in problem.shift
    assert f"rule: {problem.rule}" in str(problem)
    assert outcome.draft.assignments == week("d")  # the draft as it was
    with team_db.session() as session:
        stored = {a.id: a for a in repo.get(session, Rota, "d").assignments}
    assert stored["hs-2026-12-01"].responder_id == "aiko"


def test_reassign__that_fixes_a_breach_of_the_draft_is_saved_and_names_what_is_left(team_db):
    # Ben is on leave on 1 December, but the draft has him on call that day
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        before = rotas.check_draft(session, TEAM)
        outcome = rotas.reassign(session, TEAM, "oc-2026-12-01", "chandra")
    assert any(p.rule_id == "availability" and p.who == "Ben Carter" for p in before)
    assert outcome.saved and outcome.refused == ()
    assert outcome.message.startswith("reassigned Sydney on-call (primary)")
    assert not any(p.rule_id == "availability" for p in outcome.problems)
    assert outcome.problems  # the draft's other breaches are still named
    with team_db.session() as session:
        stored = {a.id: a for a in repo.get(session, Rota, "d").assignments}
    assert stored["oc-2026-12-01"].responder_id == "chandra"


def test_reassign__is_checked_in_full_while_the_draft_holds_an_offboarded_persons_shift(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        chandra = repo.get(session, Responder, "chandra")
        repo.save(session, replace(chandra, active=False, end_date=date(2026, 11, 29)))
    with team_db.session() as session:
        outcome = rotas.reassign(session, TEAM, "hs-2026-12-01", "ben")
        gone = [p for p in rotas.check_draft(session, TEAM) if p.who == "Chandra Iyer"]
    assert not outcome.saved
    assert any(p.rule_id == "availability" and p.who == "Ben Carter" for p in outcome.refused)
    assert gone and "no longer an active responder" in gone[0].message
    assert "Bengaluru night (watch)" in gone[0].shift


def test_reassign__to_an_unknown_person_or_the_holder_is_refused(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        with pytest.raises(InputError, match="active responder"):
            rotas.reassign(session, TEAM, "hs-2026-12-01", "nobody")
        with pytest.raises(InputError, match="someone other"):
            rotas.reassign(session, TEAM, "hs-2026-12-01", "aiko")


def test_delete__that_leaves_a_required_place_empty_is_refused_and_nothing_is_saved(team_db):
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d")))
    with team_db.session() as session:
        outcome = rotas.delete_assignment(session, TEAM, "oc-2026-12-03")
    assert "removing Ben Carter from Sydney on-call (primary)" in outcome.message
    assert not outcome.saved
    gaps = [p for p in outcome.refused if p.rule_id == "coverage"]
    assert any(
        p.message == "Sydney on-call on Thu 3 Dec 2026 (primary) is staffed with 0 people, "
        "at least 1 person"
        for p in gaps
    ), [p.message for p in gaps]
    with team_db.session() as session:
        assert "oc-2026-12-03" in {a.id for a in repo.get(session, Rota, "d").assignments}


def test_edits__without_a_draft_say_to_plan_first(team_db):
    with team_db.session() as session:
        with pytest.raises(NotFoundError, match="plan a rota first"):
            rotas.set_pinned(session, TEAM, "x", True)


# ---------------------------------------------------------------------------------------------
# Timeline


def test_timeline__local_times_nights_and_weekends_in_each_responders_zone(team_db):
    store(team_db, make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1")))
    with team_db.session() as session:
        own = rotas.rota_timeline(session, TEAM, "published")
        tokyo = rotas.rota_timeline(session, TEAM, "published", "Asia/Tokyo")
    night = next(r for r in own.rows if r.responder == "Chandra Iyer")
    assert (night.start_local.hour, night.start_local.minute) == (22, 0)
    assert night.start_utc == datetime(2026, 12, 5, 16, 30, tzinfo=UTC)
    assert night.night and night.weekend and night.local_day == date(2026, 12, 5)
    review = next(r for r in own.rows if r.assignment_id == "hs-2026-11-30")
    assert review.queue == "self-harm" and review.severity == "extreme"
    assert review.exposure_hours == 4.5 and not review.night
    sydney = next(r for r in tokyo.rows if r.assignment_id == "oc-2026-11-30")
    assert sydney.start_local.hour == 7 and sydney.display_zone == "Asia/Tokyo"  # 09:00 AEDT
    assert sydney.on_call
    assert own.responders == ("Aiko Tanaka", "Ben Carter", "Chandra Iyer")


def test_shade_bands__a_night_window_in_the_responders_own_zone(team_db):
    with team_db.session() as session:
        bands = rotas.shade_bands(session, TEAM, ["chandra"], MONDAY, MONDAY)
    nights = [b for b in bands if b.kind == "night"]
    assert nights[1].start_utc == datetime(2026, 11, 30, 16, 30, tzinfo=UTC)  # 22:00 IST
    assert nights[1].end_utc == datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # 06:00 IST


# ---------------------------------------------------------------------------------------------
# Wellbeing


def test_wellbeing__log_for_past_days_plan_for_the_rest_against_the_limits(team_db):
    store(team_db, make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1")))
    with team_db.session() as session:
        repo.save_all(
            session,
            [
                ExposureEntry("aiko", date(2026, 11, 27), "self-harm", Severity.HIGH, 2.0),
                ExposureEntry("aiko", MONDAY, "self-harm", Severity.HIGH, 1.0),  # log wins Monday
            ],
        )
    with team_db.session() as session:
        report = wellbeing.wellbeing(
            session, TEAM, MONDAY, SUNDAY, today=date(2026, 12, 2), previous_periods=1
        )
    aiko = next(p for p in report.people if p.responder.id == "aiko")
    days = {d.day: d for d in aiko.days}
    assert (days[MONDAY].exposure_hours, days[MONDAY].source) == (1.0, "log")
    assert (days[date(2026, 12, 1)].exposure_hours, days[date(2026, 12, 1)].source) == (
        4.5,
        "published",
    )
    # Thursday's 7 days: 2 (Fri 27th, log) + 1 (Mon, log) + 3 x 4.5 (plan)
    assert days[date(2026, 12, 3)].rolling_7_hours == 16.5
    assert aiko.exposure_hours == 14.5
    assert aiko.peak_day_hours == 4.5 and aiko.peak_7_day_hours == 16.5
    assert any("limit 4 h" in w for w in aiko.warnings)
    assert any("target 16 h" in w for w in aiko.warnings)
    ben = next(p for p in report.people if p.responder.id == "ben")
    assert ben.on_call_hours == 40.0
    assert ben.peak_on_call_share_28 == round(40 / (28 * 24), 4)
    assert ben.warnings == ()
    chandra = next(p for p in report.people if p.responder.id == "chandra")
    assert (chandra.nights, chandra.weekend_days) == (1, 1)
    assert report.limits.exposure_hours_per_day == 4
    assert report.limits.exposure_hours_per_7_days_ceiling == 20
    this = {d.responder: d for d in report.distribution if d.period == "this period"}
    assert this["Aiko Tanaka"].exposure_hours == 14.5
    assert this["Ben Carter"].on_call_hours == 40.0
    before = [d for d in report.distribution if d.period != "this period"]
    assert before and before[0].period_start == date(2026, 11, 23)
    assert {d.responder: d.exposure_hours for d in before}["Aiko Tanaka"] == 2.0


def test_wellbeing__the_draft_replaces_the_published_days_it_covers(team_db):
    published = make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1"))
    lighter = [a for a in week("d", "d-") if not a.id.startswith("d-hs")]
    store(team_db, published, make_rota("d", RotaStatus.DRAFT, None, lighter))
    with team_db.session() as session:
        with_draft = wellbeing.wellbeing(session, TEAM, MONDAY, SUNDAY, today=MONDAY)
        without = wellbeing.wellbeing(
            session, TEAM, MONDAY, SUNDAY, today=MONDAY, include_draft=False
        )
    aiko = {p.responder.id: p for p in with_draft.people}["aiko"]
    assert aiko.exposure_hours == 0
    assert {p.responder.id: p for p in without.people}["aiko"].exposure_hours == 18.0


# ---------------------------------------------------------------------------------------------
# Me


def test_me__next_shifts_in_my_zone_my_load_skills_and_goals(team_db):
    store(team_db, make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1")))
    now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # Tue 09:00 in Tokyo
    with team_db.session() as session:
        view = me.me(session, "aiko", now=now)
    assert view.local_now.hour == 9
    assert [s.start_local.day for s in view.next_shifts] == [1, 2, 3]
    assert view.next_shifts[0].start_local.hour == 10 and view.next_shifts[0].status == "published"
    assert view.load.peak_day_hours == 4.5
    assert [(s.name, s.level) for s in view.skills] == [("Incident triage", 3)]
    (goal,) = view.goals
    assert (goal.skill, goal.current_level, goal.target_level, goal.mentor) == (
        "Incident triage",
        3,
        4,
        "Ben Carter",
    )


def test_me__an_unknown_responder_is_not_found(team_db):
    with team_db.session() as session:
        with pytest.raises(NotFoundError):
            me.me(session, "nobody", now=datetime(2026, 12, 1, tzinfo=UTC))


# ---------------------------------------------------------------------------------------------
# Team membership


def entry(**overrides: Any) -> teams.ResponderInput:
    values: dict[str, Any] = dict(
        name="Dana Lim",
        email="dana.lim@example.org",
        timezone="Asia/Singapore",
        country="sg",
        languages="en:native, ms",
        contract_hours_per_week=32,
        working_days=(0, 1, 2, 3),
    )
    values.update(overrides)
    return teams.ResponderInput(**values)


def test_add_responder__stores_a_checked_responder(team_db):
    with team_db.session() as session:
        added = teams.add_responder(session, TEAM, entry(), today=MONDAY)
    with team_db.session() as session:
        stored = repo.get(session, Responder, added.id)
    assert stored.id == "dana-lim" and stored.country == "SG" and stored.start_date == MONDAY
    assert [(ls.language, ls.proficiency) for ls in stored.languages] == [
        ("en", Proficiency.NATIVE),
        ("ms", Proficiency.FLUENT),
    ]
    assert stored.working_days == (0, 1, 2, 3) and stored.active


@pytest.mark.parametrize(
    ("overrides", "field", "fix"),
    [
        (dict(timezone="Asia/Singapur"), "timezone", "IANA zone"),
        (dict(email="aiko@example.org"), "e-mail", "Aiko Tanaka already uses it"),
        (dict(email="AIKO@EXAMPLE.ORG"), "e-mail", "already uses it"),
        (dict(email="dana at example"), "e-mail", "give an address like"),
        (dict(name="  "), "name", "give the responder's name"),
        (dict(country="Australia"), "country", "alpha-2"),
        (dict(country="AU"), "subdivision", "Australian state"),
        (dict(languages="japanese"), "languages", "ISO 639-1"),
        (dict(working_days=()), "working days", "at least one day"),
    ],
)
def test_add_responder__wrong_input_names_the_field_and_the_fix(team_db, overrides, field, fix):
    with team_db.session() as session:
        with pytest.raises(InputError) as raised:
            teams.add_responder(session, TEAM, entry(**overrides), today=MONDAY)
    assert raised.value.field == field
    assert fix in str(raised.value)


def test_update_responder__changes_details_and_keeps_their_own_email(team_db):
    with team_db.session() as session:
        changed = teams.update_responder(
            session,
            "aiko",
            entry(
                name="Aiko Tanaka", email="aiko@example.org", timezone="Asia/Tokyo", country="JP"
            ),
        )
    assert changed.contract_hours_per_week == 32
    assert changed.clearances  # untouched


def test_offboard__deactivates_with_an_end_date_and_keeps_history(team_db):
    store(team_db, make_rota("v1", RotaStatus.PUBLISHED, 1, week("v1")))
    store(team_db, make_rota("d", RotaStatus.DRAFT, None, week("d", "d-")))
    with team_db.session() as session:
        done = teams.offboard(session, "aiko", last_day=MONDAY, now=datetime.now(UTC))
    assert done.responder.active is False and done.responder.end_date == MONDAY
    assert done.draft_assignments_after == 3
    with team_db.session() as session:
        assert repo.get(session, Responder, "aiko").active is False
        assert len(repo.get(session, Rota, "v1").assignments) == len(week("v1"))
        assert "aiko" not in {r.id for r in teams.list_responders(session, TEAM)}
