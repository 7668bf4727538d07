"""The team policy: wellbeing and working-time limits with their defaults and sources.

Every limit the planner honours is a named field here, with its default, whether it is hard or
soft, the unit, and the source the default comes from (the shared domain notes,
``wellbeing-and-working-time.md``).
Defaults that no authority sets are judgement calls and are marked as such, so the product can
say so next to the value. A team changes a value through ``Team.policy_overrides``; this module
checks overrides (name, type, range) and resolves the effective policy. This is product guidance,
not legal advice: country law is a floor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rota.errors import InputError


@dataclass(frozen=True)
class PolicyField:
    """One documented policy limit."""

    name: str
    label: str
    default: float | int | bool
    unit: str
    kind: str  # "hard", "soft", "soft + hard", "definition", "warning"
    group: str
    source: str
    judgement: bool = False  # True where no authoritative number exists ([J] in the domain notes)
    minimum: float = 0
    maximum: float | None = None


_EXPOSURE = "Exposure to harmful content"
_ONCALL = "On-call load"
_TIME = "Working time and fatigue"
_NIGHT = "Night work"

POLICY_FIELDS: tuple[PolicyField, ...] = (
    PolicyField(
        "max_high_severity_hours_per_day",
        "High-severity hours per local day",
        4,
        "h",
        "hard",
        _EXPOSURE,
        "YouTube's published 4 h/day cap for moderators (Fortune, 14 Mar 2018); industry guidance "
        "as described in Frazier v. ByteDance (2021). No regulator sets a number.",
        judgement=True,
        maximum=24,
    ),
    PolicyField(
        "high_severity_hours_per_7_days_target",
        "High-severity hours per rolling 7 days (target)",
        16,
        "h",
        "soft",
        _EXPOSURE,
        "Dose-response of exposure frequency and distress (Spence et al. 2024).",
        judgement=True,
        maximum=168,
    ),
    PolicyField(
        "high_severity_hours_per_7_days_ceiling",
        "High-severity hours per rolling 7 days (ceiling)",
        20,
        "h",
        "hard",
        _EXPOSURE,
        "Dose-response of exposure frequency and distress (Spence et al. 2024).",
        judgement=True,
        maximum=168,
    ),
    PolicyField(
        "high_severity_consecutive_days_target",
        "Consecutive days with high-severity work (target)",
        4,
        "days",
        "soft",
        _EXPOSURE,
        "Rotation off the worst queues; HSE 'few in a row, then days off' by analogy.",
        judgement=True,
        minimum=1,
    ),
    PolicyField(
        "high_severity_consecutive_days_ceiling",
        "Consecutive days with high-severity work (ceiling)",
        5,
        "days",
        "hard",
        _EXPOSURE,
        "Rotation off the worst queues; HSE 'few in a row, then days off' by analogy.",
        judgement=True,
        minimum=1,
    ),
    PolicyField(
        "exposure_free_days_after_run",
        "Exposure-free days after a high-severity run",
        2,
        "days",
        "soft",
        _EXPOSURE,
        "Rotation off the worst queues, by analogy with HSE shift guidance.",
        judgement=True,
    ),
    PolicyField(
        "critical_incident_recovery_hours",
        "No high-severity work after the end of the shift of a critical incident",
        24,
        "h",
        "hard",
        _EXPOSURE,
        "Time away plus support; NICE NG116 advises against compulsory debriefing and for "
        "follow-up within one month. Counted from the end of the shift in which it happened; "
        "waivable only by the responder, recorded with who and when.",
        judgement=True,
        maximum=24 * 14,
    ),
    PolicyField(
        "extreme_severity_weight",
        "Budget weight of the most violent material",
        1.5,
        "x",
        "soft",
        _EXPOSURE,
        "Violent material was the exposure linked to PTSD symptoms (BMC Psychiatry 2023).",
        judgement=True,
        maximum=5,
    ),
    PolicyField(
        "medium_severity_weight",
        "Budget weight of medium-severity queues",
        0.5,
        "x",
        "soft",
        _EXPOSURE,
        "As above; the weights themselves are a judgement call.",
        judgement=True,
        maximum=5,
    ),
    PolicyField(
        "new_joiner_ramp_days",
        "New-joiner ramp length",
        30,
        "days",
        "soft",
        _EXPOSURE,
        "Only 21% of agencies prepared staff for first exposure (Wolak & Mitchell 2009).",
        judgement=True,
        maximum=365,
    ),
    PolicyField(
        "new_joiner_high_severity_hours_per_day",
        "New-joiner high-severity hours per day",
        2,
        "h",
        "soft",
        _EXPOSURE,
        "Only 21% of agencies prepared staff for first exposure (Wolak & Mitchell 2009).",
        judgement=True,
        maximum=24,
    ),
    PolicyField(
        "max_on_call_share_28_days",
        "Share of time on call per rolling 28 days",
        0.25,
        "share",
        "hard",
        _ONCALL,
        "Google SRE book, 'Being On-Call'.",
        maximum=1,
    ),
    PolicyField(
        "min_rest_hours",
        "Rest between shifts",
        11,
        "h",
        "hard",
        _TIME,
        "EU Working Time Directive Art. 3; HSE HSG256 (Vietnam 12 h by Labor Code 2019 Art. 110).",
        maximum=48,
    ),
    PolicyField(
        "max_shift_hours",
        "Shift length",
        12,
        "h",
        "hard",
        _TIME,
        "HSE; 12-h shifts carry +27% risk vs 8-h (Folkard et al. 2005). 10 h where law caps the "
        "day (Malaysia spread-over, Karnataka).",
        minimum=1,
        maximum=24,
    ),
    PolicyField(
        "contract_hours_are_a_ceiling",
        "Contract hours are a ceiling over the plan",
        True,
        "yes/no",
        "hard",
        _TIME,
        "Team policy: no planned overtime; the contract sets the hours.",
        maximum=1,
    ),
    PolicyField(
        "max_average_weekly_hours",
        "Hours per week averaged over 4 weeks",
        48,
        "h",
        "hard",
        _TIME,
        "EU Working Time Directive Art. 6; never above the country cap.",
        maximum=168,
    ),
    PolicyField(
        "weekly_rest_hours_target",
        "Weekly continuous rest (target)",
        35,
        "h",
        "soft",
        _TIME,
        "EU Working Time Directive Art. 5.",
        maximum=168,
    ),
    PolicyField(
        "weekly_rest_hours_minimum",
        "Weekly continuous rest (minimum)",
        24,
        "h",
        "hard",
        _TIME,
        "One rest day a week in almost every APAC country (see country floors).",
        maximum=168,
    ),
    PolicyField(
        "consecutive_working_days_target",
        "Consecutive working days (target)",
        5,
        "days",
        "soft",
        _TIME,
        "Thailand LPA s.28; Philippines Labor Code Art. 91.",
        minimum=1,
    ),
    PolicyField(
        "consecutive_working_days_ceiling",
        "Consecutive working days (ceiling)",
        6,
        "days",
        "hard",
        _TIME,
        "Thailand LPA s.28; Philippines Labor Code Art. 91.",
        minimum=1,
    ),
    PolicyField(
        "night_window_start_hour",
        "Local night window starts",
        22,
        "h",
        "definition",
        _NIGHT,
        "EU WTD Art. 2; JP 22-05, KR/PH/VN/TH 22-06, ID 23-07 by law.",
        maximum=23,
    ),
    PolicyField(
        "night_window_end_hour",
        "Local night window ends",
        6,
        "h",
        "definition",
        _NIGHT,
        "EU WTD Art. 2 (Indonesia 07:00).",
        maximum=23,
    ),
    PolicyField(
        "night_min_hours_in_window",
        "A night shift has at least this much in the night window",
        3,
        "h",
        "definition",
        _NIGHT,
        "EU Working Time Directive Art. 2.",
        maximum=24,
    ),
    PolicyField(
        "consecutive_nights_target",
        "Consecutive nights (target)",
        3,
        "nights",
        "soft",
        _NIGHT,
        "HSE (2-3 in a row); risk +17% on the 3rd night (Folkard et al. 2005).",
        minimum=1,
    ),
    PolicyField(
        "consecutive_nights_ceiling",
        "Consecutive nights (ceiling)",
        4,
        "nights",
        "hard",
        _NIGHT,
        "Risk +36% on the 4th night (Folkard et al. 2005).",
        minimum=1,
    ),
    PolicyField(
        "days_off_after_night_run_target",
        "Days off after a night run (target)",
        2,
        "days",
        "soft",
        _NIGHT,
        "HSE: two nights' sleep when switching.",
    ),
    PolicyField(
        "days_off_after_night_run_minimum",
        "Days off after a night run (minimum)",
        1,
        "days",
        "hard",
        _NIGHT,
        "HSE: two nights' sleep when switching.",
    ),
    PolicyField(
        "nights_per_14_days_target",
        "Nights per rolling 14 days (target)",
        4,
        "nights",
        "soft",
        _NIGHT,
        "Team judgement.",
        judgement=True,
    ),
    PolicyField(
        "nights_per_14_days_ceiling",
        "Nights per rolling 14 days (ceiling)",
        6,
        "nights",
        "hard",
        _NIGHT,
        "Team judgement.",
        judgement=True,
    ),
    PolicyField(
        "max_night_shift_hours",
        "Night shift length (ceiling)",
        10,
        "h",
        "hard",
        _NIGHT,
        "EU WTD Art. 8; HSE (8 h target).",
        minimum=1,
        maximum=24,
    ),
)

_BY_NAME: dict[str, PolicyField] = {f.name: f for f in POLICY_FIELDS}


def policy_field(name: str) -> PolicyField:
    """The documented field called ``name``; an unknown name is an :class:`InputError`."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise InputError(
            "policy field", name, f"use one of: {', '.join(sorted(_BY_NAME))}"
        ) from None


