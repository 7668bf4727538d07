"""Rota: the draft or a published version on a timeline, edits with immediate checks, publish."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota.errors import hard_rules
from rota.services import planning, rotas, teams

team = current_team()
st.title("🗓️ Rota")
message = st.session_state.pop("published_message", None)
if message:
    st.success(message)

published = run(planning.published_versions, team.id)
diff = run(rotas.draft_changes, team.id)
choices = {}
if diff.draft is not None:
    choices[f"Draft ({diff.draft.start:%d %b} – {diff.draft.end:%d %b %Y})"] = "draft"
for r in reversed(published):
    choices[f"Published v{r.version} ({r.start:%d %b} – {r.end:%d %b %Y}, {r.status})"] = r.id
if not choices:
    st.info("There is no rota yet. Plan one on the Plan page.")
    st.stop()

c1, c2 = st.columns([2, 1])
picked = c1.selectbox("Rota", list(choices), key="which_rota")
which = choices[picked]
OWN = "Each responder's own zone"
zone_options = [OWN, team.display_zone, "UTC"]
people = run(teams.list_responders, team.id, include_inactive=True)
zone_options += sorted({p.timezone for p in people} - set(zone_options))
view = c2.selectbox("Show times in", zone_options, key="view_zone")
view_zone = None if view == OWN else view

timeline = run(rotas.rota_timeline, team.id, which, view_zone)
rows = timeline.rows
f1, f2 = st.columns(2)
only_people = f1.multiselect("People", timeline.responders, key="filter_people")
only_roles = f2.multiselect("Roles", timeline.roles, key="filter_roles")
colour_by = st.radio("Colour by", ["Role", "Queue"], horizontal=True, key="colour_by")
shown = [
    r
    for r in rows
    if (not only_people or r.responder in only_people) and (not only_roles or r.role in only_roles)
]
rota = timeline.rota
st.caption(
    f"{len(shown)} of {len(rows)} assignments, {rota.start:%a %d %b} – {rota.end:%a %d %b %Y}. "
    + (
        "Times are each responder's own local time."
        if view_zone is None
        else f"Times are in {view_zone}."
    )
    + " Shaded: each person's local night (grey) and weekend (light blue)."
)


def wall(local) -> str:
    """A local time as a wall-clock ISO string the chart reads as UTC, so it is drawn as is."""
    return local.replace(tzinfo=None).isoformat() + "Z"


if shown:
    zone_of = {r.responder: r.responder_zone for r in shown}
    bars = pd.DataFrame(
        [
            {
                "Responder": r.responder,
                "Start": wall(r.start_local),
                "End": wall(r.end_local),
                "Role": r.role,
                "Queue": r.queue or "—",
                "Shift": r.pattern,
                "Local": f"{r.start_local:%a %H:%M}–{r.end_local:%H:%M} {r.display_zone}",
                "UTC": f"{r.start_utc:%a %H:%M}–{r.end_utc:%H:%M} UTC",
                "Night": "yes" if r.night else "",
                "Pinned": "📌" if r.pinned else "",
            }
            for r in shown
        ]
    )
    ids = [p.id for p in people if p.name in zone_of]
    bands = run(
        rotas.shade_bands,
        team.id,
        ids,
        rota.start - timedelta(days=1),
        rota.end + timedelta(days=1),
        view_zone,
    )
    shade = pd.DataFrame(
        [
            {
                "Responder": b.responder,
                "Start": wall(b.start_local),
                "End": wall(b.end_local),
                "Kind": b.kind,
            }
            for b in bands
        ]
    )
    lo = min(bars["Start"])
    hi = max(bars["End"])
    shade = shade[(shade["End"] > lo) & (shade["Start"] < hi)]
    scale = alt.Scale(type="utc", domain=[lo, hi])
    height = max(160, 28 * len(zone_of))
    background = (
        alt.Chart(shade)
        .mark_rect(opacity=0.35)
        .encode(
            x=alt.X("Start:T", scale=scale),
            x2="End:T",
            y=alt.Y("Responder:N", sort=sorted(zone_of)),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=["night", "weekend"], range=["#bbbbbb", "#cfe3f7"]),
                legend=alt.Legend(title="Local"),
            ),
        )
    )
    foreground = (
        alt.Chart(bars)
        .mark_bar(cornerRadius=2, height={"band": 0.7})
        .encode(
            x=alt.X(
                "Start:T",
                scale=scale,
                axis=alt.Axis(format="%a %d %H:%M", title=view_zone or "local time"),
            ),
            x2="End:T",
            y=alt.Y(
                "Responder:N",
                sort=sorted(zone_of),
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=180),
            ),
            color=alt.Color(f"{colour_by}:N", legend=alt.Legend(title=colour_by, labelLimit=260)),
            tooltip=["Responder", "Role", "Queue", "Shift", "Local", "UTC", "Night", "Pinned"],
        )
    )
    st.altair_chart(
        alt.layer(background, foreground)
        .resolve_scale(color="independent")
        .properties(height=height),
    )

    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Responder": r.responder,
                    "Role": r.role,
                    "Shift": r.pattern,
                    "Local start": r.start_local.strftime("%a %d %b %H:%M"),
                    "Local end": r.end_local.strftime("%a %d %b %H:%M"),
                    "Zone": r.display_zone,
                    "Start (UTC)": r.start_utc.strftime("%a %d %b %H:%M"),
                    "Queue": r.queue,
                    "Severity": r.severity,
                    "Night": r.night,
                    "Weekend": r.weekend,
                    "Holiday": r.holiday,
                    "Pinned": r.pinned,
                    "Shadow": r.shadow,
                }
                for r in shown
            ]
        ),
        hide_index=True,
        width="stretch",
    )

if which == "draft":
    st.subheader("Edit the draft")
    st.caption(
        "Each change is checked against every hard rule with the team's current data before it "
        "is saved; a change that would break one is refused and nothing is written."
    )
    labels = {
        f"{r.start_local:%a %d %b %H:%M} · {r.pattern} · {r.role} · {r.responder}"
        + (" 📌" if r.pinned else ""): r
        for r in shown
    }
    if labels:
        chosen = labels[st.selectbox("Assignment", list(labels), key="edit_assignment")]
        a1, a2, a3 = st.columns(3)
        if a1.button("Unpin" if chosen.pinned else "Pin", key="pin"):
            st.session_state["edit_outcome"] = run(
                rotas.set_pinned, team.id, chosen.assignment_id, not chosen.pinned
            )
            st.rerun()
        others = {p.name: p.id for p in people if p.active and p.id != chosen.responder_id}
        to = a2.selectbox("Give to", list(others), key="reassign_to")
        if a2.button("Reassign", key="reassign"):
            st.session_state["edit_outcome"] = run(
                rotas.reassign, team.id, chosen.assignment_id, others[to]
            )
            st.rerun()
        if a3.button("Delete assignment", key="delete"):
            st.session_state["edit_outcome"] = run(
                rotas.delete_assignment, team.id, chosen.assignment_id
            )
            st.rerun()
    edit = st.session_state.get("edit_outcome")
    if edit is not None:
        if edit.refused:
            st.error(f"Refused, {edit.message}; the draft is unchanged:")
            for p in edit.refused[:20]:
                st.markdown(f"- {p}")
        elif edit.ok:
            st.success(f"Done: {edit.message}. Every hard rule still holds.")
        else:
            st.warning(
                f"Done: {edit.message}. The draft still breaks {hard_rules(len(edit.problems))} "
                "(with the team's current data); fix them before publishing:"
            )
            for p in edit.problems[:20]:
                st.markdown(f"- {p}")

    st.subheader("Changes against the published rota")
    if diff.published is None:
        st.caption("Nothing is published yet: every assignment in the draft is new.")
    counts = diff.counts
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Reassigned", counts["reassigned"])
    m2.metric("Moved", counts["moved"])
    m3.metric("Added", counts["added"])
    m4.metric("Removed", counts["removed"])
    changed = [c for c in diff.changes if c.kind != "unchanged"]
    if changed and diff.published is not None:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Change": c.kind,
                        "Role": c.role,
                        "Before": diff.names.get(c.before_responder_id or "", ""),
                        "After": diff.names.get(c.after_responder_id or "", ""),
                        "Was (UTC)": c.before_start.strftime("%a %d %b %H:%M")
                        if c.before_start
                        else "",
                        "Now (UTC)": c.after_start.strftime("%a %d %b %H:%M")
                        if c.after_start
                        else "",
                    }
                    for c in changed
                ]
            ),
            hide_index=True,
            width="stretch",
        )

    st.subheader("Publish")
    problems = run(rotas.check_draft, team.id)
    if problems:
        st.error(
            f"The draft breaks {hard_rules(len(problems))} with the team's current data, so it "
            "cannot be published. Reassign these shifts above, or re-plan on the Plan page:"
        )
        for p in problems[:20]:
            st.markdown(f"- {p}")
    else:
        st.caption(
            "The draft keeps every hard rule with the team's current data. Publishing checks "
            "again, then makes it the next version."
        )
    if st.button("Publish this draft", type="primary", key="publish", disabled=bool(problems)):
        version = run(planning.publish, team.id, now=now(), by="app")
        st.session_state.pop("edit_outcome", None)
        st.session_state["published_message"] = (
            f"Published version {version.version}: {version.start} – {version.end}, "
            f"{len(version.assignments)} assignments."
        )
        st.rerun()
