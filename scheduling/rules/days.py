"""Runs of working days and days off, and weekends worked."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from ..facts import (
    effective,
    windows,
)
from ..model import ModelBuilder
from .text import iso_day


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
                    f"{w.id} may work at most {cap} days in a row "
                    f"({iso_day(win[0])}..{iso_day(win[-1])})",
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
                f"{wid} needs runs of at least {mn} {what}, not {length} from {iso_day(days[i])}",
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
