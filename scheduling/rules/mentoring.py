"""Mentoring: trainees shadow an eligible mentor."""

from __future__ import annotations

from collections import defaultdict

from ..model import ModelBuilder


# pairing
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
