"""Me: one responder's own view — next shifts in their zone (published or draft, told apart at a
glance), swaps (ask a colleague to take a shift or trade, answer requests, cancel one's own),
load against the limits, skills, goals.

Until sign-in exists, a picker stands in for "who am I".
"""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import attempt, current_team, flash, now, run, show_flashes, show_refusal
from app_pages.feeds import personal_feed_section
from rota.domain.timezones import zone
from rota.services import me, published, rotas, teams

PUBLISHED_MARK = "✅ Published"
DRAFT_MARK = "📝 Draft — may change"

team = current_team()
st.title("🙋 Me")
show_flashes()
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
    table = pd.DataFrame(
        [
            {
                "Status": PUBLISHED_MARK if s.status == "published" else DRAFT_MARK,
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
            }
            for s in view.next_shifts
        ]
    )
    st.dataframe(
        table.style.apply(
            lambda row: (
                ["background-color: #fff3cd; color: #664d03" if row["Status"] == DRAFT_MARK else ""]
                * len(row)
            ),
            axis=1,
        ),
        hide_index=True,
        width="stretch",
    )
    drafted = sum(1 for s in view.next_shifts if s.status == "draft")
    st.caption(
        f"{PUBLISHED_MARK}: the rota, in your calendar feed. "
        + (
            f"{DRAFT_MARK} ({drafted} shaded): planned but not published yet; it may still "
            "change before a lead publishes it."
            if drafted
            else "Nothing of yours is only in a draft."
        )
    )
else:
    st.write("No shifts planned for you yet.")

STATE_WORDS = {
    "requested": "waiting for {colleague} to answer",
    "accepted": "{colleague} accepted; waiting for a lead to approve",
    "approved": "approved and published",
    "declined": "declined",
    "cancelled": "cancelled",
}


def state_text(line) -> str:
    words = STATE_WORDS.get(str(line.swap.state), str(line.swap.state)).format(
        colleague=line.colleague, requester=line.requester
    )
    note = line.swap.outcome_note
    return f"{words} ({note})" if note and not line.swap.open else words


def cached(key: tuple, compute):
    """``compute()`` once per ``key`` in this session (the key names the newest published
    version, so a change of the rota recomputes; every step is re-checked anyway)."""
    store = st.session_state.setdefault("_me_cache", {})
    if key not in store:
        if len(store) > 50:
            store.clear()
        store[key] = compute()
    return store[key]


mine_lines = run(published.swaps_of, team.id, responder_id=person.id)
history = run(published.version_history, team.id)
# the published shifts in my zone, to say what each request is about in my own time
in_my_zone = (
    {
        r.assignment_id: r
        for r in run(rotas.rota_timeline, team.id, "published", person.timezone).rows
    }
    if mine_lines
    else {}
)


def shift_words(assignment_id: str | None, fallback: str = "") -> str:
    r = in_my_zone.get(assignment_id or "")
    if r is None:
        return fallback
    return f"{r.start_local:%a %d %b %H:%M}–{r.end_local:%H:%M} · {r.pattern} · {r.role}"


newest = history[0].rota_id if history else ""
asked_on = {
    line.swap.assignment_id: line
    for line in mine_lines
    if line.swap.open and line.swap.requester_id == person.id
}


def their_time(shift, c) -> str:
    """A colleague offered for ``shift``, with the shift in their own local time."""
    tz = zone(c.zone)
    start, end = shift.start_utc.astimezone(tz), shift.end_utc.astimezone(tz)
    return f"{c.name} ({start:%a %H:%M}–{end:%H:%M} {c.zone})"


def ask_form(shift) -> None:
    """Pick a colleague who can take ``shift`` (optionally trade for one of theirs) and ask."""
    candidates = cached(
        ("swap", shift.assignment_id, person.id, newest),
        lambda: run(published.swap_candidates, team.id, shift.assignment_id, person.id, now=now()),
    )
    if not candidates:
        st.warning(
            "Nobody can take this shift without breaking a hard rule (rest, hours, leave, "
            "skills), so nobody is offered. Talk to a lead if you cannot work it."
        )
        return
    offered = {their_time(shift, c): c for c in candidates}
    w1, w2 = st.columns(2)
    colleague = offered[
        w1.selectbox(
            f"Colleague ({len(offered)} can take it keeping every hard rule)",
            list(offered),
            key="swap_to",
            help="Your shift in their local time is in brackets.",
        )
    ]
    reason = w2.text_input("Reason (optional)", key="swap_reason")
    trade = st.checkbox(
        f"Take one of {colleague.name}'s shifts in exchange (a trade)", key="swap_trade"
    )
    theirs = None
    if trade:
        options = cached(
            ("trade", shift.assignment_id, person.id, colleague.responder_id, newest),
            lambda: run(
                published.trade_options,
                team.id,
                shift.assignment_id,
                person.id,
                colleague.responder_id,
                now=now(),
            ),
        )
        if options:
            by_label = {o.label: o for o in options}
            theirs = by_label[
                st.selectbox(
                    f"{colleague.name}'s shift you would take (in your zone)",
                    list(by_label),
                    key="swap_their",
                )
            ]
        else:
            st.caption(
                f"None of {colleague.name}'s shifts within two weeks of yours can be traded "
                "keeping every hard rule; you can still ask them to take yours."
            )
    b1, b2, _ = st.columns([1, 1, 3])
    if b2.button("Never mind", key="swap_close"):
        st.session_state.pop("swap_for", None)
        st.rerun()
    if not b1.button(
        f"Ask {colleague.name}", type="primary", key="ask_swap", disabled=trade and theirs is None
    ):
        return
    _asked, error = attempt(
        published.request_swap,
        team.id,
        person.id,
        shift.assignment_id,
        colleague.responder_id,
        now=now(),
        their_assignment_id=theirs.assignment_id if theirs else None,
        reason=reason,
    )
    if error is not None:
        show_refusal(error)
        return
    flash(
        "success",
        f"Asked {colleague.name} to take your shift {shift.start_local:%a %d %b %H:%M} · "
        f"{shift.pattern} · {shift.role}"
        + (f", for their {theirs.label}" if theirs else "")
        + ". They answer on their Me page; the shift stays yours until the swap is approved"
        + (
            " (this team approves rule-clean swaps automatically)."
            if team.auto_approve_swaps
            else "."
        ),
    )
    for key in ("swap_for", "swap_reason", "swap_trade"):
        st.session_state.pop(key, None)
    st.rerun()


