"""Amendments from a Word document with tracked changes (``consolidate amend --docx``).

Each author's changes to one clause become one amendment, tabled through
:meth:`Session.amend` like every other amendment: the paragraphs are matched to clauses by
their text before the changes (:mod:`word_match`), each author's version of them
(:mod:`consolidate.importers.tracked`) is the proposal. A paragraph inserted whole is a new
clause next to the clause before it (or before the clause after it, when the one before is a
heading or a fixed line); a paragraph deleted whole, or emptied, is a deletion. Authors
become sponsors: "Ms Anna SCHMIDT (Germany)" is read into its parts, consolidate's own
"AM 9 – Olena KOVALENKO (Ukraine)" gives the sponsor back; the latest date of an author's
revisions is the tabling date; a comment anchored in the paragraph is the justification.
The renumbering consolidate writes ("consolidate – renumbering") is not an amendment.

Nothing is tabled when one changed paragraph cannot be matched: every such paragraph is
reported, with its place in the document and the first words that differ.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consolidate.app.state import TextState, today
from consolidate.app.word_match import (
    ClauseTable,
    Match,
    Target,
    is_blank,
    match_paragraphs,
    strip_number,
    unmatched_reason,
)
from consolidate.core.errors import FormatError, InvalidInput
from consolidate.core.instructions import instruction
from consolidate.core.model import Action, ClauseKind, Edit, Problem, Sponsor, Status
from consolidate.core.normalise import clause_text_problem, normalise
from consolidate.core.patching import apply_edits, widen_to_words, word_edits
from consolidate.core.requests import AGAINST_CONSOLIDATED, AmendRequest
from consolidate.core.sponsors import SponsorError, parse_sponsor
from consolidate.core.text_format import TextManifest
from consolidate.core.wording import counted
from consolidate.exporters.common import RENUMBERING_AUTHOR
from consolidate.importers.docx_draft import read_draft
from consolidate.importers.docx_package import (
    OLE_MAGIC,
    ZIP_MAGIC,
    DocxError,
    DocxPackage,
    read_package,
)
from consolidate.importers.tracked import Group, Original, TrackedDocument, Version, read_tracked
from consolidate.importers.wordml import Comment, WordDocument, read_document

MAX_DOCX_BYTES = 256 * 1024 * 1024
DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")
SPONSOR_KEY = "\x00sponsor"  # the one author when --sponsor is given
_OWN_AUTHOR_RE = re.compile(r"^AM\s+(?P<number>\S+)(?:\s+–\s+(?P<who>.+))?$", re.DOTALL)
_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_WORD_RE = re.compile(r"\w+")
_HINT_UNMATCHED = ("send the document made from the text as committed (`consolidate build "
                   "--format docx`, or the draft as imported); for a document made from the "
                   "consolidated text, pass --against consolidated")


@dataclass(frozen=True)
class Proposal:
    """One amendment to table, and what to say about it."""

    request: AmendRequest
    label: str  # the clause changed, or the anchor of a new one
    base: str  # the clause's text ("" for a new clause)
    proposed: str
    author: str
    position: int = 0  # the document paragraph it concerns: amendments are tabled in that order
    edits: tuple[Edit, ...] | None = None  # the author's changes on *base*, when known exactly


@dataclass(frozen=True)
class WordPlan:
    """What a document with tracked changes amounts to."""

    source: str
    proposals: tuple[Proposal, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    format_changes: int = 0
    moves: int = 0

    @property
    def requests(self) -> list[AmendRequest]:
        return [p.request for p in self.proposals]


def read_docx_bytes(path: Path) -> bytes:
    """The bytes of a document, refused when it is too large to be a text."""
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise InvalidInput(f"{path.name} has {size:,} bytes, more than the "
                           f"{MAX_DOCX_BYTES:,} a document may have", path=str(path),
                           hint="split the document")
    return path.read_bytes()


def open_package(data: bytes, source: str) -> DocxPackage:
    """The parts of a .docx, or InvalidInput with the reason it cannot be read."""
    try:
        return read_package(data, source)
    except DocxError as error:
        raise InvalidInput.from_format(error) from None


def open_document(data: bytes, source: str) -> WordDocument:
    """The paragraphs of a .docx, or InvalidInput with the reason it cannot be read."""
    return read_document(open_package(data, source))


def is_docx(path: Path) -> bool:
    """True for a file to read as a Word document: by its suffix, or by its first bytes (a
    zip archive, or the OLE file of a .doc or a password-protected document)."""
    if path.suffix.lower() in DOCX_SUFFIXES:
        return True
    with path.open("rb") as stream:
        head = stream.read(len(OLE_MAGIC))
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC)


def draft_from_docx(path: Path) -> tuple[TextManifest, dict[str, str], list[str]]:
    """The manifest and clause texts of a draft written in Word, and what was normalised."""
    document = open_document(read_docx_bytes(path), path.name)
    try:
        manifest, clauses = read_draft(document)
    except FormatError as error:
        raise InvalidInput.from_format(error) from None
    notes: list[str] = []
    kept: dict[str, str] = {}
    for clause_id, text in clauses.items():
        result = normalise(text)
        notes.extend(f"{path.name}, {clause_id}: {note}" for note in result.notes)
        problem = clause_text_problem(result.text)
        if problem is not None:
            raise InvalidInput(f"clause {clause_id}: {problem[0]}", path=str(path), hint=problem[1])
        kept[clause_id] = result.text
    return manifest, kept, notes


def sponsor_of(author: str) -> Sponsor | None:
    """The sponsor a revision's author names: 'Ms Anna SCHMIDT (Germany)' read into its
    parts, consolidate's 'AM 9 – Olena KOVALENKO (Ukraine)' to its sponsor, anything else as
    given (characters a sponsor cannot hold dropped); None for no author."""
    author = " ".join(author.split())
    own = _OWN_AUTHOR_RE.match(author)
    if own is not None:
        author = own.group("who") or ""
    if not author:
        return None
    for candidate in (author, re.sub(r"[();]+", " ", author)):
        try:
            return parse_sponsor(candidate)
        except SponsorError:
            continue
    return None


def tabling_date(stamp: str, default: str) -> str:
    """'2008-06-30T10:00:00Z' -> '2008-06-30'; *default* when there is no valid date."""
    match = _DATE_RE.match(stamp.strip())
    if match is None:
        return default
    try:
        _dt.date.fromisoformat(match.group(1))
    except ValueError:
        return default
    return match.group(1)


def _justification(group: Group, author: str, authors: set[str]) -> str:
    """The comments of the author in the group; else those of people who changed nothing."""
    own = [c for c in group.comments if c.author == author]
    chosen: list[Comment] = own or [c for c in group.comments if c.author not in authors]
    return "\n\n".join(dict.fromkeys(c.text for c in chosen if c.text))


class _Planner:
    """Turns the groups of one document into proposals, collecting the problems."""

    def __init__(self, session: TextState, tracked: TrackedDocument, *, against: str,
                 sponsor: Sponsor | None, status: Status, tabled: str) -> None:
        self.session = session
        self.tracked = tracked
        self.against = against
        self.sponsor = sponsor
        self.status = status
        self.tabled = tabled
        self.table = (ClauseTable.of_consolidation(session.consolidation)
                      if against == AGAINST_CONSOLIDATED else ClauseTable.of_text(session.text))
        originals = [o for g in tracked.groups for o in g.originals]
        self.matches = match_paragraphs(self.table, originals)
        self.problems: list[Problem] = []
        self.proposals: list[Proposal] = []
        self.cosponsors: tuple[Sponsor, ...] = ()
        self.justification = ""

    def plan(self) -> None:
        previous: list[Target | None] = []  # the last clause matched before each paragraph
        last: Target | None = None
        for match in self.matches:
            previous.append(last)
            last = match.target or last
        following = self._following()  # the first clause matched after each paragraph
        start = 0
        for group in self.tracked.groups:
            end = start + len(group.originals)
            if group.versions:
                before = previous[start]
                after = following[end - 1]
                authors = {v.author for v in group.versions}
                for version in group.versions:
                    self._version(group, version, self.matches[start:end], before, after,
                                  authors)
            start = end

    def _following(self) -> list[Target | None]:
        out: list[Target | None] = [None] * len(self.matches)
        nearest: Target | None = None
        for index in range(len(self.matches) - 1, -1, -1):
            out[index] = nearest
            nearest = self.matches[index].target or nearest
        return out

    def _target(self, original: Original, match: Match) -> Target | None:
        if match.target is None:
            self._problem(original, match, unmatched_reason(self.table, match), _HINT_UNMATCHED)
            return None
        if not match.target.amendable:
            self._problem(original, match, f"it is the fixed line '{match.target.key}', which "
                          "cannot be amended", "undo the change to that line")
            return None
        return match.target

    def _problem(self, original: Original, match: Match, reason: str, hint: str) -> None:
        numbered = f" (numbered {match.number})" if match.number is not None else ""
        message = f"paragraph {original.position} of the document{numbered} is changed, but {reason}"
        if all(p.message != message for p in self.problems):
            self.problems.append(Problem(message, self.tracked.source, None, hint))

    def _version(self, group: Group, version: Version, matches: Sequence[Match],
                 before: Target | None, after: Target | None, authors: set[str]) -> None:
        extra = dict(justification=_justification(group, version.author, authors),
                     tabled=tabling_date(version.date, self.tabled))
        sponsor = self.sponsor if version.author == SPONSOR_KEY else sponsor_of(version.author)
        kept = {p.original: p for p in version.paragraphs if p.original is not None}
        for index, (original, match) in enumerate(zip(group.originals, matches)):
            if is_blank(original.text):
                continue
            proposed = kept.get(index)
            body = proposed.text.rstrip("\n") if proposed is not None else ""
            if match.typed:
                body = strip_number(body)[0]
            if proposed is not None and body.strip() and body == match.body.rstrip("\n"):
                continue
            target = self._target(original, match)
            if target is None:
                continue
            if not body.strip():
                self._add(Action.DELETE, target, "", version, sponsor, extra, original.position)
            else:
                assert proposed is not None
                self._add(Action.MODIFY, target, body + target.tail, version, sponsor, extra,
                          original.position, _edits_on(original, match, proposed.edits, body))
        self._new_paragraphs(version, matches, before, after, sponsor, extra)

    def _new_paragraphs(self, version: Version, matches: Sequence[Match], before: Target | None,
                        after: Target | None, sponsor: Sponsor | None,
                        extra: dict[str, str]) -> None:
        paragraphs = version.paragraphs
        for index, paragraph in enumerate(paragraphs):
            if not _new(paragraph.original, matches) or is_blank(paragraph.text):
                continue
            previous = next((matches[p.original].target for p in reversed(paragraphs[:index])
                             if p.original is not None and matches[p.original].target), before)
            following = next((matches[p.original].target for p in paragraphs[index + 1:]
                              if p.original is not None and matches[p.original].target), after)
            placed = _place(previous, following)
            if placed is None:
                self.problems.append(Problem(
                    "a new paragraph cannot be placed: no paragraph of the document is a "
                    f"clause of text '{self.session.text_id}'", self.tracked.source, None,
                    _HINT_UNMATCHED))
                continue
            action, anchor = placed
            body = paragraph.text.rstrip("\n")
            if anchor.numbered or (following is not None and following.numbered):
                body = strip_number(body)[0]
            if body.strip():  # the line ends of the files next to it, which no document shows
                self._add(action, anchor, body + anchor.tail, version, sponsor, extra,
                          paragraph.position)

    def _add(self, action: Action, target: Target, proposed: str, version: Version,
             sponsor: Sponsor | None, extra: dict[str, str], position: int,
             edits: tuple[Edit, ...] | None = None) -> None:
        request = AmendRequest(
            action=action, clause=target.id, proposed=proposed, sponsor=sponsor,
            cosponsors=self.cosponsors, justification=extra["justification"] or self.justification,
            status=self.status, against=self.against,
            tabled=extra["tabled"], where=f"{self.tracked.source}")
        base = "" if action.inserts else target.text
        self.proposals.append(Proposal(request, target.label, base, proposed, version.author,
                                       position, edits))


def _edits_on(original: Original, match: Match, edits: tuple[Edit, ...] | None,
              body: str) -> tuple[Edit, ...] | None:
    """The author's edits moved from the paragraph (typed number and all) onto the clause's
    text, when they are known and fall within it; None otherwise (the texts are diffed)."""
    if edits is None:
        return None
    prefix = len(original.text.rstrip("\n")) - len(match.body) if match.typed else 0
    end = prefix + len(match.body)
    if any(e.start < prefix or e.end > end or (e.start == end and e.text.startswith("\n"))
           for e in edits):
        return None
    moved = tuple(Edit(e.start - prefix, e.end - prefix, e.text) for e in edits)
    return moved if apply_edits(match.body, moved) == body else None


def _new(original: int | None, matches: Sequence[Match]) -> bool:
    """True for a paragraph of a version that is no original one (or one with no text)."""
    return original is None or is_blank(matches[original].body)


def _place(previous: Target | None, following: Target | None) -> tuple[Action, Target] | None:
    """Where a new paragraph goes: after the clause before it, unless that is a heading or a
    fixed line and there is a clause after it (the new one is then of that clause's kind)."""
    if previous is not None and previous.amendable and previous.kind is not ClauseKind.HEADING:
        return Action.INSERT_AFTER, previous
    if following is not None:
        return Action.INSERT_BEFORE, following
    if previous is not None:
        return Action.INSERT_AFTER, previous
    return None


def _no_changes(document: WordDocument, tracked: TrackedDocument) -> InvalidInput:
    if tracked.ignored:
        return InvalidInput("the document's only tracked changes are the renumbering of the "
                            "paragraphs that consolidate writes, which is no amendment",
                            path=document.source, hint="track the changes to the text itself")
    count = tracked.format_changes
    what = "which is not an amendment" if count == 1 else "which are not amendments"
    formatting = (f" ({counted(count, 'formatting-only revision')}, {what})" if count else "")
    return InvalidInput(f"the document has no tracked insertions or deletions{formatting}",
                        path=document.source,
                        hint="turn on Track Changes (Review > Track Changes) before editing, or "
                             "compare the edited document with the original (Review > Compare)")


def plan_docx(session: TextState, data: bytes, source: str, *, sponsor: str | None = None,
              cosponsors: Sequence[str] = (), justification: str = "",
              against: str = "original", status: str = "tabled",
              tabled: str | None = None) -> WordPlan:
    """What the tracked changes of a document would table; raises InvalidInput (nothing is
    tabled) when the document cannot be read or a changed paragraph is no clause.

    *sponsor* is the sponsor of every change (else each author is); *cosponsors* are added to
    every amendment; *justification* is given to those without a comment.
    """
    document = open_document(data, source)
    given = _given_sponsor(sponsor, "--sponsor")
    others = tuple(s for s in (_given_sponsor(c, "--cosponsor") for c in cosponsors) if s)
    tracked = read_tracked(document, ignored={RENUMBERING_AUTHOR},
                           merged=SPONSOR_KEY if sponsor else None)
    if not any(group.changed for group in tracked.groups):
        raise _no_changes(document, tracked)
    planner = _Planner(session, tracked, against=against, sponsor=given, status=Status(status),
                       tabled=tabled or today())
    planner.cosponsors, planner.justification = others, justification
    planner.plan()
    if planner.problems:
        raise InvalidInput(planner.problems[0].message, problems=planner.problems)
    if not planner.proposals:
        raise InvalidInput("the tracked changes of the document change no clause", path=source,
                           hint="the changes cancel out, or only renumber the paragraphs")
    ordered = sorted(planner.proposals, key=lambda p: p.position)  # stable: then by date
    return WordPlan(source, tuple(ordered), tracked.notes, tracked.format_changes, tracked.moves)


def _given_sponsor(value: str | None, option: str) -> Sponsor | None:
    if not value:
        return None
    try:
        return parse_sponsor(value)
    except SponsorError as error:
        raise InvalidInput(f"{option}: {error}",
                           hint='write it as "Mr Pierre DUPONT (France)"') from None


def _refined(base: str, edits: Sequence[Edit]) -> list[Edit]:
    """The author's edits, each diffed word by word within its own stretch of the clause:
    what diffing the whole clause gives, for the cost of the changed words alone. Words
    replaced by words they mostly do not share (a passage rewritten, or put in another
    language) are left as one replacement: a diff would say nothing else."""
    out: list[Edit] = []
    for edit in widen_to_words(base, edits):
        old = base[edit.start:edit.end]
        if not old or not edit.text or not _related(old, edit.text):
            out.append(edit)
            continue
        local = word_edits(old, edit.text)
        out.extend(Edit(e.start + edit.start, e.end + edit.start, e.text) for e in local)
    return out


def _related(old: str, new: str) -> bool:
    """True when the two passages share at least half the words of the shorter one."""
    one, other = Counter(_WORD_RE.findall(old)), Counter(_WORD_RE.findall(new))
    shorter = min(sum(one.values()), sum(other.values()))
    return 2 * sum((one & other).values()) >= shorter


def describe(plan: WordPlan) -> list[str]:
    """The amending instruction of every proposal, with its sponsor and date (--dry-run)."""
    lines = []
    for proposal in plan.proposals:
        request = proposal.request
        edits: list[Edit] = []
        if request.action is Action.MODIFY and proposal.edits is not None:
            edits = _refined(proposal.base, proposal.edits)
        elif request.action is Action.MODIFY:
            edits = word_edits(proposal.base, proposal.proposed)
        words = instruction(request.action, proposal.label, proposal.base, edits,
                            proposal.proposed)
        who = request.sponsor.display if request.sponsor else "no sponsor"
        lines.append(f"{who}, {request.tabled}: {words}")
    return lines
