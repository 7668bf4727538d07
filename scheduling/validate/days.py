"""Checks of runs of working days and days off, and of weekends worked."""

from __future__ import annotations

from datetime import timedelta

from ..problem import effective_limit
from .readings import Context, Violation, over


def check_consecutive_days(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-days"."""
    pol = ctx.p.policy
    out = []
    for w in ctx.p.workers:
        cap = effective_limit(w, pol, "max_consecutive_working_days")
        if cap is None:
            continue
        me = ctx.people[w.id]
        for win in me.windows(cap + 1):
            n = sum(me.total(d).worked for d in win)
            h = sum(me.history(d).worked for d in win)
            if over(n, h, cap):
                out.append(
                    Violation(
                        "consecutive-days",
                        w.id,
                        win[-1],
                        1,
                        f"{w.id} works {cap + 1}+ days in a row to {win[-1]}, at most {cap}",
                        value=cap + 1,
                        limit=cap,
                        first_day=win[0],
                        unit="days",
                    )
                )
    return out


def _short_runs(ctx: Context, rule: str, attr: str, off: bool) -> list[Violation]:
    out = []
    for w in ctx.p.workers:
        mn = getattr(w.limits, attr)
        if not mn or mn < 2:
            continue
        me = ctx.people[w.id]
        days = me.horizon
        state = [me.total(d).worked != off for d in days]  # True: in the run state
        i = 0
        while i < len(days):
            if not state[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(days) and state[j + 1]:
                j += 1
            length = j - i + 1
            if i > 0 and j < len(days) - 1 and length < mn:
                out.append(
                    Violation(
                        rule,
                        w.id,
                        days[i],
                        mn - length,
                        f"{w.id} has a run of {length} "
                        f"{'days off' if off else 'working days'} from {days[i]}, "
                        f"at least {mn}",
                        value=length,
                        limit=mn,
                        first_day=days[i],
                        unit="days",
                    )
                )
            i = j + 1
    return out


def check_min_consecutive_days(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "min-consecutive-days"."""
    return _short_runs(ctx, "min-consecutive-days", "min_consecutive_working_days", off=False)


def check_min_consecutive_days_off(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "min-consecutive-days-off"."""
    return _short_runs(ctx, "min-consecutive-days-off", "min_consecutive_days_off", off=True)


def check_max_weekends(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "max-weekends"."""
    out = []
    for w in ctx.p.workers:
        cap = w.limits.max_weekends
        if cap is None:
            continue
        me = ctx.people[w.id]
        weeks = {
            d - timedelta(days=d.weekday())
            for d in me.horizon
            if d.weekday() in ctx.p.policy.weekend_days and me.total(d).worked
        }
        if len(weeks) > cap:
            out.append(
                Violation(
                    "max-weekends",
                    w.id,
                    None,
                    len(weeks) - cap,
                    f"{w.id} works {len(weeks)} weekends, at most {cap}",
                    value=len(weeks),
                    limit=cap,
                    unit="weekends",
                )
            )
    return out
