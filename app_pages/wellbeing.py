"""Wellbeing: high-severity exposure per day and per rolling 7 days against the limits, nights,
weekends, holidays and on-call share per responder, and who carries the team's load."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota.services import wellbeing

team = current_team()
st.title("💚 Wellbeing")

today = now().date()
monday = today - timedelta(days=today.weekday())
c1, c2, c3 = st.columns(3)
start = c1.date_input("From", value=monday, key="wb_start")
weeks = c2.number_input("Weeks", min_value=1, max_value=12, value=2, step=1, key="wb_weeks")
include_draft = c3.toggle("Include the draft", value=True, key="wb_draft")
end = start + timedelta(days=7 * int(weeks) - 1)

report = run(wellbeing.wellbeing, team.id, start, end, today=today, include_draft=include_draft)
limits = report.limits
st.caption(
    f"Exposure is weighted: {limits.weights_text()}. Past days come from the exposure log where it "
    "has an entry; other days from the published rota (and the draft, if included). "
    f"⚖️ The {limits.limits_text()} limits are judgement calls: no regulator sets them."
)
st.caption(
    f"{start:%a %d %b} – {end:%a %d %b %Y}; plan sources: published {report.sources['published']}, "
    f"draft {report.sources['draft'] if include_draft else 'not included'}."
)

summary = pd.DataFrame(
    [
        {
            "Name": p.responder.name,
            "Zone": p.responder.timezone,
            "Hours": p.hours,
            "Shifts": p.shifts,
            "High-severity h": p.exposure_hours,
            f"Peak day h (≤ {limits.exposure_hours_per_day:g})": p.peak_day_hours,
            f"Peak 7 days h (≤ {limits.exposure_hours_per_7_days_ceiling:g})": p.peak_7_day_hours,
            "Nights": p.nights,
            "Weekend days": p.weekend_days,
            "Holidays": p.holidays,
            f"On call, 28 days (≤ {limits.on_call_share_28_days:.0%})": (
                f"{p.peak_on_call_share_28:.0%}"
            ),
            "Attention": "; ".join(p.warnings),
        }
        for p in report.people
    ]
)
flagged = [p for p in report.people if p.warnings]
if flagged:
    st.warning(
        f"{len(flagged)} responders are over a target or limit: "
        + ", ".join(p.responder.name for p in flagged)
    )
else:
    st.success("Everyone is within the exposure and on-call limits in this period.")
st.dataframe(summary, hide_index=True, width="stretch")

st.subheader("One responder, day by day")
by_name = {p.responder.name: p for p in report.people}
if by_name:
    heaviest = max(report.people, key=lambda p: (p.peak_7_day_hours, p.exposure_hours))
    names = list(by_name)
    who = st.selectbox(
        "Responder", names, index=names.index(heaviest.responder.name), key="wb_person"
    )
    person = by_name[who]
    days = pd.DataFrame(
        [
            {
                "Day": d.day.isoformat(),
                "High-severity h": d.exposure_hours,
                "Rolling 7 days h": d.rolling_7_hours,
                "Source": d.source or "—",
                "Night": d.night,
                "Weekend": d.weekend,
                "On call h": d.on_call_hours,
            }
            for d in person.days
        ]
    )
    left, right = st.columns(2)
    day_limit = pd.DataFrame({"limit": [limits.exposure_hours_per_day]})
    left.altair_chart(
        alt.layer(
            alt.Chart(days)
            .mark_bar()
            .encode(
                x=alt.X("Day:O", title=None),
                y=alt.Y("High-severity h:Q", title="Weighted hours per local day"),
                color=alt.Color("Source:N"),
                tooltip=["Day", "High-severity h", "Source"],
            ),
            alt.Chart(day_limit).mark_rule(color="red", strokeDash=[4, 3]).encode(y="limit:Q"),
        ).properties(title=f"Per day (limit {limits.exposure_hours_per_day:g} h)"),
    )
    week_limits = pd.DataFrame(
        {
            "limit": [
                limits.exposure_hours_per_7_days_target,
                limits.exposure_hours_per_7_days_ceiling,
            ],
            "kind": ["target", "ceiling"],
        }
    )
    right.altair_chart(
        alt.layer(
            alt.Chart(days)
            .mark_line(point=True)
            .encode(
                x=alt.X("Day:O", title=None),
                y=alt.Y("Rolling 7 days h:Q", title="Weighted hours in the last 7 days"),
                tooltip=["Day", "Rolling 7 days h"],
            ),
            alt.Chart(week_limits)
            .mark_rule(strokeDash=[4, 3])
            .encode(
                y="limit:Q",
                color=alt.Color(
                    "kind:N",
                    scale=alt.Scale(domain=["target", "ceiling"], range=["orange", "red"]),
                    legend=alt.Legend(title="7-day limit"),
                ),
            ),
        ).properties(
            title=f"Rolling 7 days (target {limits.exposure_hours_per_7_days_target:g} h, "
            f"ceiling {limits.exposure_hours_per_7_days_ceiling:g} h)"
        ),
    )
    if person.warnings:
        for w in person.warnings:
            st.warning(f"{who}: {w}")

st.subheader("Who carries the load")
measures = {
    "High-severity hours": "exposure_hours",
    "On-call hours": "on_call_hours",
    "Nights": "nights",
    "Weekend days": "weekend_days",
    "Hours worked": "hours",
}
measure = st.radio("Measure", list(measures), horizontal=True, key="wb_measure")
field = measures[measure]
dist = pd.DataFrame(
    [
        {
            "Period": d.period,
            "Start": d.period_start.isoformat(),
            "Responder": d.responder,
            measure: getattr(d, field),
        }
        for d in report.distribution
    ]
)
if not dist.empty and dist[measure].sum() > 0:
    order = sorted(dist["Start"].unique())
    st.altair_chart(
        alt.Chart(dist[dist[measure] > 0])
        .mark_bar()
        .encode(
            x=alt.X(
                f"{measure}:Q", stack="normalize", title=f"Share of the team's {measure.lower()}"
            ),
            y=alt.Y("Start:O", sort=order, title="Period starting"),
            color=alt.Color("Responder:N", legend=alt.Legend(columns=2)),
            tooltip=["Period", "Responder", measure],
        ),
    )
    table = dist.pivot_table(index="Responder", columns="Start", values=measure, aggfunc="sum")
    st.dataframe(table, width="stretch")
else:
    st.caption(f"No {measure.lower()} in this period or the previous ones.")