st.subheader("Ask a colleague to take a shift")
own = [s for s in view.next_shifts if s.status == "published" and s.start_utc > now()]
if not own:
    st.caption("You have no published shift still to come to hand over.")
else:
    st.caption(
        "Only colleagues for whom taking it keeps every hard rule are offered. They accept or "
        "decline on their Me page; then a lead approves it on the Rota page"
        + (
            " (this team approves rule-clean swaps automatically)."
            if team.auto_approve_swaps
            else "."
        )
    )
    labels = {
        f"{s.start_local:%a %d %b %H:%M}–{s.end_local:%H:%M} · {s.pattern} · {s.role}"
        + (
            f" — asked {asked_on[s.assignment_id].colleague}" if s.assignment_id in asked_on else ""
        ): s
        for s in own
    }
    shift = labels[st.selectbox("My published shift", list(labels), key="swap_shift")]
    if shift.assignment_id in asked_on:
        line = asked_on[shift.assignment_id]
        st.info(
            f"You already asked {line.colleague} about this shift: {state_text(line)}. Cancel "
            "that request under My requests to ask someone else."
        )
    elif st.session_state.get("swap_for") == shift.assignment_id:
        ask_form(shift)
    elif st.button("Ask a colleague to take it", key="swap_start"):
        st.session_state["swap_for"] = shift.assignment_id
        st.rerun()

to_me = [line for line in mine_lines if line.swap.colleague_id == person.id]
from_me = [line for line in mine_lines if line.swap.requester_id == person.id]

st.subheader("Requests to me")
waiting_for_me = [line for line in to_me if str(line.swap.state) == "requested"]
if not to_me:
    st.caption("Nobody has asked you to take a shift.")
for line in waiting_for_me:
    sw = line.swap
    with st.container(border=True):
        st.markdown(
            f"**{line.requester}** asks you to take their shift "
            f"**{shift_words(sw.assignment_id, line.words)}**"
            + (
                f", and to give them your **{shift_words(sw.their_assignment_id)}** in exchange"
                if sw.their_assignment_id
                else ""
            )
            + f" (times in your zone, {person.timezone})."
            + (f"  \nReason: {sw.reason}" if sw.reason else "")
        )
        b1, b2, _ = st.columns([1, 1, 4])
        accept = b1.button("Accept", key=f"accept_{sw.id}", type="primary")
        decline = b2.button("Decline", key=f"decline_{sw.id}")
        if accept or decline:
            step, error = attempt(published.answer_swap, sw.id, person.id, accept=accept, now=now())
            if error is not None:
                show_refusal(error)
            else:
                flash(
                    "warning" if str(step.swap.state) == "cancelled" else "success",
                    f"{'Accepted' if accept else 'Declined'} {line.requester}'s request: "
                    f"{step.message}.",
                )
                st.rerun()
answered = [line for line in to_me if str(line.swap.state) != "requested"]
if answered:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "From": line.requester,
                    "Shift": shift_words(line.swap.assignment_id, line.words),
                    "In exchange": shift_words(line.swap.their_assignment_id),
                    "State": state_text(line),
                }
                for line in answered
            ]
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader("My requests")
if not from_me:
    st.caption("You have not asked anyone to take a shift.")
for line in from_me:
    sw = line.swap
    if not sw.open:
        continue
    with st.container(border=True):
        c1, c2 = st.columns([5, 1])
        c1.markdown(
            f"Asked **{line.colleague}** to take your shift "
            f"**{shift_words(sw.assignment_id, line.words)}**"
            + (
                f" for their **{shift_words(sw.their_assignment_id)}**"
                if sw.their_assignment_id
                else ""
            )
            + (f"  \nReason: {sw.reason}" if sw.reason else "")
            + f"  \nState: {state_text(line)}"
        )
        if c2.button("Cancel", key=f"cancel_{sw.id}"):
            _done, error = attempt(published.cancel_swap, sw.id, person.id, now=now())
            if error is not None:
                show_refusal(error)
            else:
                flash("info", f"Cancelled your request to {line.colleague}.")
                st.rerun()
closed = [line for line in from_me if not line.swap.open]
if closed:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "To": line.colleague,
                    "Shift": shift_words(line.swap.assignment_id, line.words),
                    "In exchange": shift_words(line.swap.their_assignment_id),
                    "State": state_text(line),
                }
                for line in closed
            ]
        ),
        hide_index=True,
        width="stretch",
    )

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
