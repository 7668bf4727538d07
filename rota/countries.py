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
    source: str = ""


_RULES: dict[str, CountryRule] = {
    "VN": CountryRule(
        "VN", min_rest_minutes=720, source="Vietnam Labor Code 2019 Art. 110: 12 h rest"
    ),
    "IN": CountryRule(
        "IN",
        max_shift_minutes=600,
        source="Karnataka Shops and Commercial Establishments Act: at most 10 h a day "
        "incl. overtime",
    ),
    "MY": CountryRule(
        "MY", max_shift_minutes=600, source="Malaysia Employment Act: spread-over at most 10 h"
    ),
    "ID": CountryRule(
        "ID",
        night_window=(time(22, 0), time(7, 0)),
        source="Indonesia Manpower Law: night protections 23:00-07:00 (team window 22:00-07:00)",
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
