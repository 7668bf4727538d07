"""Checks of night work: consent, length, runs, nights per 14 days, days off after nights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .readings import Context, DayReading, Violation, over, window_cap
from .staffing import _per_assignment


# nights
def check_night_consent(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "night-consent"."""
    return _per_assignment(
        ctx,
        "night-consent",
        lambda w, f, d, a: (
            f"{w.id} works night {f.id} without consent"
            if f.night and not w.limits.night_consent
            else None
        ),
    )


def check_night_shift_length(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "night-shift-length"."""
    cap = ctx.p.policy.max_night_shift_minutes
    return _per_assignment(
        ctx,
        "night-shift-length",
        lambda w, f, d, a: (
            f"night shift {f.id} lasts {f.minutes} min, above {cap}"
            if cap is not None and f.night and f.minutes > cap
            else None
        ),
    )


def check_consecutive_nights(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "consecutive-nights": in any run of consecutive
    local days each holding a night shift, at most ``max_consecutive_nights`` night shifts."""
    cap = ctx.p.policy.max_consecutive_nights
    out: list[Violation] = []
    if cap is None:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        night_days = sorted(d for d in set(me.hist) | set(me.plan) if me.total(d).nights)
        runs: list[list[date]] = []
        for d in night_days:
            if runs and runs[-1][-1] == d - timedelta(days=1):
                runs[-1].append(d)
            else:
                runs.append([d])
        for run in runs:
            n = sum(me.total(d).nights for d in run)
            h = sum(me.history(d).nights for d in run)
            if over(n, h, cap):
                out.append(
                    Violation(
                        "consecutive-nights",
                        w.id,
                        run[-1],
                        over(n, h, cap),
                        f"{w.id} works {n} night shifts in a row {run[0]}..{run[-1]}, "
                        f"at most {cap}",
                        value=n,
                        limit=cap,
                        first_day=run[0],
                        unit="nights",
                    )
                )
    return out


def check_nights_per_14_days(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "nights-per-14-days" (night shifts counted)."""
    cap = ctx.p.policy.max_nights_per_14_days
    return window_cap(
        ctx, "nights-per-14-days", 14, lambda w: cap, lambda x: x.nights, "night shifts", "nights"
    )


def _no_rest_after_nights(day: Callable[[date], DayReading], d: date, d1: date, dj: date) -> bool:
    """Nights end on ``d`` (a night day followed by a day without nights) and ``dj`` is worked."""
    return bool(day(d).nights and not day(d1).nights and day(dj).worked)


def check_days_off_after_nights(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "days-off-after-nights"."""
    out: list[Violation] = []
    mn = ctx.p.policy.min_days_off_after_nights
    if not mn:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        days = me.days
        h0, h1 = me.horizon[0], me.horizon[-1]
        for i in range(len(days) - 1):
            for j in range(1, mn + 1):
                if i + j >= len(days) or not h0 <= days[i + j] <= h1:
                    continue
                d, d1, dj = days[i], days[i + 1], days[i + j]
                if _no_rest_after_nights(me.total, d, d1, dj) and not _no_rest_after_nights(
                    me.history, d, d1, dj
                ):
                    out.append(
                        Violation(
                            "days-off-after-nights",
                            w.id,
                            days[i + j],
                            1,
                            f"{w.id} works on {days[i + j]}, too soon after "
                            f"nights ending {days[i]}",
                            first_day=days[i],
                        )
                    )
    return out
