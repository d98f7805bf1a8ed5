"""Building texts and amendments in memory for engine tests (no git involved)."""

from __future__ import annotations

import hashlib

from consolidate.core.model import (
    EMPTY_BLOB_ID,
    Action,
    Amendment,
    Clause,
    ClauseKind,
    Sponsor,
    Status,
    Text,
)
from consolidate.core.patching import make_patch


def blob(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


def make_text(*clauses: str | tuple[str, str], kind: ClauseKind = ClauseKind.OPERATIVE) -> Text:
    """A text whose clauses are p1, p2, ... (or (id, text) pairs)."""
    built = []
    for index, clause in enumerate(clauses, start=1):
        cid, body = clause if isinstance(clause, tuple) else (f"p{index}", clause)
        built.append(Clause(cid, kind, body))
    return Text("t", "A text", tuple(built))


class Amendments:
    """Collects amendments and the base texts they were drafted on."""

    def __init__(self) -> None:
        self.items: list[Amendment] = []
        self.bases: dict[str, str] = {"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391": ""}

    def add(self, clause: str, base: str, proposed: str, *, status: Status = Status.ADOPTED,
            action: Action = Action.MODIFY, new_clause: str = "", order: int | None = None,
            number: str | None = None) -> Amendment:
        number = number or str(len(self.items) + 1)
        base_id = EMPTY_BLOB_ID if action.inserts else blob(base)
        if not action.inserts:
            self.bases[base_id] = base
        amendment = Amendment(
            id=f"am-{number}", number=number, text_id="t", clause=clause, action=action,
            base=base_id, status=status,
            patch=make_patch("" if action.inserts else base, proposed),
            sponsor=Sponsor("DUPONT", "Pierre", "Mr", "France"), new_clause=new_clause,
            order=order,
        )
        self.items.append(amendment)
        return amendment
