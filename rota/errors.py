"""Errors of the on-call application: one base class, messages that name the field, value and fix.

The CLI and the app catch :class:`TandemError` (and the engine's and skills library's own error
bases) and show ``str(error)`` as one clear line, never a traceback.
"""

from __future__ import annotations


class TandemError(Exception):
    """Base class for every error Tandem reports to a person."""


class InputError(TandemError, ValueError):
    """A value given by a person or a file is wrong. Names the field, the value and the fix."""

    def __init__(self, field: str, value: object, fix: str) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        super().__init__(f"{field}: {value!r} is not valid; {fix}")


class NotFoundError(TandemError, LookupError):
    """Something asked for by name or id does not exist."""

    def __init__(self, what: str, key: object, fix: str = "") -> None:
        self.what = what
        self.key = key
        message = f"no {what} {key!r}"
        super().__init__(f"{message}; {fix}" if fix else message)


class ConfigError(TandemError):
    """Configuration (environment, secrets) is missing or malformed."""


class DatabaseError(TandemError):
    """The database cannot be reached or used; nothing was changed."""


class SchemaTooNewError(DatabaseError):
    """The database was created by a newer Tandem; refusing to touch it."""
