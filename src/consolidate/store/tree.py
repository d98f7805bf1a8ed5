"""The workspace as it was at a revision: read-only.

:class:`TreeWorkspace` reads ``texts/`` and ``amendments/`` from the tree of a commit (a tag,
a branch, a commit id) into the same model objects as :class:`Workspace` reads from disk; it
never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from consolidate.core.errors import InvalidInput
from consolidate.core.model import EMPTY_BLOB_ID, Amendment, Text
from consolidate.core.text_format import TextFormatError, TextManifest, build_text
from consolidate.core.votelist import ORDER_FILE
from consolidate.store.gitrepo import GitRepo, TreeEntry, text_blob_id
from consolidate.store.transaction import Transaction
from consolidate.store.workspace import AMENDMENTS, BASES, MANIFEST, TEXTS, Workspace


class TreeWorkspace(Workspace):
    """The workspace as committed at one revision; read-only."""

    def __init__(self, root: Path, rev: str) -> None:
        self.git = GitRepo(Path(root))
        self.root = self.git.root
        self.rev = rev
        self.commit = self.git.resolve(rev)
        self._listings: dict[str, dict[str, TreeEntry]] = {}
        if self._listing("").get(TEXTS, TreeEntry("", "")).kind != "tree":
            raise InvalidInput(f"at {rev} the workspace has no {TEXTS}/ directory",
                               hint="give a later revision")

    # -- reading the tree -------------------------------------------------------------------
    # A folder is listed once (git ls-tree) and its files read in one batch (git cat-file).

    def _listing(self, folder: str) -> dict[str, TreeEntry]:
        """name -> entry of *folder* ("" for the root)."""
        if folder not in self._listings:
            found = self.git.ls_tree(self.commit, folder)
            self._listings[folder] = {path.rsplit("/", 1)[-1]: entry
                                      for path, entry in found.items()}
        return self._listings[folder]

    def _contents(self, folder: str, names: Sequence[str]) -> dict[str, bytes]:
        """The bytes of the files *names* of *folder* that exist (one git process)."""
        listing = self._listing(folder)
        wanted = {name: listing[name].sha for name in names
                  if name in listing and listing[name].kind == "blob"}
        data = self.git.read_blobs(wanted.values())
        return {name: data[sha] for name, sha in wanted.items() if sha in data}

    def _decode(self, rel: str, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidInput(f"byte {error.start} is not UTF-8 (at {self.rev})", path=rel,
                               line=data[: error.start].count(b"\n") + 1) from None

    def _read(self, rel: str) -> str | None:
        folder, _, name = rel.rpartition("/")
        found = self._contents(folder, [name])
        return self._decode(rel, found[name]) if name in found else None

    def text_ids(self) -> list[str]:
        folders = [n for n, entry in self._listing(TEXTS).items() if entry.kind == "tree"]
        return sorted(n for n in folders if MANIFEST in self._listing(f"{TEXTS}/{n}"))

    def resolve_text_id(self, text_id: str | None) -> str:
        try:
            return super().resolve_text_id(text_id)
        except InvalidInput as error:
            raise InvalidInput(f"at {self.rev}: {error.problem.message}",
                               hint=error.problem.hint) from None

    def load_manifest(self, text_id: str) -> TextManifest:
        rel = f"{TEXTS}/{text_id}/{MANIFEST}"
        content = self._read(rel)
        if content is None:
            raise InvalidInput(f"there is no text '{text_id}' at {self.rev}", path=rel)
        try:
            return self._parse_manifest(content, rel)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=rel, line=error.problem.line,
                               hint=error.problem.hint) from None

    def load_text(self, text_id: str) -> Text:
        manifest = self.load_manifest(text_id)
        folder = f"{TEXTS}/{text_id}"
        names = [f"{entry.id}.txt" for entry in manifest.entries if entry.text is None]
        clauses = {name[:-4]: self._decode(f"{folder}/{name}", data)
                   for name, data in self._contents(folder, names).items()}
        self._refuse_unlisted(text_id, manifest, self._clause_file_names(text_id))
        try:
            return build_text(text_id, manifest, clauses)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=error.problem.path,
                               line=error.problem.line, hint=error.problem.hint) from None

    def _clause_file_names(self, text_id: str) -> list[str]:
        return [n for n, entry in self._listing(f"{TEXTS}/{text_id}").items()
                if n.endswith(".txt") and not n.startswith(".") and entry.kind == "blob"]

    def _amendment_files(self, text_id: str) -> list[tuple[str, Callable[[], str]]]:
        folder = f"{AMENDMENTS}/{text_id}"
        names = sorted(n for n, entry in self._listing(folder).items()
                       if entry.kind == "blob" and n.endswith(".patch"))
        files = self._contents(folder, names)
        return [(f"{folder}/{name}", partial(self._decode, f"{folder}/{name}", files.get(name, b"")))
                for name in names]

    def base_texts(self, text_id: str, text: Text, amendments: Sequence[Amendment]) -> dict[str, str]:
        wanted = {a.base for a in amendments}
        found = {text_blob_id(c.text): c.text for c in text.clauses if text_blob_id(c.text) in wanted}
        if EMPTY_BLOB_ID in wanted:
            found[EMPTY_BLOB_ID] = ""  # the base of every new clause, in no tree perhaps
        for blob in sorted(wanted - found.keys()):
            snapshot = self._read(f"{AMENDMENTS}/{text_id}/{BASES}/{blob}.txt")
            if snapshot is not None and text_blob_id(snapshot) == blob:
                found[blob] = snapshot
        for blob, data in self.git.read_blobs(wanted - found.keys()).items():
            try:
                found[blob] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
        return found

    def read_order_file(self, text_id: str) -> tuple[str, str] | None:
        rel = f"{AMENDMENTS}/{text_id}/{ORDER_FILE}"
        content = self._read(rel)
        return None if content is None else (rel, content)

    # -- never writing ------------------------------------------------------------------------

    def write_text(self, text_id: str, manifest: TextManifest, clauses: dict[str, str],
                   tx: Transaction | None = None) -> list[str]:
        raise read_only(self.rev)

    def write_amendments(self, amendments: Iterable[Amendment],
                         tx: Transaction | None = None) -> list[str]:
        raise read_only(self.rev)


def read_only(rev: str) -> InvalidInput:
    return InvalidInput(f"the workspace as it was at {rev} is read-only",
                        hint="leave out --at to change the workspace as it is now")
