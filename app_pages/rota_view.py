"""Rota: the published timeline, each draft by window and each stored version on a timeline.

Drafts: edits with immediate checks, a publish preview person by person, publish after a
confirmation. The published timeline: a lead overrides a shift, approves or declines swaps,
switches auto-approval, and undoes the last change. Until sign-in exists, an "Acting lead"
picker stands in for the lead doing it.
"""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import attempt, current_team, flash, now, run, show_flashes, show_refusal
from rota.domain.team import TeamRole
from rota.domain.timezones import zone
from rota.errors import hard_rules
from rota.services import planning, published, rotas, teams

PUBLISHED = "Published (current timeline)"
SHIFT_CHANGES = ("override", "swap", "undo")

team = current_team()
st.title("🗓️ Rota")
show_flashes()

history = run(published.version_history, team.id)
drafts = run(planning.drafts_of, team.id)
people = run(teams.list_responders, team.id, include_inactive=True)
names = {p.id: p.name for p in people}


def draft_label(d) -> str:
    edited = f", {d.edits} hand edit{'s' if d.edits != 1 else ''}" if d.edits else ""
    kind = f", {d.kind}" if str(d.kind) != "plan" else ""
    return f"Draft ({d.start:%d %b} – {d.end:%d %b %Y}{kind}{edited})"


def version_label(v) -> str:
    return f"Version {v.version}: {v.kind}, {v.what} — {v.state}"


def who(by: str) -> str:
    return names.get(by, by)


choices: dict[str, str] = {}
if history:
    choices[PUBLISHED] = "published"
for d in drafts:
    choices[draft_label(d)] = d.id
for v in history:
    choices[version_label(v)] = v.rota_id
if not choices:
    st.info("There is no rota yet. Plan one on the Plan page.")
    st.stop()

# a choice made by an action (publish: show the timeline), and a choice that no longer exists
wanted = st.session_state.pop("rota_pick", None)
if wanted in choices:
    st.session_state["which_rota"] = wanted
elif st.session_state.get("which_rota") not in choices:
    st.session_state.pop("which_rota", None)

leads = [p for p in people if p.active and p.team_role == TeamRole.LEAD]
c1, c2, c3 = st.columns([2, 1, 1])
picked = c1.selectbox("Rota", list(choices), key="which_rota")
which = choices[picked]
OWN = "Each responder's own zone"
zone_options = [OWN, team.display_zone, "UTC"]
zone_options += sorted({p.timezone for p in people} - set(zone_options))
view = c2.selectbox("Show times in", zone_options, key="view_zone")
view_zone = None if view == OWN else view
lead_names = {p.name: p for p in leads}
acting = (
    c3.selectbox(
        "Acting lead",
        list(lead_names),
        key="acting_lead",
        help="Stands in for sign-in: the lead who publishes, overrides, approves swaps and undoes.",
    )
    if leads
    else None
)
lead = lead_names.get(acting) if acting else None
if lead is None:
    c3.caption("No active lead on the team: give someone the lead role to change the rota.")

draft = next((d for d in drafts if d.id == which), None)
line = next((v for v in history if v.rota_id == which), None)
swaps = run(published.swaps_of, team.id) if history else []
waiting = [s for s in swaps if str(s.swap.state) == "accepted"]

if which == "published":
    st.markdown(
        ":green-badge[Published] The current published timeline: for every shift, the latest "
        "version that covers it. The **Version** column says which version set each shift."
    )
elif draft is not None:
    st.markdown(
        f":orange-badge[Draft — not published] The draft for {draft.start:%a %d %b} – "
        f"{draft.end:%a %d %b %Y}. Responders see it marked *draft* until it is published; "
        "publishing it sets the published timeline for these days only."
    )
elif line is not None:
    st.markdown(
        f":gray-badge[Version {line.version} · {line.state}] Version {line.version} as it was "
        f"published on {line.published_at.astimezone(zone(team.display_zone)):%a %d %b %Y %H:%M} "
        f"({team.display_zone}) by {who(line.by)}: a {line.kind} of {line.what}; "
        f"{line.current} of {line.total} of its assignments are still current."
        + (f" Note: {line.note}" if line.note else "")
    )
