"""The team's effective policy in the engine's terms: minutes, percentages, severity weights."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

import scheduling as engine
from rota.domain.patterns import Severity


def engine_policy(effective: Mapping[str, Any]) -> engine.Policy:
    """The team's effective policy (``rota.policy`` units) as the engine's policy (minutes)."""

    def minutes(name: str) -> int:
        return round(float(effective[name]) * 60)

    return engine.Policy(
        min_rest_minutes=minutes("min_rest_hours"),
        max_shift_minutes=minutes("max_shift_hours"),
        max_avg_weekly_minutes=minutes("max_average_weekly_hours"),
        max_consecutive_working_days=int(effective["consecutive_working_days_ceiling"]),
        target_consecutive_working_days=int(effective["consecutive_working_days_target"]),
        min_weekly_rest_minutes=minutes("weekly_rest_hours_minimum"),
        target_weekly_rest_minutes=minutes("weekly_rest_hours_target"),
        night_window_start=time(int(effective["night_window_start_hour"])),
        night_window_end=time(int(effective["night_window_end_hour"])),
        night_min_minutes=minutes("night_min_hours_in_window"),
        max_night_shift_minutes=minutes("max_night_shift_hours"),
        max_consecutive_nights=int(effective["consecutive_nights_ceiling"]),
        target_consecutive_nights=int(effective["consecutive_nights_target"]),
        max_nights_per_14_days=int(effective["nights_per_14_days_ceiling"]),
        target_nights_per_14_days=int(effective["nights_per_14_days_target"]),
        min_days_off_after_nights=int(effective["days_off_after_night_run_minimum"]),
        target_days_off_after_nights=int(effective["days_off_after_night_run_target"]),
        max_exposure_minutes_per_day=minutes("max_high_severity_hours_per_day"),
        max_exposure_minutes_per_7_days=minutes("high_severity_hours_per_7_days_ceiling"),
        target_exposure_minutes_per_7_days=minutes("high_severity_hours_per_7_days_target"),
        max_consecutive_exposure_days=int(effective["high_severity_consecutive_days_ceiling"]),
        target_consecutive_exposure_days=int(effective["high_severity_consecutive_days_target"]),
        exposure_free_days_after_run=int(effective["exposure_free_days_after_run"]),
        critical_incident_recovery_minutes=minutes("critical_incident_recovery_hours"),
        new_joiner_days=int(effective["new_joiner_ramp_days"]),
        new_joiner_max_exposure_minutes_per_day=minutes("new_joiner_high_severity_hours_per_day"),
        max_on_call_percent=round(float(effective["max_on_call_share_28_days"]) * 100),
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
