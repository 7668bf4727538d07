"""Checks of on-call duty: share, a secondary for each primary, rest after a night page."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from ..problem import Demand, effective_limit
from .readings import Context, Violation, minutes_between, minutes_inside, window_cap


# on-call, pairing
def check_on_call_share(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "on-call-share"."""
    pct = ctx.p.policy.max_on_call_percent
    if pct is None or not any(d.on_call for d in ctx.p.demands):
        return []
    n = ctx.p.policy.on_call_window_days
    return window_cap(
        ctx,
        "on-call-share",
        n,
        lambda w: pct * n * 1440 // 100,
        lambda x: x.on_call,
        "on-call minutes",
    )


def check_on_call_secondary(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "on-call-secondary"."""
    out = []
    pol = ctx.p.policy
    by_shift: dict[str, list[Demand]] = defaultdict(list)
    for d in ctx.p.demands:
        by_shift[d.shift_id].append(d)
    for sid, ds in by_shift.items():
        prim = {d.id for d in ds if d.on_call and d.role == pol.primary_role}
        sec = {d.id for d in ds if d.role == pol.secondary_role}
        has_p = any(a.demand_id in prim and not a.shadow for a in ctx.assignments)
        has_s = any(a.demand_id in sec and not a.shadow for a in ctx.assignments)
        if has_p and not has_s:
            out.append(
                Violation(
                    "on-call-secondary",
                    None,
                    ctx.shifts[sid].start,
                    1,
                    f"on-call shift {sid} has no secondary",
                    shift_id=sid,
                )
            )
    return out


def check_night_page_rest(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "night-page-rest"."""
    pol = ctx.p.policy
    out = []
    for pg in ctx.p.history.pages:
        me = ctx.people[pg.worker_id]
        w = me.worker
        active = minutes_inside(
            pg.start, pg.end, w.tz, pol.night_page_window_start, pol.night_page_window_end
        )
        if active < pol.night_page_min_minutes:
            continue
        until = pg.end + timedelta(minutes=effective_limit(w, pol, "min_rest_minutes") or 0)
        for f in me.planned:
            if pg.start <= f.start < until:
                out.append(
                    Violation(
                        "night-page-rest",
                        w.id,
                        f.start,
                        minutes_between(f.start, until),
                        f"{w.id} starts {f.id} {minutes_between(pg.end, f.start)} min "
                        "after a night page",
                        shift_id=f.id,
                    )
                )
    return out
