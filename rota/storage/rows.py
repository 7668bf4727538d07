"""Database rows and the ONE mapping between rows and domain objects: the registry.

Every domain type of :mod:`rota.domain` and :mod:`skills.model` has a row class, in
:mod:`~rota.storage.team_rows`, :mod:`~rota.storage.rota_rows` or :mod:`~rota.storage.skill_rows`
(on the base of :mod:`~rota.storage.base`), with ``from_domain(obj)`` (a new row), ``apply(obj)``
(copy a domain object onto an existing row) and ``to_domain()``. Nothing else in Tandem converts
between rows and domain objects. :data:`ROWS` maps each domain type to its row class; once this
module is imported, ``Base.metadata`` holds every table (migrations and tests use it).

Conventions:

- Primary keys are the domain's string ids. Types without an id use their natural key:
  ``Interest`` (person_id, skill_id), ``RoleTarget`` (role, skill_id) and ``ExposureEntry``
  (responder_id, day, category).
- Instants are stored as UTC (:class:`UTCDateTime`) and always come back timezone-aware in UTC,
  on SQLite as on PostgreSQL. A naive datetime is refused.
- Enums are stored as their string (or int) values; tuples keep their order (a ``position`` column
  in child tables, JSON arrays otherwise); frozensets are stored as sorted JSON arrays.
- Dicts (``policy_overrides``, ``solver_stats``, ``policy_snapshot``) are JSON: they must hold only
  JSON values (str, int, float, bool, None, lists, dicts with str keys); tuples come back as lists.
- Person ids of the skills library (``person_id``, ``mentor_id``, ``assessor_id``...) are opaque
  and carry no foreign key; skill ids in skills tables reference ``skills.id``.
"""

from __future__ import annotations

from rota.errors import InputError
from rota.storage.access_rows import AuditEventRow, RoleGrantRow
from rota.storage.base import Base, DomainRow
from rota.storage.rota_rows import AssignmentRow, FeedTokenRow, RotaRow, SwapRequestRow
from rota.storage.skill_rows import (
    AssessmentRow,
    GoalRow,
    InterestRow,
    MentoringRelationshipRow,
    ProgressionTrackRow,
    RoleTargetRow,
    SkillRow,
)
from rota.storage.team_rows import (
    CriticalIncidentRow,
    ExposureEntryRow,
    LeaveRow,
    ResponderRow,
    ShiftPatternRow,
    TeamRow,
)

#: every row class that stores one domain type, by that type
ROWS: dict[type, type[DomainRow]] = {
    row.domain_type: row
    for row in (
        TeamRow,
        ResponderRow,
        ShiftPatternRow,
        LeaveRow,
        CriticalIncidentRow,
        ExposureEntryRow,
        RotaRow,
        AssignmentRow,
        SkillRow,
        AssessmentRow,
        InterestRow,
        RoleTargetRow,
        MentoringRelationshipRow,
        GoalRow,
        ProgressionTrackRow,
        FeedTokenRow,
        SwapRequestRow,
        RoleGrantRow,
        AuditEventRow,
    )
}


def row_class(domain_type: type) -> type[DomainRow]:
    """The row class storing ``domain_type``; an :class:`InputError` for a type not stored."""
    try:
        return ROWS[domain_type]
    except KeyError:
        known = ", ".join(sorted(t.__name__ for t in ROWS))
        raise InputError("type", domain_type, f"storable types are: {known}") from None


__all__ = ["ROWS", "Base", "row_class"]
