"""Errors a user can cause, with the exit code each one maps to.

Exit codes: 0 consistent, 1 conflicts (an adopted amendment cannot be applied, or collides),
2 invalid input or usage.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.core.model import Problem

EXIT_OK = 0
EXIT_CONFLICT = 1
EXIT_INVALID = 2


class ConsolidateError(Exception):
    """A user's mistake or a refused operation; never shown as a traceback."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, *, hint: str = "", path: str = "", line: int | None = None,
                 problems: Sequence[Problem] = ()) -> None:
        self.problem = Problem(message, path, line, hint)
        self.problems = tuple(problems) or (self.problem,)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class InvalidInput(ConsolidateError):
    """Malformed files, unknown ids, bad arguments: exit code 2."""


class ConflictRefused(ConsolidateError):
    """An operation refused because amendments collide: exit code 1."""

    exit_code = EXIT_CONFLICT
