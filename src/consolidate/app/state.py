"""One text of one workspace, read: what every command and the review app show.

:class:`TextState` reads the text, its amendments and their bases lazily, and computes the
consolidation, the collisions and the voting list from them; everything is cached until
:meth:`TextState.reload`. The use cases (amending, deciding, stages) take a state and change
the workspace; :class:`consolidate.app.session.Session` puts both behind one object.
"""

from __future__ import annotations

import datetime as _dt
import weakref
from collections.abc import Hashable, Mapping
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, Self

from consolidate.app import exporting
from consolidate.core.cache import EngineCache
from consolidate.core.collisions import ConflictReport, analyse
from consolidate.core.engine import consolidate, read_edits
from consolidate.core.errors import InvalidInput
from consolidate.core.model import (
    Amendment,
    Consolidation,
    Finding,
    FindingKind,
    Problem,
    Status,
    Text,
)
from consolidate.core.votelist import (
    ChairOrder,
    OrderFileError,
    Vote,
    VoteList,
    in_list_order,
    parse_order_file,
    vote_list,
)
from consolidate.exporters.base import ExportContext
from consolidate.store.cache import (
    LAZY,
    Base,
    UsedDict,
    load_cache,
    save_cache,
    worth_keeping,
    worth_keeping_by_kind,
)
from consolidate.store.history import unchanged_since_stage
from consolidate.store.known_files import KnownFiles
from consolidate.store.tree import TreeWorkspace, read_only
from consolidate.store.workspace import AmendmentSet, Workspace

# Statuses of amendments decided for good (at this stage or an earlier one).
_HISTORY = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.FALLEN, Status.INCORPORATED})
# Decided at an earlier stage, these are not on this stage's voting list.
_SETTLED = frozenset({Status.REJECTED, Status.FALLEN})
_CACHED = ("loaded_commit", "text", "_amendment_set", "bases", "consolidation", "conflicts", "problems",
           "voting_rules", "vote_list", "_this_stage")


def today() -> str:
    return _dt.date.today().isoformat()


def _keep(git_dir: Path, text_id: str, parsed: UsedDict, cache: EngineCache,
          files: UsedDict, base: Base | None) -> None:
    """Save what this run read and computed, when it computed anything new.

    Called when the state is dropped, usually as the command ends: a Ctrl+C then interrupts
    only the saving (each cache file is replaced whole or not at all), and there is nothing
    left to interrupt, so it is not reported (from here it could only print a traceback)."""
    try:
        _save(git_dir, text_id, parsed, cache, files, base)
    except KeyboardInterrupt:
        pass


def _save(git_dir: Path, text_id: str, parsed: UsedDict, cache: EngineCache,
          files: UsedDict, base: Base | None) -> None:
    if parsed.made or cache.misses or files.made:
        scale = cache.scale
        lazy = {kind: _lazy_kept(cache, kind, scale) for kind in LAZY}
        save_cache(git_dir, text_id, worth_keeping(parsed.used, parsed, scale),
                   worth_keeping_by_kind(cache.used_of(LAZY, wanted=False),
                                         cache.known_of(LAZY, wanted=False), scale), lazy,
                   worth_keeping(files.used, files, scale), base)


def _lazy_kept(cache: EngineCache, kind: str, scale: int) -> dict[Hashable, Any] | None:
    """What to save of a lazy kind, or None to leave its file as it is: never read this run,
    or read and neither added to nor pruned (a decision rewrites only what it changed)."""
    if cache.pending(kind):
        return None
    known = cache.known_of((kind,))
    kept = worth_keeping(cache.used_of((kind,)), known, scale)
    return kept if kind in cache.made_kinds or len(kept) < len(known) else None


