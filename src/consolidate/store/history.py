"""The workspace as it was at a revision, and the stages of a text in its git history.

:class:`TreeWorkspace` reads ``texts/`` and ``amendments/`` from the tree of a commit (a tag,
a branch, a commit id) into the same model objects as :class:`Workspace` reads from disk; it
never writes. A *stage* is a commit made by ``consolidate promote``: its message starts with
:data:`PROMOTE_PREFIX` and a tag (the stage's name) usually points at it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import git
from gitdb.exc import BadName, BadObject

from consolidate.core.model import BLOB_ID_RE as BLOB_RE
from consolidate.core.model import EMPTY_BLOB_ID, Amendment, Text
from consolidate.core.text_format import TextFormatError, TextManifest, build_text, parse_manifest
from consolidate.core.votelist import ORDER_FILE
from consolidate.errors import InvalidInput
from consolidate.store.gitrepo import GitRepo, text_blob_id
from consolidate.store.workspace import (
    AMENDMENTS,
    BASES,
    MANIFEST,
    TEXTS,
    Workspace,
)

PROMOTE_PREFIX = "Promote text"
_STAGE_RE = re.compile(r"^Promote text '(?P<text>[^']+)' to stage (?P<stage>\S+)")


def promote_message(text_id: str, stage: str) -> str:
    """The first line of a promote commit (what :func:`stages` looks for)."""
    return f"{PROMOTE_PREFIX} '{text_id}' to stage {stage}"


def resolve_commit(repo: GitRepo, rev: str) -> git.Commit:
    """The commit *rev* names (a tag, a branch, a commit id), or :class:`InvalidInput`."""
    try:
        return repo.repo.commit(rev)
    except (BadName, BadObject, ValueError, git.GitCommandError, IndexError):
        raise InvalidInput(f"'{rev}' is not a revision of this workspace",
                           hint="give a tag (`git tag` lists the stages), a branch or a commit id"
                           ) from None


class TreeWorkspace(Workspace):
    """The workspace as committed at one revision; read-only."""

    def __init__(self, root: Path, rev: str) -> None:
        self.git = GitRepo(Path(root))
        self.root = self.git.root
        self.rev = rev
        self.commit = resolve_commit(self.git, rev)
        self.tree = self.commit.tree
        self._listings: dict[str, dict[str, tuple[str, str]]] = {}
        if self._entry(TEXTS) is None:
            raise InvalidInput(f"at {rev} the workspace has no {TEXTS}/ directory",
                               hint="give a later revision")

    # -- reading the tree -------------------------------------------------------------------
    # GitPython parses a tree again on every ``tree / path``: with hundreds of clause files
    # that is seconds. A folder is listed once (git ls-tree) and its files read in one batch
    # (git cat-file --batch).

    def _entry(self, rel: str):
        try:
            return self.tree / rel
        except KeyError:
            return None

    def _listing(self, folder: str) -> dict[str, tuple[str, str]]:
        """name -> (type, object id) of the entries of *folder* ("" for the root)."""
        if folder not in self._listings:
            out = self.git.repo.git.ls_tree("-z", self.commit.hexsha, "--", f"{folder}/")
            found = {}
            for item in out.split("\0"):
                if item:
                    meta, _, path = item.partition("\t")
                    _, kind, sha = meta.split()
                    found[path.rsplit("/", 1)[-1]] = (kind, sha)
            self._listings[folder] = found
        return self._listings[folder]

    def _contents(self, folder: str, names: Sequence[str]) -> dict[str, bytes]:
        """The bytes of the files *names* of *folder* that exist (one git process)."""
        listing = self._listing(folder)
        wanted = {name: listing[name][1] for name in names
                  if name in listing and listing[name][0] == "blob"}
        data = read_objects(self.root, sorted(set(wanted.values())))
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
        folders = [n for n, (kind, _) in self._listing(TEXTS).items() if kind == "tree"]
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
            return parse_manifest(content, rel)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=rel, line=error.problem.line,
                               hint=error.problem.hint) from None

    def load_text(self, text_id: str) -> Text:
        manifest = self.load_manifest(text_id)
        folder = f"{TEXTS}/{text_id}"
        names = [f"{entry.id}.txt" for entry in manifest.entries if entry.text is None]
        clauses = {name[:-4]: self._decode(f"{folder}/{name}", data)
                   for name, data in self._contents(folder, names).items()}
        try:
            return build_text(text_id, manifest, clauses)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=error.problem.path,
                               line=error.problem.line, hint=error.problem.hint) from None

    def _amendment_files(self, text_id: str) -> list[tuple[str, Callable[[], str]]]:
        folder = f"{AMENDMENTS}/{text_id}"
        names = sorted(n for n, (kind, _) in self._listing(folder).items()
                       if kind == "blob" and n.endswith(".patch"))
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
        missing = sorted(b for b in wanted - found.keys() if BLOB_RE.match(b))
        for blob, data in read_objects(self.root, missing).items():
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

    def write_text(self, *args, **kwargs) -> list[str]:  # type: ignore[override]
        raise read_only(self.rev)

    def write_amendments(self, *args, **kwargs) -> list[str]:  # type: ignore[override]
        raise read_only(self.rev)


def read_objects(root: Path, ids: Sequence[str]) -> dict[str, bytes]:
    """The content of git objects by id, read by one ``git cat-file --batch``."""
    if not ids:
        return {}
    result = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True,
                            input="".join(f"{i}\n" for i in ids).encode("ascii"), check=True)
    out, data, position = {}, result.stdout, 0
    for _ in ids:
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            out[header[0].decode("ascii")] = data[position : position + size]
            position += size + 1
    return out


def read_only(rev: str) -> InvalidInput:
    return InvalidInput(f"the workspace as it was at {rev} is read-only",
                        hint="leave out --at to change the workspace as it is now")


# -- stages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A commit that changed a text: a promotion to a stage, or any other edit of its files."""

    commit: str
    parent: str | None
    stage: str  # the stage's name for a promotion; "" for another commit
    subject: str


