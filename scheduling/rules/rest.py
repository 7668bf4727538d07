"""Rest between shifts, forbidden successions and the weekly rest period."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from ..facts import (
    effective,
)
from ..model import ModelBuilder
from ..problem import ShiftInstance
from .text import iso_day, utc_text


def min_rest(b: ModelBuilder) -> None:
    """At least the minimum rest (11 h; 12 h in Vietnam) between two shifts, history included.

    Source: EU WTD Art. 3; HSE HSG256; Vietnam Labor Code 2019 Art. 110. Kind: hard.
    """
    p = b.problem
    by_start = sorted(p.shifts, key=lambda s: s.start)
    starts = [s.start for s in by_start]
    pairs_for: dict[int, list] = {}

    def pairs(rest: int) -> list:  # (a, c): c starts within ``rest`` after a ends
        if rest not in pairs_for:
            gap = timedelta(minutes=rest)
            out: list[tuple[ShiftInstance, ShiftInstance]] = []
            for a in p.shifts:
                lo = bisect_left(starts, a.end)
                hi = bisect_left(starts, a.end + gap)
                out.extend((a, c) for c in by_start[lo:hi] if c.id != a.id)
            pairs_for[rest] = out
        return pairs_for[rest]

    for w in p.workers:
        rest = effective(w, b.policy, "min_rest_minutes")
        if not rest:
            continue
        gap = timedelta(minutes=rest)
        wf = b.facts.workers[w.id]
        if not b.guarded:
            # one constraint per first shift: working it excludes every shift starting too soon
            after: dict[str, list] = defaultdict(list)
            for a, c in pairs(rest):
                after[a.id].append(b.not_y(w.id, c.id))
            for aid, free in after.items():
                b.m.add_bool_and(free).only_enforce_if(b.y[w.id, aid])
        for a, c in pairs(rest) if b.guarded else ():
            lits = b.guard(
                "min-rest",
                (w.id, wf.shifts[c.id].local_day),
                (w.id,),
                c.start,
                f"{w.id} needs {rest // 60} h rest before the "
                f"shift on {iso_day(wf.shifts[c.id].local_day)}",
                "lower min_rest_minutes or add workers",
            )
            b.add(b.m.add(b.y[w.id, a.id] + b.y[w.id, c.id] <= 1), lits)
        for past in wf.past:
            for c in p.shifts:
                if past.end <= c.start < past.end + gap:
                    lits = b.guard(
                        "min-rest",
                        (w.id, "past", c.id),
                        (w.id,),
                        c.start,
                        f"{w.id} worked until {utc_text(past.end)}: needs {rest // 60} h "
                        f"rest before {c.id}",
                        "lower min_rest_minutes",
                    )
                    b.add(b.m.add(b.y[w.id, c.id] == 0), lits)


def forbidden_succession(b: ModelBuilder) -> None:
    """A shift of kind b never starts on the local day after a shift of kind a, for each (a, b).

    Source: team policy (e.g. no night then early; Curtois & Qu CannotFollow). Kind: hard.
    """
    pairs = b.problem.forbidden_successions
    if not pairs:
        return
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]

        def kind_sum(day, kind, wf=wf, wid=w.id):
            done = int(kind in wf.hist(day).kinds)  # history, also on a first horizon day
            if not b.in_horizon(wid, day) or done:
                return done
            return sum(
                b.y[wid, s]
                for s in b.by_worker_day.get((wid, day), [])
                if wf.shifts[s].kind == kind
            )

        days = [wf.horizon_days[0] - timedelta(days=1), *wf.horizon_days]
        for d0, d1 in zip(days, days[1:], strict=False):
            for ka, kb in sorted(pairs):
                e0, e1 = kind_sum(d0, ka), kind_sum(d1, kb)
                if isinstance(e0, int) and e0 == 0 or isinstance(e1, int) and e1 == 0:
                    continue
                if isinstance(e0 + e1, int):  # history alone: not the plan's doing
                    continue
                lits = b.guard(
                    "forbidden-succession",
                    (w.id, d1, ka, kb),
                    (w.id,),
                    d1,
                    f"{w.id} may not work {kb} on {iso_day(d1)} after {ka} on {iso_day(d0)}",
                    "allow the succession or add workers",
                )
                b.add(b.m.add(e0 + e1 <= 1), lits)


class _Timeline:
    """A worker's horizon shifts and past shifts sorted for interval look-ups."""

    def __init__(self, b: ModelBuilder, wid: str) -> None:
        wf = b.facts.workers[wid]
        self.shifts = sorted(wf.shifts.values(), key=lambda f: f.start)
        self.starts = [f.start for f in self.shifts]
        self.ends = sorted(f.end for f in self.shifts)
        self.past = sorted(wf.past, key=lambda f: f.start)
        self.past_starts = [f.start for f in self.past]
        self.past_ends = sorted(f.end for f in self.past)
        longest = max([f.minutes for f in self.shifts] + [f.minutes for f in self.past] + [0])
        self.longest = timedelta(minutes=longest)

    def overlapping(self, a: datetime, z: datetime, past: bool = False) -> list:
        """Shifts (horizon, or past) overlapping [a, z)."""
        shifts, starts = (self.past, self.past_starts) if past else (self.shifts, self.starts)
        lo = bisect_left(starts, a - self.longest)
        hi = bisect_left(starts, z)
        return [f for f in shifts[lo:hi] if f.end > a]

    def ends_between(self, a: datetime, z: datetime) -> list[datetime]:
        """Ends of horizon and past shifts in [a, z]."""
        out = []
        for ends in (self.ends, self.past_ends):
            out.extend(ends[bisect_left(ends, a) : bisect_right(ends, z)])
        return out


