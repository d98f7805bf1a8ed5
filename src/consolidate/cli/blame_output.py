"""What `consolidate blame` prints: each clause, its words by origin."""

from __future__ import annotations

import re
from dataclasses import dataclass

from consolidate.app.stages import History
from consolidate.cli.terminal import echo
from consolidate.core.blame import Origin
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Clause, ClauseKind, number_clauses
from consolidate.exporters.jsondoc import document

_NUMBER_RE = re.compile(r"^(?:paragraph\s+|§\s*)?(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One clause of the consolidated text with its words by origin."""

    clause: str
    kind: ClauseKind
    number: int | None
    pieces: tuple[tuple[str, Origin], ...]


def select(history: History, wanted: str | None) -> list[Entry]:
    """Every living clause, or the one *wanted* names (an id or a paragraph number)."""
    blamed = history.lineage.blame()
    numbers = number_clauses([Clause(cid, kind, "") for cid, kind, _ in blamed])
    entries = [Entry(cid, kind, numbers.get(cid), tuple(pieces)) for cid, kind, pieces in blamed]
    if wanted is None:
        return entries
    match = _NUMBER_RE.match(wanted.strip())
    found = [e for e in entries if e.clause == wanted
             or (match is not None and e.number == int(match.group(1)))]
    if not found:
        raise InvalidInput(f"there is no clause '{wanted}' in the consolidated text",
                           hint="give a clause id or a paragraph number of the consolidated text")
    return found[:1]


def origin_json(origin: Origin) -> dict:
    return {
        "source": origin.kind,
        "amendment": origin.amendment or None,
        "number": origin.number or None,
        "sponsor": origin.sponsor or None,
        "stage": origin.stage or None,
        "commit": origin.commit or None,
    }


def blame_json(text_id: str, history: History, entries: list[Entry]) -> dict:
    """Per clause: its text and its spans, each with who introduced it, and at which stage."""
    return document(
        text=text_id,
        stages=list(history.stages),
        clauses=[{
            "clause": e.clause, "kind": e.kind.value, "number": e.number,
            "text": "".join(text for text, _ in e.pieces),
            "spans": [{"text": text, **origin_json(origin)} for text, origin in e.pieces],
        } for e in entries],
    )


def describe(origin: Origin) -> str:
    """'AM 4 · Anna SCHMIDT (Germany) · stage-1', 'original', 'edit 1a2b3c4'."""
    if origin.kind != "amendment":
        return origin.label
    parts = [origin.label]
    if origin.sponsor:
        parts.append(origin.sponsor)
    parts.append(origin.stage or "not promoted")
    return " · ".join(parts)


def print_blame(entries: list[Entry]) -> None:
    """Like git blame: who, then the words, one piece a line."""
    width = max((len(describe(o)) for e in entries for _, o in e.pieces), default=8)
    for entry in entries:
        name = f"paragraph {entry.number} ({entry.clause})" if entry.number else entry.clause
        echo(name)
        for text, origin in entry.pieces:
            for line in text.split("\n"):
                if line.strip():
                    echo(f"  {describe(origin):<{width}}  {line.strip()}")
