"""Working-time caps: shift length, shifts per kind, minutes per horizon, day, week and month."""

from __future__ import annotations

from datetime import date, timedelta

from ..facts import (
    effective,
    windows,
)
from ..model import ModelBuilder
from .text import iso_day


# working time
def max_shift_length(b: ModelBuilder) -> None:
    """No shift longer than the maximum shift length (12 h; 10 h where law caps the day).

    Source: HSE HSG256; Folkard et al. 2005; country law. Kind: hard.
    """
    for w in b.problem.workers:
        cap = effective(w, b.policy, "max_shift_minutes")
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if cap is not None and f.minutes > cap:
                b.forbid(
                    "max-shift-length",
                    w.id,
                    d,
                    f.start,
                    f"{w.id} may not work shifts longer than {cap} min "
                    f"({f.shift_id} lasts {f.minutes} min)",
                    "shorten the shift or raise max_shift_minutes",
                    key=(w.id,),
                )


def max_shifts_per_kind(b: ModelBuilder) -> None:
    """A worker works at most their maximum number of shifts of each kind over the horizon.

    Source: contract (Curtois & Qu MaxShifts). Kind: hard.
    """
    for w in b.problem.workers:
        for kind, cap in sorted(w.limits.max_shifts_per_kind.items()):
            ys = [b.y[w.id, s.id] for s in b.problem.shifts if s.kind == kind]
            if len(ys) > cap:
                lits = b.guard(
                    "max-shifts-per-kind",
                    (w.id, kind),
                    (w.id,),
                    None,
                    f"{w.id} may work at most {cap} {kind} shift(s)",
                    f"raise {w.id}'s limits.max_shifts_per_kind[{kind!r}]",
                )
                b.add(b.m.add(sum(ys) <= cap), lits)


def total_minutes(b: ModelBuilder) -> None:
    """A worker's total minutes over the horizon lie between their minimum and maximum.

    Source: contract (Curtois & Qu Min/MaxTotalMinutes). Kind: hard.
    """
    for w in b.problem.workers:
        lim = w.limits
        wf = b.facts.workers[w.id]
        tot = sum(wf.shifts[s.id].minutes * b.y[w.id, s.id] for s in b.problem.shifts)
        if lim.max_total_minutes is not None:
            lits = b.guard(
                "total-minutes",
                (w.id, "max"),
                (w.id,),
                None,
                f"{w.id} may work at most {lim.max_total_minutes} min in total",
                f"raise {w.id}'s limits.max_total_minutes",
            )
            b.add(b.m.add(tot <= lim.max_total_minutes), lits)
        if lim.min_total_minutes:
            lits = b.guard(
                "total-minutes",
                (w.id, "min"),
                (w.id,),
                None,
                f"{w.id} must work at least {lim.min_total_minutes} min in total",
                f"lower {w.id}'s limits.min_total_minutes",
            )
            b.add(b.m.add(tot >= lim.min_total_minutes), lits)


def average_weekly_hours(b: ModelBuilder) -> None:
    """At most 48 h a week averaged over every rolling 28 local days, history included.

    Source: EU WTD Art. 6; country caps. Kind: hard.
    """
    n = b.policy.averaging_days
    for w in b.problem.workers:
        cap = effective(w, b.policy, "max_avg_weekly_minutes")
        if cap is None:
            continue
        total = cap * n // 7
        wf = b.facts.workers[w.id]
        for win in windows(wf.all_days, wf.horizon_days, n):
            lits = b.guard(
                "average-weekly-hours",
                (w.id, win[-1]),
                (w.id,),
                win[-1],
                f"{w.id} may work at most {total // 60} h in {n} days to {iso_day(win[-1])}",
                "raise max_avg_weekly_minutes or add workers",
            )
            hist = b.history_part(w.id, win, b.minutes)
            b.add(b.m.add(sum(b.minutes(w.id, d) for d in win) <= max(total, hist)), lits)


def weekly_hours(b: ModelBuilder) -> None:
    """At most the country cap of minutes in every rolling 7 local days, history included.

    Source: country law (e.g. Korea 52 h). Kind: hard.
    """
    for w in b.problem.workers:
        cap = effective(w, b.policy, "max_minutes_per_7_days")
        if cap is None:
            continue
        wf = b.facts.workers[w.id]
        for win in windows(wf.all_days, wf.horizon_days, 7):
            lits = b.guard(
                "weekly-hours",
                (w.id, win[-1]),
                (w.id,),
                win[-1],
                f"{w.id} may work at most {cap // 60} h in 7 days to {iso_day(win[-1])}",
                "raise max_minutes_per_7_days or add workers",
            )
            hist = b.history_part(w.id, win, b.minutes)
            b.add(b.m.add(sum(b.minutes(w.id, d) for d in win) <= max(cap, hist)), lits)


def minutes_per_day(b: ModelBuilder) -> None:
    """At most the country cap of minutes in shifts starting on one local day, history included.

    Source: country floors (Singapore shift work 12 h/day; Karnataka 10 h/day incl. overtime;
    Indonesia 8 h + 4 h overtime; Malaysia spread-over 10 h). Kind: hard.
    """
    for w in b.problem.workers:
        cap = effective(w, b.policy, "max_minutes_per_local_day")
        if cap is None:
            continue
        for day in b.facts.workers[w.id].horizon_days:
            total = b.minutes(w.id, day)
            if isinstance(total, int):
                continue
            lits = b.guard(
                "minutes-per-day",
                (w.id, day),
                (w.id,),
                day,
                f"{w.id} may work at most {cap // 60} h on {iso_day(day)} (country cap)",
                "staff someone else: the country cap cannot be raised",
            )
            b.add(b.m.add(total <= max(cap, b.history_part(w.id, [day], b.minutes))), lits)


def _months(horizon: list) -> list[tuple[int, int, list]]:
    """(year, month, the month's local days up to the horizon's end) for each month the horizon
    touches: the days before the horizon are history."""
    out = []
    for year, month in sorted({(d.year, d.month) for d in horizon}):
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = min(nxt - timedelta(days=1), horizon[-1])
        out.append(
            (year, month, [first + timedelta(days=i) for i in range((last - first).days + 1)])
        )
    return out


def minutes_per_month(b: ModelBuilder) -> None:
    """At most the country cap of minutes in shifts starting in one local calendar month (normal
    weekly hours pro rata plus the monthly overtime cap), history included.

    Source: country floors (Singapore 72 h, Japan 45 h, Malaysia 104 h, Vietnam 40 h overtime a
    month). Kind: hard.
    """
    for w in b.problem.workers:
        mc = w.limits.monthly_cap
        if mc is None:
            continue
        for year, month, days in _months(b.facts.workers[w.id].horizon_days):
            length = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
            cap = mc.minutes(length)
            total = sum(b.minutes(w.id, d) for d in days)
            if isinstance(total, int):
                continue
            lits = b.guard(
                "minutes-per-month",
                (w.id, year, month),
                (w.id,),
                days[0],
                f"{w.id} may work at most {cap // 60} h in {year}-{month:02d} (country cap)",
                "staff someone else: the country cap cannot be raised",
            )
            b.add(b.m.add(total <= max(cap, b.history_part(w.id, days, b.minutes))), lits)
