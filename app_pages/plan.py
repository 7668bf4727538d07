"""Plan: ask the solver for a rota (or repair the published one around sick days) and review it."""

import threading
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from app_pages._common import attempt, current_team, now, run
from rota.errors import DraftWasEdited, hard_rules
from rota.services import planning, teams

team = current_team()
st.title("🧮 Plan")
st.caption(
    "Tandem asks the solver for a rota that keeps every hard wellbeing and working-time rule and "
    "costs as little as possible on the soft ones. The result is stored as the draft of its "
    "window; review and edit it on the Rota page, then publish. What is already published on "
    "those days is kept unless a rule, a demand or an absence forces a change."
)


def progress_reporter(bar, note, time_limit: float):
    """An ``on_progress(objective, bound, elapsed)`` that moves ``bar`` from the solver's thread."""
    ctx = get_script_run_ctx()

    def report(objective: float, bound: float, elapsed: float) -> None:
        share = min(1.0, max(0.0, elapsed / time_limit))
        gap = (
            f" · gap {100 * (objective - bound) / max(1.0, abs(objective)):.1f}%"
            if objective
            else ""
        )
        try:  # the solver calls this from its own thread: attach it to this page's session
            if ctx is not None:
                add_script_run_ctx(threading.current_thread(), ctx)
            bar.progress(
                share,
                text=f"{elapsed:.1f}s · best objective {objective:g} · bound {bound:g}{gap}",
            )
            note.caption("Each improvement is a better rota; the bound is how good one could be.")
        except Exception:  # noqa: BLE001 - progress is cosmetic; never stop the solver for it
            pass

    return report


def show_outcome(outcome, names: dict[str, str]) -> None:
    """Coverage, gaps, soft costs by rule, per-person load and the validator's verdict."""
    result = outcome.result
    if outcome.impossible:
        st.error("No rota satisfies every hard rule for these weeks. What stands in the way:")
        plain = getattr(outcome, "plain", None)
        if plain is not None and plain.lines:
            lines, relaxations = list(plain.lines), list(plain.relaxations)
        else:
            lines = []
            for e in result.explanation:
                who = ", ".join(names.get(w, w) for w in e.workers)
                lines.append(f"**{e.rule_id}**{f' ({who})' if who else ''}: {e.message}")
            relaxations = list(
                dict.fromkeys(e.relaxation for e in result.explanation if e.relaxation)
            )
        for line in lines:
            st.markdown(f"- {line}")
        if relaxations:
            st.subheader("Any of these would make a rota possible")
            for r in relaxations:
                st.markdown(f"- {r}")
        return
    if outcome.broken:
        st.error(
            f"The engine's rota breaks {hard_rules(len(outcome.breaches))} by the independent "
            "validator, so nothing was stored (the previous draft, if any, is unchanged). "
            "This is a defect of the engine; please report it."
        )
        for b in outcome.breaches[:20]:
            st.markdown(f"- {b}")
        return
    if not result.has_rota:
        st.warning(
            f"No rota was found within the time limit (status: {result.status}). "
            "Give the solver more time or plan fewer weeks."
        )
        return
    missing = sum(u.missing for u in result.unfilled)
    staffed = outcome.demand_count - len(result.unfilled)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Role slots staffed", f"{staffed}/{outcome.demand_count}")
    c2.metric("People missing", missing)
    c3.metric("Objective", f"{result.objective:g}" if result.objective is not None else "–")
    c4.metric("Best bound", f"{result.best_bound:g}" if result.best_bound is not None else "–")
    st.caption(
        f"Status {result.status}; built in {result.timings.build:.1f}s, "
        f"solved in {result.timings.solve:.1f}s."
    )
    st.success("Validator: every hard rule holds.")
    if result.unfilled:
        st.subheader("Gaps")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Shift": u.shift_id, "Role": u.role, "Missing": u.missing, "Extra": u.extra}
                    for u in result.unfilled
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if result.penalties_by_rule:
        st.subheader("Soft costs by rule")
        costs = pd.DataFrame(
            [{"Rule": k, "Cost": v} for k, v in result.penalties_by_rule.items()]
        ).sort_values("Cost", ascending=False)
        st.altair_chart(
            alt.Chart(costs)
            .mark_bar()
            .encode(
                x=alt.X("Cost:Q"),
                y=alt.Y("Rule:N", sort="-x", title=None),
                tooltip=["Rule", "Cost"],
            ),
        )
    st.subheader("Load per person")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": names.get(load.worker_id, load.worker_id),
                    "Hours": round(load.minutes / 60, 1),
                    "Cap h": round(load.max_total_minutes / 60, 1)
                    if load.max_total_minutes
                    else None,
                    "Shifts": load.shifts,
                    "Nights": load.nights,
                    "Weekend days": load.weekend_days,
                    "Holidays": load.holidays,
                    "High-severity h (weighted)": round(load.exposure_minutes / 60, 1),
                    "Peak 7-day exposure h": round(load.peak_exposure_7_days_minutes / 60, 1),
                    "On call h": round(load.on_call_minutes / 60, 1),
                    "Shadow shifts": load.shadow_shifts,
                }
                for load in result.loads
            ]
        ).sort_values("Hours", ascending=False),
        hide_index=True,
        width="stretch",
    )


