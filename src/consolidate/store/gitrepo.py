"""The workspace's git repository: the one gateway through which every git read and write goes.

Every git process is started by :meth:`GitRepo.run`, in its own session (a terminal that
closes cannot kill git mid-commit), with the workspace lock's descriptor when the caller holds
it (see store.files), and isolated from code the workspace names: hooks, the file-system
monitor, automatic gc and signing are switched off on the command line, and only commands
that run no filter are used (no ``status``, ``add``, ``checkout`` or ``diff``). A failure
becomes :class:`~consolidate.core.errors.GitFailed`, never a traceback. git itself finds the
repository (``rev-parse``, isolated like every call); GitPython creates new ones.

Writing never goes through git's porcelain: a change's blobs (as they are: no clean filter), its
tree and its commit are written by one ``fast-import`` process (:meth:`GitRepo.commit_change`;
a merge's tree is built in a temporary index and committed with ``commit-tree``), and HEAD (with
a stage's tag) moves in one ``update-ref`` transaction that checks HEAD's old value.
The real index then gets the committed entries (see :meth:`GitRepo.update_index`).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from consolidate.core.errors import GitFailed, InvalidInput
from consolidate.core.model import EMPTY_BLOB_ID
from consolidate.store.files import held_lock_fds
from consolidate.store.gitobjects import (
    PENDING_REF,
    ZERO_ID,
    LogEntry,
    Tag,
    TreeEntry,
    blob_id,
    is_sha,
    text_blob_id,
    working_blob_ids,
)
from consolidate.store.gitwrite import ObjectWriter, index_info
from consolidate.store.identity import FALLBACK_EMAIL, FALLBACK_NAME

__all__ = [
    "FALLBACK_EMAIL",
    "FALLBACK_NAME",
    "ISOLATION",
    "GitRepo",
    "LogEntry",
    "Tag",
    "TreeEntry",
    "blob_id",
    "text_blob_id",
]

_log = logging.getLogger(__name__)  # `consolidate -v` shows the git commands run

# Configuration given on every git call: code named by the workspace never runs.
ISOLATION = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
             "-c", "gc.auto=0", "-c", "maintenance.auto=false", "-c", "commit.gpgSign=false",
             "-c", "tag.gpgSign=false", "-c", "core.splitIndex=false",
             "-c", "core.untrackedCache=false")
# Variables that would point git at another repository, index or object store than ours.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                         "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                         "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES")
INDEX_LOCK = "index.lock"
# What git says, exiting 128, in a folder that is no work tree (none at all, or a bare one).
_NO_WORK_TREE = re.compile(rb"^fatal: (not a git repository|this operation must be run in a "
                           rb"work tree)", re.MULTILINE)


# Up to this many paths, ids_in names them to ls-tree; beyond, it lists their folders.
_NAMED_PATHS = 64


class GitRepo(ObjectWriter):
    """The few git operations the workspace needs, all through :meth:`run`."""

    def __init__(self, root: Path) -> None:
        # As given, made absolute (not resolved): the paths of the workspace are built from it.
        self.root = Path(os.path.normpath(os.path.abspath(root)))
        self.git_dir = self._locate()
        # Commit ids git verified: a commit never changes, so it is not asked again.
        self._commits: set[str] = set()

    def _locate(self) -> Path:
        """The git directory of the work tree at :attr:`root`; InvalidInput when :attr:`root`
        is not the top of a work tree (a plain folder, a folder inside one, a bare repository).
        """
        if not self.root.is_dir():
            raise _not_a_repository(self.root)
        # git's messages in English (LANGUAGE=C): they tell "no repository here" from a failure.
        result = self._execute(["rev-parse", "--show-toplevel", "--absolute-git-dir"], b"",
                               {"LANGUAGE": "C"}, None)
        lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
        if result.returncode != 0 or len(lines) != 2:
            if result.returncode != 0 and not _NO_WORK_TREE.search(result.stderr):
                raise _failed(["rev-parse"], result)  # dubious ownership, a git that failed
            raise _not_a_repository(self.root)
        top, git_dir = lines
        if os.path.realpath(top) != os.path.realpath(self.root):
            raise _not_a_repository(self.root)
        return Path(git_dir)

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        # Imported here: only `init` makes a repository, and every other command starts
        # faster without GitPython.
        import git

        git.Repo.init(root, initial_branch="main")
        return cls(root)

    # -- the one way to run git ---------------------------------------------------------------

    def run(self, args: Sequence[str], stdin: bytes = b"",
            env: Mapping[str, str] | None = None, *, index: Path | None = None) -> bytes:
        """Run ``git ARGS`` in the workspace and return its standard output.

        *env* adds variables to the environment; *index* is an index file other than git's.
        """
        result = self._execute(args, stdin, env, index)
        if result.returncode != 0:
            raise _failed(args, result)
        return result.stdout

    def probe(self, args: Sequence[str], stdin: bytes = b"") -> bytes | None:
        """``git ARGS`` for a question git answers "no" to by exiting 1 in silence (a missing
        ref, a commit that is not an ancestor, no ignored path): its output, or None for "no".

        Any other failure is :class:`GitFailed`: a git that fails is never taken for a "no"
        (recovery would undo a change that landed, a check would see every file as new).
        """
        result = self._execute(args, stdin, None, None)
        if result.returncode == 1 and not result.stderr.strip():
            return None
        if result.returncode != 0:
            raise _failed(args, result)
        return result.stdout

    def _execute(self, args: Sequence[str], stdin: bytes, env: Mapping[str, str] | None,
                 index: Path | None) -> subprocess.CompletedProcess[bytes]:
        # Arguments and variables as UTF-8 bytes: a message or an identity with "é" reaches
        # git whatever the locale (under LC_ALL=C Python would refuse to encode it).
        command = [_utf8("git"), *(_utf8(a) for a in [*ISOLATION, *args])]
        environment = {_utf8(k): _utf8(v) for k, v in self._environment(env, index).items()}
        _log.info("git %s", " ".join(args))
        try:
            return subprocess.run(command, cwd=self.root, input=stdin, env=environment,
                                  capture_output=True, start_new_session=True,
                                  pass_fds=held_lock_fds())
        except OSError as error:
            raise GitFailed(f"git could not be started: {error}",
                            hint="install git and make sure it is on the PATH") from None

    def _environment(self, extra: Mapping[str, str] | None, index: Path | None) -> dict[str, str]:
        environ = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
        if not environ.get("HOME"):  # git needs HOME to find the user's configuration
            environ["HOME"] = str(Path.home())
        environ.update(extra or {})
        if index is not None:
            environ["GIT_INDEX_FILE"] = str(index)
        return environ

    def text(self, *args: str) -> str:
        """``git ARGS`` as text."""
        return self.run(args).decode("utf-8", "replace")

    # -- reading ----------------------------------------------------------------------------

    def has_commits(self, rev: str = "HEAD") -> bool:
        """True once there is a commit (*rev*: a commit id already known answers at once)."""
        return rev in self._commits or self.head_sha() is not None

    def head_sha(self) -> str | None:
        """HEAD's commit id; None before the first commit."""
        out = self.probe(["rev-parse", "--verify", "--quiet", "--end-of-options",
                          "HEAD^{commit}"])
        return None if out is None else out.decode("ascii").strip()

    def head_is_detached(self) -> bool:
        """True when HEAD names a commit rather than a branch."""
        return self.probe(["symbolic-ref", "--quiet", "HEAD"]) is None

    def resolve(self, rev: str) -> str:
        """The commit id that *rev* (a tag, a branch, a commit id) names, or InvalidInput."""
        if rev in self._commits:
            return rev
        if rev.startswith("-"):
            raise _not_a_revision(rev)
        # --verify --quiet: a name that is no commit exits 1 in silence; any other failure is
        # git's, reported as such (never taken for a wrong name).
        out = self.probe(["rev-parse", "--verify", "--quiet", "--end-of-options",
                          f"{rev}^{{commit}}"])
        if out is None:
            raise _not_a_revision(rev)
        commit = out.decode("ascii").strip()
        self._commits.add(commit)
        return commit

    def log(self, rev: str, *paths: str, first_parent: bool = False,
            reverse: bool = False, messages: bool = False,
            limit: int | None = None) -> list[LogEntry]:
        """The commits of *rev*'s history that touch *paths* (all, when none is given),
        newest first unless *reverse*; with *messages*, each with its whole message; at most
        *limit* of them."""
        step = 4 if messages else 3
        args = ["log", "--format=%H%x00%P%x00%s%x00" + ("%B%x00" if messages else "")] + \
               ([f"--max-count={limit}"] if limit is not None else []) + \
               (["--first-parent"] if first_parent else []) + \
               (["--reverse"] if reverse else []) + [self.resolve(rev), "--", *paths]
        fields = self.text(*args).split("\0")
        entries = []
        for index in range(0, len(fields) - step, step):
            commit = fields[index].strip()
            entries.append(LogEntry(commit, tuple(fields[index + 1].split()), fields[index + 2],
                                    fields[index + 3] if messages else ""))
        return entries

    def changed_paths(self, older: str, newer: str) -> list[str]:
        """The paths of the files that differ between commits *older* and *newer*."""
        out = self.run(["diff-tree", "-r", "-z", "--name-only", "--no-renames", older, newer])
        return [path for path in out.decode("utf-8").split("\0") if path]

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when commit *older* is *newer* or one of its ancestors."""
        return self.probe(["merge-base", "--is-ancestor", older, newer]) is not None

    def ls_tree(self, rev: str, folder: str, *, recursive: bool = False) -> dict[str, TreeEntry]:
        """Path -> entry of what *folder* holds at *rev* ("" for the root)."""
        return self._listing(rev, [f"{folder}/"] if folder else [], recursive=recursive)

    def _listing(self, rev: str, paths: Sequence[str], *,
                 recursive: bool = False) -> dict[str, TreeEntry]:
        """Path -> entry of what one ``ls-tree`` of *paths* at *rev* lists (a path ending in
        ``/`` lists the folder's entries; ls-tree's paths are never patterns)."""
        args = ["ls-tree", "-z"] + (["-r"] if recursive else []) + [rev, "--", *paths]
        entries = {}
        for item in self.run(args).decode("utf-8", "surrogateescape").split("\0"):
            if item:
                meta, _, path = item.partition("\t")
                mode, kind, sha = meta.split()
                entries[path] = TreeEntry(kind, sha, mode)
        return entries

    def head_blob_ids(self, folder: str, rev: str = "HEAD") -> dict[str, str]:
        """Path -> blob id of every file under *folder* in HEAD (or the commit *rev*)."""
        if not self.has_commits(rev):
            return {}
        return {path: entry.sha for path, entry in
                self.ls_tree(rev, folder, recursive=True).items() if entry.kind == "blob"}

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob id found; ids that are missing or not blobs are left out.

        One ``git cat-file --batch`` reads them all.
        """
        wanted = sorted({i for i in ids if is_sha(i)})
        found = {EMPTY_BLOB_ID: b""} if EMPTY_BLOB_ID in wanted else {}
        wanted = [i for i in wanted if i != EMPTY_BLOB_ID]
        if not wanted:
            return found
        data = self.run(["cat-file", "--batch"], "".join(f"{i}\n" for i in wanted).encode())
        position = 0
        for _ in wanted:
            end = data.index(b"\n", position)
            header = data[position:end].split()
            position = end + 1
            if len(header) == 3:
                size = int(header[2])
                if header[1] == b"blob":
                    found[header[0].decode("ascii")] = data[position:position + size]
                position += size + 1
        return found

    def tags(self) -> list[Tag]:
        """Every tag, with the commit it points at and its message."""
        out = self.text("for-each-ref", "refs/tags",
                        "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00"
                        "%(contents)%00%00")
        tags = []
        for record in out.split("\0\0\n"):
            if not record.strip("\n"):
                continue
            name, target, peeled, message = ([*record.lstrip("\n").split("\x00"), "", "", ""])[:4]
            tags.append(Tag(name, peeled or target, message))
        return tags

    def has_remote(self) -> bool:
        """True when the workspace is shared through a remote (``git remote`` names one)."""
        return bool(self.text("remote").split())

    def has_tag(self, name: str) -> bool:
        return self.probe(["rev-parse", "--verify", "--quiet", f"refs/tags/{name}"]) is not None

    def ref_names(self) -> list[str]:
        """Every ref of the repository (``refs/heads/main``, ``refs/tags/v1``...)."""
        return self.text("for-each-ref", "--format=%(refname)").split()

    def valid_tag_name(self, name: str) -> bool:
        if name.startswith("-"):  # git would read it as an option
            return False
        try:
            self.run(["check-ref-format", f"refs/tags/{name}"])
        except GitFailed:
            return False
        return True

    def ids_in(self, commit: str | None, paths: Iterable[str]) -> dict[str, str | None]:
        """Path -> blob id of each path in *commit* (None when it has no such file, or when
        *commit* is None: before the first commit).

        One ``ls-tree`` lists the paths themselves, or for many of them the folders they are
        in (its paths are never patterns): looking each path up in a process of its own reads
        its folder's tree again, for every path, and listing a folder of thousands of
        amendments for one of them costs more than the commit.
        """
        wanted = list(dict.fromkeys(paths))
        if not wanted or commit is None:
            return dict.fromkeys(wanted)
        if len(wanted) <= _NAMED_PATHS:
            listed = self._listing(commit, wanted)
        else:
            listed = self._listing(commit, sorted(
                {f"{p.rpartition('/')[0]}/" if "/" in p else p for p in wanted}))
        return {path: entry.sha if (entry := listed.get(path)) and entry.kind == "blob" else None
                for path in wanted}

    def dirty_paths(self, under: str, rev: str = "HEAD") -> list[str]:
        """Files under *under* that differ from HEAD (or the commit *rev*): changed, deleted
        or new (unless ignored).

        The working tree is compared with HEAD's blob ids here, without ``git status``, so no
        filter or monitor named by the workspace runs.
        """
        committed = self.head_blob_ids(under, rev)
        present = working_blob_ids(self.root, under)
        dirty = {p for p, sha in present.items() if committed.get(p) != sha}
        dirty |= committed.keys() - present.keys()
        untracked = sorted(p for p in dirty if p not in committed)
        return sorted(dirty - self._ignored(untracked))

    def _ignored(self, paths: list[str]) -> set[str]:
        if not paths:
            return set()
        out = self.probe(["check-ignore", "--no-index", "-z", "--stdin"],
                         "".join(f"{p}\0" for p in paths).encode("utf-8"))
        if out is None:  # none is ignored
            return set()
        return {p for p in out.decode("utf-8", "replace").split("\0") if p}

    # -- writing (the objects themselves: store.gitwrite) -----------------------------------

    def move_head(self, new: str, old: str | None, message: str, *,
                  tag: tuple[str, str] | None = None) -> None:
        """Move HEAD's branch from *old* to *new* (and create the tag ``(name, object)``) in one
        ref transaction, which also drops the ref :meth:`commit_change` wrote on; refused,
        moving nothing, when HEAD is no longer *old*."""
        lines = [f"update HEAD {new} {old or ZERO_ID}", f"delete {PENDING_REF}"]
        if tag is not None:
            lines.append(f"create refs/tags/{tag[0]} {tag[1]}")
        reflog = f"consolidate: {message.splitlines()[0] if message else ''}"
        self.run(["update-ref", "-m", reflog, "--stdin"], "".join(f"{x}\n" for x in lines).encode())

    def ref_id(self, ref: str) -> str | None:
        """The object id *ref* points at (a full ref name), or None."""
        out = self.probe(["rev-parse", "--verify", "--quiet", ref])
        return None if out is None else out.decode("ascii").strip() or None

    def create_ref(self, ref: str, sha: str) -> None:
        self.run(["update-ref", "--stdin"], f"create {ref} {sha}\n".encode())

    def delete_ref(self, ref: str, expected: str) -> None:
        self.run(["update-ref", "--stdin"], f"delete {ref} {expected}\n".encode())

    def update_index(self, changes: Mapping[str, str | None], token: str) -> bool:
        """Give git's index the entries of *changes* (as committed); False when another git
        process holds the index (its own ``index.lock``), which is then left alone.

        The index is locked as git does, by creating ``index.lock``, but with *token* as its
        content, so that recovery can tell a lock we left from a user's ``git add`` in progress.
        The new index is made in a copy (no filter runs: the entries are given, not hashed) and
        renamed over the old one.
        """
        lock = self.git_dir / INDEX_LOCK
        try:
            handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            return False
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(token)
        copy = self.git_dir / f"consolidate-index-{os.getpid()}"
        try:
            if (self.git_dir / "index").is_file():
                copy.write_bytes((self.git_dir / "index").read_bytes())
            self.run(["update-index", "-z", "--index-info"], index_info(changes), index=copy)
            os.replace(copy, self.git_dir / "index")
        finally:
            copy.unlink(missing_ok=True)
            drop_index_lock(self.git_dir, token)
        return True

    def commit(self, paths: Iterable[str], message: str) -> str:
        """Commit the working-tree files *paths* (added, changed or removed) as they are.

        A convenience for a workspace being made (no journal: see store.transaction).
        """
        changes: dict[str, bytes | None] = {}
        for rel in sorted(set(paths)):
            path = self.root / rel
            changes[rel] = path.read_bytes() if path.is_file() else None
        ids = {rel: None if data is None else blob_id(data) for rel, data in changes.items()}
        parent = self.head_sha()
        commit = self.commit_change(parent, changes, message)
        self.move_head(commit, parent, message)
        self.update_index(ids, f"consolidate {os.getpid()} {commit}")
        return commit


