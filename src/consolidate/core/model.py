"""The domain: texts, clauses, amendments, sponsors and statuses.

Everything here is a frozen dataclass or an enum; nothing reads or writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cached_property
from typing import Any, TypeVar

from consolidate.core.ids import is_valid_id as is_valid_id  # the id rule, for readers

BLOB_ID_RE = re.compile(r"[0-9a-f]{40}")  # use with fullmatch
_LEADING_NUMBER_RE = re.compile(r"(\d+)")
# git's blob id of the empty file: the base of every new clause.
EMPTY_BLOB_ID = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


_Frozen = TypeVar("_Frozen")


def hashed_once(cls: type[_Frozen]) -> type[_Frozen]:
    """A frozen dataclass whose objects are used whole in the engine's cache keys (thousands
    per command): the hash of its fields is computed once per object. It is kept out of a
    pickle (as are derived attributes such as a cached property): the hash of a string
    differs from one process to the next."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    field_names = frozenset(names)

    def __hash__(self: Any) -> int:
        state = self.__dict__
        found: int | None = state.get("_hash")
        if found is None:
            found = hash(tuple([state[name] for name in names]))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self: Any) -> dict[str, Any]:
        state: dict[str, Any] = self.__dict__
        if len(state) == len(names):  # nothing but the fields
            return state
        kept = state.copy()
        for extra in kept.keys() - field_names:
            del kept[extra]
        return kept

    cls.__hash__ = __hash__  # type: ignore[method-assign]
    cls.__getstate__ = __getstate__  # type: ignore[method-assign]
    return cls


class ClauseKind(str, Enum):
    """What a clause is; it decides whether and how it is numbered."""

    HEADING = "heading"
    PREAMBLE = "preamble"
    OPERATIVE = "operative"
    ARTICLE = "article"
    PARAGRAPH = "paragraph"
    FIXED = "fixed"


NUMBERED_KINDS = frozenset({ClauseKind.PREAMBLE, ClauseKind.OPERATIVE, ClauseKind.PARAGRAPH})


class Status(str, Enum):
    """Where an amendment is in the procedure."""

    DRAFT = "draft"
    TABLED = "tabled"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    FALLEN = "fallen"
    INCORPORATED = "incorporated"


# Amendments that are still in play for collisions before the vote.
LIVE_STATUSES = frozenset({Status.TABLED, Status.ADOPTED})


class Action(str, Enum):
    """What an amendment does to its target clause."""

    MODIFY = "modify"
    DELETE = "delete"
    INSERT_AFTER = "insert-after"
    INSERT_BEFORE = "insert-before"

    @property
    def inserts(self) -> bool:
        return self in (Action.INSERT_AFTER, Action.INSERT_BEFORE)


class SponsorKind(str, Enum):
    """Who signs an amendment: a member, or a body that is not a person."""

    PERSON = "person"
    ORGANISATION = "organisation"  # "EUROISPA", a national parliament, a committee
    GROUP = "group"  # a political group: "Group of the Greens/EFA"


@hashed_once
@dataclass(frozen=True)
class Sponsor:
    """Who signs an amendment: a member (title, given names, FAMILY NAME, country) or an
    organisation or political group (its ``name`` as written, and optionally a country).

    A person's name is never split out of an organisation's: ``family_name`` and
    ``given_names`` are a person's only, ``name`` an organisation's or a group's only.
    """

    family_name: str = ""
    given_names: str = ""
    title: str = ""
    country: str = ""
    kind: SponsorKind = SponsorKind.PERSON
    name: str = ""  # an organisation's or a group's name, as written

    @property
    def is_person(self) -> bool:
        return self.kind is SponsorKind.PERSON

    @property
    def full_name(self) -> str:
        """'Pierre DUPONT', or an organisation's name as written."""
        if not self.is_person:
            return self.name
        return " ".join(p for p in (self.given_names, self.family_name) if p)

    @property
    def display(self) -> str:
        """'Mr Pierre DUPONT (France)' as on the amendment form; an organisation or a group
        is marked with its kind: 'EUROISPA [organisation]', 'Group of the Greens/EFA [group]'."""
        if not self.is_person:
            return f"{self.short} [{self.kind.value}]"
        name = " ".join(p for p in (self.title, self.given_names, self.family_name) if p)
        return f"{name} ({self.country})" if self.country else name

    @property
    def short(self) -> str:
        """'Pierre DUPONT (France)': the name without the title (an organisation's name)."""
        return f"{self.full_name} ({self.country})" if self.country else self.full_name


@hashed_once
@dataclass(frozen=True)
class Clause:
    """One amendable unit of a text (or a fixed line, which is not amendable)."""

    id: str
    kind: ClauseKind
    text: str

    @property
    def amendable(self) -> bool:
        return self.kind is not ClauseKind.FIXED


@hashed_once
@dataclass(frozen=True)
class Text:
    """A text under amendment: metadata and its clauses in reading order."""

    id: str
    title: str
    clauses: tuple[Clause, ...]
    kind: str = "resolution"
    language: str = "en"
    front_matter: tuple[str, ...] = ()
    item: str = ""  # the agenda item it is ('Supplementary Item'): the amendment form's heading

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {clause.id: index for index, clause in enumerate(self.clauses)}

    def clause(self, clause_id: str) -> Clause | None:
        index = self._positions.get(clause_id)
        return None if index is None else self.clauses[index]

    def position(self, clause_id: str) -> int | None:
        return self._positions.get(clause_id)

    def numbers(self) -> dict[str, int]:
        """The paragraph number a reader sees, for each numbered clause."""
        return number_clauses(self.clauses)