def resolve_policy(overrides: Mapping[str, Any]) -> dict[str, float | int | bool]:
    """The effective policy: documented defaults with a team's checked overrides on top."""
    effective: dict[str, float | int | bool] = {f.name: f.default for f in POLICY_FIELDS}
    for name, value in overrides.items():
        spec = policy_field(name)
        if isinstance(spec.default, bool):
            if not isinstance(value, bool):
                raise InputError(f"policy.{name}", value, "give true or false")
            effective[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"policy.{name}", value, f"give a number in {spec.unit}")
        if value < spec.minimum or (spec.maximum is not None and value > spec.maximum):
            upper = "" if spec.maximum is None else f" and at most {spec.maximum:g}"
            raise InputError(
                f"policy.{name}", value, f"give at least {spec.minimum:g}{upper} {spec.unit}"
            )
        effective[name] = value
    for target, ceiling in (
        ("high_severity_hours_per_7_days_target", "high_severity_hours_per_7_days_ceiling"),
        ("high_severity_consecutive_days_target", "high_severity_consecutive_days_ceiling"),
        ("consecutive_working_days_target", "consecutive_working_days_ceiling"),
        ("consecutive_nights_target", "consecutive_nights_ceiling"),
        ("nights_per_14_days_target", "nights_per_14_days_ceiling"),
    ):
        if effective[target] > effective[ceiling]:
            raise InputError(
                f"policy.{target}",
                effective[target],
                f"a target may not exceed its ceiling {ceiling} = {effective[ceiling]}",
            )
    return effective
