"""Country floors that change a responder's limits. The law is a floor: the stricter value wins.

Source: shared domain notes "Wellbeing and working-time rules", country floors table (Vietnam Labor
Code 2019 Art. 110; Karnataka Shops and Commercial Establishments Act; Malaysia Employment Act
spread-over; Indonesia Manpower Law night window; Australia Fair Work Act 2009 s.114). This is
product guidance, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class CountryRule:
    """Per-country overrides of the team policy; None means "the team policy applies"."""

    country: str
    min_rest_minutes: int | None = None
    max_shift_minutes: int | None = None
    night_window: tuple[time, time] | None = None
    #: public-holiday work only with the responder's agreement (hard)
    holiday_work_needs_agreement: bool = False
    #: hours caps of the law: per local day, per rolling 7 local days, and per calendar month as
    #: (normal hours a week pro rata, overtime hours a month)
    max_hours_per_day: float | None = None
    max_hours_per_7_days: float | None = None
    monthly_hours: tuple[float, float] | None = None
    source: str = ""

    def caps_in_words(self) -> str:
        """The hours caps in plain words ("" if none)."""
        out = []
        if self.max_hours_per_day is not None:
            out.append(f"{self.max_hours_per_day:g} h a day")
        if self.max_hours_per_7_days is not None:
            out.append(f"{self.max_hours_per_7_days:g} h in any 7 days")
        if self.monthly_hours is not None:
            normal, overtime = self.monthly_hours
            out.append(f"{normal:g} h a week pro rata + {overtime:g} h overtime a month")
        return ", ".join(out)


_RULES: dict[str, CountryRule] = {
    "SG": CountryRule(
        "SG",
        max_hours_per_day=12,
        monthly_hours=(44, 72),
        source="Singapore Employment Act: shift work at most 12 h a day; 44 h a week; "
        "overtime at most 72 h a month",
    ),
    "JP": CountryRule(
        "JP",
        monthly_hours=(40, 45),
        source="Japan Labour Standards Act: 40 h a week; Art. 36 agreement overtime at most "
        "45 h a month",
    ),
    "KR": CountryRule(
        "KR",
        max_hours_per_7_days=52,
        source="Korea Labor Standards Act: 40 h a week + 12 h overtime (52 h a week)",
    ),
    "VN": CountryRule(
        "VN",
        min_rest_minutes=720,
        monthly_hours=(48, 40),
        source="Vietnam Labor Code 2019: 12 h rest (Art. 110); 48 h a week; overtime at most "
        "40 h a month",
    ),
    "IN": CountryRule(
        "IN",
        max_shift_minutes=600,
        max_hours_per_day=10,
        source="Karnataka Shops and Commercial Establishments Act: at most 10 h a day "
        "incl. overtime",
    ),
    "MY": CountryRule(
        "MY",
        max_shift_minutes=600,
        max_hours_per_day=10,
        monthly_hours=(45, 104),
        source="Malaysia Employment Act: spread-over at most 10 h; 45 h a week; overtime at "
        "most 104 h a month",
    ),
    "ID": CountryRule(
        "ID",
        night_window=(time(22, 0), time(7, 0)),
        max_hours_per_day=12,
        max_hours_per_7_days=58,
        source="Indonesia Manpower Law: night protections 23:00-07:00 (team window "
        "22:00-07:00); 40 h a week, overtime at most 4 h a day and 18 h a week",
    ),
    "TH": CountryRule(
        "TH",
        max_hours_per_7_days=84,
        source="Thailand Labour Protection Act: 48 h a week; overtime and holiday work at "
        "most 36 h a week",
    ),
    "AU": CountryRule(
        "AU",
        holiday_work_needs_agreement=True,
        source="Fair Work Act 2009 s.114: public-holiday work only by reasonable request "
        "and agreement",
    ),
}


def country_rule(country: str, subdivision: str | None = None) -> CountryRule:
    """The floor for a responder's country (subdivision reserved for state rules)."""
    return _RULES.get(country.upper(), CountryRule(country.upper()))