def plan_now(params: dict, *, replace_edited: bool):
    """Plan with a progress bar; ``(outcome, None)``, or ``(None, DraftWasEdited)`` when it would
    replace a draft a lead edited by hand (asked first). Other errors stop the page clearly."""
    limit = float(params["limit"])
    with st.status("Planning…", expanded=True) as status:
        bar = st.progress(0.0, text="Building the model…")
        note = st.empty()
        outcome, error = attempt(
            planning.plan,
            team.id,
            params["start"],
            int(params["weeks"]),
            now=now(),
            time_limit=limit,
            created_by="app",
            on_progress=progress_reporter(bar, note, limit),
            fresh=bool(params["fresh"]),
            replace_edited=replace_edited,
        )
        if isinstance(error, DraftWasEdited):
            status.update(
                label="Not planned yet: a draft was edited by hand, asking first", state="complete"
            )
            return None, error
        if error is not None:
            status.update(label="Not planned", state="error")
            st.error(str(error))
            st.stop()
        bar.progress(1.0, text=f"Done: {outcome.result.status}")
        status.update(
            label=f"Planning finished: {outcome.result.status}",
            state="complete" if outcome.result.has_rota else "error",
        )
    return outcome, None


def plan_and_keep(params: dict, *, replace_edited: bool) -> None:
    """Plan and keep the outcome for the page, or keep the question when a hand-edited draft
    would be replaced."""
    st.session_state.pop("plan_outcome", None)
    st.session_state.pop("plan_ask", None)
    outcome, asked = plan_now(params, replace_edited=replace_edited)
    if asked is not None:
        # "draft 2026-12-14 – 2026-12-20", "2 hand edits"
        st.session_state["plan_ask"] = (params, f"the {asked.field}, {asked.value}")
    else:
        st.session_state["plan_outcome"] = (outcome, bool(params["fresh"]))


def published_changes(outcome) -> None:
    """How many published assignments the draft changes, and for whom."""
    if outcome.baseline is None:
        st.caption("Nothing is published on these days yet: every assignment is new.")
    elif outcome.changed == 0:
        st.success(
            f"Every published assignment of these days is kept "
            f"({len(outcome.baseline.assignments)} assignments)"
            + (
                ": the solver found nothing better than what is published."
                if outcome.kept_published
                else "."
            )
        )
        if outcome.kept_published:
            st.caption(
                "The draft is exactly what is published. The costs and loads below are the "
                "solver's best alternative, which cost no less (its stability cost counts each "
                "published assignment it would have dropped)."
            )
    else:
        counts = {"reassigned": 0, "moved": 0, "added": 0, "removed": 0}
        for c in outcome.changes:
            if c.kind in counts:
                counts[c.kind] += 1
        who = ", ".join(outcome.affected)
        st.warning(
            f"{outcome.changed} published "
            f"assignment{'s change' if outcome.changed != 1 else ' changes'} "
            f"({', '.join(f'{n} {k}' for k, n in counts.items() if n)}), for "
            f"{len(outcome.affected)} {'person' if len(outcome.affected) == 1 else 'people'}: "
            f"{who}. Nothing changes for them until the draft is published."
        )


new_tab, repair_tab = st.tabs(["New rota", "Repair after sickness"])

with new_tab:
    today = planning.local_today(team, now())
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    with st.form("plan"):
        c1, c2, c3 = st.columns(3)
        start = c1.date_input(
            "First day",
            value=next_monday,
            min_value=today,
            key="plan_start",
            help=f"From today ({team.display_zone}) on: the past is history, not a plan.",
        )
        weeks = c2.number_input("Weeks", min_value=1, max_value=8, value=2, step=1, key="weeks")
        limit = c3.number_input(
            "Time limit (seconds)", min_value=1, max_value=600, value=30, step=5, key="limit"
        )
        fresh = st.checkbox(
            "Fresh plan (ignore what is published on these days)",
            key="plan_fresh",
            help="Off (the default): published assignments are kept unless something forces a "
            "change. On: plan these days anew; shifts that have started stay as they are.",
        )
        go = st.form_submit_button("Plan rota", type="primary")
    if go:
        plan_and_keep(
            {"start": start, "weeks": int(weeks), "limit": float(limit), "fresh": fresh},
            replace_edited=False,
        )
    confirmed = st.session_state.pop("plan_replace", None)
    if confirmed is not None:
        plan_and_keep(confirmed, replace_edited=True)
    ask = st.session_state.get("plan_ask")
    if ask is not None:
        params, why = ask
        st.warning(
            f"Planning {params['start']:%a %d %b} for {params['weeks']} "
            f"week{'s' if params['weeks'] != 1 else ''} would replace {why} made on the Rota "
            "page. Replace it? Its pinned assignments are kept; its other edits are lost."
        )
        b1, b2, _ = st.columns([1, 1, 3])
        if b1.button("Replace the edited draft", type="primary", key="replace_edited"):
            st.session_state.pop("plan_ask", None)
            st.session_state["plan_replace"] = params
            st.rerun()
        if b2.button("Keep the edited draft", key="keep_edited"):
            st.session_state.pop("plan_ask", None)
            st.rerun()
    kept = st.session_state.get("plan_outcome")
    if kept is not None:
        outcome, was_fresh = kept
        if outcome.draft is not None:
            st.info(
                f"Stored draft for {outcome.request.start:%d %b} – {outcome.request.end:%d %b %Y} "
                f"with {len(outcome.draft.assignments)} assignments"
                + (
                    ", planned fresh (ignoring what is published on these days)"
                    if was_fresh
                    else ""
                )
                + ". Review it on the Rota page."
            )
            published_changes(outcome)
        show_outcome(outcome, outcome.names)

