"""Checks of exposure to harmful content: categories, clearance, recovery, and caps per day,
per 7 days and per run of days."""

from __future__ import annotations

from datetime import timedelta

from .readings import Context, Violation, demand_high, over, utc_text, window_cap
from .staffing import _per_assignment


# exposure
def check_category_opt_out(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "category-opt-out"."""
    return _per_assignment(
        ctx,
        "category-opt-out",
        lambda w, f, d, a: (
            f"{w.id} opted out of {d.exposure_category}"
            if d.exposure_category and d.exposure_category in w.limits.opted_out_categories
            else None
        ),
    )


def check_category_clearance(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "category-clearance"."""
    if not ctx.p.policy.require_category_clearance:
        return []
    return _per_assignment(
        ctx,
        "category-clearance",
        lambda w, f, d, a: (
            f"{w.id} is not cleared for {d.exposure_category}"
            if d.exposure_category and d.exposure_category not in w.limits.cleared_categories
            else None
        ),
    )


def check_critical_incident_recovery(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "critical-incident-recovery": no high-severity
    work from the incident until the end of the shift it happened in plus the recovery time."""
    pol = ctx.p.policy
    gap = timedelta(minutes=pol.critical_incident_recovery_minutes)
    out = []
    for ci in ctx.p.history.critical_incidents:
        # only the responder can waive their own recovery
        if ci.waived and ci.waived_by == ci.worker_id:
            continue
        me = ctx.people[ci.worker_id]
        during = [f for f in me.past if f.start <= ci.at < f.end] or [
            f for f in me.planned if f.start <= ci.at < f.end
        ]
        until = (during[0].end if during else ci.at) + gap
        for a in ctx.by_worker[ci.worker_id]:
            d = ctx.demands[a.demand_id]
            s = ctx.shifts[a.shift_id]
            if demand_high(d, pol) and s.end > ci.at and s.start < until:
                out.append(
                    Violation(
                        "critical-incident-recovery",
                        ci.worker_id,
                        s.start,
                        1,
                        f"{ci.worker_id} does high-severity work at {utc_text(s.start)}, "
                        f"within recovery after {utc_text(ci.at)} (until {utc_text(until)})",
                        shift_id=s.id,
                    )
                )
    return out


def check_exposure_per_day(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "exposure-per-day"."""
    out: list[Violation] = []
    cap = ctx.p.policy.max_exposure_minutes_per_day
    if cap is None:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        for d in me.horizon:
            e, h = me.total(d).exposure, me.history(d).exposure
            if over(e, h, cap):
                out.append(
                    Violation(
                        "exposure-per-day",
                        w.id,
                        d,
                        over(e, h, cap),
                        f"{w.id} has {e} weighted exposure minutes on {d}, at most {cap}",
                        value=e,
                        limit=cap,
                        unit="minutes",
                    )
                )
    return out


def check_exposure_7_days(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "exposure-7-days"."""
    cap = ctx.p.policy.max_exposure_minutes_per_7_days
    return window_cap(
        ctx, "exposure-7-days", 7, lambda w: cap, lambda x: x.exposure, "weighted exposure minutes"
    )


def check_consecutive_exposure_days(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-exposure-days"."""
    cap = ctx.p.policy.max_consecutive_exposure_days
    if cap is None:
        return []
    return window_cap(
        ctx,
        "consecutive-exposure-days",
        cap + 1,
        lambda w: cap,
        lambda x: int(x.high),
        "high-severity days in a row",
        "days",
    )
