"""Team: who is on the team, where they are, their local time now, languages, contract, leave."""

import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota import services

team = current_team()
st.title(f"👥 {team.name}")
views = run(services.team_overview, team.id, now())

zones = sorted({v.responder.timezone for v in views})
st.caption(
    f"{len(views)} responders in {len(zones)} time zones. Times below are each person's local time now."
)

rows = [
    {
        "Name": v.responder.name,
        "Zone": v.responder.timezone,
        "Local time": v.local_time.strftime("%a %H:%M"),
        "Offset": v.utc_offset,
        "Country": v.responder.country
        + (f"-{v.responder.subdivision}" if v.responder.subdivision else ""),
        "Languages": v.languages_text,
        "Contract h/week": v.responder.contract_hours_per_week,
        "Working days": v.working_days_text,
        "Night work": "consents" if v.responder.night_work_consent else "no",
        "Role": str(v.responder.team_role),
        "Leave": (
            f"on leave until {v.on_leave_today.end:%d %b}"
            if v.on_leave_today
            else (f"next: {v.upcoming_leave[0].start:%d %b}" if v.upcoming_leave else "")
        ),
    }
    for v in views
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader("Where the team is")
by_zone = pd.DataFrame(
    [{"Zone": v.responder.timezone, "Offset": v.utc_offset} for v in views]
).value_counts().reset_index(name="Responders")
st.bar_chart(by_zone, x="Zone", y="Responders")

st.subheader("Upcoming leave")
leave_rows = [
    {
        "Name": v.responder.name,
        "From": e.start,
        "To": e.end,
        "Kind": str(e.kind),
    }
    for v in views
    for e in v.upcoming_leave
]
if leave_rows:
    st.dataframe(pd.DataFrame(leave_rows).sort_values("From"), hide_index=True, width="stretch")
else:
    st.write("Nobody has leave booked.")
