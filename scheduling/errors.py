"""Errors of the scheduling engine: one base class; messages name the field, the value and the fix.

``solve()`` never raises for an infeasible plan; these errors are for malformed input only.
"""

from __future__ import annotations

from dataclasses import dataclass


class SchedulingError(Exception):
    """Base class of every error the scheduling engine raises."""


@dataclass(frozen=True)
class Issue:
    """One problem with the input: where (``field``), what (``value``) and how to fix it."""

    field: str
    value: object
    fix: str

    def __str__(self) -> str:
        return f"{self.field}: {self.value!r} is not valid; {self.fix}"


class ProblemError(SchedulingError, ValueError):
    """A Problem (or one of its parts) is inconsistent. ``issues`` lists every finding."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0] if self.issues else Issue("problem", None, "unknown issue")
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(
            "\n".join(str(i) for i in self.issues) if len(self.issues) <= 10 else f"{first}{more}"
        )

    @property
    def field(self) -> str:
        """The field of the first issue (convenience for one-issue errors)."""
        return self.issues[0].field if self.issues else ""


class FormatError(SchedulingError, ValueError):
    """A JSON scenario/rota or a benchmark file cannot be read. Names the field, value and fix."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        super().__init__(f"{field}: {value!r} is not valid; {fix}")
