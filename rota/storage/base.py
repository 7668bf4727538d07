"""What every row shares: the declarative base, the UTC instant type, value checks, child rows.

The conventions of the mapping are in :mod:`rota.storage.rows`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import DateTime, Dialect, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from rota.errors import InputError

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=Enum)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: stored in UTC, returned timezone-aware in UTC on every database.

    PostgreSQL keeps it as ``timestamp with time zone``; SQLite has no time zones, so the UTC wall
    time is stored and UTC is put back on the way out. Naive datetimes are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = utc(value, "datetime")
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc(value: datetime, field: str) -> datetime:
    """``value`` converted to UTC; a naive datetime is an :class:`InputError` naming ``field``."""
    if not isinstance(value, datetime):
        raise InputError(field, value, "give a timezone-aware datetime in UTC")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, value, "give a timezone-aware datetime, e.g. tzinfo=datetime.UTC")
    return value.astimezone(UTC)


def utc_or_none(value: datetime | None, field: str) -> datetime | None:
    return None if value is None else utc(value, field)


def enum_value(kind: type[E], value: Any, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise InputError(field, value, f"use one of {allowed}") from None


def json_value(value: Any, field: str) -> Any:
    """``value`` unchanged if it can be stored as JSON, else an :class:`InputError`."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InputError(
            field,
            value,
            "store only JSON values (str, int, float, bool, None, lists, dicts with str keys; "
            f"NaN and infinity are not JSON, use None or a string): {error}",
        ) from None
    return value


def str_tuple(values: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(values or ())


def int_tuple(values: Iterable[Any] | None) -> tuple[int, ...]:
    return tuple(int(v) for v in values or ())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DomainRow(Base):
    """A row that stands for one domain object (the only row <-> domain mapping)."""

    __abstract__ = True

    #: the domain class this row stores
    domain_type: ClassVar[type]

    @classmethod
    def key_of(cls, obj: Any) -> Any:
        """The primary key (as ``Session.get`` takes it) of the row that stores ``obj``."""
        return obj.id

    @classmethod
    def from_domain(cls, obj: Any) -> DomainRow:
        row = cls()
        row.apply(obj)
        return row

    def update_from(self, obj: Any) -> None:
        """Update this stored row from ``obj`` (``apply``; append-only rows refuse changes)."""
        self.apply(obj)

    def apply(self, obj: Any) -> None:  # pragma: no cover - every row overrides it
        raise NotImplementedError

    def to_domain(self) -> Any:  # pragma: no cover - every row overrides it
        raise NotImplementedError


C = TypeVar("C")

T = TypeVar("T")


def sync_children(
    rows: list[C], items: Sequence[T], make: Callable[[], C], fill: Callable[[C, T, int], None]
) -> None:
    """Make the ordered child ``rows`` match ``items``, updating rows in place by position."""
    for position, item in enumerate(items):
        if position < len(rows):
            fill(rows[position], item, position)
        else:
            child = make()
            fill(child, item, position)
            rows.append(child)
    del rows[len(items) :]


def fill_child(row: Any, item: Any, position: int) -> None:
    row.fill(item, position)
