"""JSON formats for scenarios (a Problem) and rotas (assignments and the result summary).

Both carry ``format_version`` (currently 1). Instants are ISO 8601 strings with an offset, dates
``YYYY-MM-DD``, times ``HH:MM[:SS]``; sets are sorted lists. Fields with defaults may be left out.
JSON Schemas ship as package data: ``scheduling/schemas/problem.schema.json`` and
``scheduling/schemas/rota.schema.json`` (see :func:`schema`). Reading refuses bad input with a
:class:`~scheduling.errors.FormatError` naming the field path and the value (or a
:class:`~scheduling.errors.ProblemError` if the scenario is well-formed but inconsistent).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from importlib import resources
from typing import Any, Union, get_args, get_origin, get_type_hints

from .errors import FormatError
from .problem import Assignment, Problem

FORMAT_VERSION = 1


def schema(name: str) -> dict:
    """The JSON Schema ``"problem"`` or ``"rota"`` shipped with the package."""
    text = resources.files("scheduling").joinpath("schemas", f"{name}.schema.json").read_text()
    return json.loads(text)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _encode(value: Any, tp: Any) -> Any:
    if value is None:
        return None
    if _is_union(tp):
        members = [a for a in get_args(tp) if a is not type(None)]
        return _encode(value, members[0])
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        out = {}
        for f in dataclasses.fields(tp):
            v = getattr(value, f.name)
            out[f.name] = _encode(v, hints[f.name])
        return out
    origin = get_origin(tp)
    if origin in (tuple,):
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return [_encode(v, args[0]) for v in value]
        return [_encode(v, a) for v, a in zip(value, args, strict=True)]
    if origin in (frozenset, set):
        (arg,) = get_args(tp)
        items = [_encode(v, arg) for v in value]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if origin in (Mapping, dict, typing.Mapping):
        _, varg = get_args(tp)
        return {str(k): _encode(v, varg) for k, v in sorted(value.items())}
    if tp is datetime:
        return value.isoformat()
    if tp is date:
        return value.isoformat()
    if tp is time:
        return value.isoformat()
    if tp is float:
        return float(value)
    return value


def _fail(path: str, value: Any, fix: str) -> FormatError:
    return FormatError(path, value, fix)


def _decode(data: Any, tp: Any, path: str) -> Any:
    if _is_union(tp):
        members = [a for a in get_args(tp) if a is not type(None)]
        if data is None:
            if len(members) < len(get_args(tp)):
                return None
            raise _fail(path, data, "give a value")
        return _decode(data, members[0], path)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise _fail(path, data, f"give an object ({tp.__name__})")
        hints = get_type_hints(tp)
        names = {f.name: f for f in dataclasses.fields(tp)}
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise _fail(
                f"{path}.{unknown[0]}" if path else unknown[0],
                data[unknown[0]],
                f"remove it; known fields of {tp.__name__}: {', '.join(names)}",
            )
        kwargs = {}
        for name, f in names.items():
            sub = f"{path}.{name}" if path else name
            if name in data:
                kwargs[name] = _decode(data[name], hints[name], sub)
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise _fail(sub, None, "this field is required")
        return tp(**kwargs)
    origin = get_origin(tp)
    if origin is tuple:
        args = get_args(tp)
        if not isinstance(data, list):
            raise _fail(path, data, "give a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0], f"{path}[{i}]") for i, v in enumerate(data))
        if len(data) != len(args):
            raise _fail(path, data, f"give a list of {len(args)} items")
        return tuple(
            _decode(v, a, f"{path}[{i}]") for i, (v, a) in enumerate(zip(data, args, strict=True))
        )
    if origin in (frozenset, set):
        (arg,) = get_args(tp)
        if not isinstance(data, list):
            raise _fail(path, data, "give a list")
        return frozenset(_decode(v, arg, f"{path}[{i}]") for i, v in enumerate(data))
    if origin in (Mapping, dict, typing.Mapping):
        _, varg = get_args(tp)
        if not isinstance(data, dict):
            raise _fail(path, data, "give an object")
        return {k: _decode(v, varg, f"{path}[{k!r}]") for k, v in data.items()}
    if tp is datetime:
        try:
            v = datetime.fromisoformat(data)
        except (TypeError, ValueError):
            raise _fail(
                path, data, "give an ISO 8601 instant with offset, e.g. '2026-04-06T09:00:00+00:00'"
            ) from None
        if v.tzinfo is None:
            raise _fail(path, data, "add a UTC offset, e.g. '+00:00'")
        return v
    if tp is date:
        try:
            return date.fromisoformat(data)
        except (TypeError, ValueError):
            raise _fail(path, data, "give a date as YYYY-MM-DD") from None
    if tp is time:
        try:
            return time.fromisoformat(data)
        except (TypeError, ValueError):
            raise _fail(path, data, "give a time as HH:MM") from None
    if tp is bool:
        if not isinstance(data, bool):
            raise _fail(path, data, "give true or false")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _fail(path, data, "give a whole number")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise _fail(path, data, "give a number")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise _fail(path, data, "give a string")
        return data
    return data


def _load(text: str | bytes | Mapping) -> dict:
    if isinstance(text, Mapping):
        data = dict(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise FormatError("(document)", str(e), "give valid JSON") from None
    if not isinstance(data, dict):
        raise FormatError("(document)", type(data).__name__, "give a JSON object")
    v = data.pop("format_version", None)
    if v != FORMAT_VERSION:
        raise FormatError("format_version", v, f"use format_version {FORMAT_VERSION}")
    return data


def problem_to_dict(problem: Problem) -> dict:
    """The scenario as a JSON-ready dict (with ``format_version``)."""
    return {"format_version": FORMAT_VERSION, **_encode(problem, Problem)}


def problem_to_json(problem: Problem, *, indent: int | None = 2) -> str:
    """The scenario as JSON text."""
    return json.dumps(problem_to_dict(problem), indent=indent, sort_keys=False)


def problem_from_json(text: str | bytes | Mapping) -> Problem:
    """Read a scenario (JSON text or an already parsed dict)."""
    return _decode(_load(text), Problem, "")


def rota_to_dict(rota: Any) -> dict:
    """A rota as a JSON-ready dict: from a SolveResult (with its summary) or assignments."""
    from .solver import SolveResult

    out: dict[str, Any] = {"format_version": FORMAT_VERSION}
    if isinstance(rota, SolveResult):
        out["status"] = str(rota.status)
        out["objective"] = rota.objective
        out["best_bound"] = rota.best_bound
        assignments: Iterable[Assignment] = rota.assignments
        out["penalties"] = [
            {
                "rule_id": p.rule_id,
                "worker_id": p.worker_id,
                "weight": p.weight,
                "amount": p.amount,
                "cost": p.cost,
                "when": p.when.isoformat() if p.when is not None else None,
                "note": p.note,
            }
            for p in rota.penalties
        ]
        out["unfilled"] = [dataclasses.asdict(u) for u in rota.unfilled]
        out["explanation"] = [
            {
                "rule_id": e.rule_id,
                "workers": list(e.workers),
                "when": e.when.isoformat() if e.when is not None else None,
                "message": e.message,
                "relaxation": e.relaxation,
                "count": e.count,
            }
            for e in rota.explanation
        ]
        out["violations"] = [
            {
                "rule_id": v.rule_id,
                "worker_id": v.worker_id,
                "when": v.when.isoformat() if v.when is not None else None,
                "amount": v.amount,
                "message": v.message,
            }
            for v in rota.violations
        ]
    else:
        assignments = rota
    out["assignments"] = [_encode(a, Assignment) for a in assignments]
    return out


def rota_to_json(rota: Any, *, indent: int | None = 2) -> str:
    """A rota as JSON text (see :func:`rota_to_dict`)."""
    return json.dumps(rota_to_dict(rota), indent=indent)


def rota_from_json(text: str | bytes | Mapping) -> tuple[Assignment, ...]:
    """The assignments of a rota document (summary fields are ignored)."""
    data = _load(text)
    known = {
        "status",
        "objective",
        "best_bound",
        "penalties",
        "unfilled",
        "explanation",
        "violations",
        "assignments",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise FormatError(unknown[0], data[unknown[0]], f"remove it; known: {sorted(known)}")
    if "assignments" not in data:
        raise FormatError("assignments", None, "this field is required")
    return _decode(data["assignments"], tuple[Assignment, ...], "assignments")


def _schema_of(tp: Any) -> dict:
    if _is_union(tp):
        members = [a for a in get_args(tp) if a is not type(None)]
        inner = _schema_of(members[0])
        return {"anyOf": [inner, {"type": "null"}]} if len(members) < len(get_args(tp)) else inner
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        props = {f.name: _schema_of(hints[f.name]) for f in dataclasses.fields(tp)}
        required = [
            f.name
            for f in dataclasses.fields(tp)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        out: dict[str, Any] = {
            "type": "object",
            "title": tp.__name__,
            "properties": props,
            "additionalProperties": False,
        }
        if required:
            out["required"] = required
        return out
    origin = get_origin(tp)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_of(args[0])}
        return {
            "type": "array",
            "prefixItems": [_schema_of(a) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin in (frozenset, set):
        return {"type": "array", "items": _schema_of(get_args(tp)[0]), "uniqueItems": True}
    if origin in (Mapping, dict, typing.Mapping):
        return {"type": "object", "additionalProperties": _schema_of(get_args(tp)[1])}
    if tp is datetime:
        return {"type": "string", "format": "date-time"}
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp is time:
        return {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"}
    return {"type": {int: "integer", float: "number", bool: "boolean", str: "string"}[tp]}


def problem_schema() -> dict:
    """The JSON Schema of a scenario, derived from the Problem dataclasses (the shipped file
    ``schemas/problem.schema.json`` is this, kept in sync by a test)."""
    body = _schema_of(Problem)
    body["properties"] = {"format_version": {"const": FORMAT_VERSION}, **body["properties"]}
    body["required"] = ["format_version", *body["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://tandem.example/schemas/scheduling/problem.schema.json",
        "description": "Tandem scheduling scenario (scheduling.Problem), format_version 1",
        **body,
    }