def number_clauses(clauses: tuple[Clause, ...] | list[Clause]) -> dict[str, int]:
    """Number the numbered kinds 1, 2, 3... in reading order."""
    numbers: dict[str, int] = {}
    for clause in clauses:
        if clause.kind in NUMBERED_KINDS:
            numbers[clause.id] = len(numbers) + 1
    return numbers


@hashed_once
@dataclass(frozen=True)
class Amendment:
    """One amendment: a diff-match-patch patch on one clause, with its sponsors and status.

    For insertions, ``clause`` is the anchor and ``new_clause`` the id of the new clause;
    the patch then turns the empty text into the new clause.
    """

    id: str
    number: str
    text_id: str
    clause: str
    action: Action
    base: str
    status: Status
    patch: str
    sponsor: Sponsor | None = None
    cosponsors: tuple[Sponsor, ...] = ()
    tabled: str = ""
    decided: str = ""
    justification: str = ""
    new_clause: str = ""
    new_kind: str = ""
    order: int | None = None
    compromise: bool = False
    provisional: bool = False  # the number may still change (see core/numbering.py)
    reason: str = ""
    source: str = ""  # where it was read from, for messages

    @property
    def target(self) -> str:
        """The clause whose text the patch changes."""
        return self.new_clause if self.action.inserts else self.clause

    @property
    def label(self) -> str:
        """'AM 7': how the amendment is called in the room."""
        return f"AM {self.number}"

    @property
    def author(self) -> str:
        """'AM 7 – Pierre DUPONT (France)': the attribution of a change."""
        return f"{self.label} – {self.sponsor.short}" if self.sponsor else self.label

    def number_key(self) -> tuple[int, str]:
        """Sort key of the display number: numeric part first, then the rest."""
        match = _LEADING_NUMBER_RE.match(self.number)
        return (int(match.group(1)) if match else 1 << 30, self.number)


@dataclass(frozen=True)
class Edit:
    """Replace ``base[start:end]`` with ``text``: one change, on the text it was drafted on."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Problem:
    """Invalid input: a file that breaks the format, an unknown clause, bytes that are not UTF-8."""

    message: str
    path: str = ""
    line: int | None = None
    hint: str = ""

    def render(self) -> str:
        where = self.path + (f":{self.line}" if self.line and self.path else "")
        if self.line and not self.path:
            where = f"line {self.line}"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}\n  To fix: {self.hint}" if self.hint else text


class FindingKind(str, Enum):
    """Why an adopted amendment could not be applied, or what else the engine noticed."""

    COLLISION = "collision"
    STALE_BASE = "stale-base"
    MISSING_BASE = "missing-base"
    BAD_PATCH = "bad-patch"
    DELETED_TARGET = "deleted-target"
    UNKNOWN_TARGET = "unknown-target"
    DUPLICATE = "duplicate"
    NO_OP = "no-op"


# Findings that stop an adopted amendment from being applied (exit code 1).
BLOCKING_FINDINGS = frozenset(
    {
        FindingKind.COLLISION,
        FindingKind.STALE_BASE,
        FindingKind.MISSING_BASE,
        FindingKind.BAD_PATCH,
        FindingKind.DELETED_TARGET,
        FindingKind.UNKNOWN_TARGET,
    }
)


@dataclass(frozen=True)
class Finding:
    """Something the engine found while consolidating, with the amendments concerned."""

    kind: FindingKind
    amendment: str
    clause: str
    message: str
    others: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING_FINDINGS


class ChangeKind(str, Enum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    """A run of a clause's redline: unchanged, inserted or deleted text, with its author."""

    kind: ChangeKind
    text: str
    amendment: str | None = None


class ClauseStatus(str, Enum):
    UNCHANGED = "unchanged"
    AMENDED = "amended"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class ConsolidatedClause:
    """A clause after consolidation: its text, its redline against the original, its numbers."""

    id: str
    kind: ClauseKind
    original: str
    text: str
    status: ClauseStatus
    spans: tuple[Span, ...]
    number: int | None = None
    original_number: int | None = None
    amendments: tuple[str, ...] = ()  # adopted amendments applied to it, in voting order

    @property
    def changed(self) -> bool:
        return self.status is not ClauseStatus.UNCHANGED


@dataclass(frozen=True)
class Collision:
    """Two amendments that change the same words (or touching words) of one clause."""

    clause: str
    first: str
    second: str
    words: str = ""


@dataclass(frozen=True)
class Consolidation:
    """The result of the engine: consolidated clauses, the amendments applied, the findings."""

    text: Text
    clauses: tuple[ConsolidatedClause, ...]
    applied: tuple[str, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not any(f.blocking for f in self.findings)

    def clause(self, clause_id: str) -> ConsolidatedClause | None:
        return self._clauses_by_id.get(clause_id)

    @cached_property
    def _clauses_by_id(self) -> dict[str, ConsolidatedClause]:
        return {clause.id: clause for clause in self.clauses}

    @cached_property
    def findings_by_clause(self) -> dict[str, tuple[Finding, ...]]:
        """The findings of each clause, in the order they were found."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.clause, []).append(finding)
        return {clause: tuple(found) for clause, found in grouped.items()}
