"""Repository functions: save and load domain objects in a ``Session``; they return domain objects.

Every function takes the caller's ``Session`` and never commits: the service (through
``Database.session()``) owns the transaction. ``save`` flushes inside a SAVEPOINT, so a broken
reference or a clash is reported at the object that caused it, as an
:class:`~rota.errors.InputError`, and the session stays usable.

Keys: ``get(session, T, key)`` takes the domain id, or for types without one their natural key:
``Interest`` (person_id, skill_id), ``RoleTarget`` (role, skill_id), ``ExposureEntry``
(responder_id, day, category).

Filters: ``list_all(session, T, **filters)`` accepts any plain (non-JSON) field of ``T`` by its
domain name, e.g. ``team_id=``, ``responder_id=``, ``person_id=``, ``skill_id=``, ``status=``; a
list, tuple, set or frozenset value means "any of these". See :func:`filters_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import FlushError

from rota.domain.absences import Leave
from rota.domain.access import RoleGrant
from rota.domain.audit import AuditEvent
from rota.domain.feed_tokens import FeedToken
from rota.domain.rotas import Assignment, Rota, RotaStatus
from rota.errors import InputError, NotFoundError
from rota.storage.access_rows import AuditEventRow
from rota.storage.base import utc
from rota.storage.rota_rows import AssignmentRow, FeedTokenRow, RotaRow
from rota.storage.rows import row_class
from skills.model import Goal, Interest, RoleTarget

T = TypeVar("T")

#: types that may be deleted (others are history, or are ended/deactivated instead)
DELETABLE: frozenset[type] = frozenset(
    {Leave, RoleTarget, Interest, Goal, Rota, FeedToken, RoleGrant}
)


# ---------------------------------------------------------------------------------------------
# Generic save / get / list / delete


def save(session: Session, obj: Any) -> None:
    """Insert ``obj``, or update the stored object with the same id (key), then flush.

    A ``Rota`` is saved with its assignments (assignments no longer in it are deleted).
    An ``Assessment`` is append-only: saving one whose id exists may only change its decision
    (status, decided_by, decided_at); any other change is an ``InputError``. An ``Assignment``
    saved on its own is appended to its rota's assignments (or updated in place).

    Each save runs in a SAVEPOINT: when it fails (an ``InputError`` or ``NotFoundError``), nothing
    of it is kept and the session stays usable for other work in the same transaction.
    """
    try:
        with session.begin_nested():
            _stage(session, obj)
    except (IntegrityError, FlushError) as error:
        orig = getattr(error, "orig", None) or error
        reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        raise InputError(
            f"{type(obj).__name__} {_describe_key(obj)}",
            reason,
            "save the objects it refers to first (team, responder, shift pattern, skill, rota) "
            "and keep ids unique (e.g. one rota per team and version)",
        ) from None


def save_all(session: Session, objects: Iterable[Any]) -> None:
    """``save`` each object in order (save parents before the objects that refer to them)."""
    for obj in objects:
        save(session, obj)


def get(session: Session, domain_type: type[T], key: Any) -> T | None:
    """The stored object of ``domain_type`` with this id (natural key), or None."""
    row = session.get(row_class(domain_type), _key(domain_type, key))
    return None if row is None else row.to_domain()


def require(session: Session, domain_type: type[T], key: Any) -> T:
    """Like :func:`get`, but a missing object is a :class:`NotFoundError`."""
    found = get(session, domain_type, key)
    if found is None:
        raise NotFoundError(domain_type.__name__, key)
    return found


def list_all(session: Session, domain_type: type[T], **filters: Any) -> list[T]:
    """Every stored object of ``domain_type`` matching all ``filters``, ordered by key."""
    row = row_class(domain_type)
    query: Select[Any] = select(row)
    allowed = filters_for(domain_type)
    for name, value in filters.items():
        if name not in allowed:
            raise InputError(
                f"list_all({domain_type.__name__}) filter",
                name,
                f"filter on one of: {', '.join(sorted(allowed))}",
            )
        column = getattr(row, name)
        if isinstance(value, list | tuple | set | frozenset):
            query = query.where(column.in_([_plain(v) for v in value]))
        elif value is None:
            query = query.where(column.is_(None))
        else:
            query = query.where(column == _plain(value))
    query = query.order_by(*row.__table__.primary_key.columns)
    return [r.to_domain() for r in session.scalars(query)]


def filters_for(domain_type: type) -> frozenset[str]:
    """The field names ``list_all`` can filter ``domain_type`` on (its plain, non-JSON fields)."""
    row = row_class(domain_type)
    names = set()
    for attribute in row.__mapper__.column_attrs:
        column = attribute.columns[0]
        if isinstance(column.type, JSON) or attribute.key in ("seq",):
            continue
        names.add(attribute.key)
    return frozenset(names)


def delete(session: Session, domain_type: type, key: Any) -> bool:
    """Delete a stored Leave, RoleTarget, Interest, Goal, FeedToken or draft Rota.

    Returns False when there was nothing to delete. Published rotas, assessments and the other
    types are kept as history (deactivate, end or supersede them instead).
    """
    if domain_type not in DELETABLE:
        allowed = ", ".join(sorted(t.__name__ for t in DELETABLE))
        raise InputError(
            "delete type",
            domain_type.__name__,
            f"only {allowed} can be deleted; end, deactivate or supersede the others",
        )
    row = session.get(row_class(domain_type), _key(domain_type, key))
    if row is None:
        return False
    if isinstance(row, RotaRow) and row.status != RotaStatus.DRAFT:
        raise InputError(
            f"rota {key!r}.status",
            row.status,
            "only a draft rota can be deleted; a published rota is superseded by a new version",
        )
    session.delete(row)
    session.flush()
    return True


# ---------------------------------------------------------------------------------------------
# Rotas


def save_rota(session: Session, rota: Rota) -> None:
    """Save a rota with exactly its assignments (same as ``save(session, rota)``)."""
    save(session, rota)


def latest_rota(
    session: Session, team_id: str, status: RotaStatus | str | None = RotaStatus.PUBLISHED
) -> Rota | None:
    """The team's rota with the highest version (then the newest) in ``status`` (None: any)."""
    query = select(RotaRow).where(RotaRow.team_id == team_id)
    if status is not None:
        query = query.where(RotaRow.status == RotaStatus(status).value)
    query = query.order_by(
        RotaRow.version.desc().nulls_last(), RotaRow.created_at.desc(), RotaRow.id.desc()
    ).limit(1)
    row = session.scalars(query).first()
    return None if row is None else row.to_domain()


