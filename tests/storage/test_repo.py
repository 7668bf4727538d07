"""Repository behaviour on SQLite and PostgreSQL: round trips, updates, filters, rotas, history."""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from storage_factories import (
    IST,
    make_assessment,
    make_assignment,
    make_feed_token,
    make_goal,
    make_interest,
    make_leave,
    make_pattern,
    make_responder,
    make_rota,
    make_target,
    make_team,
    make_track,
    parents,
    samples,
)

from rota.domain.absences import Leave
from rota.domain.exposure import ExposureEntry
from rota.domain.feed_tokens import FeedToken
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import CategoryClearance, LanguageSkill, Proficiency, Responder
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.domain.team import Team
from rota.errors import InputError, NotFoundError
from rota.storage import repo
from rota.storage.rows import ROWS
from skills.model import Assessment, AssessmentStatus, Goal, Interest, RoleTarget

SAMPLES = samples()


def _key(obj: Any) -> Any:
    return ROWS[type(obj)].key_of(obj)


def _instants(obj: Any) -> list[datetime]:
    found = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, datetime):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                if hasattr(item, "__dataclass_fields__"):
                    found.extend(_instants(item))
    return found


@pytest.fixture
def db(database):
    """The test database with the objects the samples refer to already saved."""
    with database.session() as session:
        repo.save_all(session, parents())
    return database


def test_every_stored_type_has_a_round_trip_sample():
    assert {type(obj) for obj in SAMPLES} | {Assignment} == set(ROWS)


def _walk(obj: Any, seen: dict[type, list[Any]]) -> None:
    if is_dataclass(obj):
        seen.setdefault(type(obj), []).append(obj)
        for f in fields(obj):
            _walk(getattr(obj, f.name), seen)
    elif isinstance(obj, tuple):
        for item in obj:
            _walk(item, seen)


def test_samples_give_every_field_a_non_default_value_somewhere():
    """A field added to the domain later fails here until storage and samples cover it."""
    seen: dict[type, list[Any]] = {}
    for obj in SAMPLES:
        _walk(obj, seen)
    missing = []
    for kind, objects in seen.items():
        for f in fields(kind):
            if f.default is MISSING and f.default_factory is MISSING:
                continue
            default = f.default if f.default is not MISSING else f.default_factory()
            if all(getattr(o, f.name) == default for o in objects):
                missing.append(f"{kind.__name__}.{f.name}")
    assert missing == []


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_round_trip__saved_object_loads_equal_with_instants_in_utc(db, obj):
    with db.session() as session:
        repo.save(session, obj)
    with db.session() as session:
        loaded = repo.get(session, type(obj), _key(obj))
    assert loaded == obj
    for instant in _instants(loaded):
        assert instant.tzinfo is UTC
    # types are restored exactly, not just equal-looking
    for f in fields(obj):
        assert type(getattr(loaded, f.name)) is type(getattr(obj, f.name)), f.name


def test_round_trip__assignment_saved_alone_is_appended_to_its_rota(db):
    with db.session() as session:
        repo.save(session, make_rota())
        extra = make_assignment(
            id="a-3",
            start=datetime(2026, 10, 9, 18, 30, tzinfo=IST),
            end=datetime(2026, 10, 10, 4, 0, tzinfo=IST),
        )
        repo.save(session, extra)
    with db.session() as session:
        assert repo.get(session, Assignment, ("rota-1", "a-3")) == extra
        rota = repo.get(session, Rota, "rota-1")
    assert [a.id for a in rota.assignments] == ["a-1", "a-2", "a-3"]
    assert rota.assignments[-1].start == datetime(2026, 10, 9, 13, 0, tzinfo=UTC)


def test_get__missing_id_is_none_and_require_raises(db):
    with db.session() as session:
        assert repo.get(session, Leave, "nope") is None
        with pytest.raises(NotFoundError, match="nope"):
            repo.require(session, Leave, "nope")


