"""Who may do what, who is acting, and the append-only audit trail (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from rota.domain.access import (
    EVERY_TEAM,
    PERMISSIONS,
    Action,
    Actor,
    Role,
    allowed,
    who_may,
)
from rota.domain.audit import AuditKind
from rota.domain.responders import Responder
from rota.domain.team import Team, TeamRole
from rota.errors import InputError, PermissionDenied, UnknownPerson
from rota.services import access
from rota.services._access import audit, require
from rota.storage import repo

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADMIN = Actor.local_administrator("cli")


def person(id: str, email: str, role: TeamRole = TeamRole.RESPONDER, **overrides) -> Responder:
    return Responder(
        id=id,
        team_id=overrides.pop("team_id", "apac"),
        name=overrides.pop("name", id.title()),
        email=email,
        timezone="Asia/Singapore",
        country="SG",
        team_role=role,
        **overrides,
    )


@pytest.fixture
def team_db(database):
    with database.session() as session:
        repo.save(session, Team(id="apac", name="APAC Response"))
        repo.save(session, Team(id="emea", name="EMEA Response"))
        repo.save_all(
            session,
            [
                person("lena", "lena.lead@example.org", TeamRole.LEAD, name="Lena Lead"),
                person("milo", "milo.manager@example.org", TeamRole.MANAGER, name="Milo Manager"),
                person("rae", "Rae.Responder@example.org", name="Rae Responder"),
                person("old", "old.timer@example.org", name="Old Timer", active=False),
            ],
        )
    return database


def call(db, service, *args, **kwargs):
    with db.session() as session:
        return service(session, *args, **kwargs)


# ------------------------------------------------------------------------ the permission table


def test_every_action_has_one_row_and_each_row_names_someone_who_may():
    assert set(PERMISSIONS) == set(Action)
    for permission in PERMISSIONS.values():
        assert permission.anyone | permission.own, permission.action


def test_a_responder_may_ask_for_a_swap_of_their_own_shift_but_not_of_someone_elses():
    rae = Actor(
        "Rae", "rae@example.org", "app", {"apac": frozenset({Role.RESPONDER})}, {"apac": "rae"}
    )
    assert allowed(rae, Action.REQUEST_SWAP, "apac", "rae")
    assert not allowed(rae, Action.REQUEST_SWAP, "apac", "lena")
    assert not allowed(rae, Action.REQUEST_SWAP, "emea", "rae")


def test_roles_count_only_on_their_team_and_an_every_team_grant_counts_everywhere():
    lead = Actor("L", "l@example.org", "app", {"apac": frozenset({Role.LEAD})}, {"apac": "l"})
    admin = Actor("A", "a@example.org", "app", {EVERY_TEAM: frozenset({Role.ADMIN})})
    assert allowed(lead, Action.PUBLISH, "apac") and not allowed(lead, Action.PUBLISH, "emea")
    assert allowed(admin, Action.TEAM_LINKS, "emea") and not allowed(admin, Action.PUBLISH, "emea")


def test_the_local_administrator_holds_every_role_but_acts_for_no_person():
    assert all(allowed(ADMIN, a, "apac") for a in Action if PERMISSIONS[a].anyone)
    # answering a swap and waiving a recovery are personal: nobody does them for someone else
    assert not allowed(ADMIN, Action.ANSWER_SWAP, "apac", "rae")
    assert not allowed(ADMIN, Action.WAIVE_RECOVERY, "apac", "rae")


def test_who_may_says_the_roles_in_words():
    assert who_may(Action.PUBLISH) == "a lead"
    assert who_may(Action.TEAM_LINKS) == "an admin or a lead"
    assert who_may(Action.REQUEST_SWAP) == "a lead or a responder (for themselves)"


# ------------------------------------------------------------------------------ who is acting


def test_a_person_is_found_by_e_mail_whatever_its_case_with_the_roles_their_team_role_gives(
    team_db,
):
    rae = call(team_db, access.actor_for_email, "  rae.RESPONDER@example.org ", channel="app")
    assert rae.name == "Rae Responder" and rae.person_in("apac") == "rae"
    assert rae.roles_in("apac") == {Role.RESPONDER}
    lena = call(team_db, access.actor_for_email, "lena.lead@example.org", channel="cli")
    assert lena.roles_in("apac") == {Role.RESPONDER, Role.LEAD}
    milo = call(team_db, access.actor_for_email, "milo.manager@example.org", channel="cli")
    assert milo.roles_in("apac") == {Role.RESPONDER, Role.MANAGER}


def test_an_unknown_or_offboarded_person_is_told_to_ask_their_lead(team_db):
    for email in ("stranger@example.org", "old.timer@example.org"):
        with pytest.raises(UnknownPerson, match="ask your lead to add you"):
            call(team_db, access.actor_for_email, email, channel="app")


def test_a_malformed_e_mail_names_the_field_and_the_fix(team_db):
    with pytest.raises(InputError, match="e-mail.*name@example.org"):
        call(team_db, access.actor_for_email, "rae", channel="cli")


def test_a_granted_role_adds_to_a_member_and_makes_a_non_member_known(team_db):
    call(
        team_db,
        access.grant_role,
        "apac",
        "rae.responder@example.org",
        "manager",
        actor=ADMIN,
        now=NOW,
    )
    call(
        team_db,
        access.grant_role,
        EVERY_TEAM,
        "it.admin@example.org",
        Role.ADMIN,
        actor=ADMIN,
        now=NOW,
    )
    rae = call(team_db, access.actor_for_email, "rae.responder@example.org", channel="app")
    assert rae.roles_in("apac") == {Role.RESPONDER, Role.MANAGER}
    it = call(team_db, access.actor_for_email, "it.admin@example.org", channel="app")
    assert it.roles_in("emea") == {Role.ADMIN} and it.person_in("apac") is None
    lines = {line.email: line for line in call(team_db, access.team_roles, "apac")}
    assert lines["it.admin@example.org"].roles == (Role.ADMIN,)
    assert lines["Rae.Responder@example.org"].roles == (Role.MANAGER, Role.RESPONDER)


def test_granting_needs_an_admin_and_the_refusal_says_who_may(team_db):
    lena = call(team_db, access.actor_for_email, "lena.lead@example.org", channel="cli")
    with pytest.raises(PermissionDenied) as refused:
        call(
            team_db,
            access.grant_role,
            "apac",
            "rae.responder@example.org",
            "lead",
            actor=lena,
            now=NOW,
        )
    assert "may not grant or revoke roles in APAC Response" in str(refused.value)
    assert "needs an admin" in str(refused.value) and "holds lead and responder" in str(
        refused.value
    )
    assert call(team_db, access.team_roles, "apac")[0].granted == ()


def test_a_revoked_grant_is_gone_and_both_steps_are_audited(team_db):
    call(
        team_db,
        access.grant_role,
        "apac",
        "rae.responder@example.org",
        "lead",
        actor=ADMIN,
        now=NOW,
    )
    assert call(
        team_db,
        access.revoke_role,
        "apac",
        "rae.responder@example.org",
        "lead",
        actor=ADMIN,
        now=NOW + timedelta(minutes=1),
    )
    assert not call(
        team_db,
        access.revoke_role,
        "apac",
        "rae.responder@example.org",
        "lead",
        actor=ADMIN,
        now=NOW,
    )
    rae = call(team_db, access.actor_for_email, "rae.responder@example.org", channel="app")
    assert rae.roles_in("apac") == {Role.RESPONDER}
    events = call(team_db, access.audit_trail, viewer=ADMIN, kinds=["roles"])
    assert [e.what for e in events] == [
        "revoked lead on apac from rae.responder@example.org",
        "granted lead on apac to rae.responder@example.org",
    ]
    assert {e.actor for e in events} == {"local administrator"}


def test_an_unknown_role_names_the_roles_there_are(team_db):
    with pytest.raises(InputError, match="admin, lead, manager, responder"):
        call(
            team_db,
            access.grant_role,
            "apac",
            "rae.responder@example.org",
            "boss",
            actor=ADMIN,
            now=NOW,
        )


# ---------------------------------------------------------------------------- the audit trail


def _events(db):
    lena = call(db, access.actor_for_email, "lena.lead@example.org", channel="app")
    milo = call(db, access.actor_for_email, "milo.manager@example.org", channel="cli")
    with db.session() as session:
        audit(
            session, lena, AuditKind.PUBLISH, "apac", "published version 1", now=NOW, why="weekly"
        )
        audit(
            session,
            milo,
            AuditKind.APPROVAL,
            "apac",
            "approved an assessment",
            now=NOW + timedelta(minutes=1),
        )
        audit(
            session,
            ADMIN,
            AuditKind.TEAM,
            "emea",
            "renamed the team",
            now=NOW + timedelta(minutes=2),
        )
    return lena, milo


def test_the_trail_says_who_when_what_and_why_and_filters_by_person_team_and_kind(team_db):
    lena, milo = _events(team_db)
    everything = call(team_db, access.audit_trail, viewer=ADMIN)
    assert [e.what for e in everything] == [
        "renamed the team",
        "approved an assessment",
        "published version 1",
    ]
    first = everything[-1]
    assert (first.actor, first.channel, first.at, first.why) == (
        "Lena Lead <lena.lead@example.org>",
        "app",
        NOW,
        "weekly",
    )
    by_milo = call(team_db, access.audit_trail, viewer=ADMIN, person="MILO.manager@example.org")
    assert [e.kind for e in by_milo] == [AuditKind.APPROVAL]
    assert len(call(team_db, access.audit_trail, viewer=ADMIN, team_id="emea")) == 1
    assert len(call(team_db, access.audit_trail, viewer=ADMIN, kinds=["publish", "approval"])) == 2


def test_a_lead_reads_their_own_teams_trail_and_a_responder_none(team_db):
    lena, _ = _events(team_db)
    assert len(call(team_db, access.audit_trail, viewer=lena)) == 2  # apac only
    with pytest.raises(PermissionDenied):
        call(team_db, access.audit_trail, viewer=lena, team_id="emea")
    rae = call(team_db, access.actor_for_email, "rae.responder@example.org", channel="app")
    with pytest.raises(PermissionDenied, match="read the audit trail"):
        call(team_db, access.audit_trail, viewer=rae, team_id="apac")


def test_the_trail_is_append_only_in_tandem_and_in_the_database_itself(team_db):
    _events(team_db)
    stored = call(team_db, access.audit_trail, viewer=ADMIN)[0]
    from dataclasses import replace

    with pytest.raises(InputError, match="append-only"):
        call(team_db, repo.save, replace(stored, what="nothing happened"))
    for statement in (
        "UPDATE audit_events SET what = 'nothing happened'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(Exception, match="append-only"):
            with team_db.session() as session:
                session.execute(text(statement))
    assert len(call(team_db, access.audit_trail, viewer=ADMIN)) == 3


def test_a_refused_action_raises_before_anything_is_written(team_db):
    rae = call(team_db, access.actor_for_email, "rae.responder@example.org", channel="app")
    with pytest.raises(
        PermissionDenied, match="Rae Responder <Rae.Responder@example.org> may not publish a rota"
    ):
        call(team_db, require, rae, Action.PUBLISH, "apac")
    assert call(team_db, access.audit_trail, viewer=ADMIN) == []
