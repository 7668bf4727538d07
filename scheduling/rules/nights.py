"""Night work: consent, length, runs of nights, nights per 14 days, days off after nights."""

from __future__ import annotations

from ..facts import (
    windows,
)
from ..model import ModelBuilder
from .text import iso_day


# nights
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
                    f"{w.id} may work at most {cap} nights in a row "
                    f"({iso_day(win[0])}..{iso_day(win[-1])})",
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
                            f"({iso_day(win[0])}..{iso_day(win[-1])})",
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
                    f"{w.id} may work at most {cap} nights in the 14 days to {iso_day(win[-1])}",
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
                        f"{w.id} needs {mn} day(s) off after nights ending {iso_day(d)}",
                        "lower min_days_off_after_nights",
                    )
                    b.add(b.m.add(expr <= 1), lits)
                elif tgt:
                    v = b.excess(f"dan[{w.id},{dj}]", expr, 1, 1)
                    b.soft(
                        "days-off-after-nights", w.id, b.policy.days_off_after_nights_weight, v, dj
                    )
