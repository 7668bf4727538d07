"""An independent validator: re-checks every hard rule on any rota in plain Python.

It shares no code with the model. Local days, nights, exposure weights, the folding of history into
local days and the rolling windows are computed here a second time, deliberately plainly, from the
problem's data (:mod:`scheduling.problem`) and the :class:`~scheduling.policy.Policy`; only
:func:`scheduling.problem.effective_limit` (which limit applies to a person) is shared. Each check
has the id of the rule it checks.

Readings (issue 11, "Readings that every rule shares"):

- The local day of a shift is the local date of its start in the worker's zone. Every per-day,
  rolling-window and run-of-days total adds history (``History.shifts``, ``daily_exposure``) and
  planned shifts of the same local day, the worker's first horizon day included.
- A rota is blamed only for what it adds: a cap is broken when the total exceeds the cap and
  what history alone put there (``max(cap, history part)``); a day-based condition is broken
  when it holds with the rota and does not hold on history alone.

Each check lives in the module of the same name as its rule's (``scheduling/rules/nights.py`` and
``scheduling/validate/nights.py``); :mod:`.readings` holds the shared local readings.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problem import Assignment, Problem
from .days import (
    check_consecutive_days,
    check_max_weekends,
    check_min_consecutive_days,
    check_min_consecutive_days_off,
)
from .exposure import (
    check_category_clearance,
    check_category_opt_out,
    check_consecutive_exposure_days,
    check_critical_incident_recovery,
    check_exposure_7_days,
    check_exposure_per_day,
)
from .mentoring import check_trainee_pairing
from .nights import (
    check_consecutive_nights,
    check_days_off_after_nights,
    check_night_consent,
    check_night_shift_length,
    check_nights_per_14_days,
)
from .on_call import check_night_page_rest, check_on_call_secondary, check_on_call_share
from .readings import Check, Violation, read_rota

__all__ = ["CHECKS", "Check", "Violation", "validate"]
from .rest import check_forbidden_succession, check_min_rest, check_weekly_rest
from .staffing import (
    check_availability,
    check_coverage,
    check_holiday_agreement,
    check_languages,
    check_no_overlap,
    check_pins,
    check_shifts_per_day,
    check_skills,
)
from .working_time import (
    check_average_weekly_hours,
    check_max_shift_length,
    check_max_shifts_per_kind,
    check_minutes_per_day,
    check_minutes_per_month,
    check_total_minutes,
    check_weekly_hours,
)

#: rule id -> check of that rule's hard part
CHECKS: dict[str, Check] = {
    "coverage": check_coverage,
    "pins": check_pins,
    "no-overlap": check_no_overlap,
    "shifts-per-day": check_shifts_per_day,
    "availability": check_availability,
    "holiday-agreement": check_holiday_agreement,
    "skills": check_skills,
    "languages": check_languages,
    "max-shift-length": check_max_shift_length,
    "min-rest": check_min_rest,
    "forbidden-succession": check_forbidden_succession,
    "max-shifts-per-kind": check_max_shifts_per_kind,
    "total-minutes": check_total_minutes,
    "consecutive-days": check_consecutive_days,
    "min-consecutive-days": check_min_consecutive_days,
    "min-consecutive-days-off": check_min_consecutive_days_off,
    "max-weekends": check_max_weekends,
    "average-weekly-hours": check_average_weekly_hours,
    "weekly-hours": check_weekly_hours,
    "minutes-per-day": check_minutes_per_day,
    "minutes-per-month": check_minutes_per_month,
    "weekly-rest": check_weekly_rest,
    "night-consent": check_night_consent,
    "night-shift-length": check_night_shift_length,
    "consecutive-nights": check_consecutive_nights,
    "nights-per-14-days": check_nights_per_14_days,
    "days-off-after-nights": check_days_off_after_nights,
    "category-opt-out": check_category_opt_out,
    "category-clearance": check_category_clearance,
    "critical-incident-recovery": check_critical_incident_recovery,
    "exposure-per-day": check_exposure_per_day,
    "exposure-7-days": check_exposure_7_days,
    "consecutive-exposure-days": check_consecutive_exposure_days,
    "on-call-share": check_on_call_share,
    "on-call-secondary": check_on_call_secondary,
    "night-page-rest": check_night_page_rest,
    "trainee-pairing": check_trainee_pairing,
}


def validate(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every hard-rule violation of ``assignments`` under ``problem`` (rules the policy enables).

    Also reports assignments naming unknown workers or demands (rule id "unknown-reference").
    """
    al = list(assignments)
    wids = {w.id for w in problem.workers}
    dmap = {d.id: d for d in problem.demands}
    bad = [
        Violation(
            "unknown-reference",
            a.worker_id,
            None,
            1,
            f"assignment {a} names an unknown worker, demand or shift",
        )
        for a in al
        if a.worker_id not in wids
        or a.demand_id not in dmap
        or dmap[a.demand_id].shift_id != a.shift_id
    ]
    if bad:
        return bad
    ctx = read_rota(problem, al)
    out: list[Violation] = []
    for rule_id, check in CHECKS.items():
        if problem.policy.applies(rule_id):
            out.extend(check(ctx))
    return out
