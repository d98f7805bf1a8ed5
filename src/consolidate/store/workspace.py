"""The workspace on disk: texts/ and amendments/ in a git repository.

Reading collects every problem it meets (file, line, reason) so that one run reports them all;
writing is atomic and happens under the workspace lock, followed by one commit.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from consolidate.core.amendment_format import (
    AmendmentFormatError,
    ReadBack,
    parse_amendment,
    read_back,
)
from consolidate.core.errors import InvalidInput
from consolidate.core.ids import ID_HINT, case_twin, case_twins, id_problem
from consolidate.core.model import Amendment, ClauseKind, Problem, Text
from consolidate.core.normalise import clause_text_problem
from consolidate.core.numbering import is_final, shared_numbers
from consolidate.core.text_format import (
    TextFormatError,
    TextManifest,
    build_text,
    clause_path,
    manifest_readback_problem,
    parse_manifest,
    render_manifest,
)
from consolidate.core.votelist import OrderFileError, parse_order_file
from consolidate.store.files import atomic_write, confined, folder_listing, read_regular
from consolidate.store.gitrepo import GitRepo, text_blob_id
from consolidate.store.known_files import KnownFiles
from consolidate.store.reading import read_clause, read_workspace_file
from consolidate.store.transaction import Transaction, recover

TEXTS = "texts"
AMENDMENTS = "amendments"
MANIFEST = "text.toml"
BASES = "bases"


@dataclass(frozen=True)
class AmendmentSet:
    """The amendments of one text as read from disk, and the problems met reading them."""

    amendments: tuple[Amendment, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()


class Workspace:
    """One consolidate workspace (a git repository with texts/ and amendments/)."""

    # Files already parsed, by path and content (the manifest), or None: set by the reader
    # that keeps them (app/state.py); a file is only looked up by its whole content.
    parsed: MutableMapping[tuple[str, str], object] | None = None
    # What the files held when last read, by their signature (store/known_files.py), or None.
    known: KnownFiles | None = None

    def __init__(self, root: Path) -> None:
        self.git = GitRepo(Path(root))
        self.root = self.git.root
        recover(self.git)  # finish a change a killed process left half done
        for folder in (TEXTS, AMENDMENTS):
            self._inside(self.root / folder)
        if not (self.root / TEXTS).is_dir():
            raise InvalidInput(
                f"{self.root} is not a consolidate workspace: it has no {TEXTS}/ directory",
                hint="run `consolidate init` to make one, or `consolidate import` a text",
            )

    # -- paths ------------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        """*path* (inside the workspace) relative to its root, with forward slashes."""
        full, root = str(path), str(self.root)
        # the paths are built from the root: cutting it off is what relative_to does, faster
        if full.startswith(root) and full[len(root):len(root) + 1] == os.sep and os.sep == "/":
            return full[len(root) + 1:]
        return path.relative_to(self.root).as_posix()

    def text_dir(self, text_id: str) -> Path:
        return self.root / TEXTS / text_id

    def clause_path(self, text_id: str, clause_id: str) -> Path:
        return self.text_dir(text_id) / f"{clause_id}.txt"

    def amendments_dir(self, text_id: str) -> Path:
        return self.root / AMENDMENTS / text_id

    def amendment_path(self, text_id: str, amendment_id: str) -> Path:
        return self.amendments_dir(text_id) / f"{amendment_id}.patch"

    def base_snapshot_path(self, text_id: str, blob: str) -> Path:
        return self.amendments_dir(text_id) / BASES / f"{blob}.txt"

    def _inside(self, path: Path) -> Path:
        """Refuse a path that leads out of the workspace through a symbolic link (the file's or
        a folder's on its way)."""
        if self._no_link_on_the_way(path):
            return path
        target = path.resolve()
        if not target.is_relative_to(self.root.resolve()):
            rel = self.rel(path)
            raise InvalidInput(
                f"{rel} leads outside the workspace (to {target}) through a symbolic link",
                path=rel, hint="replace the link with the file or folder itself",
            )
        return path

    def _no_link_on_the_way(self, path: Path) -> bool:
        """True when no part of *path* below the root is a symbolic link (or `..`): then it
        stays inside without resolving it (a few lstat calls, where resolving costs a
        realpath of every part: thousands of amendment files are read per command)."""
        full, root = str(path), str(self.root)
        if not full.startswith(root + os.sep):
            return False
        current = root
        for part in full[len(root) + 1:].split(os.sep):
            if part in ("", ".", ".."):
                return False
            current = os.path.join(current, part)
            if os.path.islink(current):
                return False
        return True

    def _checked(self, path: Path) -> Path:
        """Refuse a file that leads out of the workspace, or that is not a regular file."""
        return self._inside(path)

    def _read_file(self, path: Path) -> str:
        """A workspace file's text: inside the workspace, a regular file (a pipe is never
        opened for reading, so no command hangs), UTF-8."""
        rel = self.rel(path)
        return read_workspace_file(self._checked(path), rel)

    def _read_listed(self, path: str, rel: str, is_link: bool,
                     reader: Callable[..., str] = read_workspace_file) -> str:
        """A file found by listing its folder, which was checked (:meth:`_inside`): a file
        that is not a link is read without looking at its way again, nor following a link it
        became since; a link is checked as any path is. (*path* is a string: thousands of
        files are read per command, and a Path costs more to make than the file to read.)
        A file unchanged since the last command read it is not read again (:attr:`known`)."""
        if not is_link:
            try:
                if self.known is None:
                    return reader(path, rel, follow_link=False)
                return self.known.text(path, (rel, reader.__name__),
                                       partial(reader, path, rel, follow_link=False))
            except OSError as error:
                if error.errno != errno.ELOOP:  # ELOOP: it became a link since the listing
                    raise
        return reader(self._checked(Path(path)), rel)

    # -- texts ------------------------------------------------------------------------------

    def text_ids(self) -> list[str]:
        base = self.root / TEXTS
        return sorted(p.name for p in base.iterdir() if (p / MANIFEST).is_file())

    def resolve_text_id(self, text_id: str | None) -> str:
        """The text a command works on: the one given, or the only one in the workspace."""
        ids = self.text_ids()
        if text_id is not None:
            problem = id_problem(text_id)
            if problem is not None:
                raise InvalidInput(f"{text_id!r} is not a valid text id: it {problem}",
                                   hint=ID_HINT)
            if text_id not in ids:
                known = ", ".join(ids) or "none"
                raise InvalidInput(f"there is no text '{text_id}' in the workspace (texts: {known})",
                                   hint="pass one of the texts with --text")
            twin = case_twin(text_id, ids)
            if twin is not None:
                raise InvalidInput(f"the texts '{twin}' and '{text_id}' differ only by case: they "
                                   "are one folder on macOS and Windows",
                                   hint="rename one of them (texts/ and amendments/ folders, and "
                                        "the Text header of its amendments)")
            return text_id
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise InvalidInput("the workspace holds no text yet",
                               hint="import one with `consolidate import FILE --text ID`")
        raise InvalidInput(f"the workspace holds several texts ({', '.join(ids)})",
                           hint="say which one with --text ID")

    def load_manifest(self, text_id: str) -> TextManifest:
        path = self._checked(self.text_dir(text_id) / MANIFEST)
        rel = self.rel(path)
        try:
            return self._parse_manifest(self._read_file(path), rel)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=error.problem.path or rel,
                               line=error.problem.line, hint=error.problem.hint) from None

    def _parse_manifest(self, content: str, rel: str) -> TextManifest:
        """:func:`parse_manifest`, or what it gave for the same path and content (see
        :attr:`parsed`): a big code's manifest takes longer to read than all its clauses."""
        key = (rel, content)
        found = self.parsed.get(key) if self.parsed is not None else None
        if not isinstance(found, TextManifest):
            found = parse_manifest(content, rel)
            if self.parsed is not None:
                self.parsed[key] = found
        return found

    def load_text(self, text_id: str) -> Text:
        manifest = self.load_manifest(text_id)
        folder = self._inside(self.text_dir(text_id))
        base, listing = self.rel(folder), folder_listing(folder, ".txt")
        clause_texts: dict[str, str] = {}
        for entry in manifest.entries:
            name = f"{entry.id}.txt"
            if entry.text is None and name in listing:
                clause_texts[entry.id] = self._read_listed(f"{folder}/{name}", f"{base}/{name}",
                                                           listing[name], read_clause)
        self._refuse_unlisted(text_id, manifest, listing)
        try:
            return build_text(text_id, manifest, clause_texts)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=error.problem.path,
                               line=error.problem.line, hint=error.problem.hint) from None

    def _refuse_unlisted(self, text_id: str, manifest: TextManifest, names: Iterable[str]) -> None:
        """A clause file (among *names*, the text folder's) that text.toml does not list is
        refused (docs/format.md)."""
        listed = {f"{entry.id}.txt" for entry in manifest.entries if entry.text is None}
        stray = sorted(name for name in names if name not in listed)
        if stray:
            rel = f"{TEXTS}/{text_id}/{stray[0]}"
            raise InvalidInput(
                f"{rel} is not a clause listed in {TEXTS}/{text_id}/{MANIFEST}", path=rel,
                hint="add it to the clause list of text.toml, or remove the file (a new clause "
                     "comes in through an amendment)")

    def write_text(self, text_id: str, manifest: TextManifest, clauses: dict[str, str],
                   tx: Transaction | None = None) -> list[str]:
        """Write a text's manifest and clause files; returns the paths written.

        Nothing is written unless every file would read back as it is meant: refused
        (:class:`InvalidInput`, naming the file) otherwise.
        """
        problems = self.text_problems(text_id, manifest, clauses)
        if problems:
            raise InvalidInput(problems[0].message, problems=problems)
        written = [self.rel(self.text_dir(text_id) / MANIFEST)]
        self._write(written[0], render_manifest(manifest), tx)
        for clause_id, content in clauses.items():
            written.append(self.rel(self.clause_path(text_id, clause_id)))
            self._write(written[-1], content, tx)
        return written

    def text_problems(self, text_id: str, manifest: TextManifest,
                      clauses: dict[str, str]) -> list[Problem]:
        """Why the text's files would not read back as they are meant (empty: they would)."""
        manifest_path = self.rel(self.text_dir(text_id) / MANIFEST)
        problem = id_problem(text_id)
        if problem is not None:
            return [Problem(f"{text_id!r} is not a valid text id: it {problem}", manifest_path,
                            None, ID_HINT)]
        found = manifest_readback_problem(manifest, manifest_path)
        problems = [found] if found is not None else []
        listed = {e.id for e in manifest.entries if e.kind is not ClauseKind.FIXED}
        for clause_id, content in clauses.items():
            path = clause_path(text_id, clause_id)
            if clause_id not in listed:
                problems.append(Problem(f"{path} is not a clause listed in {manifest_path}",
                                        path, None, "list the clause in the manifest"))
                continue
            bad = clause_text_problem(content)
            if bad is None and not _encodable(content):
                bad = ("the text holds half of a UTF-16 pair, which is not a character",
                       "send the text as UTF-8", None)
            if bad is not None:
                problems.append(Problem(f"the clause cannot be written: {bad[0]}", path, bad[2],
                                        bad[1]))
        return problems

    def _write(self, rel: str, content: str, tx: Transaction | None) -> None:
        if tx is not None:
            tx.write(rel, content)
        else:
            atomic_write(confined(self.root, rel), content.encode("utf-8"), follow_links=False)

    # -- amendments -------------------------------------------------------------------------

    def load_amendments(self, text_id: str,
                        parsed: dict[tuple[str, str], Amendment] | None = None) -> AmendmentSet:
        """Every amendment file of the text; the ones that break the format become problems.

        *parsed* (path and content -> amendment) saves parsing again a file that has not
        changed since the last read.
        """
        amendments: list[Amendment] = []
        problems: list[Problem] = []
        for rel, read in self._amendment_files(text_id):
            try:
                content = read()
                amendment = parsed.get((rel, content)) if parsed is not None else None
                if amendment is None:
                    amendment = parse_amendment(content, rel)
                    if parsed is not None:
                        parsed[(rel, content)] = amendment
            except AmendmentFormatError as error:
                problems.append(error.problem)
                continue
            except InvalidInput as error:
                problems.extend(error.problems)
                continue
            problems.extend(self._identity_problems(amendment, rel, text_id))
            amendments.append(amendment)
        refused, shared = _duplicate_numbers(amendments)
        problems.extend(_case_twin_ids(amendments))
        return AmendmentSet(tuple(amendments), tuple(problems + refused), tuple(shared))

    def _amendment_files(self, text_id: str) -> list[tuple[str, Callable[[], str]]]:
        """(path, reader of its text) of each amendment file, in name order."""
        folder = self.amendments_dir(text_id)
        if not folder.is_dir():
            return []
        self._inside(folder)
        base, listing = self.rel(folder), folder_listing(folder, ".patch")
        return [(f"{base}/{name}",
                 partial(self._read_listed, f"{folder}/{name}", f"{base}/{name}", listing[name]))
                for name in sorted(listing)]

    def _identity_problems(self, amendment: Amendment, rel: str, text_id: str) -> list[Problem]:
        stem = rel.rsplit("/", 1)[-1].removesuffix(".patch")
        out = []
        if amendment.id != stem:
            out.append(Problem(f"the file is named '{stem}' but its Id is '{amendment.id}'",
                               rel, 1, "make the file name and the Id header the same"))
        if amendment.text_id != text_id:
            out.append(Problem(f"it is in amendments/{text_id}/ but names text '{amendment.text_id}'",
                               rel, None, f"set 'Text: {text_id}' or move the file"))
        return out

    def write_amendments(self, amendments: Iterable[Amendment],
                         tx: Transaction | None = None) -> list[str]:
        """Write amendment files; returns the paths written.

        Every file is first rendered and read back with the reader every command uses:
        when one would not read back as the amendment it is meant to be, nothing is
        written (:class:`InvalidInput` naming the file and the value).
        """
        return self.write_read_back([self.amendment_file(a) for a in amendments], tx)

    def amendment_file(self, amendment: Amendment) -> ReadBack:
        """*amendment*'s file rendered and read back from its path (:func:`read_back`); the
        problem, if any, names the file."""
        # what rel(amendment_path(...)) gives for valid ids, and a name for invalid ones
        rel = f"{AMENDMENTS}/{amendment.text_id}/{amendment.id}.patch"
        found = read_back(replace(amendment, source=rel))
        return found if found.problem is None else replace(found, problem=replace(found.problem,
                                                                                  path=rel))

    def write_read_back(self, files: Sequence[ReadBack], tx: Transaction | None = None) -> list[str]:
        """Write amendment files already read back (:meth:`amendment_file`); refused, writing
        nothing, when one does not read back as itself or the order file would name another
        amendment. What each file reads back as is remembered as parsed (:attr:`parsed`), so
        the next read of the workspace does not parse it again."""
        problems = [f.problem for f in files if f.problem is not None]
        written = [f.parsed for f in files if f.parsed is not None]
        problems += self._order_file_problems(written) if not problems else []
        if problems:
            raise InvalidInput(problems[0].message, problems=problems)
        for content, amendment in ((f.content, f.parsed) for f in files if f.parsed):
            self._write(amendment.source, content, tx)  # read back from its path: the source
            if self.parsed is not None:
                self.parsed[(amendment.source, content)] = amendment
        return [a.source for a in written]

    def _order_file_problems(self, written: Sequence[Amendment]) -> list[Problem]:
        """The chair's order file must name the same amendments once *written* are: a new
        id, or a number changed, must not make a line name another amendment."""
        problems = []
        for text_id in sorted({a.text_id for a in written}):
            found = self.read_order_file(text_id)
            if found is None:
                continue
            rel, content = found
            current = list(self.load_amendments(text_id).amendments)
            changed = {a.id: a for a in written if a.text_id == text_id}
            after = [changed.pop(a.id, a) for a in current] + list(changed.values())
            problem = order_file_change(content, rel, current, after)
            if problem is not None:
                problems.append(problem)
        return problems

    def read_order_file(self, text_id: str) -> tuple[str, str] | None:
        """(path, content) of the chair's voting order file of the text, if there is one."""
        path = self.amendments_dir(text_id) / "order.txt"
        if not path.exists() and not path.is_symlink():
            return None
        return self.rel(path), self._read_file(path)

    # -- bases ------------------------------------------------------------------------------

    def base_texts(self, text_id: str, text: Text, amendments: Sequence[Amendment]) -> dict[str, str]:
        """The text of every base the amendments name that can be found (blob id -> text)."""
        wanted = {a.base for a in amendments}
        found: dict[str, str] = {}
        for clause in text.clauses:
            blob = text_blob_id(clause.text)
            if blob in wanted:
                found[blob] = clause.text
        for blob in wanted - found.keys():
            snapshot = self.base_snapshot_path(text_id, blob)
            if snapshot.is_file():
                content = read_regular(self._checked(snapshot), self.rel(snapshot))
                if text_blob_id(content.decode("utf-8", "replace")) == blob:
                    found[blob] = content.decode("utf-8")
        missing = wanted - found.keys()
        for blob, data in self.git.read_blobs(sorted(missing)).items():
            try:
                found[blob] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
        return found


