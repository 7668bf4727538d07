"""Coverage & policy: shift patterns on a 24-hour strip, role demands, and the wellbeing limits."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota.domain.coverage import strip_in_zone
from rota.policy.team_policy import POLICY_FIELDS, resolve_policy
from rota.services import teams, wellbeing

team = current_team()
st.title("🧭 Coverage & policy")
design = run(teams.coverage_design, team.id)

zones = sorted({p.zone for p in design.patterns} | {team.display_zone, "UTC"})
view_zone = st.selectbox("Show times in", zones, index=zones.index(team.display_zone))
st.caption(
    "Each pattern is defined in its own zone (wall-clock times stay put across DST); "
    f"here it is shown in {view_zone} for the current week."
)

segments = [seg for p in design.patterns for seg in strip_in_zone(p, view_zone, now().date())]
days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
strip = pd.DataFrame(
    [
        {"Pattern": s.pattern_name, "Day": days[s.weekday], "From": s.start_hour, "To": s.end_hour}
        for s in segments
    ]
)
if not strip.empty:
    chart = (
        alt.Chart(strip)
        .mark_bar()
        .encode(
            x=alt.X("From:Q", scale=alt.Scale(domain=[0, 24]), title=f"Hour of day ({view_zone})"),
            x2="To:Q",
            y=alt.Y("Pattern:N", title=None),
            color=alt.Color("Pattern:N", legend=None),
            row=alt.Row("Day:N", sort=days, title=None),
            tooltip=["Pattern", "Day", "From", "To"],
        )
        .properties(height=alt.Step(14))
    )
    st.altair_chart(chart)

st.subheader("Shift patterns and what each needs")


def skill_name(skill_id: str) -> str:
    skill = design.skills.get(skill_id)
    return skill.name if skill else skill_id


rows = []
for p in design.patterns:
    for d in p.demands:
        rows.append(
            {
                "Pattern": p.name,
                "Local hours": f"{p.start:%H:%M}–{p.end:%H:%M} {p.zone}",
                "Days": " ".join(days[i] for i in sorted(p.days)),
                "Role": d.role,
                "People": d.min_headcount
                if d.min_headcount == d.max_headcount
                else f"{d.min_headcount}–{d.max_headcount}",
                "Skills": ", ".join(
                    f"{s.count}× {skill_name(s.skill_id)} ≥ {s.min_level}"
                    for s in d.required_skills
                ),
                "Languages": ", ".join(d.required_languages),
                "Queue": f"{d.content_category} ({d.severity})" if d.content_category else "",
                "On call": "yes" if d.on_call else "",
            }
        )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader("Wellbeing and working-time limits")
st.caption(
    "Defaults come from the sources shown. ⚖️ marks a judgement call: "
    "no authority sets that number. "
    "Country law is a floor; this is product guidance, not legal advice."
)
effective = resolve_policy(team.policy_overrides)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Group": f.group,
                "Limit": f.label,
                "Value": effective[f.name],
                "Default": f.default,
                "Unit": f.unit,
                "Kind": f.kind,
                "Judgement call": "⚖️" if f.judgement else "",
                "Source": f.source,
            }
            for f in POLICY_FIELDS
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Per-person limits")
st.caption(
    "The team policy with each responder's country floor applied (the stricter value wins), "
    "their night-work consent and the content categories they opted out of (respected, no "
    "reason needed). Country law is a floor, not advice."
)
limits = run(wellbeing.person_limits, team.id)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Name": p.responder.name,
                "Country": p.responder.country,
                "Rest between shifts (h)": p.min_rest_hours,
                "Longest shift (h)": p.max_shift_hours,
                "Night window": p.night_window,
                "Night work": p.night_work,
                "Public holidays": p.holiday_work,
                "Country hours caps": p.country_caps or "none",
                "Opted out of": ", ".join(p.opted_out),
                "Why": p.source,
            }
            for p in limits
        ]
    ),
    hide_index=True,
    width="stretch",
)
