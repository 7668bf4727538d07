"""On-call duty: share of on-call time, a secondary for each primary, rest after a night page,
local hours."""

from __future__ import annotations

from datetime import timedelta

from ..facts import (
    effective,
    minutes_in_daily_window,
    windows,
)
from ..model import ModelBuilder
from .text import iso_day, utc_text


# on-call
def on_call_share(b: ModelBuilder) -> None:
    """On call at most 25 % of the time in any rolling 28 local days, history included.

    Source: Google SRE book, "Being On-Call". Kind: hard.
    """
    pct = b.policy.max_on_call_percent
    if pct is None or not any(d.on_call for d in b.problem.demands):
        return
    n = b.policy.on_call_window_days
    cap = pct * n * 1440 // 100
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for win in windows(wf.all_days, wf.horizon_days, n):
            tot = sum(b.on_call_minutes(w.id, d) for d in win)
            if isinstance(tot, int):
                continue
            hist = b.history_part(w.id, win, b.on_call_minutes)
            lits = b.guard(
                "on-call-share",
                (w.id, win[-1]),
                (w.id,),
                win[-1],
                f"{w.id} may be on call at most {pct}% ({cap // 60} h) in the {n} "
                f"days to {iso_day(win[-1])}",
                "raise max_on_call_percent or add people",
            )
            b.add(b.m.add(tot <= max(cap, hist)), lits)


def on_call_secondary(b: ModelBuilder) -> None:
    """Whenever an on-call primary is rostered, someone else is rostered as secondary on that shift.

    Source: PagerDuty incident response practice. Kind: hard.
    """
    p = b.policy
    for sid, ds in b.facts.demands_by_shift.items():
        prim = [d for d in ds if d.on_call and d.role == p.primary_role]
        if not prim:
            continue
        sec = [b.x[w.id, d.id] for d in ds if d.role == p.secondary_role for w in b.problem.workers]
        s = b.facts.shifts[sid]
        lits = b.guard(
            "on-call-secondary",
            (sid,),
            (),
            s.start,
            f"on-call shift {sid} at {utc_text(s.start)} needs a named secondary",
            f"add a demand with role {p.secondary_role!r} on {sid}",
        )
        for d in prim:
            staffed = b._max_of(f"staffed[{d.id}]", [b.x[w.id, d.id] for w in b.problem.workers])
            b.add(b.m.add(sum(sec) >= staffed), lits)


def night_page_rest(b: ModelBuilder) -> None:
    """After a page active >= 30 min between 00:00 and 06:00 local, the next shift starts >= 11 h
    after the page ended.

    Source: Vedaa et al. (quick returns raise sick leave); team policy [J] on 30 min. Kind: hard.
    """
    p = b.policy
    for pg in b.problem.history.pages:
        w = next(x for x in b.problem.workers if x.id == pg.worker_id)
        active = minutes_in_daily_window(
            pg.start, pg.end, w.tz, p.night_page_window_start, p.night_page_window_end
        )
        if active < p.night_page_min_minutes:
            continue
        rest = effective(w, p, "min_rest_minutes") or 0
        until = pg.end + timedelta(minutes=rest)
        for d in b.problem.demands:
            s = b.facts.shifts[d.shift_id]
            if pg.start <= s.start < until:
                b.forbid(
                    "night-page-rest",
                    w.id,
                    d,
                    s.start,
                    f"{w.id} was paged at night until {utc_text(pg.end)}: "
                    f"no shift before {utc_text(until)}",
                    "staff someone else or lower min_rest_minutes",
                    key=(w.id, pg.start),
                )


def on_call_local_hours(b: ModelBuilder) -> None:
    """On-call time is preferably inside the worker's local 07:00-22:00 (follow the sun).

    Source: Hall et al. 2017 (on-call from home harms sleep). Kind: soft (per minute outside).
    """
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if d.on_call and f.outside_on_call_minutes:
                b.soft(
                    "on-call-local-hours",
                    w.id,
                    b.policy.on_call_local_hours_weight,
                    f.outside_on_call_minutes * b.x[w.id, d.id],
                    f.local_day,
                )
