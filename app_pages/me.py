"""Me: one responder's own view — next shifts in their zone, load against the limits, skills, goals.

Until sign-in exists, a picker stands in for "who am I".
"""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from app_pages.feeds import personal_feed_section
from rota.services import me, teams

team = current_team()
st.title("🙋 Me")
people = run(teams.list_responders, team.id)
if not people:
    st.info("This team has no responders yet.")
    st.stop()
by_name = {p.name: p for p in people}
who = st.selectbox("I am (stands in for sign-in)", list(by_name), key="me_who")
view = run(me.me, by_name[who].id, now=now())
person = view.responder
limits = view.limits
load = view.load

st.caption(
    f"{person.timezone} · local time now {view.local_now:%a %d %b %H:%M} · "
    f"{person.contract_hours_per_week:g} h/week contract"
)

st.subheader("My next shifts")
if view.next_shifts:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Day": s.start_local.strftime("%a %d %b"),
                    "From": s.start_local.strftime("%H:%M"),
                    "To": s.end_local.strftime("%H:%M")
                    + ("" if s.end_local.date() == s.start_local.date() else " +1"),
                    "Shift": s.pattern,
                    "Role": s.role + (" (shadow)" if s.shadow else ""),
                    "Queue": f"{s.queue} ({s.severity})" if s.queue else "",
                    "On call": "yes" if s.on_call else "",
                    "Night": "🌙" if s.night else "",
                    "Weekend/holiday": ("weekend " if s.weekend else "")
                    + ("holiday" if s.holiday else ""),
                    "Status": s.status,
                }
                for s in view.next_shifts
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if any(s.status == "draft" for s in view.next_shifts):
        st.caption("Shifts marked draft are planned but not published yet; they may change.")
else:
    st.write("No shifts planned for you yet.")

first, last = view.period
st.subheader("My load and exposure")
st.caption(
    f"{first:%d %b} – {last:%d %b}: the past two weeks (exposure log where logged) and the next "
    "two (published rota, and the draft where there is one). High-severity hours are weighted: "
    f"{limits.weights_text()}."
)
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "Peak high-severity day",
    f"{load.peak_day_hours:g} h",
    help=f"Limit {limits.exposure_hours_per_day:g} h per local day (judgement call ⚖️).",
)
m2.metric(
    "Peak 7 days",
    f"{load.peak_7_day_hours:g} h",
    help=f"Target {limits.exposure_hours_per_7_days_target:g} h, ceiling "
    f"{limits.exposure_hours_per_7_days_ceiling:g} h (judgement call ⚖️).",
)
m3.metric(
    "On call, rolling 28 days",
    f"{load.peak_on_call_share_28:.0%}",
    help=f"At most {limits.on_call_share_28_days:.0%} (Google SRE book).",
)
m4.metric("Nights · weekend days", f"{load.nights} · {load.weekend_days}")
if load.warnings:
    for w in load.warnings:
        st.warning(w)
else:
    st.success("You are within every exposure and on-call limit in this period.")
days = pd.DataFrame(
    [
        {
            "Day": d.day.isoformat(),
            "High-severity h": d.exposure_hours,
            "Rolling 7 days h": d.rolling_7_hours,
            "Source": d.source or "—",
        }
        for d in load.days
    ]
)
if not days.empty:
    rules = pd.DataFrame(
        {
            "limit": [
                limits.exposure_hours_per_day,
                limits.exposure_hours_per_7_days_target,
                limits.exposure_hours_per_7_days_ceiling,
            ],
            "Limit": ["per day", "7 days target", "7 days ceiling"],
        }
    )
    st.altair_chart(
        alt.layer(
            alt.Chart(days)
            .mark_bar()
            .encode(
                x=alt.X("Day:O", title=None),
                y=alt.Y("High-severity h:Q", title="Weighted hours"),
                color=alt.Color("Source:N"),
                tooltip=["Day", "High-severity h", "Rolling 7 days h", "Source"],
            ),
            alt.Chart(days).mark_line(color="black").encode(x="Day:O", y="Rolling 7 days h:Q"),
            alt.Chart(rules)
            .mark_rule(strokeDash=[4, 3])
            .encode(
                y="limit:Q",
                color=alt.Color(
                    "Limit:N",
                    scale=alt.Scale(
                        domain=["per day", "7 days target", "7 days ceiling"],
                        range=["purple", "orange", "red"],
                    ),
                ),
            ),
        ).resolve_scale(color="independent"),
    )

st.subheader("My skills")
if view.skills:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Skill": s.name,
                    "Level for the rota": s.level,
                    "Assessed level": s.assessed_level,
                    "Flags": ", ".join(s.flags),
                    "Expires": s.expires_on,
                }
                for s in view.skills
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.write("No assessed skills yet.")

st.subheader("My goals")
if view.goals:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Skill": g.skill,
                    "Now": g.current_level,
                    "Target": g.target_level,
                    "By": g.target_date,
                    "Mentor": g.mentor,
                    "Checklist": f"{g.done}/{g.total}" if g.total else "",
                }
                for g in view.goals
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.write("No goals set yet.")
if view.mentors or view.mentees:
    st.caption(
        ("Mentored by " + ", ".join(view.mentors) + ". " if view.mentors else "")
        + ("Mentoring " + ", ".join(view.mentees) + "." if view.mentees else "")
    )

personal_feed_section(person)
