"""Tracked changes read as each author's version of the paragraphs they touch.

The body is cut into *groups*: a paragraph whose mark is inserted or deleted belongs to one
group with the paragraph after it (a paragraph inserted or deleted whole, split or joined);
every other paragraph is a group of its own. In each group:

- the *original* paragraphs are the text with every change rejected;
- each author's *version* is the text with that author's changes accepted and every other
  author's rejected. Its paragraphs are paired with the original ones they keep the most
  characters of: a pair is a paragraph changed (or emptied: deleted), an original paragraph
  left unpaired is deleted, a version paragraph with no original character is new.

Edits inside another author's insertion (a word typed into, or deleted from, words that X
inserted) change text that the original does not have: they belong to X's version, as if X
had written them, and a note says so. So does every insertion in a paragraph that is new
(no original text): a new paragraph is its inserter's. Revisions by *ignored* authors (the
renumbering that consolidate's own documents carry) are rejected in every version. Pure.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from consolidate.core.model import Edit
from consolidate.importers.numbering import ListCounter, ListNumber
from consolidate.importers.wordml import Comment, Piece, Revision, WordDocument, WordParagraph

Accepts = Callable[[Revision], bool]


@dataclass(frozen=True)
class Original:
    """A paragraph as it was before any change."""

    text: str
    position: int  # the document paragraph (from 1) it starts in
    number: ListNumber | None = None  # Word's automatic number, if any
    heading: bool = False


@dataclass(frozen=True)
class Proposed:
    """A paragraph of an author's version: its text, the original paragraph it is (None: a
    new paragraph), and the document paragraph (from 1) its text starts in."""

    text: str
    original: int | None = None  # index into Group.originals
    position: int = 0
    edits: tuple[Edit, ...] | None = None  # on the original's text, when known exactly


@dataclass(frozen=True)
class Version:
    """One author's version of a group's paragraphs."""

    author: str
    date: str  # the latest date among the author's revisions in the group
    paragraphs: tuple[Proposed, ...]


@dataclass(frozen=True)
class Group:
    """Paragraphs bound together by their marks; their original text and every version."""

    originals: tuple[Original, ...]
    versions: tuple[Version, ...] = ()
    comments: tuple[Comment, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.versions)


@dataclass(frozen=True)
class TrackedDocument:
    """A document's groups, in reading order, and what was counted on the way."""

    source: str
    groups: tuple[Group, ...]
    moves: int = 0  # stretches of text moved (``w:moveFrom``/``w:moveTo``)
    ignored: int = 0  # stretches of text changed by ignored authors
    format_changes: int = 0  # formatting-only revisions, not amendments
    notes: tuple[str, ...] = field(default_factory=tuple)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _groups(paragraphs: Sequence[WordParagraph], ignored: Collection[str]) -> list[list[WordParagraph]]:
    groups: list[list[WordParagraph]] = []
    current: list[WordParagraph] = []
    for paragraph in paragraphs:
        current.append(paragraph)
        marks = (paragraph.mark_inserted, paragraph.mark_deleted)
        if not any(m is not None and m.author not in ignored for m in marks):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _owner(paragraph: WordParagraph, ignored: Collection[str]) -> str | None:
    """The author a new paragraph (no original text) belongs to, if it is one."""
    live = [p for p in paragraph.pieces if p.inserted is None or p.inserted.author in ignored]
    if any(p.text for p in live):
        return None
    mark = paragraph.mark_inserted
    if mark is not None and mark.author not in ignored:
        return mark.author
    first = next((p.inserted for p in paragraph.pieces
                  if p.inserted is not None and p.inserted.author not in ignored), None)
    return first.author if first is not None else None


def _relabel(paragraph: WordParagraph, ignored: Collection[str]) -> tuple[WordParagraph, list[str]]:
    """Give edits inside an insertion to the inserting author (see the module docstring)."""
    pieces = list(paragraph.pieces)
    owners: list[str | None] = [p.inserted.author if p.inserted and p.inserted.author not in ignored
                                else None for p in pieces]
    whole = _owner(paragraph, ignored)
    if whole is not None:
        owners = [whole if owner is not None else None for owner in owners]
    else:
        start = 0
        while start < len(pieces):
            if owners[start] is None:
                start += 1
                continue
            end = start
            while end + 1 < len(pieces) and owners[end + 1] is not None:
                end += 1
            if owners[start] == owners[end]:
                owners[start:end + 1] = [owners[start]] * (end + 1 - start)
            start = end + 1
    moved: set[str] = set()
    for index, (piece, owner) in enumerate(zip(pieces, owners)):
        if owner is None or piece.inserted is None:
            continue
        inserted = piece.inserted if piece.inserted.author == owner else replace(
            piece.inserted, author=owner)
        deleted = piece.deleted
        if deleted is not None and deleted.author not in ignored and deleted.author != owner:
            moved.add(deleted.author)
            deleted = replace(deleted, author=owner)
        if piece.inserted.author != owner:
            moved.add(piece.inserted.author)
        pieces[index] = Piece(piece.text, inserted, deleted)
    notes = [f"paragraph {paragraph.index + 1} of the document: the changes of {who} inside "
             f"words inserted by another author are part of that author's amendment"
             for who in sorted(moved)]
    return replace(paragraph, pieces=tuple(pieces)), notes


