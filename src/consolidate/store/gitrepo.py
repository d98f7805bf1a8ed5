"""The workspace's git repository: blobs by id, commits, identity. GitPython underneath."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import git
from gitdb.exc import BadName, BadObject

from consolidate.core.model import EMPTY_BLOB_ID
from consolidate.errors import InvalidInput

# Used when git has no identity configured, so a decision is never lost for want of a name.
FALLBACK_NAME = "consolidate"
FALLBACK_EMAIL = "consolidate@localhost"


def blob_id(data: bytes) -> str:
    """git's object id of a file with this content (``git hash-object``)."""
    header = f"blob {len(data)}\0".encode()
    return hashlib.sha1(header + data).hexdigest()


def text_blob_id(text: str) -> str:
    return blob_id(text.encode("utf-8"))


class GitRepo:
    """A thin layer over GitPython with the few operations the workspace needs."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise InvalidInput(
                f"{root} is not a consolidate workspace: it is not a git repository",
                hint="run `consolidate init` there, or pass --workspace with the right directory",
            ) from None
        self.root = Path(self.repo.working_tree_dir or root)
        self.git_dir = Path(self.repo.git_dir)

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        git.Repo.init(root, initial_branch="main") if _supports_initial_branch() else git.Repo.init(root)
        return cls(root)

    # -- reading ----------------------------------------------------------------------------

    def has_commits(self) -> bool:
        try:
            self.repo.head.commit
        except ValueError:
            return False
        return True

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob id found in the object database; missing ids are left out."""
        found: dict[str, bytes] = {}
        for hexsha in ids:
            if hexsha == EMPTY_BLOB_ID:
                found[hexsha] = b""
                continue
            try:
                stream = self.repo.odb.stream(bytes.fromhex(hexsha))
            except (BadName, BadObject, ValueError, git.GitCommandError):
                continue
            if stream.type == b"blob":
                found[hexsha] = stream.read()
        return found

    def head_blob_ids(self, folder: str) -> dict[str, str]:
        """Path -> blob id of every file under *folder* in HEAD (one git call)."""
        if not self.has_commits():
            return {}
        out = self.repo.git.ls_tree("-r", "-z", "HEAD", "--", folder)
        ids = {}
        for entry in out.split("\0"):
            if entry:
                meta, path = entry.split("\t", 1)
                ids[path] = meta.split()[2]
        return ids

    def head_sha(self) -> str | None:
        return self.repo.head.commit.hexsha if self.has_commits() else None

    def tag(self, name: str, commit: str) -> None:
        """A lightweight tag (no identity needed) on *commit*."""
        self.repo.create_tag(name, ref=commit)

    def has_tag(self, name: str) -> bool:
        return any(tag.name == name for tag in self.repo.tags)

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
        self._git(args, pathspec, os.environ)

    def dirty_paths(self, under: str) -> list[str]:
        """Files under *under* that differ from HEAD (staged, unstaged or untracked)."""
        out = self.repo.git.status("--porcelain", "--untracked-files=all", "--", under)
        return [line[3:] for line in out.splitlines() if line.strip()]

    def head_is_detached(self) -> bool:
        return self.repo.head.is_detached

    # -- writing ----------------------------------------------------------------------------

    def commit(self, paths: Iterable[str], message: str) -> str:
        """Commit exactly *paths* (added, changed or removed) with *message*; hooks are not run.

        Paths and message go through standard input and a file, so that thousands of
        amendments or a long message never exceed the limits of a command line.
        """
        pathspec = "".join(f"{p}\0" for p in sorted(set(paths))).encode("utf-8")
        env = {**os.environ, **self._identity_env()}
        self._git(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], pathspec, env)
        message_file = self.git_dir / "CONSOLIDATE_MSG"
        message_file.write_text(message, encoding="utf-8")
        try:
            self._git(["-c", "core.hooksPath=/dev/null", "commit", "--no-verify", "--quiet",
                       "--file", str(message_file), "--pathspec-from-file=-",
                       "--pathspec-file-nul"], pathspec, env)
        finally:
            message_file.unlink(missing_ok=True)
        return self.repo.head.commit.hexsha

    def _git(self, args: list[str], stdin: bytes, env: Mapping[str, str]) -> None:
        # In its own session, so a terminal that closes (SIGHUP) cannot kill git mid-commit.
        result = subprocess.run(["git", *args], cwd=self.root, input=stdin, env=dict(env),
                                capture_output=True, start_new_session=True)
        if result.returncode != 0:
            raise git.GitCommandError(["git", *args], result.returncode,
                                      result.stderr.decode("utf-8", "replace"))

    def _identity_env(self) -> Mapping[str, str]:
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


def _supports_initial_branch() -> bool:
    try:
        version = git.Git().version_info
    except git.GitCommandError:  # pragma: no cover
        return False
    return version >= (2, 28)
