"""How the review app starts quickly: the session read before it, the memory settled after
its first screen. No Textual here.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from consolidate.tui.state import Snapshot

if TYPE_CHECKING:
    from consolidate.app.session import Session


def read_session(session: Session) -> Snapshot:
    """What the first screen shows (the voting list comes after it), read from *session*."""
    snapshot = Snapshot.read(session, voting_list=False)
    # What was computed is kept for the next start at once (nothing is written when it was
    # all found there): a closed terminal may end this one any moment from now.
    session.keep()
    return snapshot


def settle_memory() -> None:
    """The text stays: keep it out of every collection. The review command starts with the
    collector off (see ``review_command``): the garbage of the start is collected once,
    here, after the first screen, and collections resume."""
    if not gc.isenabled():
        gc.collect()
        gc.enable()
    gc.freeze()


@contextmanager
def reading_notice(text_id: str) -> Iterator[None]:
    """"Reading TEXT..." on the terminal while the session is read (seconds on a large text
    the first time), erased before the app takes the screen."""
    shown = sys.stderr.isatty()
    if shown:
        sys.stderr.write(f"Reading {text_id}...")
        sys.stderr.flush()
    try:
        yield
    finally:
        if shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
