"""Round trip of amending instructions: amendment -> instruction -> amendment, in memory."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from consolidate.core.engine import consolidate, read_edits
from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instructions import amendment_instruction
from consolidate.core.model import EMPTY_BLOB_ID, Amendment, Status, Text
from consolidate.core.patching import make_patch


def blob(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


@dataclass(frozen=True)
class Trip:
    """One amendment's round trip: its instruction and both consolidated texts."""

    amendment: str
    instruction: str
    made: tuple
    parsed: tuple


def _result(text: Text, amendment: Amendment, bases: Mapping[str, str]) -> tuple:
    """The consolidated text with *amendment* alone adopted: (id, text, status) per clause."""
    done = consolidate(text, [replace(amendment, status=Status.ADOPTED)], bases)
    assert done.ok, done.findings
    return tuple((c.id, c.text, c.status.value) for c in done.clauses)


def round_trip(text: Text, amendment: Amendment, bases: Mapping[str, str]) -> Trip:
    """Write *amendment* as an instruction, read it back into an amendment, consolidate both."""
    drafted = read_edits(amendment, bases)
    assert drafted.finding is None, drafted.finding
    words = amendment_instruction(text, amendment, drafted.base, drafted.edits)
    parsed = amendment_from_instructions(text, [words])
    if parsed.action.inserts:
        base_id, base = EMPTY_BLOB_ID, ""
    else:
        clause = text.clause(parsed.clause)
        assert clause is not None
        base_id, base = blob(clause.text), clause.text
    again = Amendment(
        id="again", number="9999", text_id=text.id, clause=parsed.clause, action=parsed.action,
        base=base_id, status=Status.ADOPTED, patch=make_patch(base, parsed.proposed),
        new_clause=amendment.new_clause or "new", new_kind=parsed.new_kind or amendment.new_kind)
    return Trip(amendment.id, words, _result(text, amendment, bases),
                _result(text, again, {**bases, base_id: base}))
