"""Plan: ask the solver for a rota (or repair the published one around sick days) and review it."""

import threading
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from app_pages._common import current_team, now, run
from rota.errors import hard_rules
from rota.services import planning, teams

team = current_team()
st.title("🧮 Plan")
st.caption(
    "Tandem asks the solver for a rota that keeps every hard wellbeing and working-time rule and "
    "costs as little as possible on the soft ones. The result is stored as the team's draft; "
    "review and edit it on the Rota page, then publish."
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


new_tab, repair_tab = st.tabs(["New rota", "Repair after sickness"])

with new_tab:
    today = now().date()
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    with st.form("plan"):
        c1, c2, c3 = st.columns(3)
        start = c1.date_input("First day", value=next_monday, key="plan_start")
        weeks = c2.number_input("Weeks", min_value=1, max_value=8, value=2, step=1, key="weeks")
        limit = c3.number_input(
            "Time limit (seconds)", min_value=1, max_value=600, value=30, step=5, key="limit"
        )
        go = st.form_submit_button("Plan rota", type="primary")
    if go:
        with st.status("Planning…", expanded=True) as status:
            bar = st.progress(0.0, text="Building the model…")
            note = st.empty()
            outcome = run(
                planning.plan,
                team.id,
                start,
                int(weeks),
                now=now(),
                time_limit=float(limit),
                created_by="app",
                on_progress=progress_reporter(bar, note, float(limit)),
            )
            bar.progress(1.0, text=f"Done: {outcome.result.status}")
            status.update(
                label=f"Planning finished: {outcome.result.status}",
                state="complete" if outcome.result.has_rota else "error",
            )
        st.session_state["plan_outcome"] = outcome
    outcome = st.session_state.get("plan_outcome")
    if outcome is not None:
        if outcome.draft is not None:
            st.info(
                f"Stored draft for {outcome.request.start:%d %b} – {outcome.request.end:%d %b %Y} "
                f"with {len(outcome.draft.assignments)} assignments. Review it on the Rota page."
            )
        show_outcome(outcome, outcome.names)

with repair_tab:
    st.caption(
        "Someone is off sick: record their sick days and re-plan the published rota. Everything "
        "before the sickness stays as published; after it, the solver keeps as much as it can."
    )
    people = run(teams.list_responders, team.id)
    published = run(planning.published_versions, team.id)
    if not published:
        st.info("There is no published rota to repair yet. Plan one and publish it first.")
    else:
        latest = published[-1]
        by_name = {p.name: p for p in people}
        with st.form("repair"):
            who = st.selectbox("Who is sick", list(by_name), key="repair_who")
            c1, c2, c3 = st.columns(3)
            first_day = max(latest.start, min(latest.end, now().date()))
            sick_from = c1.date_input(
                "Sick from",
                value=first_day,
                min_value=latest.start,
                max_value=latest.end,
                key="sick_from",
            )
            sick_to = c2.date_input(
                "Sick until",
                value=first_day,
                min_value=latest.start,
                max_value=latest.end,
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
        st.caption(f"Repairing published version {latest.version}: {latest.start} – {latest.end}.")
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
                st.success(
                    f"{repaired.changed} assignments changed against version "
                    f"{repaired.published.version}: "
                    + ", ".join(f"{n} {k}" for k, n in counts.items())
                    + ". The new draft is on the Rota page."
                )
            show_outcome(repaired.outcome, repaired.outcome.names)
