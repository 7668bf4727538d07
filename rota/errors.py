"""Errors, in one place: every error a use case raises, with messages that name the field, value
and fix.

Tandem's own errors derive from :class:`TandemError`; the engine's (:class:`SchedulingError`) and
the skills library's (:class:`SkillsError`) bases are named here too, so the edges need nothing
else: the CLI and the app catch :data:`REPORTED_ERRORS` and show ``str(error)`` as one clear
line, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

from scheduling.errors import SchedulingError
from skills.errors import SkillsError


class TandemError(Exception):
    """Base class for every error Tandem reports to a person."""


class InputError(TandemError, ValueError):
    """A value given by a person or a file is wrong. Names the field, the value and the fix."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        super().__init__(f"{field}: {value!r} is not valid; {fix}")


class DraftWasEdited(InputError):
    """Planning would replace a draft a lead edited by hand; it asks first (``--replace``).
    ``field`` names the draft's window, ``value`` its hand edits."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        super().__init__(field, value, fix)
        TandemError.__init__(self, f"{field} has {value}; {fix}")


class NotFoundError(TandemError, LookupError):
    """Something asked for by name or id does not exist."""

    def __init__(self, what: str, key: object, fix: str = "") -> None:
        self.what = what
        self.key = key
        message = f"no {what} {key!r}"
        super().__init__(f"{message}; {fix}" if fix else message)


class PermissionDenied(TandemError, PermissionError):
    """The person acting may not do this; nothing was changed. Says who may."""

    def __init__(self, actor: str, action: str, where: str, who_may: str, held: str) -> None:
        self.actor = actor
        self.action = action
        self.who_may = who_may
        super().__init__(
            f"{actor} may not {action} {where}: that needs {who_may}; {held}. "
            "Ask a lead or an admin of the team"
        )


class UnknownPerson(NotFoundError):
    """Nobody with this e-mail is on a Tandem team (sign-in or ``--as``)."""

    def __init__(self, email: str, fix: str) -> None:
        super().__init__("person with e-mail", email, fix)


class ConfigError(TandemError):
    """Configuration (environment, secrets) is missing or malformed."""


class DatabaseError(TandemError):
    """The database cannot be reached or used; nothing was changed."""


class SchemaTooNewError(DatabaseError):
    """The database was created by a newer Tandem; refusing to touch it."""


def hard_rules(count: int) -> str:
    """``"1 hard rule"``, ``"3 hard rules"``."""
    return f"{count} hard rule" + ("" if count == 1 else "s")


class RotaBreaksRules(TandemError):
    """A rota would break hard rules if stored or published; nothing was changed.

    ``breaches`` are :class:`rota.planning.violations.Breach` lines (who, when, which rule in
    plain words). ``str()`` is one line saying what was refused, then one line per broken rule."""

    def __init__(self, what: str, breaches: Iterable[object], fix: str) -> None:
        self.what = what
        self.breaches = tuple(breaches)
        self.fix = fix
        lines = [f"{what}: it breaks {hard_rules(len(self.breaches))}; {fix}"]
        lines += [f"  - {b}" for b in self.breaches]
        super().__init__("\n".join(lines))


#: Every error the use cases raise for a person to read; the edges show it as one line.
REPORTED_ERRORS: tuple[type[Exception], ...] = (TandemError, SkillsError, SchedulingError)

__all__ = [
    "REPORTED_ERRORS",
    "ConfigError",
    "DatabaseError",
    "DraftWasEdited",
    "InputError",
    "NotFoundError",
    "PermissionDenied",
    "RotaBreaksRules",
    "SchedulingError",
    "SchemaTooNewError",
    "SkillsError",
    "TandemError",
    "UnknownPerson",
    "hard_rules",
]
