"""The workspace's git repository: the one gateway through which every git read and write goes.

Every git process is started by :meth:`GitRepo.run`, in its own session (a terminal that
closes cannot kill git mid-commit), with the workspace's hooks and file-system monitor
switched off; a failure becomes :class:`~consolidate.core.errors.GitFailed`, never a
traceback. GitPython finds and creates repositories and reads their configuration.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from consolidate.core.errors import GitFailed, InvalidInput
from consolidate.core.model import EMPTY_BLOB_ID

# Used when git has no identity configured, so a decision is never lost for want of a name.
FALLBACK_NAME = "consolidate"
FALLBACK_EMAIL = "consolidate@localhost"
# Configuration given on every git call: code named by the workspace never runs.
ISOLATION = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false")


def blob_id(data: bytes) -> str:
    """git's object id of a file with this content (``git hash-object``)."""
    header = f"blob {len(data)}\0".encode()
    return hashlib.sha1(header + data).hexdigest()


def text_blob_id(text: str) -> str:
    return blob_id(text.encode("utf-8"))


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a tree: a file (``blob``) or a folder (``tree``), with its object id
    and its mode (100644 a file, 100755 an executable, 120000 a link, 040000 a folder)."""

    kind: str
    sha: str
    mode: str = "100644"


@dataclass(frozen=True)
class LogEntry:
    """A commit of a history: its id, its parents, and the first line of its message."""

    commit: str
    parents: tuple[str, ...]
    subject: str
    message: str = ""  # the whole message, when asked for


@dataclass(frozen=True)
class Tag:
    """A tag: its name, the commit it points at, and its message (empty for a light tag)."""

    name: str
    commit: str
    message: str


class GitRepo:
    """The few git operations the workspace needs, all through :meth:`run`."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise InvalidInput(
                f"{Path(root).resolve()} is not a consolidate workspace: it is not a git "
                "repository",
                hint="run `consolidate init` there, or pass -C with the right directory",
            ) from None
        self.root = Path(self.repo.working_tree_dir or root)
        self.git_dir = Path(self.repo.git_dir)

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        git.Repo.init(root, initial_branch="main")
        return cls(root)

    # -- the one way to run git ---------------------------------------------------------------

    def run(self, args: Sequence[str], stdin: bytes = b"",
            env: Mapping[str, str] | None = None) -> bytes:
        """Run ``git ARGS`` in the workspace and return its standard output."""
        command = ["git", *ISOLATION, *args]
        try:
            result = subprocess.run(command, cwd=self.root, input=stdin,
                                    env=dict(env if env is not None else os.environ),
                                    capture_output=True, start_new_session=True)
        except OSError as error:
            raise GitFailed(f"git could not be started: {error}",
                            hint="install git and make sure it is on the PATH") from None
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise GitFailed(f"git {_verb(args)} failed: {message or f'exit {result.returncode}'}",
                            hint="check the repository with `git status`")
        return result.stdout

    def text(self, *args: str) -> str:
        """``git ARGS`` as text."""
        return self.run(args).decode("utf-8", "replace")

    # -- reading ----------------------------------------------------------------------------

    def has_commits(self) -> bool:
        return self.head_sha() is not None

    def head_sha(self) -> str | None:
        try:
            return self.repo.head.commit.hexsha
        except ValueError:
            return None

    def head_is_detached(self) -> bool:
        return self.repo.head.is_detached

    def resolve(self, rev: str) -> str:
        """The commit id that *rev* (a tag, a branch, a commit id) names, or InvalidInput."""
        if rev.startswith("-"):
            raise _not_a_revision(rev)
        try:
            out = self.run(["rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{rev}^{{commit}}"])
        except GitFailed:
            raise _not_a_revision(rev) from None
        return out.decode("ascii").strip()

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
        try:
            self.run(["merge-base", "--is-ancestor", older, newer])
        except GitFailed:
            return False
        return True

    def ls_tree(self, rev: str, folder: str, *, recursive: bool = False) -> dict[str, TreeEntry]:
        """Path -> entry of what *folder* holds at *rev* ("" for the root)."""
        args = ["ls-tree", "-z"] + (["-r"] if recursive else []) + [rev, "--"]
        args += [f"{folder}/"] if folder else []
        out = self.run(args).decode("utf-8")
        entries = {}
        for item in out.split("\0"):
            if item:
                meta, _, path = item.partition("\t")
                mode, kind, sha = meta.split()
                entries[path] = TreeEntry(kind, sha, mode)
        return entries

    def head_blob_ids(self, folder: str) -> dict[str, str]:
        """Path -> blob id of every file under *folder* in HEAD."""
        if not self.has_commits():
            return {}
        return {path: entry.sha for path, entry in
                self.ls_tree("HEAD", folder, recursive=True).items() if entry.kind == "blob"}

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob id found; ids that are missing or not blobs are left out.

        One ``git cat-file --batch`` reads them all.
        """
        wanted = sorted({i for i in ids if _is_sha(i)})
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
        try:
            self.run(["rev-parse", "--verify", "--quiet", f"refs/tags/{name}"])
        except GitFailed:
            return False
        return True

    def valid_tag_name(self, name: str) -> bool:
        try:
            self.run(["check-ref-format", f"refs/tags/{name}"])
        except GitFailed:
            return False
        return True

    def dirty_paths(self, under: str) -> list[str]:
        """Files under *under* that differ from HEAD (staged, unstaged or untracked)."""
        out = self.text("status", "--porcelain", "--untracked-files=all", "--", under)
        return [line[3:] for line in out.splitlines() if line.strip()]

    # -- writing ----------------------------------------------------------------------------

    def commit(self, paths: Iterable[str], message: str) -> str:
        """Commit exactly *paths* (added, changed or removed) with *message*; hooks are not run.

        Paths and message go through standard input and a file, so that thousands of
        amendments or a long message never exceed the limits of a command line.
        """
        pathspec = "".join(f"{p}\0" for p in sorted(set(paths))).encode("utf-8")
        env = {**os.environ, **self.identity_env()}
        self.run(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], pathspec, env)
        message_file = self.git_dir / "CONSOLIDATE_MSG"
        message_file.write_text(message, encoding="utf-8")
        try:
            self.run(["commit", "--no-verify", "--quiet", "--file", str(message_file),
                      "--pathspec-from-file=-", "--pathspec-file-nul"], pathspec, env)
        finally:
            message_file.unlink(missing_ok=True)
        head = self.head_sha()
        assert head is not None
        return head

    def tag(self, name: str, commit: str, message: str = "") -> None:
        """Tag *commit*: an annotated tag when *message* is given, else a light one."""
        if message:
            env = {**os.environ, **self.identity_env()}
            self.run(["tag", "--annotate", "--file=-", name, commit], message.encode(), env)
        else:
            self.run(["tag", name, commit])

    def unstage(self, paths: list[str]) -> None:
        """Put the index entries of *paths* back as in HEAD (after a rolled-back change)."""
        if not paths:
            return
        pathspec = "".join(f"{p}\0" for p in paths).encode("utf-8")
        if self.has_commits():
            args = ["reset", "--quiet", "--pathspec-from-file=-", "--pathspec-file-nul"]
        else:
            args = ["rm", "--cached", "--quiet", "--ignore-unmatch", "--pathspec-from-file=-",
                    "--pathspec-file-nul"]
        self.run(args, pathspec)

    def identity_env(self) -> Mapping[str, str]:
        """The author and committer to use when git has none configured."""
        reader = self.repo.config_reader()
        name = reader.get_value("user", "name", default="") or os.environ.get("GIT_AUTHOR_NAME", "")
        email = reader.get_value("user", "email", default="") or os.environ.get("GIT_AUTHOR_EMAIL", "")
        if name and email:
            return {}
        return {
            "GIT_AUTHOR_NAME": str(name or FALLBACK_NAME),
            "GIT_AUTHOR_EMAIL": str(email or FALLBACK_EMAIL),
            "GIT_COMMITTER_NAME": str(name or FALLBACK_NAME),
            "GIT_COMMITTER_EMAIL": str(email or FALLBACK_EMAIL),
        }


def _verb(args: Sequence[str]) -> str:
    """The git command among *args* (past the ``-c key=value`` options)."""
    rest = list(args)
    while rest and rest[0] == "-c":
        rest = rest[2:]
    return rest[0] if rest else "git"


_SHA_RE = re.compile(r"[0-9a-f]{40}")


def _is_sha(value: str) -> bool:
    return _SHA_RE.fullmatch(value) is not None


def _not_a_revision(rev: str) -> InvalidInput:
    return InvalidInput(f"'{rev}' is not a revision of this workspace",
                        hint="give a tag (`git tag` lists the stages), a branch or a commit id")
