"""Checks that trainees shadow an eligible mentor."""

from __future__ import annotations

from .readings import Context, Violation, local_day


def check_trainee_pairing(ctx: Context) -> list[Violation]:
    """Independent check of the hard part of rule "trainee-pairing"."""
    out = []
    p = ctx.p
    for a in ctx.assignments:
        if not a.shadow:
            continue
        d = ctx.demands[a.demand_id]
        s = ctx.shifts[a.shift_id]
        reqs = [pq for pq in p.pairings if pq.trainee_id == a.worker_id]
        ok = False
        if d.allow_shadows and reqs:
            primaries = [
                b
                for b in ctx.assignments
                if b.shift_id == a.shift_id
                and not b.shadow
                and b.role == p.policy.primary_role
                and b.worker_id != a.worker_id
            ]
            for pq in reqs:
                for b in primaries:
                    m = ctx.people[b.worker_id].worker
                    if pq.mentor_ids and m.id not in pq.mentor_ids:
                        continue
                    if pq.skill and m.level(pq.skill, local_day(m.tz, s.start)) < (
                        pq.mentor_min_level
                    ):
                        continue
                    ok = True
        if not ok:
            out.append(
                Violation(
                    "trainee-pairing",
                    a.worker_id,
                    s.start,
                    1,
                    f"{a.worker_id} shadows {d.id} without an eligible mentor",
                    demand_id=d.id,
                    shift_id=d.shift_id,
                )
            )
    for d in p.demands:
        n = sum(1 for a in ctx.assignments if a.demand_id == d.id and a.shadow)
        if n > (d.max_shadows if d.allow_shadows else 0):
            out.append(
                Violation(
                    "trainee-pairing",
                    None,
                    ctx.shifts[d.shift_id].start,
                    n - d.max_shadows,
                    f"{d.id} has {n} shadows",
                    demand_id=d.id,
                    shift_id=d.shift_id,
                    value=n,
                    limit=d.max_shadows,
                    unit="shadows",
                )
            )
    return out
