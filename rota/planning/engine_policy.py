"""The team's effective policy in the engine's terms: minutes, percentages, severity weights."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

import scheduling as engine
from rota.domain.patterns import Severity


def _minutes(hours: Any) -> int:
    return round(float(hours) * 60)


def _hour(hour: Any) -> time:
    return time(int(hour))


def _percent(share: Any) -> int:
    return round(float(share) * 100)


#: every team policy field the engine's policy holds: rota field -> (engine field, conversion
#: from the team's unit to the engine's). Each field of ``rota.policy.POLICY_FIELDS`` is here or
#: in :data:`POLICY_FIELDS_ELSEWHERE` (a test checks both ways).
ENGINE_POLICY_FIELDS: Mapping[str, tuple[str, Any]] = {
    "min_rest_hours": ("min_rest_minutes", _minutes),
    "max_shift_hours": ("max_shift_minutes", _minutes),
    "max_average_weekly_hours": ("max_avg_weekly_minutes", _minutes),
    "consecutive_working_days_ceiling": ("max_consecutive_working_days", int),
    "consecutive_working_days_target": ("target_consecutive_working_days", int),
    "weekly_rest_hours_minimum": ("min_weekly_rest_minutes", _minutes),
    "weekly_rest_hours_target": ("target_weekly_rest_minutes", _minutes),
    "night_window_start_hour": ("night_window_start", _hour),
    "night_window_end_hour": ("night_window_end", _hour),
    "night_min_hours_in_window": ("night_min_minutes", _minutes),
    "max_night_shift_hours": ("max_night_shift_minutes", _minutes),
    "consecutive_nights_ceiling": ("max_consecutive_nights", int),
    "consecutive_nights_target": ("target_consecutive_nights", int),
    "nights_per_14_days_ceiling": ("max_nights_per_14_days", int),
    "nights_per_14_days_target": ("target_nights_per_14_days", int),
    "days_off_after_night_run_minimum": ("min_days_off_after_nights", int),
    "days_off_after_night_run_target": ("target_days_off_after_nights", int),
    "max_high_severity_hours_per_day": ("max_exposure_minutes_per_day", _minutes),
    "high_severity_hours_per_7_days_ceiling": ("max_exposure_minutes_per_7_days", _minutes),
    "high_severity_hours_per_7_days_target": ("target_exposure_minutes_per_7_days", _minutes),
    "high_severity_consecutive_days_ceiling": ("max_consecutive_exposure_days", int),
    "high_severity_consecutive_days_target": ("target_consecutive_exposure_days", int),
    "exposure_free_days_after_run": ("exposure_free_days_after_run", int),
    "critical_incident_recovery_hours": ("critical_incident_recovery_minutes", _minutes),
    "new_joiner_ramp_days": ("new_joiner_days", int),
    "new_joiner_high_severity_hours_per_day": (
        "new_joiner_max_exposure_minutes_per_day",
        _minutes,
    ),
    "max_on_call_share_28_days": ("max_on_call_percent", _percent),
}

#: team policy fields the engine reads elsewhere than its policy, and where
POLICY_FIELDS_ELSEWHERE: Mapping[str, str] = {
    "extreme_severity_weight": "engine.Demand.severity_weight (severity_weight)",
    "medium_severity_weight": "engine.Demand.severity_weight (severity_weight)",
    "contract_hours_are_a_ceiling": "engine.WorkerLimits.max_total_minutes (planning._worker)",
}


def engine_policy(effective: Mapping[str, Any]) -> engine.Policy:
    """The team's effective policy (``rota.policy`` units) as the engine's policy (minutes),
    field by field through :data:`ENGINE_POLICY_FIELDS`."""
    return engine.Policy(
        **{
            target: convert(effective[name])
            for name, (target, convert) in ENGINE_POLICY_FIELDS.items()
        },
        kind_order=("early", "day", "late", "night"),
    )


def severity_weight(severity: Severity, effective: Mapping[str, Any]) -> float:
    """Budget weight of a queue: most violent 1.5, other high 1.0, medium 0.5, low and none 0."""
    return {
        Severity.EXTREME: float(effective["extreme_severity_weight"]),
        Severity.HIGH: 1.0,
        Severity.MEDIUM: float(effective["medium_severity_weight"]),
        Severity.LOW: 0.0,
        Severity.NONE: 0.0,
    }[Severity(severity)]
