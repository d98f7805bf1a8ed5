"""One clerk's clone in the many-clones test: tables COUNT amendments, syncs every 5.

Run as ``python worker.py CLONE INDEX IDS_FILE COUNT``; writes the ids it tabled (and, for clone 0,
the amendment it adopted and its number) to IDS_FILE as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from consolidate.app.session import Session
from consolidate.app.sync import sync
from consolidate.core.errors import RemoteUnavailable
from consolidate.core.model import Action, Status
from consolidate.core.requests import AmendRequest
from consolidate.core.sponsors import parse_sponsor


def request(session: Session, index: int, k: int) -> AmendRequest:
    """Amendment k of clone *index*: some on one clause for all, some identical in every
    clone, some new paragraphs after one anchor, some on a clause of this clone's own."""
    sponsor = parse_sponsor(f"Mr Clerk{index} NUMBER{index} (Country {index})")
    kind = k % 5
    if kind == 1:  # identical in every clone
        text = session.text.clause("p10").text.replace("child pornography", "child abuse images")
        return AmendRequest(Action.MODIFY, "p10", text, sponsor)
    if kind == 2:  # a new paragraph after the same anchor in every clone
        return AmendRequest(Action.INSERT_AFTER, "p11", f"Asks clone {index} to act ({k}).",
                            sponsor)
    clause = {0: "p12", 3: "p13", 4: f"p{2 + index}"}[kind]
    old = session.text.clause(clause).text
    return AmendRequest(Action.MODIFY, clause, f"{old} (clone {index}, {k})", sponsor)


def share(root: Path) -> None:
    for _ in range(20):  # the remote may keep moving while three others push
        try:
            sync(root, attempts=10)
            return
        except RemoteUnavailable:
            time.sleep(0.2)
    raise SystemExit("sync never landed")


def main() -> None:
    root, index, out, count = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), \
        int(sys.argv[4])
    tabled: list[str] = []
    adopted: dict[str, str] = {}
    for k in range(count):
        session = Session.open(root)
        tabled += [a.id for a in session.amend([request(session, index, k)]).amendments]
        if k % 5 == 4:
            share(root)
            if index == 0 and not adopted:  # one decision among the tabling, on its own clause
                session = Session.open(root)
                own = next(a for a in session.amendments
                           if a.id in tabled and a.clause == "p2" and a.status is Status.TABLED)
                session.decide([own.id], Status.ADOPTED)
                adopted = {own.id: own.number}
    share(root)
    out.write_text(json.dumps({"tabled": tabled, "adopted": adopted}))


if __name__ == "__main__":
    main()
