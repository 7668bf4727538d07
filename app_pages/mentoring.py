"""Mentoring: the pairs board, suggested pairs, progression tracks (stage, criteria, shadow shifts
done and planned) and each person's level over time."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota.errors import SkillsError
from rota.services import mentoring, skills


def show(service, *args, **kwargs):
    """Call a service for the page's content; an error is a message and stops the page."""
    try:
        return run(service, *args, **kwargs)
    except SkillsError as error:
        st.error(str(error))
        st.stop()


team = current_team()
st.title("🤝 Mentoring")
today = now().date()
as_of = st.date_input(
    "As of", value=today, key="mentoring_as_of", help="Pairs, loads and suggestions on this day."
)

# --------------------------------------------------------------------------------- board
board = show(mentoring.mentoring_board, team.id, as_of)
active = [p for p in board if p.active]
st.caption(
    f"{len(active)} active pairs on {as_of:%d %b %Y}; a mentor takes at most "
    f"{board[0].max_mentees if board else 2} active mentees."
)
st.subheader("Pairs")
if board:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Mentor": p.mentor.label,
                    "Mentee": p.mentee.label,
                    "Skills": ", ".join(p.skill_names),
                    "Status": str(p.relationship.status),
                    "Active on the day": "yes" if p.active else "",
                    "Mentor load": f"{p.mentor_load}/{p.max_mentees}",
                    "Shadow shifts / week": p.relationship.shadow_shifts_per_week,
                    "From": p.relationship.start,
                    "Until": p.relationship.end,
                }
                for p in board
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.write("No mentoring pairs yet.")

# --------------------------------------------------------------------------------- suggestions
st.subheader("Suggested pairs")
st.caption(
    "Mentor at level 4 with spare capacity, mentee at level 2 or below. Ranked by the mentee's "
    "interest, then shared working hours (09:00–17:00 local on working days), then the "
    "mentor's load."
)
limit = st.slider("How many", min_value=5, max_value=50, value=10, step=5)
suggestions = show(mentoring.mentoring_suggestions, team.id, as_of, limit=limit)
if suggestions:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Rank": s.suggestion.rank,
                    "Mentor": s.mentor.label,
                    "Mentee": s.mentee.label,
                    "Skill": s.skill_name,
                    "Levels": f"{s.suggestion.mentor_level} → {s.suggestion.mentee_level}",
                    "Interest": s.suggestion.interest,
                    "Shared h/week": s.suggestion.overlap_hours,
                    "Mentor load": s.suggestion.mentor_load,
                    "Why": s.explanation,
                }
                for s in suggestions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.write("No pairs to suggest on this day.")

# --------------------------------------------------------------------------------- progression
st.subheader("Progression tracks")
progress = show(mentoring.progression_progress, team.id, now())
if progress.harvest.evidence_added:
    st.info(
        f"Harvested {progress.harvest.evidence_added} worked shadow shifts from published rotas "
        f"as evidence on {progress.harvest.tracks_updated} tracks."
    )
st.caption(
    "prerequisites → shadow → reverse shadow → primary. Criteria are those for leaving the "
    f"current stage, on {progress.as_of:%d %b %Y}; sign-off is judged for the track's mentor."
)
if progress.tracks:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Person": t.person.label,
                    "Skill": t.skill_name,
                    "Stage": str(t.track.stage),
                    "Since": t.track.stage_since,
                    "Mentor": t.mentor.name if t.mentor else "",
                    "Level": t.level,
                    "Criteria met": f"{len(t.met)}/{len(t.criteria)}",
                    "Shadow shifts done": t.shadow_shifts_done,
                    "Shadow shifts planned": len(t.planned),
                    "Evidence": t.evidence_count,
                }
                for t in progress.tracks
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    for t in progress.tracks:
        with st.expander(f"{t.person.name} — {t.skill_name}: {t.track.stage}"):
            if t.criteria:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "Met": "✅" if c.met else "❌",
                                "Criterion": c.description,
                                "Now": c.detail,
                            }
                            for c in t.criteria
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
            else:
                st.write("At the last stage.")
            if t.planned:
                st.write(
                    "Planned shadow shifts: "
                    + "; ".join(
                        f"{p.pattern_name} ({p.role}) {p.start:%d %b %H:%M} UTC" for p in t.planned
                    )
                )
else:
    st.write("No progression tracks.")

# --------------------------------------------------------------------------------- level over time
st.subheader("Level over time")
people = show(skills.team_people, team.id, as_of)
catalogue = show(skills.catalogue)
labels = {p.label: p for p in people}
trainees = [t.person.label for t in progress.tracks if t.person.label in labels]
chosen = st.multiselect(
    "People", list(labels), default=list(dict.fromkeys(trainees))[:4] or list(labels)[:2]
)
skill_names = {s.name: s for s in catalogue}
tracked = list(dict.fromkeys(t.skill_name for t in progress.tracks))
chosen_skills = st.multiselect(
    "Skills", list(skill_names), default=tracked[:3] or list(skill_names)[:1]
)
days = st.select_slider(
    "Period", options=[90, 180, 365, 730], value=365, format_func="{} days".format
)
if chosen and chosen_skills:
    points = show(
        mentoring.level_history,
        team.id,
        as_of - timedelta(days=days),
        as_of,
        person_ids=[labels[c].id for c in chosen],
        skill_ids=[skill_names[s].id for s in chosen_skills],
    )
    frame = pd.DataFrame(
        [
            {"Person": p.person.name, "Skill": p.skill_name, "Day": p.day, "Level": p.level}
            for p in points
        ]
    )
    if frame.empty:
        st.write("No levels for these people and skills in this period.")
    else:
        frame["Day"] = pd.to_datetime(frame["Day"])
        chart = (
            alt.Chart(frame)
            .mark_line(interpolate="step-after", point=True)
            .encode(
                x=alt.X("Day:T", title=None),
                y=alt.Y("Level:Q", scale=alt.Scale(domain=[0, 4]), axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("Person:N"),
                strokeDash=alt.StrokeDash("Skill:N"),
                tooltip=["Person", "Skill", "Day", "Level"],
            )
        )
        st.altair_chart(chart, width="stretch")
else:
    st.write("Pick at least one person and one skill.")