class TextState:
    """One text of a workspace, loaded lazily and reloaded after each change."""

    def __init__(self, workspace: Workspace, text_id: str) -> None:
        self.workspace = workspace
        self.text_id = text_id
        self.cache = EngineCache()  # outlives reloads: its keys are the content itself
        self._parsed = UsedDict()  # parsed files, by path and content
        self._files = UsedDict()  # what each file held when read, by path (known_files.py)
        self._base: Base | None = None  # the main cache file as read (store/cache.py)
        self._kept = False  # the results kept under .git by an earlier run are read

    @classmethod
    def open(cls, root: str | Path = ".", text_id: str | None = None,
             at: str | None = None) -> Self:
        """The text of the workspace at *root* (the only one when *text_id* is None); *at*
        (a tag or commit) reads it as it was then, read-only."""
        workspace = TreeWorkspace(Path(root), at) if at is not None else Workspace(Path(root))
        return cls(workspace, workspace.resolve_text_id(text_id))

    @property
    def at(self) -> str | None:
        """The revision the workspace is read at (read-only), or None for the working tree."""
        return self.workspace.rev if isinstance(self.workspace, TreeWorkspace) else None

    def uncommitted_texts(self) -> list[str]:
        """Files of the text changed in the working tree but not committed (never at a REV)."""
        if self.at is not None:
            return []
        return self.workspace.git.dirty_paths(f"texts/{self.text_id}", self.loaded_commit or "HEAD")

    def refuse_read_only(self) -> None:
        if self.at is not None:
            raise read_only(self.at)

    def reload(self) -> None:
        for name in _CACHED:
            self.__dict__.pop(name, None)

    # -- the commit -----------------------------------------------------------------------------

    @cached_property
    def loaded_commit(self) -> str | None:
        """HEAD when the files were read (read before them: a commit landing meanwhile makes
        it older than the files, never newer), or the revision read; None before any commit."""
        if isinstance(self.workspace, TreeWorkspace):
            return self.workspace.commit
        return self.current_commit()

    def current_commit(self) -> str | None:
        """HEAD now (one git process: safe from any thread), or None before any commit."""
        try:
            return self.workspace.git.resolve("HEAD")
        except InvalidInput:
            return None

    def commit_subject(self, commit: str) -> str:
        """The first line of *commit*'s message."""
        return self.workspace.git.text("show", "-s", "--format=%s", commit).strip()

    def later_commits(self, since: str, path: str) -> list[str]:
        """The commits after *since* (newest first) that changed *path*."""
        later = []
        for entry in self.workspace.git.log("HEAD", path):
            if entry.commit == since or self.workspace.git.is_ancestor(entry.commit, since):
                break
            later.append(entry.commit)
        return later

    # -- the files ------------------------------------------------------------------------------

    @cached_property
    def text(self) -> Text:
        """The text as its files say: title, kind, language and clauses in order."""
        _ = self.loaded_commit
        self._read_kept()
        text = self.workspace.load_text(self.text_id)
        # A whole read makes about an entry per clause and per amendment (parsed files kept).
        self.cache.scale = max(self.cache.scale, len(text.clauses) + len(self._parsed))
        return text

    def _read_kept(self) -> None:
        """Start from what earlier commands computed (store/cache.py), once; what this one
        reads or computes is kept for the next when the state is dropped or the program ends."""
        if self._kept:
            return
        self._kept = True
        git_dir = self.workspace.git.git_dir
        kept = load_cache(git_dir, self.text_id)
        self._parsed = UsedDict(kept.parsed)
        self.workspace.parsed = self._parsed
        self._files = UsedDict(kept.files)
        self.workspace.known = KnownFiles(self._files)
        self._base = kept.base
        self.cache.seed(kept.engine, kept.later())
        weakref.finalize(self, _keep, git_dir, self.text_id, self._parsed, self.cache,
                         self._files, self._base)

    def keep(self) -> None:
        """Save now what was read and computed so far, for the next command: the review app
        runs long, and a closed terminal ends it without the saving at exit. The saving at
        exit then writes again only when something was computed after this."""
        if not self._kept:
            return
        _save(self.workspace.git.git_dir, self.text_id, self._parsed, self.cache, self._files,
              self._base)
        self._parsed.made = 0
        self._files.made = 0
        self.cache.misses = 0
        self.cache.made_kinds.clear()

    @cached_property
    def _amendment_set(self) -> AmendmentSet:
        _ = self.loaded_commit
        self._read_kept()
        if len(self._parsed) > 100_000:
            self._parsed.clear()
        found = self.workspace.load_amendments(self.text_id, self._parsed)
        self.cache.scale = max(self.cache.scale, len(found.amendments))
        return found

    @property
    def amendments(self) -> tuple[Amendment, ...]:
        """Every amendment of the text that could be read (see :attr:`problems` for the rest)."""
        return self._amendment_set.amendments

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What is odd but not wrong: numbers shared until they are reconciled."""
        return self._amendment_set.warnings

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Invalid input found while reading: malformed files, unknown clauses and so on."""
        return (self._amendment_set.problems + self._target_problems() + self._patch_problems()
                + self.voting_rules[1])

    def _patch_problems(self) -> tuple[Problem, ...]:
        """Amendments whose patch does not fit their base: corrupt files, whatever their status.

        Kept whole, keyed by every amendment and which of their bases exist (what each
        patch is read with): a read that finds it needs no amendment's edits."""
        bases = self.bases
        key = ("patch problems", self.amendments, tuple(a.base in bases for a in self.amendments))
        found = self.cache.get(key)
        if found is None:
            found = self.cache.put(key, self._patches_not_fitting())
        return tuple(found)

    def _patches_not_fitting(self) -> tuple[Problem, ...]:
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
        """The amendment with this id or number."""
        found = [a for a in self.amendments if a.id == amendment_id]
        found = found or [a for a in self.amendments if a.number == amendment_id]
        if len(found) > 1:
            names = ", ".join(f"{a.id} ({a.sponsor.short if a.sponsor else 'no sponsor'})"
                              for a in found)
            raise InvalidInput(f"AM {amendment_id} is the provisional number of several "
                               f"amendments: {names}",
                               hint="name the amendment by its id, or reconcile the numbers "
                                    "with `consolidate sync`")
        if found:
            return found[0]
        raise InvalidInput(f"there is no amendment '{amendment_id}' on text '{self.text_id}'",
                           hint="`consolidate list` shows the amendments and their ids")

    @cached_property
    def bases(self) -> dict[str, str]:
        """The text of every base the amendments name (blob id -> text)."""
        return self.workspace.base_texts(self.text_id, self.text, self.amendments)

    # -- what the engine makes of them -----------------------------------------------------------

    @cached_property
    def consolidation(self) -> Consolidation:
        """The adopted amendments applied in voting order: clauses with attributed changes,
        the amendments applied, and the findings (why an adopted amendment is left out)."""
        return consolidate(self.text, self.amendments, self.bases, self.cache, self.engine_order())

    @cached_property
    def conflicts(self) -> ConflictReport:
        """The conflict report: colliding pairs, identical groups, who falls if one is adopted."""
        return analyse(self.text, self.amendments, self.bases, cache=self.cache,
                       order=self.engine_order())

    def what_if(self, statuses: Mapping[str, Status]) -> Consolidation:
        """Consolidate as if the amendments had the given statuses; nothing is recorded."""
        changed = [replace(a, status=statuses[a.id]) if statuses.get(a.id, a.status) is not a.status
                   else a for a in self.amendments]
        return consolidate(self.text, changed, self.bases, self.cache, self.engine_order())

    def blocking_findings(self, consolidation: Consolidation | None = None) -> list[Finding]:
        return [f for f in (consolidation or self.consolidation).findings if f.blocking]

    # -- the voting list -----------------------------------------------------------------------

    @cached_property
    def voting_rules(self) -> tuple[ChairOrder, tuple[Problem, ...]]:
        """The chair's order file and its problems (an order file with problems is ignored)."""
        found = self.workspace.read_order_file(self.text_id)
        if found is None:
            return ChairOrder(), ()
        rel, content = found
        try:
            return parse_order_file(content, rel, self.amendments), ()
        except OrderFileError as error:
            return ChairOrder(source=rel), error.problems

    @cached_property
    def _this_stage(self) -> tuple[Amendment, ...]:
        """The amendments of the text, without those settled at an earlier stage (rejected or
        fallen, their file unchanged since the last promotion)."""
        if not any(a.status in _SETTLED for a in self.amendments):
            return self.amendments
        # At the commit the files were read at: one view of the history, and no git
        # process to find HEAD again.
        old = unchanged_since_stage(self.workspace.git, self.text_id,
                                    self.loaded_commit or "HEAD")
        return tuple(a for a in self.amendments if not (a.status in _SETTLED and a.id in old))

    def voting_list(self, *, preamble_last: bool | None = None) -> VoteList:
        """The voting list; *preamble_last* None follows the order file's rule."""
        rules = self.voting_rules[0]
        last = rules.preamble_last if preamble_last is None else preamble_last
        return vote_list(self.text, list(self._this_stage), self.bases, chair_order=rules.ids,
                         preamble_last=last, cache=self.cache)

    @cached_property
    def vote_list(self) -> VoteList:
        """The voting list, with the order file's rules."""
        return self.voting_list()

    def engine_order(self) -> tuple[str, ...]:
        """The voting list's order of amendment ids: the order adopted amendments apply in."""
        return tuple(self.vote_list.sequence())

    def voting_ids(self) -> list[str]:
        """The ids of every amendment in voting order (see :meth:`voting_order`)."""
        return [a.id for a in self.voting_order()]

    def voting_order(self) -> list[Amendment]:
        """Every amendment in voting order: the voting list's order for those in it."""
        rules = self.voting_rules[0]
        return in_list_order(self.vote_list, self.amendments, self.text,
                             chair_order=rules.ids, preamble_last=rules.preamble_last,
                             cache=self.cache)

    def skipped_votes(self, before: Vote | None = None) -> list[Vote]:
        """The votes still tabled before *before* that fall (an adopted amendment changes the
        same words), which :meth:`next_vote` skips."""
        statuses = {a.id: a.status for a in self.amendments}
        return self.vote_list.skipped(statuses, before)

    def next_vote(self) -> Vote:
        """The next vote of the list: the first whose amendments are all still tabled (those
        that fall are skipped: see :meth:`skipped_votes`)."""
        statuses = {a.id: a.status for a in self.amendments}
        vote = self.vote_list.next_vote(statuses)
        if vote is None:
            labels = {a.id: a.label for a in self.amendments}
            falling = [v.why_it_falls(labels) for v in self.vote_list.skipped(statuses, None)]
            left = ("every amendment in it is decided" if not falling else
                    "the amendments still tabled fall (" + "; ".join(falling) + ")")
            raise InvalidInput(f"no vote is left on the voting list: {left}",
                               hint="`consolidate votelist` shows the list and its decisions")
        return vote

    # -- export --------------------------------------------------------------------------------

    def export_context(self, consolidation: Consolidation | None = None, *, color: bool = False,
                       width: int = 100) -> ExportContext:
        """What every format renders from: *consolidation* (default: this one), the
        amendments, their bases and the voting order."""
        return exporting.context(consolidation or self.consolidation,
                                 {a.id: a for a in self.amendments}, self.bases,
                                 [a.id for a in self.voting_order()], color=color, width=width)

    def render(self, fmt: str, consolidation: Consolidation | None = None, *,
               color: bool = False, width: int = 100) -> bytes:
        """The consolidation (default: this one) in the format *fmt*."""
        context = self.export_context(consolidation, color=color, width=width)
        return exporting.render_context(context, fmt)