def _rest_candidates(b: ModelBuilder, wid: str, rest: int, win0: datetime, win1: datetime):
    """Variables of rest periods of ``rest`` minutes inside [win0, win1) that can be kept.

    A maximal rest starts at the window start or at the end of a shift, so those are the
    candidates. Each candidate gets one variable, shared by every window that contains it.
    """
    tl = b._timelines.get(wid)
    if tl is None:
        tl = b._timelines[wid] = _Timeline(b, wid)
    dur = timedelta(minutes=rest)
    index = b._rest_vars.get((wid, rest))
    if index is None:  # every shift end (horizon and past), sorted; variables made on first use
        everything = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))
        ends = sorted(set(tl.ends_between(*everything)))
        index = b._rest_vars[wid, rest] = (ends, [_UNSET] * len(ends))
    ends, evars = index
    lo, hi = bisect_left(ends, win0), bisect_right(ends, win1 - dur)
    out = []
    if lo == hi or ends[lo] != win0:  # the window start is not a shift end: its own candidate
        v = b._rest_vars.get((wid, rest, win0), _UNSET)
        if v is _UNSET:
            v = b._rest_vars[wid, rest, win0] = _rest_var(b, tl, wid, rest, win0)
        if v is not None:
            out.append(v)
    for i in range(lo, hi):
        v = evars[i]
        if v is _UNSET:
            v = evars[i] = _rest_var(b, tl, wid, rest, ends[i])
        if v is not None:
            out.append(v)
    return out


_UNSET = object()


def _rest_var(b: ModelBuilder, tl: _Timeline, wid: str, rest: int, a: datetime):
    """The variable "rests from ``a`` for ``rest`` minutes" (None if a past shift overlaps)."""
    dur = timedelta(minutes=rest)
    if tl.overlapping(a, a + dur, past=True):
        return None
    v = b.m.new_bool_var(f"rest[{wid},{rest},{a:%Y%m%d%H%M}]")
    # resting from a means working none of the shifts overlapping [a, a + rest)
    free = [b.not_y(wid, f.shift_id) for f in tl.overlapping(a, a + dur)]
    if free:
        b.m.add_bool_and(free).only_enforce_if(v)
    return v


def weekly_rest(b: ModelBuilder) -> None:
    """Every rolling 7 local days hold a continuous rest of 24 h (target 35 h), history included.

    Source: EU WTD Art. 5; national weekly rest-day laws. Kind: hard + soft.
    """
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        tz = w.tz
        for day in wf.horizon_days:
            first = day - timedelta(days=6)
            if first < wf.horizon_days[0] - timedelta(days=6):
                continue
            win0 = datetime.combine(first, datetime.min.time(), tzinfo=tz).astimezone(UTC)
            win1 = datetime.combine(
                day + timedelta(days=1), datetime.min.time(), tzinfo=tz
            ).astimezone(UTC)
            mn = b.policy.min_weekly_rest_minutes
            if mn:
                c = _rest_candidates(b, w.id, mn, win0, win1)
                if not c:  # history alone leaves no room for the rest: not the plan's doing
                    continue
                lits = b.guard(
                    "weekly-rest",
                    (w.id, day),
                    (w.id,),
                    day,
                    f"{w.id} needs {mn // 60} h continuous rest in the 7 days to {iso_day(day)}",
                    "lower min_weekly_rest_minutes or add workers",
                )
                b.add(b.m.add(sum(c) >= 1), lits)
            tg = b.policy.target_weekly_rest_minutes
            if tg and (not mn or tg > mn):
                c = _rest_candidates(b, w.id, tg, win0, win1)
                miss = b.m.new_bool_var(f"wrmiss[{w.id},{day}]")
                b.m.add(miss >= 1 - sum(c)) if c else b.m.add(miss == 1)
                b.soft("weekly-rest", w.id, b.policy.weekly_rest_weight, miss, day)
