"""The one rule for text, clause and amendment ids, and for amendment numbers.

An id is a file or folder name in every clone of the workspace (``texts/<text-id>/``,
``<clause-id>.txt``, ``<amendment-id>.patch``), on Linux, macOS and Windows alike. So it is
ASCII letters, digits, ``.``, ``_`` and ``-``, starts with a letter or a digit, holds no
``..``, does not end with ``.`` (Windows drops it), is not a device name Windows reserves
(``CON``, ``NUL``, ``COM1``..., with or without an extension, in any case), and is at most
:data:`MAX_ID_LENGTH` characters long. The whole value is matched (a trailing newline is not
"the end of the line"). Ids of one kind that differ only by case (``p1`` and ``P1``) are
*case twins*: one file on macOS and Windows, so they are refused too (:func:`case_twin`).

Every reader and every writer of ids uses :func:`id_problem`. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_ID_LENGTH = 100
MAX_NUMBER_LENGTH = 32
ID_HINT = ("use ASCII letters, digits, '.', '_' and '-' only, starting with a letter or digit, "
           f"no '..', not ending with '.', at most {MAX_ID_LENGTH} characters")
NUMBER_HINT = ("write the number with letters, digits and . - _ / ( ), single spaces inside, "
               f"at most {MAX_NUMBER_LENGTH} characters (e.g. 12, 12a, 12/rev)")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Device names Windows reserves in every folder, whatever the extension (con.txt is CON).
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{n}" for device in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)
_NUMBER_RE = re.compile(r"[^\W_](?:[\w./()-]| (?! ))*", re.ASCII)


def id_problem(value: str) -> str | None:
    """Why *value* cannot be an id ('is empty', 'ends with a dot', ...), or None."""
    if not value:
        return "is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long, more than the {MAX_ID_LENGTH} an id may have"
    if not _ID_RE.fullmatch(value):
        return "has characters other than ASCII letters, digits, '.', '_' and '-', or does " \
               "not start with a letter or a digit"
    if ".." in value:
        return "holds '..'"
    if value.endswith("."):
        return "ends with '.', which Windows drops from file names"
    device = value.split(".", 1)[0].upper()
    if device in RESERVED_NAMES:
        return f"is {device}, a device name Windows reserves (it cannot be a file name there)"
    return None


def is_valid_id(value: str) -> bool:
    """True when *value* is a valid text, clause or amendment id (see the module)."""
    return id_problem(value) is None


def case_twin(value: str, others: Iterable[str]) -> str | None:
    """The first of *others* that differs from *value* only by case, or None."""
    folded = value.casefold()
    for other in others:
        if other != value and other.casefold() == folded:
            return other
    return None


def case_twins(values: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair (first seen, later one) of *values* that differ only by case."""
    seen: dict[str, str] = {}
    pairs = []
    for value in values:
        first = seen.setdefault(value.casefold(), value)
        if first != value:
            pairs.append((first, value))
    return pairs


def number_problem(value: str) -> str | None:
    """Why *value* cannot be an amendment's display number ("12", "12a", "COMP 3"), or None.

    A number is read out in the room, typed on the command line (``adopt 12a``) and listed
    in the chair's order file: one line of ASCII letters, digits, ``. - _ / ( )`` and single
    spaces inside, starting with a letter or a digit.
    """
    if not value:
        return "is empty"
    if len(value) > MAX_NUMBER_LENGTH:
        return f"is {len(value)} characters long, more than the {MAX_NUMBER_LENGTH} a number " \
               "may have"
    if value != value.strip():
        return "has spaces at its start or end"
    if not _NUMBER_RE.fullmatch(value):
        return "has characters other than ASCII letters, digits, '.', '-', '_', '/', '(', ')' " \
               "and single spaces, or does not start with a letter or a digit"
    return None
