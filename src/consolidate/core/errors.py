"""Errors a user can cause, with the exit code each one maps to.

Exit codes: 0 consistent, 1 conflicts (an adopted amendment cannot be applied, or collides),
2 invalid input or usage, 3 the remote cannot be reached or keeps moving (``sync``),
70 an internal error (a bug: please report it).

Two families live here. :class:`FormatError` is what a pure reader raises on a file or
document that breaks its format (it knows the file and the line, not the exit code);
:class:`ConsolidateError` is what the application raises to the command line and the review
app, which turn it into a message and an exit code, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.core.model import Problem

EXIT_OK = 0
EXIT_CONFLICT = 1
EXIT_INVALID = 2
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 70  # EX_SOFTWARE of sysexits.h


class FormatError(ValueError):
    """A file or document that breaks its format; ``problems`` say where, why and how to fix."""

    def __init__(self, problem: Problem, *more: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem
        self.problems: tuple[Problem, ...] = (problem, *more)


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

    @classmethod
    def from_format(cls, error: FormatError) -> ConsolidateError:
        """The error a command reports for a file that breaks its format."""
        first = error.problem
        return cls(first.message, hint=first.hint, path=first.path, line=first.line,
                   problems=error.problems)


class InvalidInput(ConsolidateError):
    """Malformed files, unknown ids, bad arguments: exit code 2."""


class ConflictRefused(ConsolidateError):
    """An operation refused because amendments collide: exit code 1."""

    exit_code = EXIT_CONFLICT


class GitFailed(ConsolidateError):
    """git itself failed (a damaged repository, a full disk): exit code 2, with git's words."""


class RemoteUnavailable(ConsolidateError):
    """The remote cannot be reached, or keeps moving: exit code 3; nothing is lost locally."""

    exit_code = EXIT_UNREACHABLE