def _kept(piece: Piece, accepts: Accepts) -> bool:
    if piece.inserted is not None and not accepts(piece.inserted):
        return False
    return piece.deleted is None or not accepts(piece.deleted)


def _mark_kept(paragraph: WordParagraph, accepts: Accepts, last: bool) -> bool:
    if last:
        return True
    if paragraph.mark_inserted is not None and not accepts(paragraph.mark_inserted):
        return False
    return paragraph.mark_deleted is None or not accepts(paragraph.mark_deleted)


def _origins(group: Sequence[WordParagraph]) -> list[int]:
    """For each paragraph of the group, the original paragraph its text is in."""
    never: Accepts = lambda revision: False  # noqa: E731 - the original: nothing accepted
    index, out = 0, []
    for position, paragraph in enumerate(group):
        out.append(index)
        if _mark_kept(paragraph, never, position == len(group) - 1):
            index += 1
    return out


@dataclass(frozen=True)
class _Op:
    """What a piece of text is in a version: kept, deleted or inserted, at an offset of
    the original paragraph *origin*."""

    kind: str  # "keep", "delete", "insert"
    origin: int
    start: int
    end: int
    text: str = ""


@dataclass
class _Draft:
    opened: int  # the document paragraph (from 1) where it began
    text: list[str] = field(default_factory=list)
    shares: dict[int, int] = field(default_factory=dict)
    ops: list[_Op] = field(default_factory=list)
    start: int | None = None  # the document paragraph of its first character
    mark: int | None = None  # the group paragraph whose original mark ends it

    def add(self, piece: Piece, origin: int, position: int) -> None:
        self.text.append(piece.text)
        if self.start is None and piece.text.strip():
            self.start = position
        if piece.inserted is None:
            self.shares[origin] = self.shares.get(origin, 0) + len(piece.text)


def _view(group: Sequence[WordParagraph], origins: list[int], accepts: Accepts) -> list[_Draft]:
    drafts = [_Draft(group[0].index + 1)]
    offsets: dict[int, int] = {}
    for position, paragraph in enumerate(group):
        origin = origins[position]
        for piece in paragraph.pieces:
            kept = _kept(piece, accepts)
            at = offsets.get(origin, 0)
            if piece.inserted is None:
                offsets[origin] = at + len(piece.text)
                kind = "keep" if kept else "delete"
                drafts[-1].ops.append(_Op(kind, origin, at, at + len(piece.text)))
            elif kept:
                drafts[-1].ops.append(_Op("insert", origin, at, at, piece.text))
            if kept:
                drafts[-1].add(piece, origin, paragraph.index + 1)
        last = position == len(group) - 1
        if _mark_kept(paragraph, accepts, last):
            if paragraph.mark_inserted is None or last:
                drafts[-1].mark = position
            following = group[position + 1].index + 1 if not last else 0
            drafts.append(_Draft(following))
    return drafts[:-1]


def _edits(draft: _Draft, origin: int, original: str) -> tuple[Edit, ...] | None:
    """The version's changes as edits on the original paragraph, when the version is that
    paragraph and nothing else (else None: the caller diffs the two texts)."""
    if any(op.origin != origin for op in draft.ops):
        return None
    covered = sum(op.end - op.start for op in draft.ops if op.kind != "insert")
    text = "".join(draft.text)
    if covered != len(original) or _nfc(original) != original or _nfc(text) != text:
        return None
    edits: list[Edit] = []
    for op in draft.ops:
        if op.kind == "keep":
            continue
        last = edits[-1] if edits else None
        if last is not None and last.end == op.start:  # a deletion and an insertion: one edit
            edits[-1] = Edit(last.start, op.end, last.text + op.text)
        else:
            edits.append(Edit(op.start, op.end, op.text))
    return tuple(e for e in edits if e.start != e.end or e.text)


def _pair(drafts: list[_Draft], originals: Sequence[str], marks: dict[int, int]) -> list[Proposed]:
    """Pair each version paragraph with the original paragraph it keeps most of; one that
    keeps nothing is the original paragraph that ends with the same paragraph mark (its
    text was replaced whole), if that one is not paired yet."""
    candidates = sorted(((-share, view, origin) for view, draft in enumerate(drafts)
                         for origin, share in draft.shares.items() if share > 0))
    paired: dict[int, int] = {}
    taken: set[int] = set()
    for _, view, origin in candidates:
        if view not in paired and origin not in taken:
            paired[view] = origin
            taken.add(origin)
    for view, draft in enumerate(drafts):
        same = marks.get(draft.mark) if draft.mark is not None else None
        if view not in paired and same is not None and same not in taken:
            paired[view] = same
            taken.add(same)
    out = []
    for view, draft in enumerate(drafts):
        found = paired.get(view)
        edits = _edits(draft, found, originals[found]) if found is not None else None
        out.append(Proposed(_nfc("".join(draft.text)), found, draft.start or draft.opened,
                            edits))
    return out


