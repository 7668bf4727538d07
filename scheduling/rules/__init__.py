"""The rule registry: one function per rule, in one ordered tuple :data:`RULES`.

Each rule's docstring starts with the rule in plain words, then ``Source:`` and ``Kind:`` (hard,
soft, or hard + soft). Hard instances are added under guards (see :class:`ModelBuilder.guard`) so
that infeasible plans can be explained; soft costs are :class:`~scheduling.model.SoftTerm` objects.
Every hard rule has an independent check in :mod:`scheduling.validate` under the same id.

The rules live in modules by theme (``staffing``, ``working_time``, ``days``, ``rest``, ``nights``,
``exposure``, ``on_call``, ``mentoring``, ``preferences``); :mod:`scheduling.validate` checks each
hard rule in a module of the same name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import ModelBuilder
from .days import consecutive_days, max_weekends, min_consecutive_days, min_consecutive_days_off
from .exposure import (
    category_clearance,
    category_opt_out,
    consecutive_exposure_days,
    critical_incident_recovery,
    exposure_7_days,
    exposure_free_after_run,
    exposure_night_hours,
    exposure_per_day,
    new_joiner_ramp,
)
from .mentoring import trainee_pairing
from .nights import (
    consecutive_nights,
    days_off_after_nights,
    night_consent,
    night_shift_length,
    nights_per_14_days,
)
from .on_call import night_page_rest, on_call_local_hours, on_call_secondary, on_call_share
from .preferences import (
    early_start,
    fairness,
    forward_rotation,
    holiday_work,
    shift_requests,
    stability,
)
from .rest import forbidden_succession, min_rest, weekly_rest
from .staffing import (
    availability,
    coverage,
    holiday_agreement,
    languages,
    no_overlap,
    pins,
    shifts_per_day,
    skills,
)
from .working_time import (
    average_weekly_hours,
    max_shift_length,
    max_shifts_per_kind,
    minutes_per_day,
    minutes_per_month,
    total_minutes,
    weekly_hours,
)


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
