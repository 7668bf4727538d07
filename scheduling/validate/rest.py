"""Checks of rest between shifts, forbidden successions and the weekly rest period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from ..problem import effective_limit
from .readings import Context, Violation, minutes_between, utc_text


def check_min_rest(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "min-rest"."""
    out = []
    for w in ctx.p.workers:
        rest = effective_limit(w, ctx.p.policy, "min_rest_minutes")
        if not rest:
            continue
        me = ctx.people[w.id]
        ivs = sorted([(f.start, f.end) for f in me.planned] + [(f.start, f.end) for f in me.past])
        horizon_starts = {f.start for f in me.planned}
        for (_s0, e0), (s1, _e1) in zip(ivs, ivs[1:], strict=False):
            gap = minutes_between(e0, s1)
            if 0 <= gap < rest and s1 in horizon_starts:
                out.append(
                    Violation(
                        "min-rest",
                        w.id,
                        s1,
                        rest - gap,
                        f"{w.id} rests {gap} min before {utc_text(s1)}, needs {rest}",
                        value=gap,
                        limit=rest,
                        unit="minutes",
                    )
                )
    return out


def check_forbidden_succession(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "forbidden-succession"."""
    out = []
    pairs = ctx.p.forbidden_successions
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        for d1 in me.horizon:
            d0 = d1 - timedelta(days=1)
            k0, k1 = me.total(d0).kinds, me.total(d1).kinds
            h0, h1 = me.history(d0).kinds, me.history(d1).kinds
            for a, b in sorted(pairs):
                if a in k0 and b in k1 and not (a in h0 and b in h1):
                    out.append(
                        Violation(
                            "forbidden-succession",
                            w.id,
                            d1,
                            1,
                            f"{w.id} works {b} on {d1} after {a}",
                        )
                    )
    return out


def longest_rest(busy: list[tuple[datetime, datetime]], w0: datetime, w1: datetime) -> int:
    """Longest continuous free stretch (minutes) inside [w0, w1) given busy intervals."""
    t = w0
    best = 0.0
    for s, e in sorted(busy):
        if e <= w0 or s >= w1:
            continue
        if s > t:
            best = max(best, (s - t).total_seconds())
        t = max(t, e)
    if w1 > t:
        best = max(best, (w1 - t).total_seconds())
    return int(best // 60)


def check_weekly_rest(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "weekly-rest"."""
    out: list[Violation] = []
    mn = ctx.p.policy.min_weekly_rest_minutes
    if not mn:
        return out
    for w in ctx.p.workers:
        me = ctx.people[w.id]
        past = [(f.start, f.end) for f in me.past]
        busy = [(f.start, f.end) for f in me.planned] + past
        for day in me.horizon:
            w0 = datetime.combine(day - timedelta(days=6), time(0), tzinfo=w.tz).astimezone(UTC)
            w1 = datetime.combine(day + timedelta(days=1), time(0), tzinfo=w.tz).astimezone(UTC)
            r = longest_rest(busy, w0, w1)
            if r < mn <= longest_rest(past, w0, w1):
                out.append(
                    Violation(
                        "weekly-rest",
                        w.id,
                        day,
                        mn - r,
                        f"{w.id}'s longest rest in the 7 days to {day} is {r} min, needs {mn}",
                        value=r,
                        limit=mn,
                        unit="minutes",
                    )
                )
    return out
