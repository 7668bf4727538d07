"""Country floors make some people's limits stricter than the team's: the stricter value wins."""

from __future__ import annotations

from datetime import date

from rota.services import teams, wellbeing
from rota.storage.db import open_database


def test_country_floors_show_per_person_with_their_source(tmp_path):
    db = open_database(None, default_path=tmp_path / "t.sqlite")
    with db.session() as session:
        teams.seed_demo(session, date(2026, 11, 29))
        rows = {p.responder.country: p for p in wellbeing.person_limits(session, "apac-ir")}
    assert rows["IN"].max_shift_hours == 10 and "Karnataka" in rows["IN"].source
    assert rows["ID"].night_window == "22:00–07:00 local"
    assert rows["AU"].holiday_work == "only with their agreement (hard)"
    assert rows["SG"].max_shift_hours == 12 and rows["SG"].min_rest_hours == 11
    assert "Singapore" in rows["SG"].source and "12 h a day" in rows["SG"].country_caps
    assert "52 h in any 7 days" in rows["KR"].country_caps
