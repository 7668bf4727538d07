"""Reader for the Curtois & Qu nurse rostering benchmark (``InstanceN.txt``) into a Problem.

Mapping: day d, shift type S -> a ShiftInstance ``"d:S"`` of kind S starting at 00:00 UTC of
``start + d`` (``start`` is a Monday, as day 0 is); one worker per employee, zone UTC; days off ->
unavailable dates; MaxShifts -> ``max_shifts_per_kind``; Min/MaxTotalMinutes, Max/Min
consecutive shifts, MinConsecutiveDaysOff, MaxWeekends -> ``WorkerLimits``; CannotFollow ->
forbidden successions; cover rows -> soft demands (min = max = requirement, under/over
weights); shift on/off requests -> preferences. Only the rules of the benchmark are enabled
(:data:`CURTOIS_RULES`), so the objective equals the benchmark's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .errors import FormatError
from .policy import Policy
from .problem import Demand, Preference, Problem, ShiftInstance, Worker, WorkerLimits

#: the rules the benchmark defines (hard 1-9 and the soft objective)
CURTOIS_RULES = frozenset(
    {
        "coverage",
        "shifts-per-day",
        "availability",
        "forbidden-succession",
        "max-shifts-per-kind",
        "total-minutes",
        "consecutive-days",
        "min-consecutive-days",
        "min-consecutive-days-off",
        "max-weekends",
        "shift-requests",
    }
)


def curtois_policy() -> Policy:
    """A policy switching on only the benchmark's rules (one shift per day)."""
    return Policy(
        enabled_rules=CURTOIS_RULES,
        max_shifts_per_local_day=1,
        target_consecutive_working_days=None,
        max_consecutive_working_days=None,
    )


def _sections(text: str) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    current = None
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line[len("SECTION_") :]
            out[current] = []
            continue
        if current is None:
            raise FormatError(f"line {no}", line, "start with a SECTION_<NAME> line")
        out[current].append((no, line))
    return out


def _int(v: str, no: int, what: str) -> int:
    try:
        return int(v)
    except ValueError:
        raise FormatError(f"line {no}: {what}", v, "give a whole number") from None


def read_curtois(source: str | Path, *, start: date = date(2024, 1, 1)) -> Problem:
    """Read an instance from a path or from its text. ``start`` must be a Monday."""
    if start.weekday() != 0:
        raise FormatError("start", start.isoformat(), "use a Monday (day 0 is a Monday)")
    text = (
        Path(source).read_text()
        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source)
        else source
    )
    sec = _sections(text)
    for name in ("HORIZON", "SHIFTS", "STAFF", "COVER"):
        if name not in sec:
            raise FormatError(f"SECTION_{name}", None, "add the section")
    no, line = sec["HORIZON"][0]
    days = _int(line, no, "horizon")
    lengths: dict[str, int] = {}
    forbidden: set[tuple[str, str]] = set()
    for no, line in sec["SHIFTS"]:
        parts = line.split(",")
        if len(parts) < 2:
            raise FormatError(f"line {no}", line, "use ShiftID, LengthInMinutes, CannotFollow")
        sid = parts[0].strip()
        lengths[sid] = _int(parts[1], no, "length")
        for nxt in parts[2].split("|") if len(parts) > 2 else []:
            if nxt.strip():
                forbidden.add((sid, nxt.strip()))
    day0 = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    shifts = []
    for d in range(days):
        for sid, mins in lengths.items():
            s = day0 + timedelta(days=d)
            shifts.append(ShiftInstance(f"{d}:{sid}", sid, s, s + timedelta(minutes=mins)))
    off: dict[str, set[date]] = {}
    for no, line in sec.get("DAYS_OFF", []):
        parts = line.split(",")
        off.setdefault(parts[0], set()).update(
            start + timedelta(days=_int(x, no, "day")) for x in parts[1:] if x.strip()
        )
    workers = []
    for no, line in sec["STAFF"]:
        p = line.split(",")
        if len(p) != 8:
            raise FormatError(f"line {no}", line, "use 8 comma-separated staff fields")
        maxes = {}
        for item in p[1].split("|"):
            if item.strip():
                k, v = item.split("=")
                maxes[k] = _int(v, no, "MaxShifts")
        limits = WorkerLimits(
            max_shifts_per_kind=maxes,
            max_total_minutes=_int(p[2], no, "MaxTotalMinutes"),
            min_total_minutes=_int(p[3], no, "MinTotalMinutes"),
            max_consecutive_working_days=_int(p[4], no, "MaxConsecutiveShifts"),
            min_consecutive_working_days=_int(p[5], no, "MinConsecutiveShifts"),
            min_consecutive_days_off=_int(p[6], no, "MinConsecutiveDaysOff"),
            max_weekends=_int(p[7], no, "MaxWeekends"),
        )
        workers.append(
            Worker(
                p[0], name=p[0], zone="UTC", unavailable=frozenset(off.get(p[0], ())), limits=limits
            )
        )
    cover = {}
    for no, line in sec["COVER"]:
        p = line.split(",")
        if len(p) != 5:
            raise FormatError(f"line {no}", line, "use Day, ShiftID, Requirement, Under, Over")
        cover[(_int(p[0], no, "Day"), p[1])] = (
            _int(p[2], no, "Requirement"),
            _int(p[3], no, "WeightUnder"),
            _int(p[4], no, "WeightOver"),
        )
    demands = []
    for d in range(days):
        for sid in lengths:
            req, under, over = cover.get((d, sid), (0, 0, 0))
            demands.append(
                Demand(
                    f"{d}:{sid}",
                    f"{d}:{sid}",
                    role="primary",
                    min_headcount=req,
                    max_headcount=req,
                    hard=False,
                    under_weight=under,
                    over_weight=over,
                )
            )
    prefs = []
    for section, want in (("SHIFT_ON_REQUESTS", True), ("SHIFT_OFF_REQUESTS", False)):
        for no, line in sec.get(section, []):
            p = line.split(",")
            prefs.append(
                Preference(
                    p[0], want, _int(p[3], no, "Weight"), shift_id=f"{_int(p[1], no, 'Day')}:{p[2]}"
                )
            )
    return Problem(
        start=start,
        days=days,
        workers=tuple(workers),
        shifts=tuple(shifts),
        demands=tuple(demands),
        policy=curtois_policy(),
        preferences=tuple(prefs),
        forbidden_successions=frozenset(forbidden),
    )
