"""Factories for calendar-feed tests: fictional responders, patterns, assignments and versions.

Shifts are built from local wall-clock times with ``zoneinfo`` directly (the ground truth the
feeds are checked against), not with Tandem's own helpers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rota.domain.feed_tokens import FeedScope, FeedToken
from rota.domain.patterns import RoleDemand, ShiftPattern
from rota.domain.responders import Responder
from rota.domain.rotas import Assignment, Rota, RotaKind, RotaStatus
from rota.domain.team import Team

TEAM_ID = "team-apac"
NOW = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)


def local_instants(zone: str, day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """Ground truth: the UTC instants of a shift from ``start`` on ``day`` to ``end`` in ``zone``
    (next day when ``end`` is not after ``start``)."""
    tz = ZoneInfo(zone)
    end_day = day + timedelta(days=1) if end <= start else day
    return (
        datetime.combine(day, start, tzinfo=tz).astimezone(UTC),
        datetime.combine(end_day, end, tzinfo=tz).astimezone(UTC),
    )


def make_team(**overrides) -> Team:
    fields = dict(id=TEAM_ID, name="APAC Incident Response", display_zone="Asia/Singapore")
    fields.update(overrides)
    return Team(**fields)


def make_responder(**overrides) -> Responder:
    fields = dict(
        id="r-kiri",
        team_id=TEAM_ID,
        name="Kiri Tane",
        email="kiri.tane@example.invalid",
        timezone="Australia/Sydney",
        country="AU",
        subdivision="NSW",
    )
    fields.update(overrides)
    return Responder(**fields)


def make_pattern(**overrides) -> ShiftPattern:
    fields = dict(
        id="p-hisev",
        team_id=TEAM_ID,
        name="APAC high-severity",
        zone="Australia/Sydney",
        start=time(17, 0),
        end=time(7, 0),
        kind="night",
        demands=(
            RoleDemand(role="primary", on_call=True),
            RoleDemand(role="secondary", on_call=True),
            RoleDemand(role="high-severity review"),
        ),
    )
    fields.update(overrides)
    return ShiftPattern(**fields)


def make_assignment(**overrides) -> Assignment:
    start, end = local_instants("Australia/Sydney", date(2026, 4, 4), time(17), time(7))
    fields = dict(
        id="a-1",
        rota_id="rota-v1",
        responder_id="r-kiri",
        pattern_id="p-hisev",
        role="primary",
        start=start,
        end=end,
    )
    fields.update(overrides)
    return Assignment(**fields)


def make_version(version: int, assignments=(), **overrides) -> Rota:
    """A published version ``version`` of the team's rota, published on day ``version`` of March."""
    rota_id = overrides.pop("id", f"rota-v{version}")
    fields = dict(
        id=rota_id,
        team_id=TEAM_ID,
        start=date(2026, 3, 1),
        end=date(2027, 6, 30),
        status=RotaStatus.PUBLISHED,
        version=version,
        published_at=datetime(2026, 3, version, 9, 30, 15, tzinfo=UTC),
        assignments=tuple(replace(a, rota_id=rota_id) for a in assignments),
    )
    fields.update(overrides)
    return Rota(**fields)


def make_history(*shift_lists) -> list[Rota]:
    """Versions 1..n from lists of assignments; all but the last are superseded."""
    versions = [make_version(i + 1, shifts) for i, shifts in enumerate(shift_lists)]
    return [
        v if i == len(versions) - 1 else replace(v, status=RotaStatus.SUPERSEDED)
        for i, v in enumerate(versions)
    ]


def make_window_version(version: int, first: date, last: date, assignments=(), **overrides) -> Rota:
    """A published plan ``version`` covering the local days ``first`` .. ``last`` only."""
    return make_version(version, assignments, start=first, end=last, **overrides)


def make_shift_version(
    version: int, assignments, kind: RotaKind = RotaKind.OVERRIDE, **overrides
) -> Rota:
    """A published version that covers only the shifts of ``assignments`` (an override, a swap,
    an undo): ``covers`` names their shift keys, as the published-rota services store it."""
    assignments = tuple(assignments)
    days = [a.start.date() for a in assignments]
    fields = dict(
        start=min(days),
        end=max(days),
        kind=kind,
        covers=tuple(sorted({a.shift for a in assignments})),
    )
    fields.update(overrides)
    return make_version(version, assignments, **fields)


def make_feed_token(**overrides) -> FeedToken:
    fields = dict(
        id="ft-1",
        scope=FeedScope.PERSON,
        subject_id="r-kiri",
        token_hash="0" * 64,
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    fields.update(overrides)
    return FeedToken(**fields)


def vevents(body: bytes) -> dict[str, bytes]:
    """The VEVENT blocks of a feed, exactly as serialised, by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", body, flags=re.S)
    result = {}
    for block in blocks:
        unfolded = block.replace(b"\r\n ", b"")
        uid = re.search(rb"^UID:(.*?)\r$", unfolded, flags=re.M).group(1).decode()
        result[uid] = block
    return result


def prop(block: bytes, name: str) -> str:
    """One property's value in an (unfolded) VEVENT block."""
    unfolded = block.replace(b"\r\n ", b"").decode("utf-8")
    match = re.search(rf"^{name}(?:;[^:]*)?:(.*)\r$", unfolded, flags=re.M)
    assert match, f"{name} missing in {unfolded!r}"
    return match.group(1)