def _original_marks(group: Sequence[WordParagraph], origins: list[int]) -> dict[int, int]:
    """Group paragraph whose mark ends an original paragraph -> that paragraph's index."""
    return {position: origins[position] for position, paragraph in enumerate(group)
            if paragraph.mark_inserted is None or position == len(group) - 1}


def _authors(group: Sequence[WordParagraph], ignored: Collection[str]) -> dict[str, str]:
    """Each author of the group's revisions, with their latest revision date."""
    found: dict[str, str] = {}
    for paragraph in group:
        revisions = [paragraph.mark_inserted, paragraph.mark_deleted]
        for piece in paragraph.pieces:
            revisions.extend((piece.inserted, piece.deleted))
        for revision in revisions:
            if revision is not None and revision.author not in ignored:
                found[revision.author] = max(found.get(revision.author, ""), revision.date)
    return found


class _Reader:
    """Reads the groups of one document, numbering the original paragraphs as it goes."""

    def __init__(self, document: WordDocument, ignored: Collection[str], merged: str | None):
        self.document = document
        self.ignored = ignored
        self.merged = merged
        self.counter = ListCounter(document.numbering)
        self.notes: list[str] = []

    def group(self, raw: Sequence[WordParagraph]) -> Group:
        group: list[WordParagraph] = []
        for paragraph in raw:
            relabelled, notes = _relabel(paragraph, self.ignored) if paragraph.tracked \
                else (paragraph, [])
            group.append(relabelled)
            self.notes.extend(notes)
        origins = _origins(group)
        originals = self._originals(group, origins)
        authors = _authors(group, self.ignored)
        comments = tuple(self.document.comments[c] for p in group for c in p.comments
                         if c in self.document.comments)
        if not authors:
            return Group(originals, (), comments)
        original_texts = [o.text for o in originals]
        raw_texts = self._raw_originals(group, origins)
        marks = _original_marks(group, origins)
        versions = []
        for author, date in self._who(authors):
            accepts = self._accepts(author)
            proposed = _pair(_view(group, origins, accepts), raw_texts, marks)
            if [p.text for p in proposed] == original_texts and all(
                    p.original == i for i, p in enumerate(proposed)):
                continue
            versions.append(Version(author, date, tuple(proposed)))
        return Group(originals, tuple(versions), comments)

    def _who(self, authors: dict[str, str]) -> list[tuple[str, str]]:
        if self.merged is not None:
            return [(self.merged, max(authors.values()))]
        return sorted(authors.items(), key=lambda item: (item[1], item[0]))

    def _accepts(self, author: str) -> Accepts:
        ignored = self.ignored
        if author == self.merged:
            return lambda revision: revision.author not in ignored
        return lambda revision: revision.author == author

    @staticmethod
    def _raw_originals(group: list[WordParagraph], origins: list[int]) -> list[str]:
        texts: dict[int, list[str]] = {}
        for paragraph, index in zip(group, origins):
            texts.setdefault(index, []).extend(p.text for p in paragraph.pieces
                                               if p.inserted is None)
        return ["".join(texts[i]) for i in sorted(texts)]

    def _originals(self, group: list[WordParagraph], origins: list[int]) -> tuple[Original, ...]:
        texts: dict[int, list[str]] = {}
        starts: dict[int, int] = {}
        last: dict[int, WordParagraph] = {}
        for paragraph, index in zip(group, origins):
            own = [p.text for p in paragraph.pieces if p.inserted is None]
            if index not in starts or (not "".join(texts[index]).strip() and "".join(own).strip()):
                starts[index] = paragraph.index + 1  # where its first character is
            last[index] = paragraph  # a paragraph's properties are its (last) mark's
            texts.setdefault(index, []).extend(own)
        out = []
        for index in sorted(starts):
            text = _nfc("".join(texts[index]))
            owner = last[index]
            number = self.counter.number(owner.numbering) if text.strip() else None
            heading = owner.outline is not None or owner.style.casefold() == "title"
            out.append(Original(text, starts[index], number, heading))
        return tuple(out)


def read_tracked(document: WordDocument, *, ignored: Collection[str] = (),
                 merged: str | None = None) -> TrackedDocument:
    """Every group of *document*, with the versions of its authors.

    *ignored* authors' revisions are rejected everywhere; with *merged*, all other authors
    are one, named *merged* (a sponsor given for the whole document).
    """
    reader = _Reader(document, frozenset(ignored), merged)
    groups = tuple(reader.group(raw) for raw in _groups(document.paragraphs, reader.ignored))
    revisions = [r for paragraph in document.paragraphs for piece in paragraph.pieces
                 for r in (piece.inserted, piece.deleted) if r is not None]
    moves = sum(1 for r in revisions if r.move)
    ignored_count = sum(1 for r in revisions if r.author in reader.ignored)
    return TrackedDocument(document.source, groups, moves, ignored_count,
                           document.format_changes, tuple(reader.notes))
