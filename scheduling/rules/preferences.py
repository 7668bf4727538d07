"""Soft preferences: requests, early starts, forward rotation, holiday work, stability, fairness."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ortools.sat.python import cp_model

from ..facts import (
    exposure_minutes,
    is_high_severity,
)
from ..model import ModelBuilder


# preferences and fairness
def shift_requests(b: ModelBuilder) -> None:
    """A worker's requests to work or not work a shift (or a local day) are honoured.

    Source: team policy (Curtois & Qu shift on/off requests). Kind: soft (the request's weight).
    """
    for pr in b.problem.preferences:
        if pr.shift_id is not None:
            v = b.y[pr.worker_id, pr.shift_id]
            when: datetime | date = b.facts.shifts[pr.shift_id].start
        elif pr.day is not None:
            v = b.work(pr.worker_id, pr.day)
            when = pr.day
        else:  # a request names a shift or a day (the problem's own checks refuse neither)
            continue
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
            expr: Any = cp_model.LinearExpr.weighted_sum(vs, cs) if vs else 0
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
