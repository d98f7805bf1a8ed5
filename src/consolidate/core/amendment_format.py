"""The amendment file ``amendments/<text-id>/<amendment-id>.patch``: read and write.

A file is a header of ``Key: value`` lines, one blank line, then the diff-match-patch patch
text (``patch_toText``; empty for a no-op amendment). UTF-8, LF line ends. A value goes on
over the following lines that start with one space (folding): that space is dropped, a line
" ." stands for an empty line, and a line made only of dots loses one dot (" .." is "."), so
every value, blank lines included, is written and read back exactly. See ``docs/format.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import NamedTuple, TypeVar

from consolidate.core.errors import FormatError
from consolidate.core.ids import ID_HINT, NUMBER_HINT, id_problem, number_problem
from consolidate.core.model import (
    BLOB_ID_RE,
    EMPTY_BLOB_ID,
    Action,
    Amendment,
    ClauseKind,
    Problem,
    Sponsor,
    Status,
)
from consolidate.core.patching import PatchError, parse_patch
from consolidate.core.sponsors import (
    SponsorError,
    format_sponsor,
    format_sponsor_list,
    parse_sponsor,
    parse_sponsor_list,
)

# The header keys, in the order they are written.
KEYS: tuple[str, ...] = (
    "Id", "Number", "Provisional", "Text", "Action", "Clause", "New-Clause", "New-Kind", "Base", "Status",
    "Order", "Compromise", "Sponsor", "Cosponsors", "Tabled", "Decided", "Reason", "Justification",
)  # fmt: skip
REQUIRED_KEYS: frozenset[str] = frozenset(
    {"Id", "Number", "Text", "Action", "Clause", "Base", "Status"}
)
# Values kept exactly, over as many lines as they need.
TEXT_KEYS: frozenset[str] = frozenset({"Reason", "Justification"})
# Values that may be folded over several lines; the lines are joined with one space.
FOLDED_KEYS: frozenset[str] = frozenset({"Sponsor", "Cosponsors"})
_KEY_LINE_RE = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9-]*):(?P<value>.*)")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ORDER_RE = re.compile(r"-?\d+", re.ASCII)
_PATCH_HEADER_RE = re.compile(r"@@ -\d+(,\d+)? \+\d+(,\d+)? @@", re.ASCII)
_FOLD_WIDTH = 78
E = TypeVar("E", bound=Enum)


class AmendmentFormatError(FormatError):
    """An amendment file that breaks the format; ``problem`` says where, why and how to fix."""


class _Value(NamedTuple):
    """A header value and the file line its key is on (a tuple: thousands are read at once)."""

    text: str
    line: int


def _fail(source: str, line: int | None, message: str, hint: str = "") -> AmendmentFormatError:
    return AmendmentFormatError(Problem(message=message, path=source, line=line, hint=hint))


def _line_of(content: str, index: int) -> int:
    return content.count("\n", 0, index) + 1


def _check_characters(content: str, source: str) -> None:
    """Refuse a byte-order mark, NUL bytes and carriage returns."""
    if content.startswith("\ufeff"):
        raise _fail(source, 1, "the file starts with a byte-order mark",
                    "save the file as UTF-8 without a BOM")
    if "\x00" in content:
        raise _fail(source, _line_of(content, content.index("\x00")),
                    "the file contains a NUL byte", "remove it; amendment files are UTF-8 text")
    if "\r" in content:
        raise _fail(source, _line_of(content, content.index("\r")),
                    "the file contains a carriage return (CRLF or CR line ends)",
                    "convert the line ends to LF, e.g. with dos2unix, and set core.autocrlf=false")


def _split(content: str, source: str) -> tuple[list[str], str, int]:
    """Split into header lines, the patch body and the file line where the body starts."""
    if not content:
        raise _fail(source, None, "the file is empty",
                    "write the header, one blank line, then the patch text")
    lines = content.split("\n")
    real = lines[:-1] if content.endswith("\n") else lines
    for index, line in enumerate(real):
        if line == "":
            return real[:index], "\n".join(lines[index + 1 :]), index + 2
    _read_header(real, source)  # a malformed line is the better explanation, if there is one
    raise _fail(source, len(real), "the file ends inside the header: there is no blank line "
                "after it, and no patch", "add an empty line after the header, then the patch "
                "text (nothing after the empty line for an amendment that changes nothing)")


def _unescape(continuation: str) -> str:
    """The value line a continuation line stands for (its leading space already dropped)."""
    if continuation and set(continuation) == {"."}:
        return continuation[1:]
    return continuation


def _escape(value_line: str) -> str:
    if value_line == "" or set(value_line) == {"."}:
        return value_line + "."
    return value_line


def _read_header(lines: list[str], source: str) -> dict[str, _Value]:
    """Read ``Key: value`` lines and their continuation lines; check keys and duplicates."""
    key_lines: dict[str, int] = {}
    parts: dict[str, list[str]] = {}
    key = ""
    for number, line in enumerate(lines, start=1):
        if line.startswith(" "):
            if not key:
                raise _fail(source, number, "a continuation line comes before any key",
                            "start the file with a 'Key: value' line, e.g. 'Id: am-1'")
            parts[key].append(_unescape(line[1:]))
            continue
        key, value = _read_key_line(line, number, source, key_lines)
        parts[key] = [value[1:] if value.startswith(" ") else value]
        key_lines[key] = number
    return {name: _Value(_join(name, parts[name], number, source), number)
            for name, number in key_lines.items()}


def _read_key_line(
    line: str, number: int, source: str, seen: dict[str, int]
) -> tuple[str, str]:
    """The key and the raw value of a ``Key: value`` line; refuse unknown and repeated keys."""
    match = _KEY_LINE_RE.fullmatch(line)
    if match is None:
        hint = "write 'Key: value'; continue a long value on lines that start with one space"
        if line.startswith("@@"):
            hint = "put one empty line between the header and the patch"
        raise _fail(source, number, f"not a 'Key: value' header line: {line[:60]!r}", hint)
    key = match.group("key")
    if key not in KEYS:
        import difflib

        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise _fail(source, number, f"unknown header key {key!r}",
                    hint + "the keys are: " + ", ".join(KEYS))
    if key in seen:
        raise _fail(source, number, f"{key} is given twice (first on line {seen[key]})",
                    f"keep one '{key}:' line")
    return key, match.group("value")


def _join(key: str, parts: list[str], line: int, source: str) -> str:
    if key in TEXT_KEYS:
        return "\n".join(parts)
    if key in FOLDED_KEYS:
        return " ".join(p.strip() for p in parts).strip()
    if len(parts) > 1:
        raise _fail(source, line + 1, f"{key} cannot go on over several lines",
                    f"write the value of {key} on its own line")
    return parts[0].strip()


def _require(values: dict[str, _Value], source: str) -> None:
    for key in KEYS:
        if key in REQUIRED_KEYS and (key not in values or not values[key].text.strip()):
            line, what = (values[key].line, "is empty") if key in values else (1, "is missing")
            raise _fail(source, line, f"{key} {what}: the header needs it",
                        f"add a line '{key}: …' to the header; required: "
                        + ", ".join(k for k in KEYS if k in REQUIRED_KEYS))


def _id(values: dict[str, _Value], key: str, source: str) -> str:
    value = values[key]
    problem = id_problem(value.text)
    if problem is not None:
        raise _fail(source, value.line, f"{key} {value.text!r} is not a valid id: it {problem}",
                    ID_HINT)
    return value.text


def _number(values: dict[str, _Value], source: str) -> str:
    value = values["Number"]
    problem = number_problem(value.text)
    if problem is not None:
        raise _fail(source, value.line, f"Number {value.text!r} {problem}", NUMBER_HINT)
    return value.text


def _choice(values: dict[str, _Value], key: str, enum: type[E], source: str) -> E:
    value = values[key]
    try:
        return enum(value.text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise _fail(source, value.line, f"unknown {key.lower()} {value.text!r}",
                    f"use one of: {allowed}") from None


def _base(values: dict[str, _Value], action: Action, source: str) -> str:
    value = values["Base"]
    if not BLOB_ID_RE.fullmatch(value.text):
        hint = "give the full 40-character git blob id of the clause text (git hash-object)"
        if BLOB_ID_RE.fullmatch(value.text.lower()):
            hint = "write the blob id in lower case"
        raise _fail(source, value.line, f"Base {value.text!r} is not a git blob id", hint)
    if action.inserts and value.text != EMPTY_BLOB_ID:
        raise _fail(source, value.line, "an insertion must be drafted on the empty text",
                    f"set 'Base: {EMPTY_BLOB_ID}' (the blob id of the empty file)")
    return value.text


def _insertion(values: dict[str, _Value], action: Action, source: str) -> tuple[str, str]:
    """New-Clause and New-Kind: required, resp. allowed, for insertions only."""
    if not action.inserts:
        for key in ("New-Clause", "New-Kind"):
            if key in values:
                raise _fail(source, values[key].line,
                            f"{key} is only for insertions, and the action is {action.value}",
                            f"remove the {key} line, or make the action insert-after or "
                            "insert-before")
        return "", ""
    if "New-Clause" not in values or not values["New-Clause"].text:
        raise _fail(source, values["Action"].line,
                    f"an {action.value} amendment needs a New-Clause header",
                    "add 'New-Clause: <id of the new clause>'")
    new_kind = ""
    if "New-Kind" in values and values["New-Kind"].text:
        new_kind = _choice(values, "New-Kind", ClauseKind, source).value
    return _id(values, "New-Clause", source), new_kind


def _optional(values: dict[str, _Value], key: str) -> _Value | None:
    value = values.get(key)
    return value if value is not None and value.text != "" else None


def _order(values: dict[str, _Value], source: str) -> int | None:
    value = _optional(values, "Order")
    if value is None:
        return None
    if not _ORDER_RE.fullmatch(value.text):
        raise _fail(source, value.line, f"Order {value.text!r} is not a whole number",
                    "give the place in the voting order as a number, e.g. 'Order: 3'")
    return int(value.text)


def _yes_no(values: dict[str, _Value], key: str, source: str) -> bool:
    value = _optional(values, key)
    if value is None:
        return False
    if value.text not in ("yes", "no"):
        raise _fail(source, value.line, f"{key} {value.text!r} is neither yes nor no",
                    f"write '{key}: yes' or '{key}: no'")
    return value.text == "yes"


def _date(values: dict[str, _Value], key: str, source: str) -> str:
    value = _optional(values, key)
    if value is None:
        return ""
    try:
        if not _DATE_RE.fullmatch(value.text):
            raise ValueError
        date.fromisoformat(value.text)
    except ValueError:
        raise _fail(source, value.line, f"{key} {value.text!r} is not a date",
                    "write the date as YYYY-MM-DD, e.g. 2008-06-29") from None
    return value.text


def _sponsors(values: dict[str, _Value], source: str) -> tuple[Sponsor | None, tuple[Sponsor, ...]]:
    sponsor: Sponsor | None = None
    cosponsors: tuple[Sponsor, ...] = ()
    key = "Sponsor"
    try:
        if (value := _optional(values, key)) is not None:
            sponsor = parse_sponsor(value.text)
        key = "Cosponsors"
        if (value := _optional(values, key)) is not None:
            cosponsors = parse_sponsor_list(value.text)
    except SponsorError as error:
        raise _fail(source, values[key].line, f"{key}: {error.reason}", error.hint) from None
    return sponsor, cosponsors


def _patch(body: str, body_line: int, source: str) -> str:
    try:
        parse_patch(body)
    except PatchError as error:
        hint = ("the text after the blank line must be diff-match-patch patch_toText output: "
                "'@@ -a,b +c,d @@' lines, then lines starting with ' ', '-' or '+'")
        offset = _bad_patch_line(body)
        if offset is None:
            raise _fail(source, body_line, f"the patch does not parse: {error}", hint) from None
        bad = body.split("\n")[offset - 1]
        raise _fail(source, body_line + offset - 1,
                    f"the patch does not parse: {bad[:60]!r} is not a patch line", hint) from None
    return body


def _bad_patch_line(body: str) -> int | None:
    """The 1-based line of *body* diff-match-patch cannot read, when it can be told."""
    in_hunk = False
    for number, line in enumerate(body.split("\n"), start=1):
        if line == "":
            continue
        if line.startswith("@"):
            if not _PATCH_HEADER_RE.fullmatch(line):
                return number
            in_hunk = True
        elif not in_hunk or line[0] not in " -+":
            return number
    return None


def parse_amendment(content: str, source: str = "") -> Amendment:
    """Read an amendment file; raise :class:`AmendmentFormatError` on the first problem.

    *source* (the file's path) is kept in the amendment and named in error messages.
    """
    _check_characters(content, source)
    header, body, body_line = _split(content, source)
    values = _read_header(header, source)
    _require(values, source)
    action = _choice(values, "Action", Action, source)
    new_clause, new_kind = _insertion(values, action, source)
    sponsor, cosponsors = _sponsors(values, source)
    return Amendment(
        id=_id(values, "Id", source),
        number=_number(values, source),
        text_id=_id(values, "Text", source),
        clause=_id(values, "Clause", source),
        action=action,
        base=_base(values, action, source),
        status=_choice(values, "Status", Status, source),
        patch=_patch(body, body_line, source),
        sponsor=sponsor,
        cosponsors=cosponsors,
        tabled=_date(values, "Tabled", source),
        decided=_date(values, "Decided", source),
        justification=values["Justification"].text if "Justification" in values else "",
        new_clause=new_clause,
        new_kind=new_kind,
        order=_order(values, source),
        compromise=_yes_no(values, "Compromise", source),
        provisional=_yes_no(values, "Provisional", source),
        reason=values["Reason"].text if "Reason" in values else "",
        source=source,
    )


def _fold(key: str, value: str) -> list[str]:
    """The header lines for one key: ``Key: first line`` then continuation lines."""
    first, *rest = value.split("\n")
    lines = [f"{key}: {first}" if first else f"{key}:"]
    lines.extend(" " + _escape(line) for line in rest)
    return lines


def _fold_sponsors(sponsors: tuple[Sponsor, ...]) -> str:
    """Co-sponsors on one line, or one per line when they do not fit in a line."""
    joined = format_sponsor_list(sponsors)
    if len("Cosponsors: ") + len(joined) <= _FOLD_WIDTH:
        return joined
    return ";\n".join(format_sponsor(s) for s in sponsors)


def _header_values(a: Amendment) -> dict[str, str]:
    return {
        "Id": a.id,
        "Number": a.number,
        "Text": a.text_id,
        "Action": a.action.value,
        "Clause": a.clause,
        "New-Clause": a.new_clause if a.action.inserts else "",
        "New-Kind": a.new_kind if a.action.inserts else "",
        "Base": a.base,
        "Status": a.status.value,
        "Order": "" if a.order is None else str(a.order),
        "Compromise": "yes" if a.compromise else "",
        "Provisional": "yes" if a.provisional else "",
        "Sponsor": format_sponsor(a.sponsor) if a.sponsor else "",
        "Cosponsors": _fold_sponsors(a.cosponsors),
        "Tabled": a.tabled,
        "Decided": a.decided,
        "Reason": a.reason,
        "Justification": a.justification,
    }


def render_amendment(a: Amendment) -> str:
    """Write an amendment file: the header in canonical key order, a blank line, the patch.

    Empty optional values are left out; ``source`` is not written.
    """
    values = _header_values(a)
    lines: list[str] = []
    for key in KEYS:
        value = values[key]
        if "\n" not in value:  # most values: one line, nothing to escape
            if value or key in REQUIRED_KEYS:
                lines.append(f"{key}: {value}" if value else f"{key}:")
        else:
            lines.extend(_fold(key, value))
    return "\n".join(lines) + "\n\n" + a.patch


# Header key of each field of an amendment, for messages about a value that cannot be written.
_FIELD_KEYS = {"id": "Id", "number": "Number", "text_id": "Text", "action": "Action",
               "clause": "Clause", "new_clause": "New-Clause", "new_kind": "New-Kind",
               "base": "Base", "status": "Status", "order": "Order", "compromise": "Compromise",
               "sponsor": "Sponsor", "cosponsors": "Cosponsors", "tabled": "Tabled",
               "decided": "Decided", "reason": "Reason", "justification": "Justification",
               "provisional": "Provisional", "patch": "the patch"}


@dataclass(frozen=True)
class ReadBack:
    """An amendment file as it is written: its *content*, and either what that content reads
    back as (*parsed*, equal to the amendment, with the path as its source) or why it would
    not read back as the amendment (*problem*, without a path: the caller names the file)."""

    content: str
    parsed: Amendment | None
    problem: Problem | None


def read_back(amendment: Amendment) -> ReadBack:
    """Render *amendment* once and read it again with :func:`parse_amendment`, the reader every
    command uses (its ``source`` is the path it is read from); a value the reader refuses, or
    reads back otherwise (a number with spaces around it, a sponsor written in a way that is
    read differently), is the problem, named with the reason."""
    content = render_amendment(amendment)
    try:
        content.encode("utf-8")
    except UnicodeEncodeError as error:
        key = _key_at(content, _line_of(content, error.start))
        return ReadBack(content, None, Problem(
            f"{key} cannot be written as given: it holds U+{ord(content[error.start]):04X}, "
            "half of a UTF-16 pair, which is not a character", "", None,
            "send the text as UTF-8 (a lone surrogate is a broken character)"))
    try:
        back = parse_amendment(content, amendment.source)
    except AmendmentFormatError as error:
        key = _key_at(content, error.problem.line)
        return ReadBack(content, None, Problem(
            f"{key} cannot be written as given: {error.problem.message}", "", None,
            error.problem.hint))
    if back == amendment:
        return ReadBack(content, back, None)
    field = next(f.name for f in fields(Amendment) if getattr(back, f.name) != getattr(amendment,
                                                                                         f.name))
    return ReadBack(content, None, Problem(
        f"{_FIELD_KEYS.get(field, field)} {getattr(amendment, field)!r} would be read back as "
        f"{getattr(back, field)!r}", "", None,
        "write the value as the file format keeps it (docs/format.md)"))


def readback_problem(amendment: Amendment) -> Problem | None:
    """Why *amendment*, written as a file, would not read back as itself, or None
    (:func:`read_back`)."""
    return read_back(amendment).problem


def _key_at(content: str, line: int | None) -> str:
    """The header key whose value is on *line* of *content* (a continuation line's key)."""
    lines = content.split("\n")
    if line is None or line > len(lines):
        return "the amendment"
    for index in range(line - 1, -1, -1):
        if lines[index] == "":
            return "the patch"
        match = _KEY_LINE_RE.fullmatch(lines[index])
        if match is not None:
            return match.group("key")
    return "the amendment"