with repair_tab:
    st.caption(
        "Someone is off sick: record their sick days and re-plan the days around them. Only the "
        "day before to the day after the sickness is re-planned; before it everything stays as "
        "published, and inside it the solver keeps as much as it can. The result is a draft of "
        "those days to review and publish on the Rota page."
    )
    people = run(teams.list_responders, team.id)
    timeline = run(planning.published_timeline, team.id)
    today = planning.local_today(team, now())
    if timeline.empty:
        st.info("There is no published rota to repair yet. Plan one and publish it first.")
    elif timeline.last_day < today:
        st.info(
            f"Everything published ends on {timeline.last_day:%d %b %Y}, before today: there is "
            "nothing left to repair. Plan the coming weeks on the New rota tab."
        )
    else:
        first_day, last_day = max(timeline.first_day, today), timeline.last_day
        by_name = {p.name: p for p in people}
        with st.form("repair"):
            who = st.selectbox("Who is sick", list(by_name), key="repair_who")
            c1, c2, c3 = st.columns(3)
            sick_from = c1.date_input(
                "Sick from",
                value=first_day,
                min_value=first_day,
                max_value=last_day,
                key="sick_from",
            )
            sick_to = c2.date_input(
                "Sick until",
                value=first_day,
                min_value=first_day,
                max_value=last_day,
                key="sick_to",
            )
            repair_limit = c3.number_input(
                "Time limit (seconds)",
                min_value=1,
                max_value=600,
                value=int(planning.REPAIR_TIME_LIMIT),
                step=5,
                key="repair_limit",
            )
            fix = st.form_submit_button("Re-plan around the sickness", type="primary")
        edited = [d for d in run(planning.drafts_of, team.id) if d.edits]
        for d in edited:
            st.caption(
                f"Note: the draft {d.start:%d %b} – {d.end:%d %b} has {d.edits} hand "
                f"edit{'s' if d.edits != 1 else ''}; a repair over any of its days replaces it "
                "(its pinned assignments are kept)."
            )
        st.caption(
            f"The published timeline runs {timeline.first_day:%a %d %b} – "
            f"{timeline.last_day:%a %d %b %Y} ({len(timeline.versions)} "
            f"version{'s' if len(timeline.versions) != 1 else ''}); sick days from today on."
        )
        if fix:
            with st.status("Re-planning…", expanded=True) as status:
                bar = st.progress(0.0, text="Building the model…")
                note = st.empty()
                repaired = run(
                    planning.repair,
                    team.id,
                    by_name[who].id,
                    sick_from,
                    sick_to,
                    now=now(),
                    time_limit=float(repair_limit),
                    created_by="app (repair)",
                    on_progress=progress_reporter(bar, note, float(repair_limit)),
                    # the note above says a repair replaces an edited draft of its days
                    replace_edited=True,
                )
                status.update(
                    label=f"Re-planning finished: {repaired.outcome.result.status}",
                    state="complete" if repaired.outcome.result.has_rota else "error",
                )
            st.session_state["repair_outcome"] = repaired
        repaired = st.session_state.get("repair_outcome")
        if repaired is not None:
            if repaired.outcome.draft is not None:
                counts = {"reassigned": 0, "moved": 0, "added": 0, "removed": 0}
                for c in repaired.changes:
                    if c.kind in counts:
                        counts[c.kind] += 1
                days = repaired.published
                st.success(
                    f"{repaired.changed} assignments changed against what is published on "
                    f"{days.start:%a %d %b} – {days.end:%a %d %b}: "
                    + ", ".join(f"{n} {k}" for k, n in counts.items())
                    + f". The sickness forced {repaired.forced} of the responder's shifts off "
                    "them. The new draft of these days is on the Rota page: publish it there."
                )
            show_outcome(repaired.outcome, repaired.outcome.names)
