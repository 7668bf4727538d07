"""Responders: the people on a team, with their zone, country, languages and clearances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rota.domain.team import WEEKDAYS, TeamRole


class Proficiency(StrEnum):
    """How well a responder speaks a language (CEFR-like, simplified for rota decisions)."""

    NATIVE = "native"
    FLUENT = "fluent"
    WORKING = "working"
    BASIC = "basic"


#: Proficiencies good enough to cover a language window on a live incident.
COVERING_PROFICIENCIES = frozenset({Proficiency.NATIVE, Proficiency.FLUENT})


@dataclass(frozen=True)
class LanguageSkill:
    language: str  # ISO 639-1 code, e.g. "ja"
    proficiency: Proficiency = Proficiency.FLUENT

    @property
    def covers(self) -> bool:
        """True when this proficiency is good enough to staff a language window."""
        return self.proficiency in COVERING_PROFICIENCIES


@dataclass(frozen=True)
class CategoryClearance:
    """Training and informed consent for one content category; both are needed to be assigned."""

    category: str
    trained_on: date | None = None
    consented_on: date | None = None

    def cleared_on(self, day: date) -> bool:
        return (
            self.trained_on is not None
            and self.consented_on is not None
            and self.trained_on <= day
            and self.consented_on <= day
        )


@dataclass(frozen=True)
class Responder:
    """A person on the team. Country and subdivision select public holidays (``holidays`` codes)."""

    id: str
    team_id: str
    name: str
    email: str
    timezone: str  # IANA zone, e.g. "Asia/Tokyo"
    country: str  # ISO 3166-1 alpha-2, e.g. "JP"
    subdivision: str | None = None  # e.g. "NSW" for Australia, "KA" for India
    languages: tuple[LanguageSkill, ...] = ()
    contract_hours_per_week: float = 40.0
    working_days: tuple[int, ...] = WEEKDAYS  # 0 = Monday
    start_date: date = date(2020, 1, 1)
    end_date: date | None = None
    night_work_consent: bool = False
    opted_out_categories: frozenset[str] = frozenset()
    clearances: tuple[CategoryClearance, ...] = ()
    team_role: TeamRole = TeamRole.RESPONDER
    active: bool = True
    #: minutes before each on-call shift their calendar feed reminds them (VALARM); None: none
    reminder_minutes: int | None = None

    def speaks(self, language: str) -> bool:
        return any(ls.language == language and ls.covers for ls in self.languages)

    def cleared_for(self, category: str, day: date) -> bool:
        if category in self.opted_out_categories:
            return False
        return any(c.category == category and c.cleared_on(day) for c in self.clearances)

    def employed_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
