"""The policy: each wellbeing and working-time parameter as a named field with a documented default.

Defaults follow the shared guidance "Wellbeing and working-time rules" (EU Working Time Directive,
HSE HSG256, Google SRE book, industry exposure caps; **[J]** marks a judgement call there). All
durations are in minutes. A field set to ``None`` switches the corresponding limit off. Whole rules
are switched on or off by id with ``enabled_rules`` / ``disabled_rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import time

from .errors import Issue


@dataclass(frozen=True)
class Policy:
    """Team policy for one solve. Per-worker overrides live in :class:`~scheduling.WorkerLimits`."""

    # --- working time and fatigue -------------------------------------------------------------
    #: rest between the end of one shift and the start of the next (EU WTD Art. 3; Vietnam: 720)
    min_rest_minutes: int = 660
    #: longest shift (HSE; 600 where law caps the day, e.g. Malaysia spread-over, Karnataka)
    max_shift_minutes: int = 720
    #: at most this many shifts may start on one local day of a worker
    max_shifts_per_local_day: int = 1
    #: hours per week averaged over ``averaging_days`` (EU WTD Art. 6): 48 h
    max_avg_weekly_minutes: int | None = 2880
    #: rolling averaging window for ``max_avg_weekly_minutes``, in local days
    averaging_days: int = 28
    #: hard cap of minutes in any rolling 7 local days (country cap); None = none
    max_minutes_per_7_days: int | None = None
    #: consecutive working local days: ceiling (hard) and target (soft) (Thailand s.28, PH Art. 91)
    max_consecutive_working_days: int | None = 6
    target_consecutive_working_days: int | None = 5
    #: continuous weekly rest within every rolling 7 local days: minimum (hard), target (soft)
    min_weekly_rest_minutes: int | None = 1440
    target_weekly_rest_minutes: int | None = 2100
    #: starts before this local time are avoided (HSE), soft
    early_start_before: time = time(7, 0)
    #: forward rotation order of shift kinds (e.g. ("early", "day", "late", "night")); soft
    kind_order: tuple[str, ...] = ()
    #: ISO weekdays (Mon=0) that count as weekend days
    weekend_days: frozenset[int] = frozenset({5, 6})

    # --- nights -------------------------------------------------------------------------------
    #: local night window (EU WTD Art. 2 asks for one; 22-06 in KR/PH/VN/TH; ID uses 22/23-07)
    night_window_start: time = time(22, 0)
    night_window_end: time = time(6, 0)
    #: a shift is a night shift for a worker if at least this many minutes fall in the window
    night_min_minutes: int = 180
    #: night shift length: ceiling (hard) and target (soft) (EU WTD Art. 8; HSE)
    max_night_shift_minutes: int | None = 600
    target_night_shift_minutes: int | None = 480
    #: consecutive nights: ceiling (hard) and target (soft) (HSE; Folkard et al. 2005)
    max_consecutive_nights: int | None = 4
    target_consecutive_nights: int | None = 3
    #: nights per rolling 14 local days: ceiling (hard) and target (soft) [J]
    max_nights_per_14_days: int | None = 6
    target_nights_per_14_days: int | None = 4
    #: days off after a night run: minimum (hard) and target (soft) (HSE)
    min_days_off_after_nights: int | None = 1
    target_days_off_after_nights: int | None = 2

    # --- exposure -----------------------------------------------------------------------------
    #: a demand with severity weight >= this is "high-severity" work
    high_severity_threshold: float = 1.0
    #: weighted exposure minutes per local day (4 h; published industry cap, 2018) [J]
    max_exposure_minutes_per_day: int | None = 240
    #: weighted exposure minutes per rolling 7 local days: ceiling 20 h, target 16 h [J]
    max_exposure_minutes_per_7_days: int | None = 1200
    target_exposure_minutes_per_7_days: int | None = 960
    #: consecutive local days with high-severity work: ceiling (hard) and target (soft) [J]
    max_consecutive_exposure_days: int | None = 5
    target_consecutive_exposure_days: int | None = 4
    #: local days free of high-severity work after a high-severity run (soft) [J]
    exposure_free_days_after_run: int | None = 2
    #: no high-severity work for this long after a critical incident (waivable by the worker) [J]
    critical_incident_recovery_minutes: int = 1440
    #: new joiners: first ``new_joiner_days`` days, at most this many weighted minutes a day (soft)
    new_joiner_days: int = 30
    new_joiner_max_exposure_minutes_per_day: int = 120
    #: every exposure category needs clearance (training + consent) on record (hard)
    require_category_clearance: bool = True
    #: high-severity work avoided in this local window (circadian low; HSE), soft
    exposure_avoid_start: time = time(0, 0)
    exposure_avoid_end: time = time(6, 0)

    # --- on-call ------------------------------------------------------------------------------
    #: share of time on call in any rolling ``on_call_window_days`` local days, percent (SRE book)
    max_on_call_percent: int | None = 25
    on_call_window_days: int = 28
    #: on-call preferred inside this local window (follow the sun), soft
    on_call_local_start: time = time(7, 0)
    on_call_local_end: time = time(22, 0)
    #: roles: an assigned on-call primary needs someone in ``secondary_role`` on the same shift
    primary_role: str = "primary"
    secondary_role: str = "secondary"
    #: a page active at least this long inside the local window below resets rest: the next
    #: shift starts ``min_rest_minutes`` after the page ended (Vedaa et al.; [J] on 30 min)
    night_page_min_minutes: int = 30
    night_page_window_start: time = time(0, 0)
    night_page_window_end: time = time(6, 0)

    # --- soft-rule weights (objective units per unit of violation) ----------------------------
    consecutive_days_weight: int = 20  #: per window of target+1 consecutive working days
    weekly_rest_weight: int = 20  #: per rolling 7 days without the target continuous rest
    night_shift_length_weight: int = 1  #: per minute above the night-shift target
    consecutive_nights_weight: int = 30  #: per window of target+1 consecutive nights
    nights_per_14_days_weight: int = 20  #: per night above target in a rolling 14 days
    days_off_after_nights_weight: int = 20  #: per missing day off after a night run
    exposure_7_days_weight: int = 1  #: per weighted minute above the 7-day target
    consecutive_exposure_weight: int = 30  #: per window of target+1 high-severity days
    exposure_free_after_run_weight: int = 20  #: per high-severity day too soon after a run
    new_joiner_ramp_weight: int = 2  #: per weighted minute above the ramp on a day
    on_call_local_hours_weight: int = 2  #: per on-call minute outside the local window
    exposure_night_weight: int = 1  #: per minute of high-severity shift in 00:00-06:00 local
    early_start_weight: int = 10  #: per shift starting before ``early_start_before``
    forward_rotation_weight: int = 2  #: per backward change of kind on consecutive days
    holiday_weight: int = 30  #: per shift on a worker's local holiday
    stability_weight: int = 50  #: per assignment of ``Problem.previous`` not kept
    fairness_hours_weight: int = 1  #: per unit of spread (see rule "fairness")
    fairness_nights_weight: int = 5
    fairness_weekends_weight: int = 5
    fairness_holidays_weight: int = 5
    fairness_exposure_weight: int = 2
    #: fairness compares load x round(fairness_scale x 2400 / contract minutes per week)
    fairness_scale: int = 10

    # --- switching rules ----------------------------------------------------------------------
    #: if set, only these rule ids apply
    enabled_rules: frozenset[str] | None = None
    #: these rule ids never apply
    disabled_rules: frozenset[str] = frozenset()

    def applies(self, rule_id: str) -> bool:
        """True if the rule with this id is switched on."""
        if rule_id in self.disabled_rules:
            return False
        return self.enabled_rules is None or rule_id in self.enabled_rules

    def issues(self) -> list[Issue]:
        """Findings about impossible values (negative numbers, target above ceiling)."""
        out: list[Issue] = []
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float):
                continue
            if v < 0:
                out.append(Issue(f"policy.{f.name}", v, "use a value >= 0 (or None to switch off)"))
        pairs = [
            ("target_consecutive_working_days", "max_consecutive_working_days"),
            ("target_night_shift_minutes", "max_night_shift_minutes"),
            ("target_consecutive_nights", "max_consecutive_nights"),
            ("target_nights_per_14_days", "max_nights_per_14_days"),
            ("target_exposure_minutes_per_7_days", "max_exposure_minutes_per_7_days"),
            ("target_consecutive_exposure_days", "max_consecutive_exposure_days"),
        ]
        for t, c in pairs:
            tv, cv = getattr(self, t), getattr(self, c)
            if tv is not None and cv is not None and tv > cv:
                out.append(Issue(f"policy.{t}", tv, f"use a target <= policy.{c} ({cv})"))
        if self.min_weekly_rest_minutes and self.min_weekly_rest_minutes > 7 * 1440:
            out.append(
                Issue(
                    "policy.min_weekly_rest_minutes",
                    self.min_weekly_rest_minutes,
                    "use at most 10080 (a week)",
                )
            )
        if self.averaging_days < 1:
            out.append(Issue("policy.averaging_days", self.averaging_days, "use at least 1"))
        if self.on_call_window_days < 1:
            out.append(
                Issue("policy.on_call_window_days", self.on_call_window_days, "use at least 1")
            )
        if self.fairness_scale < 1:
            out.append(Issue("policy.fairness_scale", self.fairness_scale, "use at least 1"))
        if self.max_on_call_percent is not None and self.max_on_call_percent > 100:
            out.append(
                Issue(
                    "policy.max_on_call_percent",
                    self.max_on_call_percent,
                    "use a percentage between 0 and 100",
                )
            )
        bad_days = sorted(d for d in self.weekend_days if not 0 <= d <= 6)
        if bad_days:
            out.append(Issue("policy.weekend_days", bad_days, "use weekdays 0 (Mon) .. 6 (Sun)"))
        return out