def next_version(session: Session, team_id: str) -> int:
    """The version number the team's next published rota gets: 1 + the highest so far (or 1)."""
    highest = session.scalar(select(func.max(RotaRow.version)).where(RotaRow.team_id == team_id))
    return 1 if highest is None else highest + 1


# ---------------------------------------------------------------------------------------------
# Calendar feed tokens


def find_feed_token(session: Session, token_hash: str) -> FeedToken | None:
    """The feed token with this hash (revoked or not), or None."""
    row = session.scalars(select(FeedTokenRow).where(FeedTokenRow.token_hash == token_hash)).first()
    return None if row is None else row.to_domain()


def touch_feed_token(session: Session, token_id: str, used_at: datetime) -> None:
    """Record that a feed token was used at ``used_at`` (UTC)."""
    row = session.get(FeedTokenRow, token_id)
    if row is None:
        raise NotFoundError("feed token", token_id)
    row.last_used_at = utc(used_at, "feed_token.last_used_at")
    session.flush()


def revoke_feed_token(session: Session, token_id: str, revoked_at: datetime) -> None:
    """Revoke a feed token at ``revoked_at`` (UTC); revoking twice keeps the first instant."""
    row = session.get(FeedTokenRow, token_id)
    if row is None:
        raise NotFoundError("feed token", token_id)
    if row.revoked_at is None:
        row.revoked_at = utc(revoked_at, "feed_token.revoked_at")
        session.flush()


# ---------------------------------------------------------------------------------------------
# Helpers


# ---------------------------------------------------------------------------------------------
# The audit trail


def audit_events(
    session: Session,
    *,
    team_id: str | None = None,
    actor_email: str | None = None,
    kinds: Iterable[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    """Audit events, newest first, filtered by team, the actor's e-mail, kinds and a period
    (``since`` inclusive, ``until`` exclusive)."""
    query: Select[Any] = select(AuditEventRow)
    if team_id is not None:
        query = query.where(AuditEventRow.team_id == team_id)
    if actor_email is not None:
        query = query.where(func.lower(AuditEventRow.actor_email) == actor_email.strip().lower())
    kinds = [str(k) for k in kinds]
    if kinds:
        query = query.where(AuditEventRow.kind.in_(kinds))
    if since is not None:
        query = query.where(AuditEventRow.at >= utc(since, "since"))
    if until is not None:
        query = query.where(AuditEventRow.at < utc(until, "until"))
    query = query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [row.to_domain() for row in session.scalars(query)]


def _stage(session: Session, obj: Any) -> None:
    row_type = row_class(type(obj))
    row = session.get(row_type, row_type.key_of(obj))
    if isinstance(obj, Assignment):
        _stage_assignment(session, obj, row)
    elif row is None:
        session.add(row_type.from_domain(obj))
    else:
        row.update_from(obj)


def _stage_assignment(session: Session, obj: Assignment, row: Any) -> None:
    """An assignment saved on its own joins (or stays in) its rota's ordered assignments."""
    if row is not None:
        row.update_from(obj)
        return
    rota_row = session.get(RotaRow, obj.rota_id)
    if rota_row is None:
        raise NotFoundError("rota", obj.rota_id, f"save the rota before its assignment {obj.id!r}")
    new = AssignmentRow.from_domain(obj)
    new.seq = max((a.seq for a in rota_row.assignments), default=-1) + 1
    rota_row.assignments.append(new)


def _describe_key(obj: Any) -> str:
    key = row_class(type(obj)).key_of(obj)
    return repr(key)


def _key(domain_type: type, key: Any) -> Any:
    if isinstance(key, domain_type):
        return row_class(domain_type).key_of(key)
    if isinstance(key, list):
        return tuple(key)
    return key


def _plain(value: Any) -> Any:
    """Enum members as their values, so filters compare with the stored strings."""
    return getattr(value, "value", value)


__all__ = [
    "DELETABLE",
    "delete",
    "filters_for",
    "find_feed_token",
    "get",
    "latest_rota",
    "list_all",
    "next_version",
    "require",
    "revoke_feed_token",
    "save",
    "save_all",
    "save_rota",
    "touch_feed_token",
]
