"""Checks of working-time caps: shift length, shifts per kind, minutes per horizon, day, week
and month."""

from __future__ import annotations

import calendar
from datetime import date

from ..problem import Assignment, Demand, Worker, effective_limit
from .readings import Context, ShiftReading, Violation, over, window_cap
from .staffing import _per_assignment


# working time
def check_max_shift_length(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "max-shift-length"."""

    def bad(w: Worker, f: ShiftReading, d: Demand, a: Assignment) -> str | None:
        cap = effective_limit(w, ctx.p.policy, "max_shift_minutes")
        return (
            f"{f.id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.minutes > cap
            else None
        )

    return _per_assignment(ctx, "max-shift-length", bad)


def check_max_shifts_per_kind(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "max-shifts-per-kind"."""
    out = []
    for w in ctx.p.workers:
        for kind, cap in w.limits.max_shifts_per_kind.items():
            n = sum(1 for f in ctx.people[w.id].planned if f.kind == kind)
            if n > cap:
                out.append(
                    Violation(
                        "max-shifts-per-kind",
                        w.id,
                        None,
                        n - cap,
                        f"{w.id} works {n} {kind} shifts, at most {cap}",
                        value=n,
                        limit=cap,
                        unit="shifts",
                    )
                )
    return out


def check_total_minutes(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "total-minutes"."""
    out = []
    for w in ctx.p.workers:
        tot = sum(f.minutes for f in ctx.people[w.id].planned)
        lim = w.limits
        if lim.max_total_minutes is not None and tot > lim.max_total_minutes:
            out.append(
                Violation(
                    "total-minutes",
                    w.id,
                    None,
                    tot - lim.max_total_minutes,
                    f"{w.id} works {tot} min, at most {lim.max_total_minutes}",
                    value=tot,
                    limit=lim.max_total_minutes,
                    unit="minutes",
                )
            )
        if lim.min_total_minutes and tot < lim.min_total_minutes:
            out.append(
                Violation(
                    "total-minutes",
                    w.id,
                    None,
                    lim.min_total_minutes - tot,
                    f"{w.id} works {tot} min, at least {lim.min_total_minutes}",
                    value=tot,
                    limit=lim.min_total_minutes,
                    unit="minutes",
                )
            )
    return out


def check_average_weekly_hours(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "average-weekly-hours"."""
    n = ctx.p.policy.averaging_days

    def cap(w: Worker) -> int | None:
        c = effective_limit(w, ctx.p.policy, "max_avg_weekly_minutes")
        return None if c is None else c * n // 7

    return window_cap(ctx, "average-weekly-hours", n, cap, lambda x: x.minutes, "minutes")


def check_weekly_hours(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "weekly-hours"."""
    return window_cap(
        ctx,
        "weekly-hours",
        7,
        lambda w: effective_limit(w, ctx.p.policy, "max_minutes_per_7_days"),
        lambda x: x.minutes,
        "minutes",
    )


def check_minutes_per_day(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "minutes-per-day" (country cap on the minutes
    of shifts starting on one local day, history included)."""
    out = []
    for w in ctx.p.workers:
        cap = effective_limit(w, ctx.p.policy, "max_minutes_per_local_day")
        if cap is None:
            continue
        me = ctx.people[w.id]
        for day in me.horizon:
            m, h = me.total(day).minutes, me.history(day).minutes
            if over(m, h, cap):
                out.append(
                    Violation(
                        "minutes-per-day",
                        w.id,
                        day,
                        over(m, h, cap),
                        f"{w.id} works {m} min in shifts starting on {day}, at most {cap}",
                        value=m,
                        limit=cap,
                        unit="minutes",
                    )
                )
    return out


def check_minutes_per_month(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "minutes-per-month" (country cap on the minutes
    of shifts starting in one local calendar month, history included)."""
    out = []
    for w in ctx.p.workers:
        mc = w.limits.monthly_cap
        if mc is None:
            continue
        me = ctx.people[w.id]
        for year, month in sorted({(d.year, d.month) for d in me.horizon}):
            n = calendar.monthrange(year, month)[1]
            cap = mc.minutes(n)
            month_days = [date(year, month, i) for i in range(1, n + 1)]
            m = sum(me.total(d).minutes for d in month_days)
            h = sum(me.history(d).minutes for d in month_days)
            if over(m, h, cap):
                out.append(
                    Violation(
                        "minutes-per-month",
                        w.id,
                        month_days[0],
                        over(m, h, cap),
                        f"{w.id} works {m} min in shifts starting in {year}-{month:02d}, "
                        f"at most {cap}",
                        value=m,
                        limit=cap,
                        first_day=month_days[0],
                        unit="minutes",
                    )
                )
    return out
