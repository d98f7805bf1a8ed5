"""The session: one text of one workspace, and every operation the CLI and the review app offer.

The CLI and the Textual app both talk to this object; neither reads the workspace itself.
Reads are cached until the next change; every change happens under the workspace lock,
is written atomically and is committed at once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from consolidate.core.cache import EngineCache
from consolidate.core.collisions import ConflictReport, analyse
from consolidate.core.engine import consolidate, read_edits
from consolidate.core.model import (
    Amendment,
    Consolidation,
    Finding,
    FindingKind,
    Problem,
    Status,
    Text,
)
from consolidate.errors import InvalidInput
from consolidate.store.workspace import Workspace

if TYPE_CHECKING:
    from consolidate.amending import AmendRequest, AmendResult

# Statuses of amendments decided for good (at this stage or an earlier one).
_HISTORY = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.FALLEN, Status.INCORPORATED})


@dataclass(frozen=True)
class Decision:
    """A status change of one amendment, with the reason recorded (e.g. why it fell)."""

    amendment: str
    before: Status
    after: Status
    reason: str = ""


@dataclass(frozen=True)
class DecisionResult:
    """What a decision changed: the amendments decided and the ones that fell with them."""

    decisions: tuple[Decision, ...]
    commit: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def fallen(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.after is Status.FALLEN)


def today() -> str:
    return _dt.date.today().isoformat()


class Session:
    """One text of a workspace, loaded lazily and reloaded after each change."""

    def __init__(self, workspace: Workspace, text_id: str) -> None:
        self.workspace = workspace
        self.text_id = text_id
        self.cache = EngineCache()  # outlives reloads: its keys are the content itself
        self._parsed: dict = {}  # amendment files already parsed, by path and content

    @classmethod
    def open(cls, root: str | Path = ".", text_id: str | None = None,
             at: str | None = None) -> Session:
        """The text of the workspace at *root*; *at* (a tag or commit) reads it as it was
        then, read-only."""
        if at is not None:
            from consolidate.store.history import TreeWorkspace

            workspace: Workspace = TreeWorkspace(Path(root), at)
        else:
            workspace = Workspace(Path(root))
        return cls(workspace, workspace.resolve_text_id(text_id))

    @property
    def at(self) -> str | None:
        """The revision the workspace is read at (read-only), or None for the working tree."""
        return getattr(self.workspace, "rev", None)

    def uncommitted_texts(self) -> list[str]:
        """Files of the text changed in the working tree but not committed (never at a REV)."""
        if self.at is not None:
            return []
        return self.workspace.git.dirty_paths(f"texts/{self.text_id}")

    def _refuse_read_only(self) -> None:
        if self.at is not None:
            from consolidate.store.history import read_only

            raise read_only(self.at)

    def reload(self) -> None:
        for name in ("text", "_amendment_set", "bases", "consolidation", "conflicts", "problems",
                     "voting_rules", "vote_list"):
            self.__dict__.pop(name, None)

    # -- reading ----------------------------------------------------------------------------

    @cached_property
    def text(self) -> Text:
        return self.workspace.load_text(self.text_id)

    @cached_property
    def _amendment_set(self):
        if len(self._parsed) > 100_000:
            self._parsed.clear()
        return self.workspace.load_amendments(self.text_id, self._parsed)

    @property
    def amendments(self) -> tuple[Amendment, ...]:
        return self._amendment_set.amendments

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Invalid input found while reading: malformed files, unknown clauses and so on."""
        return (self._amendment_set.problems + self._target_problems() + self._patch_problems()
                + self.voting_rules[1])

    def _patch_problems(self) -> tuple[Problem, ...]:
        """Amendments whose patch does not fit their base: corrupt files, whatever their status."""
        out = []
        for amendment in self.amendments:
            drafted = read_edits(amendment, self.bases, self.cache)
            if drafted.finding and drafted.finding.kind is FindingKind.BAD_PATCH:
                out.append(Problem(drafted.finding.message, amendment.source, None,
                                   "the patch was edited by hand or its Base is wrong: restore "
                                   "the file from git, or table the amendment again"))
        return tuple(out)

    def _target_problems(self) -> tuple[Problem, ...]:
        known = {c.id for c in self.text.clauses}
        new = {a.new_clause for a in self.amendments if a.action.inserts}
        out = []
        for amendment in self.amendments:
            if amendment.status in _HISTORY:  # decided at an earlier stage: its clause may be gone
                continue
            if amendment.clause not in known and amendment.clause not in new:
                out.append(Problem(
                    f"{amendment.label} targets clause '{amendment.clause}', which is not in "
                    f"text '{self.text_id}'",
                    amendment.source, None, "correct the Clause header",
                ))
        return tuple(out)

    def require_valid(self) -> None:
        """Raise :class:`InvalidInput` listing every problem, if there is any."""
        problems = self.problems
        if problems:
            raise InvalidInput(problems[0].message, problems=problems)

    def amendment(self, amendment_id: str) -> Amendment:
        for amendment in self.amendments:
            if amendment.id == amendment_id or amendment.number == amendment_id:
                return amendment
        raise InvalidInput(f"there is no amendment '{amendment_id}' on text '{self.text_id}'",
                           hint="`consolidate list` shows the amendments and their ids")

    @cached_property
    def bases(self) -> dict[str, str]:
        return self.workspace.base_texts(self.text_id, self.text, self.amendments)

    @cached_property
    def consolidation(self) -> Consolidation:
        return consolidate(self.text, self.amendments, self.bases, self.cache, self.engine_order())

    @cached_property
    def conflicts(self) -> ConflictReport:
        return analyse(self.text, self.amendments, self.bases, cache=self.cache,
                       order=self.engine_order())

    @cached_property
    def voting_rules(self):
        """The chair's order file (``ChairOrder``) and its problems."""
        from consolidate.voting import read_rules

        return read_rules(self)

    @cached_property
    def vote_list(self):
        """The voting list (``core.votelist.VoteList``), with the order file's rules."""
        from consolidate.voting import session_vote_list

        return session_vote_list(self)

    def engine_order(self) -> tuple[str, ...]:
        """The voting list's order of amendment ids: the order adopted amendments apply in."""
        return tuple(self.vote_list.sequence())

    def voting_order(self) -> list[Amendment]:
        """Every amendment in voting order: the voting list's order for those in it."""
        from consolidate.voting import list_order

        return list_order(self)

    def what_if(self, statuses: Mapping[str, Status]) -> Consolidation:
        """Consolidate as if the amendments had the given statuses; nothing is recorded."""
        changed = [replace(a, status=statuses[a.id]) if statuses.get(a.id, a.status) is not a.status
                   else a for a in self.amendments]
        return consolidate(self.text, changed, self.bases, self.cache, self.engine_order())

    def blocking_findings(self, consolidation: Consolidation | None = None) -> list[Finding]:
        return [f for f in (consolidation or self.consolidation).findings if f.blocking]

    # -- changing ---------------------------------------------------------------------------

    def amend(self, requests: Sequence[AmendRequest]) -> AmendResult:
        """Create amendments (one commit for all of them)."""
        from consolidate.amending import amend

        self._refuse_read_only()
        return amend(self, requests)

    def decide(self, ids: Sequence[str], decision: Status, *, date: str | None = None) -> DecisionResult:
        """Record a decision (table, adopt, reject, withdraw) on amendments, and commit it."""
        from consolidate.deciding import decide

        self._refuse_read_only()
        return decide(self, ids, decision, date=date or today())

    def restore(self, previous: Sequence[Amendment], message: str) -> str:
        """Write earlier versions of amendment files back (undo), and commit."""
        from consolidate.deciding import restore

        self._refuse_read_only()
        return restore(self, previous, message)