def _order_ids(content: str, source: str, amendments: Sequence[Amendment]) -> tuple[str, ...] | Problem:
    try:
        return parse_order_file(content, source, amendments).ids
    except OrderFileError as error:
        return error.problem


def order_file_change(content: str, source: str, before: Sequence[Amendment],
                      after: Sequence[Amendment]) -> Problem | None:
    """Why the order file *content* would name other amendments (or none) with the amendments
    *after* than with those *before*; None when it reads the same (or did not read before)."""
    old, new = _order_ids(content, source, before), _order_ids(content, source, after)
    if isinstance(old, Problem) or old == new:
        return None
    hint = "name the amendments by id in the order file (`consolidate list` shows them)"
    if isinstance(new, Problem):
        return Problem(f"the order file would no longer read once these amendments are "
                       f"written: {new.message}", source, new.line, hint)
    place = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    was = old[place] if place < len(old) else "nothing"
    becomes = new[place] if place < len(new) else "nothing"
    return Problem(f"the order file's amendment {place + 1} would be {becomes} instead of {was} "
                   "once these amendments are written", source, None, hint)


def _encodable(content: str) -> bool:
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _case_twin_ids(amendments: Sequence[Amendment]) -> list[Problem]:
    by_id = {a.id: a for a in amendments}
    return [Problem(f"amendment ids '{first}' and '{later}' differ only by case: they are one "
                    "file on macOS and Windows", by_id[later].source, 1,
                    "rename one of the two files (and its Id)")
            for first, later in case_twins(a.id for a in amendments)]


def _duplicate_numbers(amendments: Sequence[Amendment]) -> tuple[list[Problem], list[Problem]]:
    """Numbers used by several amendments: refused when two of them are final (a duplicate
    written by hand); a warning when all but one are provisional (two clones tabled at once:
    `consolidate sync` or `consolidate number` reconciles them)."""
    refused, shared = [], []
    for number, members in shared_numbers(amendments).items():
        final = [a for a in members if is_final(a)]
        names = ", ".join(a.id for a in members)
        if len(final) > 1:
            refused.append(Problem(
                f"amendment number {number} is used by {names}", final[1].source, None,
                "give each amendment its own Number"))
        else:
            shared.append(Problem(
                f"AM {number} is the provisional number of {names} until it is reconciled",
                members[-1].source, None,
                "run `consolidate sync` (or `consolidate number` without a remote)"))
    return refused, shared