if waiting:
    st.info(
        f"{len(waiting)} accepted swap request{'s wait' if len(waiting) != 1 else ' waits'} for a "
        "lead: "
        + ("see Swap requests below." if which == "published" else f"pick “{PUBLISHED}” above.")
    )

timeline = run(rotas.rota_timeline, team.id, which, view_zone)
rows = timeline.rows
f1, f2 = st.columns(2)
only_people = f1.multiselect("People", timeline.responders, key="filter_people")
only_roles = f2.multiselect("Roles", timeline.roles, key="filter_roles")
colour_by = st.radio("Colour by", ["Role", "Queue", "Version"], horizontal=True, key="colour_by")
shown = [
    r
    for r in rows
    if (not only_people or r.responder in only_people) and (not only_roles or r.role in only_roles)
]
rota = timeline.rota
if rota is not None:
    versions_here = sorted({r.version for r in rows if r.version is not None})
    st.caption(
        f"{len(shown)} of {len(rows)} assignments, {rota.start:%a %d %b} – {rota.end:%a %d %b %Y}"
        + (
            f", set by version{'s' if len(versions_here) != 1 else ''} "
            + ", ".join(str(n) for n in versions_here)
            if which == "published" and versions_here
            else ""
        )
        + ". "
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


def version_text(r) -> str:
    return f"v{r.version}" if r.version is not None else "draft"


if shown and rota is not None:
    zone_of = {r.responder: r.responder_zone for r in shown}
    bars = pd.DataFrame(
        [
            {
                "Responder": r.responder,
                "Start": wall(r.start_local),
                "End": wall(r.end_local),
                "Role": r.role,
                "Queue": r.queue or "—",
                "Version": version_text(r),
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
        .mark_rect(opacity=0.35, clip=True)
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
        .mark_bar(cornerRadius=2, height={"band": 0.7}, clip=True)
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
            tooltip=[
                "Responder",
                "Role",
                "Queue",
                "Shift",
                "Local",
                "UTC",
                "Version",
                "Night",
                "Pinned",
            ],
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
                    "Version": version_text(r),
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
elif rota is not None:
    st.caption("No assignment matches these filters.")


def shift_label(r) -> str:
    return (
        f"{r.start_local:%a %d %b %H:%M} {r.display_zone} · {r.pattern} · {r.role} · "
        f"{r.responder}" + (" 📌" if r.pinned else "")
    )


# ---------------------------------------------------------------------------------------------
# A draft: edit it, see its changes, publish it


def draft_section(draft) -> None:
    st.subheader("Edit the draft")
    st.caption(
        "Each change is checked against every hard rule with the team's current data before it "
        "is saved; a change that would break one is refused and nothing is written."
    )
    labels = {shift_label(r): r for r in shown}
    if labels:
        chosen = labels[st.selectbox("Assignment", list(labels), key="edit_assignment")]
        a1, a2, a3 = st.columns(3)
        if a1.button("Unpin" if chosen.pinned else "Pin", key="pin"):
            st.session_state["edit_outcome"] = (
                draft.id,
                run(
                    rotas.set_pinned,
                    team.id,
                    chosen.assignment_id,
                    not chosen.pinned,
                    draft_id=draft.id,
                ),
            )
            st.rerun()
        others = {p.name: p.id for p in people if p.active and p.id != chosen.responder_id}
        to = a2.selectbox("Give to", list(others), key="reassign_to")
        if a2.button("Reassign", key="reassign"):
            st.session_state["edit_outcome"] = (
                draft.id,
                run(rotas.reassign, team.id, chosen.assignment_id, others[to], draft_id=draft.id),
            )
            st.rerun()
        if a3.button("Delete assignment", key="delete"):
            st.session_state["edit_outcome"] = (
                draft.id,
                run(rotas.delete_assignment, team.id, chosen.assignment_id, draft_id=draft.id),
            )
            st.rerun()
    edited_id, edit = st.session_state.get("edit_outcome") or (None, None)
    if edit is not None and edited_id == draft.id:
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

    diff = run(rotas.draft_changes, team.id, draft.id)
    st.subheader("Changes against the published rota")
    nothing_published = diff.published is None or not diff.published.assignments
    if nothing_published:
        st.caption("Nothing is published on these days yet: every assignment in the draft is new.")
    counts = diff.counts
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Reassigned", counts["reassigned"])
    m2.metric("Moved", counts["moved"])
    m3.metric("Added", counts["added"])
    m4.metric("Removed", counts["removed"])
    changed = [c for c in diff.changes if c.kind != "unchanged"]
    if changed and not nothing_published:
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
    elif not nothing_published:
        st.caption("The draft keeps every published assignment of its days.")

    st.subheader("Publish")
    problems = run(rotas.check_draft, team.id, draft.id)
    preview = None
    if problems:
        st.error(
            f"The draft breaks {hard_rules(len(problems))} with the team's current data, so it "
            "cannot be published. Reassign these shifts above, or re-plan on the Plan page:"
        )
        for p in problems[:20]:
            st.markdown(f"- {p}")
    else:
        preview = run(rotas.publish_preview, team.id, draft.id)
        st.markdown(f"**What publishing changes:** {preview.summary()}.")
        if preview.people:
            with st.expander(
                f"Person by person ({len(preview.people)}), in their zone "
                f"and the lead's ({preview.lead_zone})",
                expanded=len(preview.people) <= 6,
            ):
                for person in preview.people:
                    lines = [f"**{person.name}** · {person.zone}"]
                    lines += [f"- ➕ gains {g}" for g in person.gains]
                    lines += [f"- ➖ loses {g}" for g in person.losses]
                    lines += [f"- ↔️ moves {g}" for g in person.moves]
                    st.markdown("\n".join(lines))
        st.caption(
            "The draft keeps every hard rule with the team's current data. Publishing checks "
            "again, then makes it the next version; it sets the published timeline for "
            f"{draft.start:%d %b} – {draft.end:%d %b} only (earlier and later published weeks "
            "stay), and cancels open swap requests on shifts it changes."
        )
    confirming = st.session_state.get("confirm_publish") == draft.id
    if not confirming:
        if st.button(
            "Publish this draft",
            type="primary",
            key="publish",
            disabled=bool(problems),
        ):
            st.session_state["confirm_publish"] = draft.id
            st.rerun()
        return
    st.warning(
        f"Publish the draft {draft.start:%d %b} – {draft.end:%d %b %Y} as the next version? "
        + (f"{preview.summary()}. " if preview is not None else "")
        + "Responders see it at once on their Me page and in their calendars."
    )
    b1, b2, _ = st.columns([1, 1, 4])
    if b1.button("Confirm publish", type="primary", key="confirm_publish_button"):
        version, error = attempt(
            planning.publish,
            team.id,
            now=now(),
            by=lead.id if lead else "app",
            draft_id=draft.id,
        )
        if error is not None:
            st.session_state.pop("confirm_publish", None)
            show_refusal(error)
            return
        st.session_state.pop("confirm_publish", None)
        st.session_state.pop("edit_outcome", None)
        flash(
            "success",
            f"Published version {version.version}: {version.start} – {version.end}, "
            f"{len(version.assignments)} assignments. The published timeline below shows it.",
        )
        st.session_state["rota_pick"] = PUBLISHED
        st.rerun()
    if b2.button("Cancel", key="cancel_publish"):
        st.session_state.pop("confirm_publish", None)
        st.rerun()


# ---------------------------------------------------------------------------------------------
# The published timeline: override, swaps, undo


def cached(key: tuple, compute):
    """``compute()`` once per ``key`` in this session (the key names the newest version, so a
    new version recomputes; each action re-checks anyway)."""
    store = st.session_state.setdefault("_rota_cache", {})
    if key not in store:
        if len(store) > 50:
            store.clear()
        store[key] = compute()
    return store[key]


def override_section() -> None:
    st.subheader("Override a shift")
    st.caption(
        "Give one published shift to someone else. It is published at once as a new version of "
        "just that shift. Only people for whom the change keeps every hard rule are offered. "
        "Narrow the list of shifts with the People and Roles filters above."
    )
    future = [r for r in shown if r.start_utc > now()]
    if not future:
        st.info("No shift of the published timeline (with these filters) is still to come.")
        return
    labels = {shift_label(r) + f" (v{r.version})": r for r in future}
    chosen = labels[st.selectbox("Shift", list(labels), key="override_shift")]
    if st.session_state.get("override_for") != chosen.assignment_id:
        if st.button("Who can take it?", key="override_start"):
            st.session_state["override_for"] = chosen.assignment_id
            st.rerun()
        return
    newest = history[0].rota_id
    candidates = cached(
        ("override", chosen.assignment_id, newest),
        lambda: run(published.override_candidates, team.id, chosen.assignment_id),
    )
    if not candidates:
        st.warning(
            f"Nobody else can take this shift without breaking a hard rule, so "
            f"{chosen.responder} keeps it. Pick another shift, or change leave or levels first."
        )
        return

    def their_time(c) -> str:
        tz = zone(c.zone)
        a, b = chosen.start_utc.astimezone(tz), chosen.end_utc.astimezone(tz)
        return f"{c.name} ({a:%a %H:%M}–{b:%H:%M} {c.zone})"

    offered = {their_time(c): c for c in candidates}
    if st.session_state.pop("override_done", False):
        st.session_state.pop("override_reason", None)
    with st.form("override"):
        o1, o2 = st.columns(2)
        to = o1.selectbox(
            f"Give to ({len(offered)} can take it keeping every hard rule)",
            list(offered),
            key="override_to",
            help="The shift in their local time is in brackets.",
        )
        reason = o2.text_input(
            "Reason (required; it goes in the version history)", key="override_reason"
        )
        go = st.form_submit_button(
            "Override", type="primary", key="override_button", disabled=lead is None
        )
    if not go:
        return
    if not reason.strip():
        st.error("Give a reason for the override: it goes in the version history.")
        return
    person = offered[to]
    version, error = attempt(
        published.override,
        team.id,
        chosen.assignment_id,
        person.responder_id,
        reason=reason,
        now=now(),
        by=lead.id,
    )
    if error is not None:
        show_refusal(error)
        return
    flash(
        "success",
        f"Overridden: {chosen.pattern} ({chosen.role}) on {chosen.start_local:%a %d %b %H:%M} "
        f"{chosen.display_zone} goes from {chosen.responder} to {person.name}; published as "
        f"version {version.version}.",
    )
    st.session_state["override_done"] = True
    st.session_state.pop("override_for", None)
    st.rerun()


STATE_WORDS = {
    "requested": "waiting for the colleague",
    "accepted": "accepted; waiting for a lead",
    "approved": "approved",
    "declined": "declined",
    "cancelled": "cancelled",
}


zone_of_person = {p.id: p.timezone for p in people}
row_of = {r.assignment_id: r for r in rows}


def swap_shift(assignment_id: str | None, fallback: str, taker_id: str = "") -> str:
    """A shift of a swap: when, as shown above, and for the person taking it in their zone."""
    r = row_of.get(assignment_id or "")
    if r is None:
        return fallback
    text = (
        f"{r.pattern} · {r.role}, {r.start_local:%a %d %b %H:%M}–{r.end_local:%H:%M} "
        f"{r.display_zone}"
    )
    theirs = zone_of_person.get(taker_id)
    if theirs and theirs != r.display_zone:
        tz = zone(theirs)
        a, b = r.start_utc.astimezone(tz), r.end_utc.astimezone(tz)
        text += f" ({names.get(taker_id, taker_id)}: {a:%a %H:%M}–{b:%H:%M} {theirs})"
    return text


def swaps_section() -> None:
    st.subheader("Swap requests")
    # the toggle shows the stored setting on every run; a flip is saved by its callback
    st.session_state["auto_approve"] = team.auto_approve_swaps
    st.toggle(
        "Auto-approve swaps the colleague accepted that keep every hard rule",
        key="auto_approve",
        on_change=set_auto_approve,
        disabled=lead is None,
        help="On: an accepted swap is re-checked and published at once, without a lead.",
    )
    if waiting:
        st.caption(
            "Accepted by the colleague and waiting for a lead. Approving re-checks every hard "
            "rule, then publishes the swap as a new version of just those shifts."
        )
    else:
        st.caption("No accepted swap waits for a lead.")
    for s in waiting:
        sw = s.swap
        with st.container(border=True):
            st.markdown(
                f"**{s.requester} → {s.colleague}**: "
                f"{swap_shift(sw.assignment_id, s.words, sw.colleague_id)}"
                + (
                    f"; in exchange {s.requester} takes "
                    f"{swap_shift(sw.their_assignment_id, '', sw.requester_id)}"
                    if sw.their_assignment_id
                    else ""
                )
                + (f"  \nReason: {sw.reason}" if sw.reason else "")
            )
            party = lead is not None and lead.id in (sw.requester_id, sw.colleague_id)
            if party:
                st.caption(f"{lead.name} is one of the two swapping: another lead decides.")
            b1, b2, _ = st.columns([1, 1, 4])
            if b1.button(
                "Approve",
                key=f"approve_{sw.id}",
                type="primary",
                disabled=lead is None or party,
            ):
                decide(sw, approve=True)
            if b2.button("Decline", key=f"decline_{sw.id}", disabled=lead is None or party):
                decide(sw, approve=False)
    asked = [s for s in swaps if str(s.swap.state) == "requested"]
    if asked:
        st.caption(
            f"{len(asked)} more request{'s wait' if len(asked) != 1 else ' waits'} for the "
            "colleague to answer on their Me page."
        )
    if swaps:
        with st.expander(f"All swap requests ({len(swaps)})"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Asked": s.swap.created_at.astimezone(zone(team.display_zone)).strftime(
                                "%d %b %H:%M"
                            ),
                            "From": s.requester,
                            "To": s.colleague,
                            "Shift": swap_shift(s.swap.assignment_id, s.words),
                            "In exchange": swap_shift(s.swap.their_assignment_id, ""),
                            "State": STATE_WORDS.get(str(s.swap.state), str(s.swap.state)),
                            "Note": s.swap.outcome_note or s.swap.reason,
                        }
                        for s in swaps
                    ]
                ),
                hide_index=True,
                width="stretch",
            )


