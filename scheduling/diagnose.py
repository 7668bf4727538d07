"""Root causes of an impossible plan, found before (and faster than) a conflict core.

Two plain counts a lead can act on, computed from the problem alone:

* **capacity**: a requirement (a language, a skill at a level, a content clearance, or simply a
  person) is needed on more slots across the horizon than the people who hold it can ever cover,
  one slot a day each and never more days in a row than the policy allows — "only 1 person is
  cleared for cat-a, which 14 slots over 14 days need; working at most 6 days in a row, she can
  cover at most 12";
* **slots**: every slot of one kind (same role on the same pattern) that nobody available can
  fill, grouped into one line with its days and the qualified people who are away — "primary on
  Korean desk, 5 slots every day 16–20 Nov: nobody available speaks ko (w7: unavailable)".

Both are sound: each names a shortfall that no rota can avoid while the rules named hold. They
come first in :func:`scheduling.solver.explain_infeasibility`, ranked by what a lead can act on
(the largest shortfall first); the CP-SAT conflict core follows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .facts import Facts, effective, is_high_severity
from .problem import Demand, Problem, Worker

#: the ids of the two kinds of root cause (not rules: counts over the rules named)
CAPACITY = "capacity"
UNFILLABLE = "unfillable-slots"


@dataclass(frozen=True)
class _Need:
    """One requirement a slot has: what, how many holders, and who holds it on a day."""

    key: tuple
    words: str
    count: int


@lru_cache(maxsize=65536)
def _touched(start, end, zone) -> list[date]:
    first = start.astimezone(zone).date()
    last = (max(end, start + timedelta(minutes=1)) - timedelta(minutes=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def blocked(problem: Problem, facts: Facts, w: Worker, d: Demand) -> str | None:
    """Why ``w`` can never fill ``d`` whatever else the rota does (None if they could)."""
    p = problem.policy
    s = facts.shifts[d.shift_id]
    f = facts.workers[w.id].shifts[d.shift_id]
    lim = w.limits
    if p.applies("availability"):
        for day in _touched(s.start, s.end, w.tz):
            if day in w.unavailable:
                return f"unavailable on {day.isoformat()}"
            if lim.start_date and day < lim.start_date:
                return f"starts on {lim.start_date.isoformat()}"
            if lim.end_date and day > lim.end_date:
                return f"leaves after {lim.end_date.isoformat()}"
    if d.exposure_category:
        if p.applies("category-opt-out") and d.exposure_category in lim.opted_out_categories:
            return f"opted out of {d.exposure_category}"
        if (
            p.applies("category-clearance")
            and p.require_category_clearance
            and d.exposure_category not in lim.cleared_categories
        ):
            return f"not cleared for {d.exposure_category}"
    if p.applies("night-consent") and f.is_night and not lim.night_consent:
        return "has not consented to night work"
    if p.applies("holiday-agreement") and f.holiday and not lim.holiday_work_agreed:
        return f"on a public holiday ({f.local_day.isoformat()}) they have not agreed to work"
    cap = effective(w, p, "max_shift_minutes")
    if p.applies("max-shift-length") and cap is not None and f.minutes > cap:
        return f"the shift is longer than their {cap // 60} h limit"
    return None


def _needs(problem: Problem, d: Demand) -> list[_Need]:
    p = problem.policy
    out = [_Need(("people",), "", d.min_headcount)]
    if p.applies("languages"):
        out += [
            _Need(("language", lang), f"speaking {lang}", 1)
            for lang in sorted(d.required_languages)
        ]
    if p.applies("skills"):
        out += [
            _Need(
                ("skill", r.skill, r.min_level),
                f"holding {r.skill} at level {r.min_level}+",
                r.count,
            )
            for r in d.required_skills
        ]
    return out


def _holds(need: _Need, w: Worker, day: date) -> bool:
    kind = need.key[0]
    if kind == "language":
        return need.key[1] in w.languages
    if kind == "skill":
        return w.level(need.key[1], day) >= need.key[2]
    return True


def _most_days(days: list[date], run_cap: int | None) -> int:
    """The most of ``days`` one person can work with no run longer than ``run_cap``."""
    if run_cap is None:
        return len(days)
    total, run, prev = 0, 0, None
    for day in sorted(days):
        run = run + 1 if prev is not None and (day - prev).days == 1 else 1
        prev = day
        if run % (run_cap + 1) != 0:  # every (cap+1)-th day of a run is a day off
            total += 1
    return total


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _days_text(days: list[date]) -> str:
    """The days in words: "every day Mon 14 Dec 2026 – Fri 18 Dec 2026", "3 days ..."."""
    days = sorted(set(days))
    first, last = days[0], days[-1]
    if first == last:
        return f"on {_day(first)}"
    span = (last - first).days + 1
    weekdays = sum(1 for i in range(span) if (first + timedelta(days=i)).weekday() < 5)
    if len(days) == span:
        pattern = "every day"
    elif all(d.weekday() < 5 for d in days) and len(days) == weekdays:
        pattern = "every weekday"
    else:
        pattern = f"on {len(days)} days"
    return f"{pattern} {_day(first)} – {_day(last)}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _reasons(why: list[str]) -> str:
    """Reasons a person cannot take slots, days of unavailability as one range."""
    days = sorted(
        {w.removeprefix("unavailable on ") for w in why if w.startswith("unavailable on ")}
    )
    rest = list(dict.fromkeys(w for w in why if not w.startswith("unavailable on ")))
    if days:
        first, last = _day(date.fromisoformat(days[0])), _day(date.fromisoformat(days[-1]))
        rest.insert(
            0, f"unavailable {first}" if len(days) == 1 else f"unavailable {first} – {last}"
        )
    return ", ".join(rest)


def root_causes(problem: Problem, facts: Facts) -> tuple:
    """Capacity shortfalls, then grouped unfillable slots (largest shortfall first)."""
    from .solver import Explanation  # the solver imports this module

    p = problem.policy
    if not p.applies("coverage"):
        return ()
    hard = [d for d in problem.demands if d.hard and d.min_headcount > 0]
    free = {(w.id, d.id): blocked(problem, facts, w, d) for w in problem.workers for d in hard}
    per_day = max(1, p.max_shifts_per_local_day) if p.applies("shifts-per-day") else None

    # ---- slots nobody available can fill, grouped by kind and reason
    slots: dict[tuple, list[Demand]] = defaultdict(list)
    away: dict[tuple, dict[str, list[str]]] = defaultdict(dict)
    for d in hard:
        s = facts.shifts[d.shift_id]
        for need in _needs(problem, d):
            eligible = [
                w
                for w in problem.workers
                if _holds(need, w, facts.workers[w.id].shifts[d.shift_id].local_day)
            ]
            able = [w for w in eligible if free[w.id, d.id] is None]
            if len(able) < need.count:
                key = (need.key, need.words, need.count, d.role, s.kind, s.label)
                slots[key].append(d)
                for w in eligible:
                    why = free[w.id, d.id]
                    if why is not None:
                        away[key].setdefault(w.id, []).append(why)
    slot_lines = []
    for key, ds in slots.items():
        need_key, words, count, role, kind, label = key
        slot_days = [facts.shifts[d.shift_id].start.date() for d in ds]
        unable = away[key]
        held = (
            f"nobody available {words}".rstrip()
            if count == 1
            else f"fewer than {count} people available {words}".rstrip()
        )
        reasons = "; ".join(f"{w}: {_reasons(why)}" for w, why in sorted(unable.items()))
        msg = (
            f"{role} on {label or kind}, {_n(len(ds), 'slot')} {_days_text(slot_days)}: {held}"
            + (f" — {reasons}" if reasons else "")
        )
        fix = {
            "people": "add people or move their leave",
            "language": "add a speaker, move their leave, or drop the language requirement",
            "skill": "train or add people at that level, or lower the requirement",
        }[need_key[0]]
        first = min(ds, key=lambda d: facts.shifts[d.shift_id].start)
        slot_lines.append(
            Explanation(
                UNFILLABLE,
                tuple(sorted(unable)),
                facts.shifts[first.shift_id].start,
                msg,
                fix,
                len(ds),
                demand_id=first.id,
            )
        )

    # ---- capacity across the horizon: slots needing a requirement vs what its holders can cover
    demand_of: dict[tuple, list[tuple[Demand, _Need]]] = defaultdict(list)
    for d in hard:
        for need in _needs(problem, d):
            demand_of[need.key, need.words].append((d, need))
        if d.exposure_category:
            demand_of[
                ("category", d.exposure_category), f"cleared for {d.exposure_category}"
            ].append((d, _Need(("category", d.exposure_category), "", d.min_headcount)))
    capacity_lines: list[tuple[int, int, tuple, Explanation]] = []
    priority = {"category": 0, "skill": 1, "language": 2, "people": 3}
    for (key, words), items in demand_of.items():
        needed = sum(n.count for _, n in items)
        if needed == 0:
            continue
        high = any(is_high_severity(d, p) for d, _ in items)
        cover = 0
        holders: list[str] = []
        kept_away: dict[str, str] = {}
        for w in problem.workers:
            days: dict[date, int] = defaultdict(int)
            qualified = False
            for d, need in items:
                f = facts.workers[w.id].shifts[d.shift_id]
                holds = key[0] == "category" or _holds(need, w, f.local_day)
                qualified = qualified or holds
                if holds and free[w.id, d.id] is None:
                    days[f.local_day] += 1
                elif holds and key[0] != "category":
                    kept_away.setdefault(w.id, free[w.id, d.id] or "")
            if not days:
                continue
            kept_away.pop(w.id, None)
            holders.append(w.id)
            cap = (
                effective(w, p, "max_consecutive_working_days")
                if p.applies("consecutive-days")
                else None
            )
            if high and p.applies("consecutive-exposure-days"):
                e = p.max_consecutive_exposure_days
                cap = e if cap is None or (e is not None and e < cap) else cap
            usable = _most_days(list(days), cap)
            if per_day is None:
                cover += sum(days.values())
            else:
                # at most per_day slots a day, on at most `usable` days (the fullest ones)
                cover += sum(
                    sorted((min(n, per_day) for n in days.values()), reverse=True)[:usable]
                )
        if cover >= needed or not holders:  # nobody at all: the unfillable slots say it
            continue
        all_days = sorted({facts.shifts[d.shift_id].start.date() for d, _ in items})
        n = len(holders)
        who = (
            "nobody"
            if n == 0
            else f"only {n} {'person' if n == 1 else 'people'} ({', '.join(holders)})"
        )
        what = f" {words}" if words else ""
        msg = (
            f"{who}{what} can take the {_n(needed, 'place')} that need it "
            f"{_days_text(all_days)}; "
            + (
                "one slot a day each and never more days in a row than allowed, they can "
                f"cover at most {cover}"
                if n
                else "so none of them can be filled"
            )
        )
        if kept_away:
            msg += "; " + "; ".join(f"{w} cannot: {why}" for w, why in sorted(kept_away.items()))
        fix = {
            "people": "add people to the team or reduce the headcount asked",
            "language": "add speakers or drop the language requirement on some slots",
            "skill": "train or add people at that level, or lower the requirement",
            "category": "clear (train and consent) more people for the category, "
            "or staff fewer slots",
        }[key[0]]
        first = min(items, key=lambda it: facts.shifts[it[0].shift_id].start)[0]
        explanation = Explanation(
            CAPACITY,
            tuple(holders),
            facts.shifts[first.shift_id].start,
            msg,
            fix,
            needed - cover,
            demand_id=first.id,
        )
        same = (tuple(holders), needed, cover)
        capacity_lines.append((needed - cover, priority[key[0]], same, explanation))
    # the most specific requirement first; a broader one with the same people and numbers
    # says nothing more
    capacity_lines.sort(key=lambda t: (-t[0], t[1]))
    seen: set[tuple] = set()
    kept = []
    for _, _, same, explanation in capacity_lines:
        if same not in seen:
            seen.add(same)
            kept.append(explanation)
    slot_lines.sort(key=lambda e: -e.count)
    return tuple(kept) + tuple(slot_lines)
