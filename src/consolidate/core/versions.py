"""A new version of a text, clause by clause, as the amendments that turn the text into it."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Sequence

from consolidate.core.model import Action, ClauseKind, Text
from consolidate.core.requests import AmendRequest


def version_requests(text: Text, new_texts: Sequence[str], kind_of: Callable[[str], ClauseKind],
                     id_prefix: str) -> list[AmendRequest]:
    """The amendments that turn *text* into a new version given clause by clause.

    Clauses are matched by their text (difflib); a changed run of clauses becomes
    modifications, pair by pair, then deletions or new clauses (ids *id_prefix* + a number,
    kinds from *kind_of*). Tabling them, adopting them and promoting the result gives the new
    version as the next stage.
    """
    clauses = list(text.clauses)
    matcher = difflib.SequenceMatcher(None, [c.text for c in clauses], list(new_texts),
                                      autojunk=False)
    requests: list[AmendRequest] = []
    fresh = (f"{id_prefix}{k:04d}" for k in itertools.count(1))
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset in range(paired):
            requests.append(AmendRequest(Action.MODIFY, clauses[i1 + offset].id,
                                         new_texts[j1 + offset]))
        for offset in range(i1 + paired, i2):
            requests.append(AmendRequest(Action.DELETE, clauses[offset].id, ""))
        for new in new_texts[j1 + paired:j2]:
            before = i1 + paired == 0
            anchor = clauses[0].id if before else clauses[i1 + paired - 1].id
            requests.append(AmendRequest(Action.INSERT_BEFORE if before else Action.INSERT_AFTER,
                                         anchor, new, new_id=next(fresh),
                                         new_kind=kind_of(new).value))
    return requests
