"""A batch of amendments (``amend --batch``): JSON Lines in, amendment requests out.

One JSON object a line (blank lines are skipped): ``clause`` and ``proposed`` at least, and
any of the fields of :data:`FIELDS`. Every field is checked for its type and form here, with
the line it is on; what a value means (an id, a number, a date) is then checked the same way
for every source of requests (``core.requests.checked``). Every bad line is reported, and a
batch with one is refused whole. Pure: bytes in, requests out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from consolidate.core.errors import FormatError
from consolidate.core.model import Action, Problem, Sponsor, Status
from consolidate.core.normalise import TextRefused, decode
from consolidate.core.requests import AGAINST, AmendRequest
from consolidate.core.sponsors import SponsorError, parse_sponsor, parse_sponsor_list
from consolidate.core.wording import plural

FIELDS = ("text", "clause", "action", "new_id", "new_kind", "proposed", "sponsor", "cosponsors",
          "justification", "status", "number", "order", "compromise", "tabled", "against")
_STATUSES = (Status.DRAFT.value, Status.TABLED.value)
_HINT = 'write one JSON object a line, e.g. {"clause": "p10", "proposed": "…"}'


class BatchError(FormatError):
    """A batch file with bad lines; ``problems`` name each line and what is wrong with it."""


class _LineError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_batch(data: bytes, source: str, *, text_id: str, against: str,
               today: str) -> list[AmendRequest]:
    """The requests of a batch file (*data*, named *source* in messages), in line order.

    *against* and *today* are the defaults of the ``against`` and ``tabled`` fields.
    Raises :class:`BatchError` listing every bad line.
    """
    try:
        content = decode(data, source).removeprefix("\ufeff")
    except TextRefused as error:
        raise BatchError(error.problem) from None
    requests: list[AmendRequest] = []
    problems: list[Problem] = []
    for number, line in _lines(content):
        try:
            requests.append(_request(line, text_id, against, today, f"{source}:{number}"))
        except _LineError as error:
            problems.append(Problem(error.message, source, number, error.hint))
    if problems:
        raise BatchError(*problems)
    if not requests:
        raise BatchError(Problem("the batch file holds no amendment", source, None, _HINT))
    return requests


def _lines(content: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            yield number, line


def _load(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise _LineError(f"not JSON: {error.msg} at column {error.colno}", _HINT) from None
    except RecursionError:
        raise _LineError("not JSON that can be read: it is nested too deeply", _HINT) from None
    if not isinstance(data, dict):
        raise _LineError("the line is not a JSON object", _HINT)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise _LineError(f"unknown {plural(len(unknown), 'field')} {', '.join(unknown)}",
                         f"the fields are {', '.join(sorted(FIELDS))}")
    return {key: value for key, value in data.items() if value is not None}


def _request(line: str, text_id: str, against: str, today: str, where: str) -> AmendRequest:
    data = _load(line)
    if _string(data, "text") not in ("", text_id):
        raise _LineError(f"the line names text '{data['text']}' but the batch is for "
                         f"'{text_id}'", "one batch file per text, or pass --text")
    action = _choice(data, "action", [a.value for a in Action], Action.MODIFY.value)
    status = _choice(data, "status", list(_STATUSES), Status.TABLED.value,
                     "decisions are recorded with adopt and reject")
    clause = _string(data, "clause")
    if not clause:
        raise _LineError("'clause' is missing", "name the clause the amendment changes")
    return AmendRequest(
        action=Action(action), clause=clause, proposed=_proposed(data, Action(action)),
        sponsor=_sponsor(data), cosponsors=_cosponsors(data),
        justification=_string(data, "justification"), status=Status(status),
        new_id=_string(data, "new_id"), new_kind=_string(data, "new_kind"),
        against=_choice(data, "against", list(AGAINST), against),
        order=_integer(data, "order"), compromise=_boolean(data, "compromise"),
        tabled=_string(data, "tabled") or today, number=_number(data), where=where,
    )


def _type_error(key: str, value: object, wanted: str) -> _LineError:
    return _LineError(f"'{key}' must be {wanted}, not {_json_type(value)}",
                      f"write e.g. {_EXAMPLES.get(key, '…')}")


def _json_type(value: object) -> str:
    names: Mapping[type, str] = {bool: "true/false", int: "a number", float: "a number",
                                 str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


_EXAMPLES = {"number": '"number": "12a"', "order": '"order": 3', "compromise": '"compromise": true',
             "cosponsors": '"cosponsors": ["Ms Anna SCHMIDT (Germany)"]',
             "sponsor": '"sponsor": "Mr Pierre DUPONT (France)"', "proposed": '"proposed": "…"'}


def _string(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _type_error(key, value, "a string")
    return value


def _choice(data: Mapping[str, Any], key: str, allowed: list[str], default: str,
            hint: str = "") -> str:
    value = _string(data, key) or default
    if value not in allowed:
        raise _LineError(f"unknown {key} {value!r}", f"use one of: {', '.join(allowed)}"
                         + (f"; {hint}" if hint else ""))
    return value


def _proposed(data: Mapping[str, Any], action: Action) -> str:
    if action is Action.DELETE:
        if _string(data, "proposed"):
            raise _LineError("a deletion has no proposed text", "leave 'proposed' out")
        return ""
    if "proposed" not in data:
        raise _LineError("'proposed' (the proposed text of the clause) is missing",
                         'add "proposed": "…", the whole clause as amended')
    return _string(data, "proposed")


def _number(data: Mapping[str, Any]) -> str:
    value = data.get("number", "")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _type_error("number", value, "a string or a whole number")
    return value


def _integer(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _type_error(key, value, "a whole number")
    return value


def _boolean(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise _type_error(key, value, "true or false")
    return value


def _parsed(key: str, value: str, parse: Callable[[str], Any]) -> Any:
    try:
        return parse(value)
    except SponsorError as error:
        raise _LineError(f"{key}: {error.reason}", error.hint) from None


def _sponsor(data: Mapping[str, Any]) -> Sponsor | None:
    value = _string(data, "sponsor")
    return _parsed("sponsor", value, parse_sponsor) if value.strip() else None


def _cosponsors(data: Mapping[str, Any]) -> tuple[Sponsor, ...]:
    value = data.get("cosponsors", [])
    if isinstance(value, str):
        return tuple(_parsed("cosponsors", value, parse_sponsor_list))
    if not isinstance(value, list):
        raise _type_error("cosponsors", value, "a list of strings")
    for item in value:
        if not isinstance(item, str):
            raise _LineError(f"'cosponsors' must be a list of strings, but it holds "
                             f"{_json_type(item)}", f"write e.g. {_EXAMPLES['cosponsors']}")
    return tuple(_parsed("cosponsors", item, parse_sponsor) for item in value if item.strip())
