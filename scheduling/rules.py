"""The rule registry: one function per rule, in one ordered tuple :data:`RULES`.

Each rule's docstring starts with the rule in plain words, then ``Source:`` and ``Kind:`` (hard,
soft, or hard + soft). Hard instances are added under guards (see :class:`ModelBuilder.guard`) so
that infeasible plans can be explained; soft costs are :class:`~scheduling.model.SoftTerm` objects.
Every hard rule has an independent check in :mod:`scheduling.validate` under the same id.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ortools.sat.python import cp_model

from .facts import (
    effective,
    exposure_minutes,
    is_high_severity,
    minutes_in_daily_window,
    windows,
)
from .model import ModelBuilder


@dataclass(frozen=True)
class Rule:
    """A registered rule: stable id, the function adding it to a model, and its kind."""

    id: str
    add: Callable[[ModelBuilder], None]
    hard: bool
    soft: bool

    @property
    def doc(self) -> str:
        """The rule function's docstring."""
        return self.add.__doc__ or ""

    @property
    def summary(self) -> str:
        """First line of the docstring: the rule in plain words."""
        return self.doc.strip().splitlines()[0]


def _d(day) -> str:
    return day.isoformat()


def _t(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# ---------------------------------------------------------------------------------------------
# coverage, assignment structure, eligibility
# ---------------------------------------------------------------------------------------------
def coverage(b: ModelBuilder) -> None:
    """Each demand is filled with between its minimum and maximum headcount (shadows never count).

    Source: team policy (the demand). Kind: hard or soft per demand; soft costs under_weight per
    missing worker and over_weight per worker above max_headcount (default: min_headcount).
    """
    p = b.problem
    for d in p.demands:
        s = b.facts.shifts[d.shift_id]
        n = sum(b.x[w.id, d.id] for w in p.workers)
        if d.hard:
            lits = b.guard(
                "coverage",
                (d.id,),
                (),
                s.start,
                f"demand {d.id} ({d.role} on shift {s.id} at {_t(s.start)}) needs "
                f"{d.min_headcount}"
                + (f"..{d.cap}" if d.cap != d.min_headcount else "")
                + " worker(s)",
                f"lower demands[{d.id}].min_headcount, make it soft, or add workers",
            )
            if d.min_headcount:
                b.add(b.m.add(n >= d.min_headcount), lits)
            b.add(b.m.add(n <= d.cap), lits)
            b.shortfall[d.id] = 0
        else:
            if d.min_headcount:
                under = b.m.new_int_var(0, d.min_headcount, f"under[{d.id}]")
                # exact shortfall: skills and languages of a soft demand relax only by it
                b.m.add_max_equality(under, [0, d.min_headcount - n])
                # the same, as a linear inequality the LP relaxation can use (redundant)
                b.m.add(under + n >= d.min_headcount)
                b.soft("coverage", None, d.under_weight, under, s.start, f"{d.id} under")
                b.shortfall[d.id] = under
            else:
                b.shortfall[d.id] = 0
            if d.over_weight:
                over = b.m.new_int_var(0, len(p.workers), f"over[{d.id}]")
                # exact surplus, so any reported rota costs what it is (not only an optimal one)
                b.m.add_max_equality(over, [0, n - d.cap])
                b.m.add(over >= n - d.cap)  # the same, linear, for the LP relaxation
                b.soft("coverage", None, d.over_weight, over, s.start, f"{d.id} over")


def pins(b: ModelBuilder) -> None:
    """Pinned assignments are kept (and pinned-out ones are not made).

    Source: team policy (a lead's decision). Kind: hard.
    """
    fixed = []  # unguarded: every pin in one constraint (a repair pins tens of thousands)
    for pin in b.problem.pins:
        d = b.facts.demands[pin.demand_id]
        v = b.sh.get((pin.worker_id, d.id)) if pin.shadow else b.x[pin.worker_id, d.id]
        if not b.guarded and v is not None:
            fixed.append(v if pin.assigned else v.Not())
            continue
        lits = b.guard(
            "pins",
            (pin.worker_id, d.id, pin.shadow),
            (pin.worker_id,),
            b.facts.shifts[d.shift_id].start,
            f"{pin.worker_id} is pinned {'on' if pin.assigned else 'off'} {d.id}"
            + (" as shadow" if pin.shadow else ""),
            "remove or change the pin",
        )
        if v is None:
            if pin.assigned:  # cannot shadow here: the pin can never hold
                b.add(b.m.add_bool_or([]), lits)
            continue
        b.add(b.m.add(v == (1 if pin.assigned else 0)), lits)
    if fixed:
        b.m.add_bool_and(fixed)


def no_overlap(b: ModelBuilder) -> None:
    """A worker works at most one shift at a time (also against shifts worked before the horizon).

    Source: physical constraint. Kind: hard.
    """
    p = b.problem
    ss = sorted(p.shifts, key=lambda s: s.start)
    cliques: list[tuple[str, frozenset]] = []  # maximal sets of shifts running at one instant
    seen: set[frozenset] = set()
    for s in ss:
        active = frozenset(o.id for o in ss if o.start <= s.start < o.end)
        if len(active) >= 2 and active not in seen:
            seen.add(active)
            cliques.append((s.id, active))
    for w in p.workers:
        wf = b.facts.workers[w.id]
        for sid, active in cliques:
            s = b.facts.shifts[sid]
            lits = b.guard(
                "no-overlap",
                (w.id, s.id),
                (w.id,),
                s.start,
                f"{w.id} cannot work overlapping shifts {sorted(active)}",
                "change the shift times or demands",
            )
            b.add(b.m.add(sum(b.y[w.id, o] for o in active) <= 1), lits)
        for past in wf.past:
            for s in p.shifts:
                if s.start < past.end and past.start < s.end:
                    lits = b.guard(
                        "no-overlap",
                        (w.id, s.id, "past"),
                        (w.id,),
                        s.start,
                        f"{w.id} already worked {_t(past.start)}-{_t(past.end)}, "
                        f"overlapping shift {s.id}",
                        "check the history",
                    )
                    b.add(b.m.add(b.y[w.id, s.id] == 0), lits)


def shifts_per_day(b: ModelBuilder) -> None:
    """A worker starts at most the policy's shifts per local day (one by default), history too.

    Source: team policy (one shift a day; Curtois & Qu hard constraint 1). Kind: hard.
    """
    cap = b.policy.max_shifts_per_local_day
    for (wid, day), sids in b.by_worker_day.items():
        done = b.hist(wid, day).shifts  # started before the plan's first shift, same local day
        if len(sids) + done > cap:
            lits = b.guard(
                "shifts-per-day",
                (wid, day),
                (wid,),
                day,
                f"{wid} may start at most {cap} shift(s) on {_d(day)}",
                "raise policy.max_shifts_per_local_day",
            )
            b.add(b.m.add(sum(b.y[wid, s] for s in sids) + done <= max(cap, done)), lits)


def _local_days_touched(start: datetime, end: datetime, zone) -> list:
    """The local dates (in ``zone``) that any minute of [start, end) falls on."""
    first = start.astimezone(zone).date()
    last = (max(end, start + timedelta(minutes=1)) - timedelta(minutes=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def availability(b: ModelBuilder) -> None:
    """A worker is given no shift overlapping an unavailable local day, nor before their start
    or after their end (a night running into a leave day counts).

    Source: contract and leave records. Kind: hard.
    """
    for w in b.problem.workers:
        lim = w.limits
        touched = {s.id: _local_days_touched(s.start, s.end, w.tz) for s in b.problem.shifts}
        for d in b.problem.demands:
            why = day = None
            for day in touched[d.shift_id]:
                if day in w.unavailable:
                    why = f"{w.id} is unavailable on {_d(day)}"
                elif lim.start_date and day < lim.start_date:
                    why = f"{w.id} starts on {_d(lim.start_date)}"
                elif lim.end_date and day > lim.end_date:
                    why = f"{w.id} leaves after {_d(lim.end_date)}"
                if why:
                    break
            if why:
                lits = b.guard(
                    "availability",
                    (w.id, day),
                    (w.id,),
                    day,
                    why,
                    "ask the worker to change their leave, or add other workers",
                )
                for v in b.placed(w.id, d):
                    b.add(b.m.add(v == 0), lits)


def holiday_agreement(b: ModelBuilder) -> None:
    """A worker without agreement to holiday work is not rostered on their local public holidays.

    Source: Fair Work Act 2009 (Australia) s.114. Kind: hard.
    """
    for w in b.problem.workers:
        if w.limits.holiday_work_agreed:
            continue
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if f.holiday:
                b.forbid(
                    "holiday-agreement",
                    w.id,
                    d,
                    f.local_day,
                    f"{w.id} has not agreed to work the holiday {_d(f.local_day)}",
                    "ask the worker to agree (limits.holiday_work_agreed)",
                    key=(w.id, f.local_day),
                )


def skills(b: ModelBuilder) -> None:
    """Enough of the workers filling a demand hold each required skill at the required level.

    Source: team policy (the demand). Kind: hard (for a soft demand, relaxed by its shortfall).
    """
    for d in b.problem.demands:
        s = b.facts.shifts[d.shift_id]
        for r in d.required_skills:
            q = [
                b.x[w.id, d.id]
                for w in b.problem.workers
                if w.level(r.skill, b.facts.workers[w.id].shifts[s.id].local_day) >= r.min_level
            ]
            lits = b.guard(
                "skills",
                (d.id, r.skill),
                (),
                s.start,
                f"demand {d.id} at {_t(s.start)} needs {r.count} worker(s) with "
                f"{r.skill} >= {r.min_level}",
                "lower the requirement or train/add qualified workers",
            )
            b.add(b.m.add(sum(q) >= r.count - b.shortfall.get(d.id, 0)), lits)


def languages(b: ModelBuilder) -> None:
    """Each required language is spoken by at least one worker filling the demand.

    Source: team policy (the demand). Kind: hard (for a soft demand, relaxed when unfilled).
    """
    for d in b.problem.demands:
        if d.min_headcount < 1:
            continue
        s = b.facts.shifts[d.shift_id]
        for lang in sorted(d.required_languages):
            q = [b.x[w.id, d.id] for w in b.problem.workers if lang in w.languages]
            lits = b.guard(
                "languages",
                (d.id, lang),
                (),
                s.start,
                f"demand {d.id} at {_t(s.start)} needs a {lang} speaker",
                "drop the language requirement or add a speaker",
            )
            b.add(b.m.add(sum(q) >= 1 - b.shortfall.get(d.id, 0)), lits)


# ---------------------------------------------------------------------------------------------
# working time
# ---------------------------------------------------------------------------------------------
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
            out = []
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
                f"shift on {_d(wf.shifts[c.id].local_day)}",
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
                        f"{w.id} worked until {_t(past.end)}: needs {rest // 60} h "
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
                    f"{w.id} may not work {kb} on {_d(d1)} after {ka} on {_d(d0)}",
                    "allow the succession or add workers",
                )
                b.add(b.m.add(e0 + e1 <= 1), lits)


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


def consecutive_days(b: ModelBuilder) -> None:
    """No more than 6 consecutive working local days (target 5), counting days before the horizon.

    Source: Thailand LPA s.28; Philippines Labor Code Art. 91. Kind: hard + soft.
    """
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        cap = effective(w, b.policy, "max_consecutive_working_days")
        if cap is not None:
            for win in windows(wf.all_days, wf.horizon_days, cap + 1):
                worked = sum(b.work(w.id, d) for d in win)
                if isinstance(worked, int):  # history alone: not the plan's doing
                    continue
                lits = b.guard(
                    "consecutive-days",
                    (w.id, win[-1]),
                    (w.id,),
                    win[-1],
                    f"{w.id} may work at most {cap} days in a row ({_d(win[0])}..{_d(win[-1])})",
                    "raise max_consecutive_working_days or add workers",
                )
                b.add(b.m.add(worked <= cap), lits)
        tgt = b.policy.target_consecutive_working_days
        if tgt is not None and (cap is None or tgt < cap):
            for win in windows(wf.all_days, wf.horizon_days, tgt + 1):
                v = b.excess(f"cd[{w.id},{win[-1]}]", sum(b.work(w.id, d) for d in win), tgt, 1)
                b.soft("consecutive-days", w.id, b.policy.consecutive_days_weight, v, win[-1])


def _runs_min(b: ModelBuilder, rule_id: str, wid: str, mn: int, off: bool) -> None:
    """Forbid runs shorter than ``mn`` that neither touch the first nor the last horizon day."""
    days = b.facts.workers[wid].horizon_days
    n = len(days)
    wk = [b.work(wid, d) for d in days]
    run_on = not off
    what = "days off" if off else "working days"

    def negation(j: int, on: bool):  # literal "day j is NOT in state on"; True/False if constant
        v = wk[j]
        if isinstance(v, int):
            return bool(v) != on
        return v.Not() if on else v

    for i in range(1, n - 1):
        for length in range(1, mn):
            if i + length > n - 1:
                break
            pattern = [
                (i - 1, not run_on),
                *((k, run_on) for k in range(i, i + length)),
                (i + length, not run_on),
            ]
            clause = []
            impossible = False
            for j, on in pattern:
                li = negation(j, on)
                if li is True:
                    impossible = True
                    break
                if li is not False:
                    clause.append(li)
            if impossible:
                continue
            lits = b.guard(
                rule_id,
                (wid, days[i], length),
                (wid,),
                days[i],
                f"{wid} needs runs of at least {mn} {what}, not {length} from {_d(days[i])}",
                f"lower {wid}'s minimum consecutive {what}",
            )
            b.add(b.m.add_bool_or(clause), lits)


def min_consecutive_days(b: ModelBuilder) -> None:
    """A run of working days lasts at least the worker's minimum (runs at the horizon edges exempt).

    Source: contract (Curtois & Qu MinConsecutiveShifts, boundary runs not constrained). Kind: hard.
    """
    for w in b.problem.workers:
        mn = w.limits.min_consecutive_working_days
        if mn and mn > 1:
            _runs_min(b, "min-consecutive-days", w.id, mn, off=False)


def min_consecutive_days_off(b: ModelBuilder) -> None:
    """A run of days off lasts at least the worker's minimum (runs at the horizon edges exempt).

    Source: contract (Curtois & Qu MinConsecutiveDaysOff, boundary runs not constrained).
    Kind: hard.
    """
    for w in b.problem.workers:
        mn = w.limits.min_consecutive_days_off
        if mn and mn > 1:
            _runs_min(b, "min-consecutive-days-off", w.id, mn, off=True)
            _work_density(b, w.id, mn)


def _work_density(b: ModelBuilder, wid: str, min_off: int) -> None:
    """Implied (redundant) constraint for propagation: with at most ``cap`` consecutive working
    days and runs of at least ``min_off`` days off, any ``cap + min_off`` consecutive horizon days
    hold at most ``cap`` working days (more would need a longer run of work or an inner run of
    days off shorter than ``min_off``). Not added under guards, so explanations never name it."""
    if b.guarded or not b.policy.applies("consecutive-days"):
        return
    w = b.facts.workers[wid].worker
    cap = effective(w, b.policy, "max_consecutive_working_days")
    if cap is None:
        return
    days = b.facts.workers[wid].horizon_days
    length = cap + min_off
    for i in range(len(days) - length + 1):
        b.m.add(sum(b.work(wid, d) for d in days[i : i + length]) <= cap)


def max_weekends(b: ModelBuilder) -> None:
    """A worker works at most their maximum number of weekends (Saturday or Sunday worked).

    Source: contract (Curtois & Qu MaxWeekends). Kind: hard.
    """
    for w in b.problem.workers:
        cap = w.limits.max_weekends
        if cap is None:
            continue
        wf = b.facts.workers[w.id]
        groups: dict = defaultdict(list)
        for d in wf.horizon_days:
            if d.weekday() in b.policy.weekend_days:
                groups[d - timedelta(days=d.weekday())].append(d)
        wks = [
            b._max_of(f"wkend[{w.id},{k}]", [b.work(w.id, d) for d in ds])
            for k, ds in sorted(groups.items())
        ]
        if len(wks) > cap:
            lits = b.guard(
                "max-weekends",
                (w.id,),
                (w.id,),
                None,
                f"{w.id} may work at most {cap} weekend(s)",
                f"raise {w.id}'s limits.max_weekends",
            )
            b.add(b.m.add(sum(wks) <= cap), lits)


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
                f"{w.id} may work at most {total // 60} h in {n} days to {_d(win[-1])}",
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
                f"{w.id} may work at most {cap // 60} h in 7 days to {_d(win[-1])}",
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
                f"{w.id} may work at most {cap // 60} h on {_d(day)} (country cap)",
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
                    f"{w.id} needs {mn // 60} h continuous rest in the 7 days to {_d(day)}",
                    "lower min_weekly_rest_minutes or add workers",
                )
                b.add(b.m.add(sum(c) >= 1), lits)
            tg = b.policy.target_weekly_rest_minutes
            if tg and (not mn or tg > mn):
                c = _rest_candidates(b, w.id, tg, win0, win1)
                miss = b.m.new_bool_var(f"wrmiss[{w.id},{day}]")
                b.m.add(miss >= 1 - sum(c)) if c else b.m.add(miss == 1)
                b.soft("weekly-rest", w.id, b.policy.weekly_rest_weight, miss, day)


# ---------------------------------------------------------------------------------------------
# nights
# ---------------------------------------------------------------------------------------------
def night_consent(b: ModelBuilder) -> None:
    """A worker without night consent is not given night shifts (>= 3 h in their night window).

    Source: EU WTD Art. 2 (definition); country rules on consent (India, Indonesia). Kind: hard.
    """
    for w in b.problem.workers:
        if w.limits.night_consent:
            continue
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if f.is_night:
                b.forbid(
                    "night-consent",
                    w.id,
                    d,
                    f.start,
                    f"{w.id} has not consented to night work",
                    "record the worker's consent (limits.night_consent)",
                    key=(w.id,),
                )


def night_shift_length(b: ModelBuilder) -> None:
    """A night shift lasts at most 10 h (target 8 h).

    Source: EU WTD Art. 8; HSE HSG256. Kind: hard + soft (per minute above the target).
    """
    cap, tgt = b.policy.max_night_shift_minutes, b.policy.target_night_shift_minutes
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for d in b.problem.demands:
            f = wf.shifts[d.shift_id]
            if not f.is_night:
                continue
            if cap is not None and f.minutes > cap:
                b.forbid(
                    "night-shift-length",
                    w.id,
                    d,
                    f.start,
                    f"night shifts last at most {cap} min; {f.shift_id} lasts {f.minutes}",
                    "shorten the night shift or raise max_night_shift_minutes",
                    key=(w.id,),
                )
        if tgt is not None:
            for s in b.problem.shifts:
                f = wf.shifts[s.id]
                if f.is_night and f.minutes > tgt:
                    b.soft(
                        "night-shift-length",
                        w.id,
                        b.policy.night_shift_length_weight,
                        (f.minutes - tgt) * b.y[w.id, s.id],
                        f.local_day,
                    )


def consecutive_nights(b: ModelBuilder) -> None:
    """At most 4 night shifts in a row (target 3), counting nights before the horizon.

    Nights count per night shift: in a run of local days that each hold a night shift, the night
    shifts number at most the cap (two on one day count two). Source: HSE HSG256; Folkard et al.
    2005. Kind: hard + soft (the soft target counts days of the run).
    """
    cap, tgt = b.policy.max_consecutive_nights, b.policy.target_consecutive_nights
    several = b.policy.max_shifts_per_local_day > 1 or not b.policy.applies("shifts-per-day")
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        if cap is not None:
            for win in windows(wf.all_days, wf.horizon_days, cap + 1):
                nights = sum(b.night(w.id, d) for d in win)
                if isinstance(nights, int):  # history alone: not the plan's doing
                    continue
                lits = b.guard(
                    "consecutive-nights",
                    (w.id, win[-1]),
                    (w.id,),
                    win[-1],
                    f"{w.id} may work at most {cap} nights in a row ({_d(win[0])}..{_d(win[-1])})",
                    "raise max_consecutive_nights or add workers",
                )
                b.add(b.m.add(nights <= cap), lits)
            if several:  # shorter runs may hold more night shifts than days
                for length in range(1, cap + 1):
                    for win in windows(wf.all_days, wf.horizon_days, length):
                        count = sum(b.nights(w.id, d) for d in win)
                        if isinstance(count, int):
                            continue
                        hist = b.history_part(w.id, win, b.nights)
                        allowed = max(cap, hist)
                        days = sum(b.night(w.id, d) for d in win)
                        most = sum(len(b.by_worker_day.get((w.id, d), [])) for d in win) + hist
                        lits = b.guard(
                            "consecutive-nights",
                            (w.id, win[-1], length),
                            (w.id,),
                            win[-1],
                            f"{w.id} may work at most {cap} night shifts in a row "
                            f"({_d(win[0])}..{_d(win[-1])})",
                            "raise max_consecutive_nights or add workers",
                        )
                        # binding only when every day of the window holds a night shift
                        slack = max(0, most - allowed)
                        b.add(b.m.add(count - allowed <= slack * (length - days)), lits)
        if tgt is not None and (cap is None or tgt < cap):
            for win in windows(wf.all_days, wf.horizon_days, tgt + 1):
                v = b.excess(f"cn[{w.id},{win[-1]}]", sum(b.night(w.id, d) for d in win), tgt, 1)
                b.soft("consecutive-nights", w.id, b.policy.consecutive_nights_weight, v, win[-1])


def nights_per_14_days(b: ModelBuilder) -> None:
    """At most 6 night shifts in any rolling 14 local days (target 4), history included.

    Nights count per night shift. Source: team policy [J] (wellbeing guidance). Kind: hard + soft
    (per night above target).
    """
    cap, tgt = b.policy.max_nights_per_14_days, b.policy.target_nights_per_14_days
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for win in windows(wf.all_days, wf.horizon_days, 14):
            tot = sum(b.nights(w.id, d) for d in win)
            hist = b.history_part(w.id, win, b.nights)
            if cap is not None:
                lits = b.guard(
                    "nights-per-14-days",
                    (w.id, win[-1]),
                    (w.id,),
                    win[-1],
                    f"{w.id} may work at most {cap} nights in the 14 days to {_d(win[-1])}",
                    "raise max_nights_per_14_days or add workers",
                )
                b.add(b.m.add(tot <= max(cap, hist)), lits)
            if tgt is not None and (cap is None or tgt < cap) and not isinstance(tot, int):
                most = 14 * max(1, b.policy.max_shifts_per_local_day)
                v = b.excess(f"n14[{w.id},{win[-1]}]", tot, max(tgt, hist), most)
                b.soft("nights-per-14-days", w.id, b.policy.nights_per_14_days_weight, v, win[-1])


def days_off_after_nights(b: ModelBuilder) -> None:
    """After a run of nights, at least 1 local day off (target 2), history included.

    Source: HSE HSG256 ("two nights' sleep when switching"). Kind: hard + soft (per missing day).
    """
    mn, tgt = b.policy.min_days_off_after_nights, b.policy.target_days_off_after_nights
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        days = wf.all_days
        hz0 = wf.horizon_days[0]
        reach = max(mn or 0, tgt or 0)
        for i in range(len(days) - 1):
            d, d1 = days[i], days[i + 1]
            if days[min(i + reach, len(days) - 1)] < hz0:
                continue
            nd, nd1 = b.night(w.id, d), b.night(w.id, d1)
            if isinstance(nd, int) and nd == 0:
                continue
            for j in range(1, reach + 1):
                if i + j >= len(days):
                    break
                dj = days[i + j]
                if not b.in_horizon(w.id, dj):
                    continue
                past = b.hist(w.id, dj).worked + b.hist(w.id, d).night - b.hist(w.id, d1).night
                if past > 1:  # history alone broke it (work done on dj already): not the plan's
                    continue
                expr = b.work(w.id, dj) + nd - nd1
                if mn and j <= mn:
                    lits = b.guard(
                        "days-off-after-nights",
                        (w.id, dj),
                        (w.id,),
                        dj,
                        f"{w.id} needs {mn} day(s) off after nights ending {_d(d)}",
                        "lower min_days_off_after_nights",
                    )
                    b.add(b.m.add(expr <= 1), lits)
                elif tgt:
                    v = b.excess(f"dan[{w.id},{dj}]", expr, 1, 1)
                    b.soft(
                        "days-off-after-nights", w.id, b.policy.days_off_after_nights_weight, v, dj
                    )


# ---------------------------------------------------------------------------------------------
# exposure
# ---------------------------------------------------------------------------------------------
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
                f"{wid} is recovering from a critical incident at {_t(ci.at)} until {_t(until)}",
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
                f"{w.id} may have at most {cap} weighted exposure minutes on {_d(day)}",
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
                    f"the 7 days to {_d(win[-1])}",
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
                    f"({_d(win[0])}..{_d(win[-1])})",
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


# ---------------------------------------------------------------------------------------------
# on-call
# ---------------------------------------------------------------------------------------------
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
                f"days to {_d(win[-1])}",
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
            f"on-call shift {sid} at {_t(s.start)} needs a named secondary",
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
                    f"{w.id} was paged at night until {_t(pg.end)}: no shift before {_t(until)}",
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


# ---------------------------------------------------------------------------------------------
# pairing
# ---------------------------------------------------------------------------------------------
def trainee_pairing(b: ModelBuilder) -> None:
    """A trainee shadows a shift only while an eligible mentor works it in the primary role.

    Source: team policy (mentoring). Kind: hard; wanted shadow shifts not met cost the request's
    weight per missing shift (soft).
    """
    p = b.problem
    by_trainee = defaultdict(list)
    for pq in p.pairings:
        by_trainee[pq.trainee_id].append(pq)
    for (wid, did), v in sorted(b.sh.items()):
        d = b.facts.demands[did]
        s = b.facts.shifts[d.shift_id]
        mentors = []
        for pq in by_trainee[wid]:
            for m in p.workers:
                if m.id == wid or (pq.mentor_ids and m.id not in pq.mentor_ids):
                    continue
                day = b.facts.workers[m.id].shifts[s.id].local_day
                if pq.skill and m.level(pq.skill, day) < pq.mentor_min_level:
                    continue
                for od in b.facts.demands_by_shift[s.id]:
                    if od.role == b.policy.primary_role:
                        mentors.append(b.x[m.id, od.id])
        lits = b.guard(
            "trainee-pairing",
            (wid, did),
            (wid,),
            s.start,
            f"{wid} may shadow {did} only next to an eligible mentor",
            "add eligible mentors to the pairing request",
        )
        b.add(b.m.add(v <= sum(mentors)) if mentors else b.m.add(v == 0), lits)
    for pq in p.pairings:
        got = sum(v for (wid, _), v in b.sh.items() if wid == pq.trainee_id)
        short = b.excess(f"short[{pq.trainee_id}]", pq.wanted_shifts - got, 0, pq.wanted_shifts)
        b.soft("trainee-pairing", pq.trainee_id, pq.weight, short, None, "shadow shortfall")


# ---------------------------------------------------------------------------------------------
# preferences and fairness
# ---------------------------------------------------------------------------------------------
def shift_requests(b: ModelBuilder) -> None:
    """A worker's requests to work or not work a shift (or a local day) are honoured.

    Source: team policy (Curtois & Qu shift on/off requests). Kind: soft (the request's weight).
    """
    for pr in b.problem.preferences:
        if pr.shift_id is not None:
            v = b.y[pr.worker_id, pr.shift_id]
            when = b.facts.shifts[pr.shift_id].start
        else:
            v = b.work(pr.worker_id, pr.day)
            when = pr.day
        b.soft(
            "shift-requests",
            pr.worker_id,
            pr.weight,
            (1 - v) if pr.want else v,
            when,
            "on request" if pr.want else "off request",
        )


def early_start(b: ModelBuilder) -> None:
    """Shifts starting before 07:00 local are avoided.

    Source: HSE HSG256. Kind: soft (per early shift).
    """
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for s in b.problem.shifts:
            f = wf.shifts[s.id]
            if f.early_start and not f.is_night:
                b.soft(
                    "early-start", w.id, b.policy.early_start_weight, b.y[w.id, s.id], f.local_day
                )


def forward_rotation(b: ModelBuilder) -> None:
    """Consecutive days rotate forward (day -> evening -> night), not backward.

    Source: HSE HSG256 (evidence very uncertain, Cochrane 2023). Kind: soft, low weight.
    """
    order = {k: i for i, k in enumerate(b.policy.kind_order)}
    if not order:
        return
    weight = b.policy.forward_rotation_weight
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        hd = wf.horizon_days
        for d0, d1 in zip(hd, hd[1:], strict=False):
            day_v = None
            for s0 in b.by_worker_day.get((w.id, d0), []):
                for s1 in b.by_worker_day.get((w.id, d1), []):
                    k0, k1 = wf.shifts[s0].kind, wf.shifts[s1].kind
                    if k0 in order and k1 in order and order[k1] < order[k0]:
                        y0, y1 = b.y[w.id, s0], b.y[w.id, s1]
                        if b.one_shift_a_day:
                            # at most one (s0, s1) pair of these two days can be worked: one
                            # variable for the pair of days counts exactly the same
                            if day_v is None:
                                day_v = b.m.new_bool_var(f"fr[{w.id},{d1}]")
                                b.soft("forward-rotation", w.id, weight, day_v, d1)
                            v = day_v
                        else:
                            v = b.m.new_bool_var(f"fr[{w.id},{s0},{s1}]")
                            b.soft("forward-rotation", w.id, weight, v, d1)
                        b.m.add_bool_or([y0.Not(), y1.Not(), v])  # v >= y0 + y1 - 1


def holiday_work(b: ModelBuilder) -> None:
    """Shifts on a worker's local public holidays are avoided.

    Source: team policy; Fair Work Act 2009 s.114 (Australia). Kind: soft (per holiday shift).
    """
    for w in b.problem.workers:
        wf = b.facts.workers[w.id]
        for s in b.problem.shifts:
            if wf.shifts[s.id].holiday:
                b.soft(
                    "holiday-work",
                    w.id,
                    b.policy.holiday_weight,
                    b.y[w.id, s.id],
                    wf.shifts[s.id].local_day,
                )


def stability(b: ModelBuilder) -> None:
    """Assignments of the rota being re-planned are kept where possible (few changes).

    Source: team policy (published rotas change as little as possible). Kind: soft (per
    previous assignment dropped).
    """
    for a in b.problem.previous:
        v = b.sh.get((a.worker_id, a.demand_id)) if a.shadow else b.x[a.worker_id, a.demand_id]
        b.soft(
            "stability",
            a.worker_id,
            b.policy.stability_weight,
            1 - v if v is not None else 1,
            b.facts.shifts[b.facts.demands[a.demand_id].shift_id].start,
            a.demand_id,
        )


def fairness_scale(contract: int, scale: int) -> int:
    """Integer factor that puts a load on a full-time (2400 min/week) footing."""
    return max(1, round(scale * 2400 / contract))


def fairness(b: ModelBuilder) -> None:
    """Loads are shared fairly relative to contract hours: hours, nights, weekends, holidays,
    high-severity hours, history included.

    Source: team policy. Kind: soft: weight x (max - min) over workers of load x
    round(fairness_scale x 2400 / contract minutes per week), per metric.
    """
    p = b.policy
    ws = [w for w in b.problem.workers if w.limits.contract_minutes_per_week > 0]
    if len(ws) < 2:
        return
    metrics = [
        ("hours", p.fairness_hours_weight),
        ("nights", p.fairness_nights_weight),
        ("weekends", p.fairness_weekends_weight),
        ("holidays", p.fairness_holidays_weight),
        ("exposure", p.fairness_exposure_weight),
    ]
    for metric, weight in metrics:
        if not weight:
            continue
        loads = {}
        for w in ws:
            wf = b.facts.workers[w.id]
            vs: list = []
            cs: list[int] = []
            for s in b.problem.shifts:
                f = wf.shifts[s.id]
                if metric == "hours":
                    c = (f.minutes + 30) // 60
                elif metric == "nights":
                    c = int(f.is_night)
                elif metric == "weekends":
                    c = int(f.weekend)
                elif metric == "holidays":
                    c = int(f.holiday)
                else:
                    c = 0
                if c:
                    vs.append(b.y[w.id, s.id])
                    cs.append(c)
                if metric == "exposure":
                    for d in b.facts.demands_by_shift.get(s.id, []):
                        if is_high_severity(d, p):
                            e = (exposure_minutes(d, f.minutes) + 30) // 60
                            if e:
                                for v in b.placed(w.id, d):
                                    vs.append(v)
                                    cs.append(e)
            # one weighted sum (building it term by term was quadratic in the number of shifts)
            expr: object = cp_model.LinearExpr.weighted_sum(vs, cs) if vs else 0
            hist = 0
            for pf in wf.past:
                if metric == "hours":
                    hist += (pf.minutes + 30) // 60
                elif metric == "nights":
                    hist += int(pf.is_night)
                elif metric == "weekends":
                    hist += int(pf.weekend)
                elif metric == "holidays":
                    hist += int(pf.holiday)
            if metric == "exposure":
                hist += sum((h.exposure + 30) // 60 for h in wf.history.values() if h.high_severity)
            loads[w.id] = (
                expr + hist,
                fairness_scale(w.limits.contract_minutes_per_week, p.fairness_scale),
            )
        if all(isinstance(e, int) for e, _ in loads.values()):
            continue
        ub = 10**7
        hi = b.m.new_int_var(0, ub, f"fair_hi[{metric}]")
        lo = b.m.new_int_var(0, ub, f"fair_lo[{metric}]")
        for e, k in loads.values():
            b.m.add(hi >= k * e)
            b.m.add(lo <= k * e)
        b.soft("fairness", None, weight, hi - lo, None, metric)


RULES: tuple[Rule, ...] = (
    Rule("coverage", coverage, hard=True, soft=True),
    Rule("pins", pins, hard=True, soft=False),
    Rule("no-overlap", no_overlap, hard=True, soft=False),
    Rule("shifts-per-day", shifts_per_day, hard=True, soft=False),
    Rule("availability", availability, hard=True, soft=False),
    Rule("holiday-agreement", holiday_agreement, hard=True, soft=False),
    Rule("skills", skills, hard=True, soft=False),
    Rule("languages", languages, hard=True, soft=False),
    Rule("max-shift-length", max_shift_length, hard=True, soft=False),
    Rule("min-rest", min_rest, hard=True, soft=False),
    Rule("forbidden-succession", forbidden_succession, hard=True, soft=False),
    Rule("max-shifts-per-kind", max_shifts_per_kind, hard=True, soft=False),
    Rule("total-minutes", total_minutes, hard=True, soft=False),
    Rule("consecutive-days", consecutive_days, hard=True, soft=True),
    Rule("min-consecutive-days", min_consecutive_days, hard=True, soft=False),
    Rule("min-consecutive-days-off", min_consecutive_days_off, hard=True, soft=False),
    Rule("max-weekends", max_weekends, hard=True, soft=False),
    Rule("average-weekly-hours", average_weekly_hours, hard=True, soft=False),
    Rule("weekly-hours", weekly_hours, hard=True, soft=False),
    Rule("minutes-per-day", minutes_per_day, hard=True, soft=False),
    Rule("minutes-per-month", minutes_per_month, hard=True, soft=False),
    Rule("weekly-rest", weekly_rest, hard=True, soft=True),
    Rule("night-consent", night_consent, hard=True, soft=False),
    Rule("night-shift-length", night_shift_length, hard=True, soft=True),
    Rule("consecutive-nights", consecutive_nights, hard=True, soft=True),
    Rule("nights-per-14-days", nights_per_14_days, hard=True, soft=True),
    Rule("days-off-after-nights", days_off_after_nights, hard=True, soft=True),
    Rule("category-opt-out", category_opt_out, hard=True, soft=False),
    Rule("category-clearance", category_clearance, hard=True, soft=False),
    Rule("critical-incident-recovery", critical_incident_recovery, hard=True, soft=False),
    Rule("exposure-per-day", exposure_per_day, hard=True, soft=False),
    Rule("exposure-7-days", exposure_7_days, hard=True, soft=True),
    Rule("consecutive-exposure-days", consecutive_exposure_days, hard=True, soft=True),
    Rule("exposure-free-after-run", exposure_free_after_run, hard=False, soft=True),
    Rule("exposure-night-hours", exposure_night_hours, hard=False, soft=True),
    Rule("new-joiner-ramp", new_joiner_ramp, hard=False, soft=True),
    Rule("on-call-share", on_call_share, hard=True, soft=False),
    Rule("on-call-secondary", on_call_secondary, hard=True, soft=False),
    Rule("night-page-rest", night_page_rest, hard=True, soft=False),
    Rule("on-call-local-hours", on_call_local_hours, hard=False, soft=True),
    Rule("trainee-pairing", trainee_pairing, hard=True, soft=True),
    Rule("shift-requests", shift_requests, hard=False, soft=True),
    Rule("early-start", early_start, hard=False, soft=True),
    Rule("forward-rotation", forward_rotation, hard=False, soft=True),
    Rule("holiday-work", holiday_work, hard=False, soft=True),
    Rule("stability", stability, hard=False, soft=True),
    Rule("fairness", fairness, hard=False, soft=True),
)

RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)


def build_model(b: ModelBuilder) -> None:
    """Add every rule the policy switches on, in registry order, then the objective."""
    for rule in RULES:
        if b.policy.applies(rule.id):
            rule.add(b)
    b.objective()
