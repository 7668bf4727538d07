"""Only the responder waives the recovery after a critical incident, and the waiver is recorded
with who and when; the planner sees it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rota.domain.exposure import CriticalIncident
from rota.errors import InputError
from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest
from rota.services import planning, teams, wellbeing
from rota.storage import repo
from rota.storage.db import open_database

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def session(tmp_path):
    with open_database(None, default_path=tmp_path / "t.sqlite") as database:
        with database.session() as session:
            teams.seed_demo(session, TODAY)
            yield session


def _unwaived(session) -> CriticalIncident:
    return next(i for i in repo.list_all(session, CriticalIncident) if not i.waived_by_responder)


def test_waiver__someone_else_cannot_waive_and_nothing_is_written(session):
    incident = _unwaived(session)
    with pytest.raises(InputError, match=f"only {incident.responder_id}"):
        wellbeing.waive_recovery(session, incident.id, by="arjun-pillai", now=NOW)
    assert repo.get(session, CriticalIncident, incident.id) == incident


def test_waiver__the_responders_own_is_recorded_with_when_and_reaches_the_planner(session):
    incident = _unwaived(session)
    waived = wellbeing.waive_recovery(session, incident.id, by=incident.responder_id, now=NOW)
    stored = repo.get(session, CriticalIncident, incident.id)
    assert stored == waived and stored.waived_by == incident.responder_id
    assert stored.waived_at == NOW and stored.waived_by_responder
    problem, _ = build_problem(
        planning.load_snapshot(session, "apac-ir"),
        PlanRequest(start=TODAY + timedelta(days=7), weeks=1),
    )
    engine_incident = next(
        i for i in problem.history.critical_incidents if i.at == incident.occurred_at
    )
    assert engine_incident.waived and engine_incident.waived_by == incident.responder_id