def test_save__same_id_updates_fields_and_children(db):
    changed = make_responder(
        name="Aiko T.",
        languages=(LanguageSkill("en", Proficiency.WORKING),),
        clearances=(
            CategoryClearance("csam", date(2024, 1, 10), date(2024, 1, 11)),
            CategoryClearance("hate", date(2025, 1, 1), date(2025, 1, 2)),
            CategoryClearance("spam", None, None),
        ),
        opted_out_categories=frozenset(),
        active=False,
    )
    pattern = make_pattern(demands=(RoleDemand(role="lead", min_headcount=2, max_headcount=3),))
    with db.session() as session:
        repo.save(session, changed)
        repo.save(session, pattern)
    with db.session() as session:
        assert repo.get(session, Responder, "r-aiko") == changed
        assert repo.get(session, ShiftPattern, "p-tokyo-night") == pattern
        assert len(repo.list_all(session, Responder)) == 2


def test_save__natural_keys_update_in_place(db):
    with db.session() as session:
        repo.save(session, make_interest())
        repo.save(session, make_interest(interest=0))
        repo.save(session, ExposureEntry("r-aiko", date(2026, 1, 1), "csam", "high", 1.0))
        repo.save(session, ExposureEntry("r-aiko", date(2026, 1, 1), "csam", "extreme", 2.5))
    with db.session() as session:
        assert repo.list_all(session, Interest) == [make_interest(interest=0)]
        entries = repo.list_all(session, ExposureEntry)
        assert [(e.severity, e.hours) for e in entries] == [("extreme", 2.5)]
        key = ("r-aiko", date(2026, 1, 1), "csam")
        assert repo.get(session, ExposureEntry, key) == entries[0]


def test_list_all__filters_by_field_and_by_any_of_several_values(db):
    with db.session() as session:
        repo.save_all(
            session,
            [
                make_team(id="emea", name="EMEA"),
                make_responder(id="r-emea", team_id="emea"),
                make_leave(id="l-1"),
                make_leave(id="l-2", responder_id="r-ben"),
                make_assessment(id="as-1"),
                make_assessment(id="as-2", person_id="r-ben"),
            ],
        )
    with db.session() as session:
        assert [r.id for r in repo.list_all(session, Responder, team_id="apac")] == [
            "r-aiko",
            "r-ben",
        ]
        assert [r.id for r in repo.list_all(session, Responder, team_id="emea")] == ["r-emea"]
        assert [x.id for x in repo.list_all(session, Leave, responder_id="r-ben")] == ["l-2"]
        by_person = repo.list_all(session, Assessment, person_id="r-ben", skill_id="s-csam")
        assert [a.id for a in by_person] == ["as-2"]
        both = repo.list_all(session, Assessment, person_id=["r-ben", "r-aiko"])
        assert [a.id for a in both] == ["as-1", "as-2"]
        assert repo.list_all(session, Assessment, status=AssessmentStatus.WITHDRAWN) == []
        assert [r.id for r in repo.list_all(session, Responder, subdivision=None)] == [
            "r-aiko",
            "r-ben",
            "r-emea",
        ]


def test_list_all__unknown_filter_names_the_allowed_ones(db):
    with db.session() as session, pytest.raises(InputError, match="team_id"):
        repo.list_all(session, Responder, squad="apac")


def test_save__unknown_type_is_refused(db):
    with db.session() as session, pytest.raises(InputError, match="storable types"):
        repo.save(session, object())


def test_save__naive_datetime_is_refused_with_the_field_named(db):
    naive = make_assessment(assessed_at=datetime(2026, 8, 1, 10, 0))
    with db.session() as session, pytest.raises(InputError, match="assessment.assessed_at"):
        repo.save(session, naive)


def test_save__dict_that_is_not_json_is_refused(db):
    with db.session() as session, pytest.raises(InputError, match="policy_overrides"):
        repo.save(session, make_team(policy_overrides={"since": date(2026, 1, 1)}))


