"""Errors of the skills library: one base class; messages name the field, the value and the fix.

The CLI and the app catch :class:`SkillsError` and show ``str(error)`` as one clear line.
"""

from __future__ import annotations

from collections.abc import Sequence


class SkillsError(Exception):
    """Base class for every error the skills library raises."""


class InvalidValueError(SkillsError, ValueError):
    """A value is wrong (out of range, in the future, malformed). Names the field, value and fix."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        super().__init__(f"{field}: {value!r} is not valid; {fix}")


class UnknownReferenceError(SkillsError, LookupError):
    """A skill, person or record referred to by id is not known."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        super().__init__(f"{field}: {value!r} is not known; {fix}")


class NotAllowedError(SkillsError):
    """An action refused by a rule (own approval, signer below level 4, mentor over capacity)."""

    def __init__(self, field: str, value: object, reason: str, fix: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        self.fix = fix
        super().__init__(f"{field}: {value!r} refused: {reason}; {fix}")


class CriteriaNotMetError(NotAllowedError):
    """A progression stage advance is refused because criteria are unmet; lists each one."""

    def __init__(self, track_id: str, unmet: Sequence[str]) -> None:
        self.unmet = tuple(unmet)
        super().__init__(
            "track",
            track_id,
            "criteria not met: " + "; ".join(self.unmet),
            "collect the missing evidence (or sign-off) and try again",
        )