def set_auto_approve() -> None:
    on = bool(st.session_state["auto_approve"])
    _, error = attempt(published.team_setting_auto_approve, team.id, on)
    if error is not None:
        flash("error", str(error))
    else:
        flash(
            "info",
            "Swaps the colleague accepted that keep every hard rule are now approved automatically."
            if on
            else "Accepted swaps now wait for a lead to approve them.",
        )


def decide(sw, *, approve: bool) -> None:
    step, error = attempt(published.decide_swap, sw.id, approve=approve, by=lead.id, now=now())
    if error is not None:
        show_refusal(error)
        return
    kind = "success" if str(step.swap.state) == "approved" else "info"
    if str(step.swap.state) == "cancelled":
        kind = "warning"
    flash(kind, f"Swap {step.message}.")
    st.rerun()


def undo_section() -> None:
    st.subheader("Undo last change")
    last = history[0]
    if last.kind in SHIFT_CHANGES:
        st.markdown(
            f"Undo reverses **version {last.version}** ({last.kind} of {last.what}, by "
            f"{who(last.by)}): {last.note or 'no note'}. A new version puts those shifts back "
            "as they were, after checking every hard rule again."
        )
        if st.button("Undo last change", key="undo", disabled=lead is None):
            version, error = attempt(published.undo_last, team.id, now=now(), by=lead.id)
            if error is not None:
                show_refusal(error)
                return
            flash(
                "success", f"Undone: version {last.version} reversed by version {version.version}."
            )
            st.rerun()
    else:
        reason = (
            f"the last version (version {last.version}) is a {last.kind} of {last.what}; undo "
            "reverses only the last override, swap or undo. To change a published plan, re-plan "
            "its window on the Plan page."
        )
        st.button("Undo last change", key="undo", disabled=True, help=reason.capitalize())
        st.caption(f"Nothing to undo: {reason}")


def versions_section() -> None:
    st.subheader("Versions")
    st.caption(
        "Every published version, newest first. A plan or repair sets its whole window; an "
        "override, swap or undo only the shifts it names. A version is superseded where a "
        "later one covers its shifts."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Version": f"v{v.version}",
                    "Kind": v.kind,
                    "Covers": v.what,
                    "State": v.state,
                    "Still current": f"{v.current} of {v.total} assignments",
                    f"Published ({team.display_zone})": v.published_at.astimezone(
                        zone(team.display_zone)
                    ).strftime("%a %d %b %Y %H:%M"),
                    "By": who(v.by),
                    "Note": v.note,
                }
                for v in history
            ]
        ),
        hide_index=True,
        width="stretch",
    )


if draft is not None:
    draft_section(draft)
elif which == "published":
    override_section()
    swaps_section()
    undo_section()
if history:
    versions_section()