def test_save__missing_parent_is_an_input_error_and_nothing_is_kept(db):
    with pytest.raises(InputError, match="Leave"):
        with db.session() as session:
            repo.save(session, make_leave(id="l-ghost", responder_id="r-nobody"))
    with db.session() as session:
        assert repo.get(session, Leave, "l-ghost") is None


# ---------------------------------------------------------------------------------------------
# Assessments are append-only


def test_assessment__decision_fields_may_change(db):
    submitted = make_assessment(status=AssessmentStatus.SUBMITTED, decided_by=None, decided_at=None)
    decided = replace(
        submitted,
        status=AssessmentStatus.REJECTED,
        decided_by="r-mgr",
        decided_at=datetime(2026, 8, 3, tzinfo=UTC),
    )
    with db.session() as session:
        repo.save(session, submitted)
    with db.session() as session:
        repo.save(session, decided)
    with db.session() as session:
        assert repo.get(session, Assessment, "as-1") == decided


@pytest.mark.parametrize(
    "change",
    [
        {"level": 4},
        {"source": "manager"},
        {"assessed_at": datetime(2026, 8, 1, 4, 30, 1, tzinfo=UTC)},
        {"person_id": "r-ben"},
        {"comment": "edited"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_assessment__other_fields_are_refused_and_the_stored_row_is_kept(db, change):
    original = make_assessment()
    with db.session() as session:
        repo.save(session, original)
    name = next(iter(change))
    with pytest.raises(InputError, match=f"{name}.*append-only"):
        with db.session() as session:
            repo.save(session, replace(original, **change))
    with db.session() as session:
        assert repo.get(session, Assessment, "as-1") == original


def test_assessment__same_instant_in_another_offset_is_not_a_change(db):
    original = make_assessment()
    with db.session() as session:
        repo.save(session, original)
        repo.save(session, replace(original, assessed_at=original.assessed_at.astimezone(UTC)))


def test_assessment__cannot_be_deleted(db):
    with db.session() as session, pytest.raises(InputError, match="can be deleted"):
        repo.delete(session, Assessment, "as-1")


# ---------------------------------------------------------------------------------------------
# Delete


@pytest.mark.parametrize(
    ("obj", "key"),
    [
        (make_leave(), "l-1"),
        (make_target(), ("primary", "s-csam")),
        (make_interest(), ("r-aiko", "s-csam")),
        (make_goal(), "g-1"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_delete__removes_the_object_once(db, obj, key):
    with db.session() as session:
        repo.save(session, obj)
    with db.session() as session:
        assert repo.delete(session, type(obj), key) is True
        assert repo.delete(session, type(obj), key) is False
    with db.session() as session:
        assert repo.get(session, type(obj), key) is None


def test_delete__role_target_by_its_domain_object(db):
    with db.session() as session:
        repo.save(session, make_target())
        assert repo.delete(session, RoleTarget, make_target()) is True
        assert repo.list_all(session, RoleTarget) == []
        assert repo.list_all(session, Goal) == []


# ---------------------------------------------------------------------------------------------
# Rotas


def test_rota__saved_with_assignments_in_order(db):
    rota = make_rota(
        assignments=tuple(
            make_assignment(
                id=f"a-{n}",
                start=datetime(2026, 10, 5, tzinfo=UTC) + timedelta(days=10 - n),
                end=datetime(2026, 10, 5, 9, tzinfo=UTC) + timedelta(days=10 - n),
            )
            for n in range(10)
        )
    )
    with db.session() as session:
        repo.save_rota(session, rota)
    with db.session() as session:
        assert repo.get(session, Rota, "rota-1") == rota
        assert repo.list_all(session, Assignment, rota_id="rota-1") == sorted(
            rota.assignments, key=lambda a: a.id
        )


def test_rota__saving_again_replaces_exactly_its_assignments(db):
    first = make_rota(status=RotaStatus.DRAFT, version=None, published_at=None)
    with db.session() as session:
        repo.save(session, first)
    kept, dropped = first.assignments
    edited = replace(
        first,
        assignments=(
            make_assignment(id="a-new", role="shadow", shadow=True),
            replace(kept, pinned=False, responder_id="r-ben"),
        ),
        solver_stats={"status": "FEASIBLE"},
    )
    with db.session() as session:
        repo.save(session, edited)
    with db.session() as session:
        assert repo.get(session, Rota, "rota-1") == edited
        assert repo.get(session, Assignment, (dropped.rota_id, dropped.id)) is None


def test_rota__assignment_of_another_rota_is_refused(db):
    bad = make_rota(assignments=(make_assignment(rota_id="rota-9"),))
    with db.session() as session, pytest.raises(InputError, match="rota_id"):
        repo.save(session, bad)


def test_next_version__starts_at_one_and_follows_the_highest(db):
    with db.session() as session:
        assert repo.next_version(session, "apac") == 1
        repo.save(session, make_rota(id="v1", version=1, assignments=()))
        repo.save(session, make_rota(id="v3", version=3, assignments=()))
        repo.save(session, make_rota(id="d", status=RotaStatus.DRAFT, version=None, assignments=()))
        assert repo.next_version(session, "apac") == 4
        assert repo.next_version(session, "other") == 1


def test_rota__two_rotas_of_one_team_cannot_share_a_version(db):
    with pytest.raises(InputError, match="Rota"):
        with db.session() as session:
            repo.save(session, make_rota(id="v1", version=1, assignments=()))
            repo.save(session, make_rota(id="v1-again", version=1, assignments=()))


def test_latest_rota__by_status_highest_version_then_newest(db):
    created = datetime(2026, 9, 1, tzinfo=UTC)
    with db.session() as session:
        assert repo.latest_rota(session, "apac") is None
        repo.save_all(
            session,
            [
                make_rota(id="v1", version=1, status=RotaStatus.SUPERSEDED, assignments=()),
                make_rota(id="v2", version=2, status=RotaStatus.PUBLISHED, assignments=()),
                make_rota(
                    id="d-old",
                    version=None,
                    status=RotaStatus.DRAFT,
                    created_at=created,
                    assignments=(),
                ),
                make_rota(
                    id="d-new",
                    version=None,
                    status=RotaStatus.DRAFT,
                    created_at=created + timedelta(hours=1),
                    assignments=(),
                ),
            ],
        )
    with db.session() as session:
        assert repo.latest_rota(session, "apac").id == "v2"
        assert repo.latest_rota(session, "apac", RotaStatus.DRAFT).id == "d-new"
        assert repo.latest_rota(session, "apac", "superseded").id == "v1"
        assert repo.latest_rota(session, "apac", None).id == "v2"
        assert repo.latest_rota(session, "other") is None


def test_delete__a_draft_rota_goes_with_its_assignments_a_published_one_stays(db):
    draft = make_rota(id="rota-1", status=RotaStatus.DRAFT, version=None)
    published = make_rota(id="rota-2", assignments=(make_assignment(id="a-9", rota_id="rota-2"),))
    with db.session() as session:
        repo.save_all(session, [draft, published])
    with db.session() as session:
        assert repo.delete(session, Rota, "rota-1") is True
        with pytest.raises(InputError, match="draft"):
            repo.delete(session, Rota, "rota-2")
    with db.session() as session:
        assert [a.id for a in repo.list_all(session, Assignment)] == ["a-9"]


# ---------------------------------------------------------------------------------------------
# Progression evidence and feed tokens


def test_progression_track__evidence_grows_and_shrinks(db):
    track = make_track()
    grown = replace(track, evidence=(*track.evidence, *track.evidence))
    shrunk = replace(track, evidence=track.evidence[1:])
    for version in (track, grown, shrunk):
        with db.session() as session:
            repo.save(session, version)
        with db.session() as session:
            assert repo.get(session, type(track), "pt-1") == version


def test_feed_token__found_by_hash_touched_and_revoked(db):
    token = make_feed_token(last_used_at=None)
    used = datetime(2026, 10, 3, 1, 2, tzinfo=IST)
    with db.session() as session:
        repo.save(session, token)
        assert repo.find_feed_token(session, token.token_hash) == token
        assert repo.find_feed_token(session, "sha256:unknown") is None
        repo.touch_feed_token(session, "ft-1", used)
        repo.revoke_feed_token(session, "ft-1", used + timedelta(days=1))
        repo.revoke_feed_token(session, "ft-1", used + timedelta(days=2))
    with db.session() as session:
        stored = repo.get(session, FeedToken, "ft-1")
    assert stored.last_used_at == used and stored.last_used_at.tzinfo is UTC
    assert stored.revoked_at == used + timedelta(days=1)
    assert not stored.active


def test_feed_token__hash_is_unique_and_scope_is_checked(db):
    with db.session() as session, pytest.raises(InputError, match="scope"):
        repo.save(session, make_feed_token(scope="everyone"))
    with pytest.raises(InputError, match="FeedToken"):
        with db.session() as session:
            repo.save(session, make_feed_token())
            repo.save(session, make_feed_token(id="ft-2"))


def test_team__policy_overrides_survive_nested_values(db):
    team = make_team(policy_overrides={"weights": {"night": 2.5, "list": [1, "x", None, True]}})
    with db.session() as session:
        repo.save(session, team)
    with db.session() as session:
        assert repo.get(session, Team, "apac") == team


def test_assignment__saved_alone_shows_in_its_rota_within_the_same_session(db):
    with db.session() as session:
        repo.save(session, make_rota())
        assert len(repo.get(session, Rota, "rota-1").assignments) == 2
        repo.save(session, make_assignment(id="a-3"))
        assert [a.id for a in repo.get(session, Rota, "rota-1").assignments] == [
            "a-1",
            "a-2",
            "a-3",
        ]


def test_assignment__of_a_missing_rota_is_refused(db):
    with db.session() as session:
        with pytest.raises(NotFoundError, match="rota-9"):
            repo.save(session, make_assignment(id="a-x", rota_id="rota-9"))


def test_assignment__keeps_its_id_in_a_later_version_of_the_rota(db):
    with db.session() as session:
        repo.save_all(session, [make_rota(), make_rota(id="rota-2", version=2, assignments=())])
        repo.save(session, make_assignment(rota_id="rota-2"))
    with db.session() as session:
        first = repo.get(session, Rota, "rota-1")
        second = repo.get(session, Rota, "rota-2")
    assert "a-1" in [a.id for a in first.assignments]
    assert [a.id for a in second.assignments] == ["a-1"]


def test_save__a_failed_save_keeps_nothing_of_it_and_the_session_goes_on(db):
    rota = make_rota(status=RotaStatus.DRAFT, version=None, published_at=None)
    with db.session() as session:
        repo.save(session, rota)
        with pytest.raises(InputError):
            repo.save(session, make_leave(id="l-ghost", responder_id="r-nobody"))
        broken = replace(rota, assignments=(make_assignment(id="a-x", pattern_id="p-nowhere"),))
        with pytest.raises(InputError):
            repo.save(session, broken)
        assert repo.get(session, Rota, "rota-1") == rota
        repo.save(session, make_leave())
    with db.session() as session:
        assert [x.id for x in repo.list_all(session, Leave)] == ["l-1"]
        assert repo.get(session, Rota, "rota-1") == rota


def test_rota__a_later_version_carries_the_same_assignment_ids(db):
    other = make_rota(id="rota-2", version=2, assignments=(make_assignment(rota_id="rota-2"),))
    with db.session() as session:
        repo.save(session, make_rota())
        repo.save(session, other)
    with db.session() as session:
        assert repo.get(session, Rota, "rota-1") == make_rota()
        assert repo.get(session, Rota, "rota-2") == other
