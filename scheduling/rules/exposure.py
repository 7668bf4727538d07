"""Exposure to harmful content: categories, clearance, recovery after a critical incident, and
caps per day, per 7 days and per run of days."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..facts import (
    is_high_severity,
    minutes_in_daily_window,
    windows,
)
from ..model import ModelBuilder
from .text import iso_day, utc_text


# exposure
def category_opt_out(b: ModelBuilder) -> None:
    """A worker is never given work in an exposure category they opted out of (no reason needed).

    Source: Wolak & Mitchell 2009 (opt-out recommended). Kind: hard.
    """
    for w in b.problem.workers:
        for d in b.problem.demands:
            if d.exposure_category and d.exposure_category in w.limits.opted_out_categories:
                b.forbid(
                    "category-opt-out",
                    w.id,
                    d,
                    b.facts.shifts[d.shift_id].start,
                    f"{w.id} opted out of {d.exposure_category}",
                    "staff the demand with someone else",
                    key=(w.id, d.exposure_category),
                )


def category_clearance(b: ModelBuilder) -> None:
    """A worker is given exposure work only in categories with training and consent on record.

    Source: Technology Coalition Employee Resilience Guidebook; IWF induction. Kind: hard.
    """
    if not b.policy.require_category_clearance:
        return
    for w in b.problem.workers:
        for d in b.problem.demands:
            if d.exposure_category and d.exposure_category not in w.limits.cleared_categories:
                b.forbid(
                    "category-clearance",
                    w.id,
                    d,
                    b.facts.shifts[d.shift_id].start,
                    f"{w.id} is not cleared for {d.exposure_category}",
                    "record training and consent (limits.cleared_categories)",
                    key=(w.id, d.exposure_category),
                )


def recovery_end(ci, history_shifts, planned: list[tuple[datetime, datetime]], minutes: int):
    """When the recovery after critical incident ``ci`` ends: ``minutes`` after the end of the
    shift in which it happened (a past shift of the worker, else a planned one), else after
    the incident itself."""
    spans = [(p.start, p.end) for p in history_shifts if p.worker_id == ci.worker_id]
    for start, end in [*spans, *planned]:
        if start <= ci.at < end:
            return end + timedelta(minutes=minutes)
    return ci.at + timedelta(minutes=minutes)


def critical_incident_recovery(b: ModelBuilder) -> None:
    """No high-severity work for the rest of the shift in which a critical incident happened and
    for 24 h after that shift ends.

    Source: NICE NG116 (time away, follow-up); team policy [J] on 24 h; waivable only by the
    worker (recorded with who and when). Kind: hard.
    """
    minutes = b.policy.critical_incident_recovery_minutes
    for ci in b.problem.history.critical_incidents:
        if ci.waived:
            continue
        wid = ci.worker_id
        if not any(w.id == wid for w in b.problem.workers):
            continue
        until = recovery_end(ci, b.problem.history.shifts, [], minutes)
        # an incident inside a shift of the plan (re-planning): if the worker holds that shift,
        # the recovery runs until 24 h after its end
        inside = [s for s in b.problem.shifts if s.start <= ci.at < s.end]
        for d in b.problem.demands:
            s = b.facts.shifts[d.shift_id]
            if not (is_high_severity(d, b.policy) and s.end > ci.at):
                continue
            why = (
                f"{wid} is recovering from a critical incident at {utc_text(ci.at)} "
                f"until {utc_text(until)}",
                "only the worker may waive the recovery; otherwise staff someone else",
            )
            if s.start < until:
                b.forbid("critical-incident-recovery", wid, d, s.start, *why, key=(wid, ci.at))
                continue
            for c in inside:
                if s.start < c.end + timedelta(minutes=minutes) and c.id != s.id:
                    lits = b.guard(
                        "critical-incident-recovery", (wid, ci.at), (wid,), s.start, *why
                    )
                    for v in b.placed(wid, d):
                        b.add(b.m.add(v + b.y[wid, c.id] <= 1), lits)


def exposure_per_day(b: ModelBuilder) -> None:
    """At most 4 h of severity-weighted exposure per local day, history on that day included.

    Source: YouTube's published 4 h/day cap (2018); Frazier v. ByteDance (2021) [J]. Kind: hard.
    """
    cap = b.policy.max_exposure_minutes_per_day
    if cap is None:
        return
    for w in b.problem.workers:
        for day in b.facts.workers[w.id].horizon_days:
            e = b.exposure(w.id, day)
            if isinstance(e, int):
                continue
            lits = b.guard(
                "exposure-per-day",
                (w.id, day),
                (w.id,),
                day,
                f"{w.id} may have at most {cap} weighted exposure minutes on {iso_day(day)}",
                "shorten exposure blocks or raise max_exposure_minutes_per_day",
            )
            b.add(b.m.add(e <= max(cap, b.history_part(w.id, [day], b.exposure))), lits)


def exposure_7_days(b: ModelBuilder) -> None:
    """At most 20 h (target 16 h) of weighted exposure in any rolling 7 local days, with history.

    Source: Spence et al. 2024 (dose-response) [J]. Kind: hard + soft (per minute above target).
    """
    cap, tgt = b.policy.max_exposure_minutes_per_7_days, b.policy.target_exposure_minutes_per_7_days
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for win in windows(wf.all_days, wf.horizon_days, 7):
            tot = sum(b.exposure(w.id, d) for d in win)
            if isinstance(tot, int):
                continue
            hist = b.history_part(w.id, win, b.exposure)
            if cap is not None:
                lits = b.guard(
                    "exposure-7-days",
                    (w.id, win[-1]),
                    (w.id,),
                    win[-1],
                    f"{w.id} may have at most {cap} weighted exposure minutes in "
                    f"the 7 days to {iso_day(win[-1])}",
                    "raise max_exposure_minutes_per_7_days or spread the work",
                )
                b.add(b.m.add(tot <= max(cap, hist)), lits)
            if tgt is not None:
                v = b.excess(f"e7[{w.id},{win[-1]}]", tot, max(tgt, hist), 7 * 1440 * 2)
                b.soft("exposure-7-days", w.id, b.policy.exposure_7_days_weight, v, win[-1])


def consecutive_exposure_days(b: ModelBuilder) -> None:
    """At most 5 consecutive local days with high-severity work (target 4), history included.

    Source: HSE ("few in a row, then days off") by analogy [J]. Kind: hard + soft.
    """
    cap = b.policy.max_consecutive_exposure_days
    tgt = b.policy.target_consecutive_exposure_days
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        if cap is not None:
            for win in windows(wf.all_days, wf.horizon_days, cap + 1):
                tot = sum(b.high(w.id, d) for d in win)
                if isinstance(tot, int):  # history alone: not the plan's doing
                    continue
                lits = b.guard(
                    "consecutive-exposure-days",
                    (w.id, win[-1]),
                    (w.id,),
                    win[-1],
                    f"{w.id} may do high-severity work at most {cap} days in a row "
                    f"({iso_day(win[0])}..{iso_day(win[-1])})",
                    "raise max_consecutive_exposure_days or rotate queues",
                )
                b.add(b.m.add(tot <= cap), lits)
        if tgt is not None and (cap is None or tgt < cap):
            for win in windows(wf.all_days, wf.horizon_days, tgt + 1):
                tot = sum(b.high(w.id, d) for d in win)
                if isinstance(tot, int):
                    continue
                v = b.excess(f"ce[{w.id},{win[-1]}]", tot, tgt, 1)
                b.soft(
                    "consecutive-exposure-days",
                    w.id,
                    b.policy.consecutive_exposure_weight,
                    v,
                    win[-1],
                )


def exposure_free_after_run(b: ModelBuilder) -> None:
    """After a run of high-severity days, 2 local days without high-severity work.

    Source: team policy [J] (rotation off the worst queues). Kind: soft (per day too soon).
    """
    k = b.policy.exposure_free_days_after_run
    if not k or k < 2:
        return
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        days = wf.all_days
        for i in range(len(days) - 2):
            d, d1 = days[i], days[i + 1]
            hd = b.high(w.id, d)
            if isinstance(hd, int) and hd == 0:
                continue
            for j in range(2, k + 1):
                if i + j >= len(days) or not b.in_horizon(w.id, days[i + j]):
                    continue
                expr = b.high(w.id, days[i + j]) + hd - b.high(w.id, d1)
                if isinstance(expr, int):
                    continue
                v = b.excess(f"efr[{w.id},{days[i + j]}]", expr, 1, 1)
                b.soft(
                    "exposure-free-after-run",
                    w.id,
                    b.policy.exposure_free_after_run_weight,
                    v,
                    days[i + j],
                )


def exposure_night_hours(b: ModelBuilder) -> None:
    """High-severity work is avoided between 00:00 and 06:00 local.

    Source: HSE HSG256 (avoid demanding work at night) [J]. Kind: soft (per minute of a
    high-severity shift inside the window).
    """
    p = b.policy
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            if not is_high_severity(d, p):
                continue
            f = wf.shifts[d.shift_id]
            mins = minutes_in_daily_window(
                f.start, f.end, w.tz, p.exposure_avoid_start, p.exposure_avoid_end
            )
            if mins:
                b.soft(
                    "exposure-night-hours",
                    w.id,
                    p.exposure_night_weight,
                    mins * sum(b.placed(w.id, d)),
                    f.local_day,
                )


def new_joiner_ramp(b: ModelBuilder) -> None:
    """In their first 30 days a worker has at most 2 h of high-severity weighted exposure a day.

    Source: Wolak & Mitchell 2009 (first exposure unprepared) [J]. Kind: soft (per minute above).
    """
    p = b.policy
    for w in b.problem.workers:
        st = w.limits.start_date
        if st is None:
            continue
        for day in b.facts.workers[w.id].horizon_days:
            if not st <= day < st + timedelta(days=p.new_joiner_days):
                continue
            e = b.exposure(w.id, day, high_only=True)
            if isinstance(e, int):
                continue
            v = b.excess(f"nj[{w.id},{day}]", e, p.new_joiner_max_exposure_minutes_per_day, 2880)
            b.soft("new-joiner-ramp", w.id, p.new_joiner_ramp_weight, v, day)