def stage_name(repo: GitRepo, commit: git.Commit, text_id: str) -> str | None:
    """The stage a commit promoted the text to (its tag, else its message), or None."""
    match = _STAGE_RE.match(_message(commit))
    if match is None or match.group("text") != text_id:
        return None
    tags = [t.name for t in repo.repo.tags if t.commit.hexsha == commit.hexsha]
    own = [t for t in tags if t == match.group("stage")]
    return (own or sorted(tags) or [match.group("stage")])[0]


def text_steps(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The commits of *rev*'s first-parent history that changed ``texts/<text_id>/``, oldest
    first; the first one is where the text came in."""
    if not repo.has_commits():
        return []
    head = resolve_commit(repo, rev)
    shas = repo.repo.git.rev_list("--first-parent", "--reverse", head.hexsha, "--",
                                  f"{TEXTS}/{text_id}").split()
    steps = []
    for sha in shas:
        commit = repo.repo.commit(sha)
        parent = commit.parents[0].hexsha if commit.parents else None
        subject = _message(commit).split("\n", 1)[0]
        steps.append(Step(sha, parent, stage_name(repo, commit, text_id) or "", subject))
    return steps


def _message(commit: git.Commit) -> str:
    message = commit.message
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else message


def stages(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The promotions of the text in *rev*'s history, oldest first."""
    return [step for step in text_steps(repo, text_id, rev) if step.stage]


def is_ancestor(repo: GitRepo, older: str, newer: str) -> bool:
    """True when commit *older* is *newer* or one of its ancestors."""
    return repo.repo.is_ancestor(repo.repo.commit(older), repo.repo.commit(newer))


def tag_exists(repo: GitRepo, name: str) -> bool:
    return repo.has_tag(name)


def last_stage_commit(repo: GitRepo, text_id: str, rev: str = "HEAD") -> str | None:
    """The latest promotion of the text in *rev*'s first-parent history, or None."""
    if not repo.has_commits():
        return None
    head = resolve_commit(repo, rev).hexsha
    found = repo.repo.git.rev_list("-1", "--first-parent", "--fixed-strings",
                                   f"--grep={promote_message(text_id, '')}", head)
    return found.strip() or None


def unchanged_since_stage(repo: GitRepo, text_id: str, rev: str = "HEAD") -> set[str]:
    """Ids of the amendments whose file is the same at *rev* as at the text's last promotion
    (none when there is no promotion): decided then, they belong to an earlier stage."""
    stage = last_stage_commit(repo, text_id, rev)
    if stage is None:
        return set()
    folder = f"{AMENDMENTS}/{text_id}/"

    def blobs(commit: str) -> dict[str, str]:
        listing = repo.repo.git.ls_tree(commit, folder)
        out = {}
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            if path.endswith(".patch"):
                out[Path(path).stem] = meta.split()[2]
        return out

    then, now = blobs(stage), blobs(resolve_commit(repo, rev).hexsha)
    return {amendment_id for amendment_id, blob in now.items() if then.get(amendment_id) == blob}
