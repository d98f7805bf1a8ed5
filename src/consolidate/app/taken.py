"""What a new amendment or clause may be called: the numbers and ids already taken.

Amendment ids and the ids of new clauses are drawn at random (docs/format.md, "Many clones"),
never one already taken, nor one differing from a taken one only by case (a file system of
macOS or Windows would make them one file).
"""

from __future__ import annotations

import re
import secrets

from consolidate.app.state import TextState
from consolidate.core.engine import read_edits
from consolidate.core.errors import InvalidInput
from consolidate.core.ids import MAX_ID_LENGTH, case_twin
from consolidate.core.patching import apply_edits


class Numbering:
    """Next free amendment numbers and ids."""

    def __init__(self, session: TextState) -> None:
        self.shared = session.workspace.git.has_remote()
        self.used_numbers = {a.number for a in session.amendments}
        used_ids = {a.id for a in session.amendments}
        folder = session.workspace.amendments_dir(session.text_id)
        if folder.is_dir():
            used_ids |= {p.stem for p in folder.glob("*.patch")}
        self.used_ids = {i.casefold() for i in used_ids}  # no two ids differing only by case
        numeric = [int(m.group()) for n in self.used_numbers
                   if (m := re.match(r"[0-9]+", n))]
        self.next = max(numeric, default=0) + 1

    def take(self, wanted: str = "") -> tuple[str, str]:
        if wanted:
            if wanted in self.used_numbers:
                raise InvalidInput(f"amendment number {wanted} is already used",
                                   hint="leave the number out to get the next free one")
            number = wanted
        else:
            while str(self.next) in self.used_numbers:
                self.next += 1
            number = str(self.next)
        amendment_id = unique_id("am-", self.used_ids)
        self.used_numbers.add(number)
        self.used_ids.add(amendment_id.casefold())
        return amendment_id, number


# Ids are drawn at random, so that clones tabling at the same time never pick the same one
# (docs/format.md, "Many clones"): 8 characters of a 32-letter alphabet without look-alikes.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_RANDOM_PART = 8


def unique_id(prefix: str, taken: set[str]) -> str:
    """*prefix* and 8 random characters, not in *taken* (ids compared without case, as a
    file system of macOS or Windows compares them: *taken* holds them case-folded)."""
    while True:
        # one draw for the 8 characters; 32 letters divide 256, so each is as likely
        drawn = secrets.token_bytes(_RANDOM_PART)
        candidate = prefix + "".join(_ID_ALPHABET[byte % len(_ID_ALPHABET)] for byte in drawn)
        if candidate.casefold() not in taken:
            return candidate


class Inserted:
    """The clauses other amendments insert (by id), and their texts: a new clause may be
    inserted next to one of them, and takes its final newline from it."""

    def __init__(self, session: TextState) -> None:
        self.session = session
        self.owners = {a.new_clause: a for a in session.amendments if a.action.inserts}
        self.texts: dict[str, str] = {}  # clauses inserted by this call of amend
        # the ids taken, by their case-folded form: a new id is checked against its own
        self.in_text: dict[str, list[str]] = {}  # the text's clauses, in order
        self.inserted: dict[str, set[str]] = {}  # the clauses amendments insert
        for clause in session.text.clauses:
            self.in_text.setdefault(clause.id.casefold(), []).append(clause.id)
        for clause_id in self.owners:
            self.inserted.setdefault(clause_id.casefold(), set()).add(clause_id)

    def __contains__(self, clause_id: str) -> bool:
        return clause_id in self.owners or clause_id in self.texts

    def ids(self) -> set[str]:
        return set(self.owners) | set(self.texts)

    def add(self, clause_id: str, text: str) -> None:
        self.texts[clause_id] = text
        self.inserted.setdefault(clause_id.casefold(), set()).add(clause_id)

    def taken(self, clause_id: str) -> bool:
        """Whether *clause_id* is a clause of the text or an inserted one."""
        return clause_id in self or clause_id in self.in_text.get(clause_id.casefold(), ())

    def twin(self, clause_id: str) -> str | None:
        """The first id taken (the text's clauses in order, then the inserted ones sorted) that
        differs from *clause_id* only by case, or None."""
        folded = clause_id.casefold()
        return case_twin(clause_id, self.in_text.get(folded, [])
                         + sorted(self.inserted.get(folded, ())))

    def folded(self) -> set[str]:
        """Every id taken, case-folded."""
        return self.in_text.keys() | self.inserted.keys()

    def text(self, clause_id: str) -> str:
        """The inserted clause's text, as its amendment proposes it ("" if unreadable)."""
        if clause_id in self.texts:
            return self.texts[clause_id]
        owner = self.owners[clause_id]
        drafted = read_edits(owner, self.session.bases, self.session.cache)
        return apply_edits(drafted.base or "", drafted.edits) if drafted.finding is None else ""


def fresh_clause_id(anchor: str, inserted: Inserted) -> str:
    """A new clause's id: its anchor's (cut to leave room), and a random part no other clone
    will pick."""
    prefix = anchor[: MAX_ID_LENGTH - _RANDOM_PART - 1].rstrip(".") + "-"
    return unique_id(prefix, inserted.folded())