def drop_index_lock(git_dir: Path, token: str) -> bool:
    """Remove git's ``index.lock`` if it is ours (it holds *token*); True when removed."""
    lock = git_dir / INDEX_LOCK
    try:
        if not token or lock.read_bytes() != token.encode("ascii"):
            return False
    except OSError:
        return False
    lock.unlink(missing_ok=True)
    return True


def _utf8(value: str) -> bytes:
    return value.encode("utf-8", "surrogateescape")


def _failed(args: Sequence[str], result: subprocess.CompletedProcess[bytes]) -> GitFailed:
    message = result.stderr.decode("utf-8", "replace").strip()
    return GitFailed(f"git {_verb(args)} failed: {message or f'exit {result.returncode}'}",
                     hint="check the repository with `git status`")


def _verb(args: Sequence[str]) -> str:
    """The git command among *args* (past the ``-c key=value`` options)."""
    rest = list(args)
    while rest and rest[0] == "-c":
        rest = rest[2:]
    return rest[0] if rest else "git"


def _not_a_repository(root: Path) -> InvalidInput:
    return InvalidInput(
        f"{root.resolve()} is not a consolidate workspace: it is not a git repository",
        hint="run `consolidate init` there, or pass -C with the right directory",
    )


def _not_a_revision(rev: str) -> InvalidInput:
    return InvalidInput(f"'{rev}' is not a revision of this workspace",
                        hint="give a tag (`git tag` lists the stages), a branch or a commit id")
