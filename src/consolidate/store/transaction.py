"""All or nothing: a change to the workspace is its files and its commit, or none of it.

Before the first file is written, a journal in the git directory records HEAD and what every
file held before. The files are then written atomically, committed, and the journal removed.
A process that dies on the way (killed, power cut) leaves the journal behind; the next
consolidate command finds it and finishes the job: if the commit landed, the journal is
simply dropped; if it did not, every file is put back as it was and the index with it.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consolidate.core.errors import InvalidInput
from consolidate.store.files import atomic_write, atomic_write_text, workspace_lock
from consolidate.store.gitrepo import GitRepo

JOURNAL = "consolidate-journal.json"


class Transaction:
    """The files of one change: collected by :meth:`write`, written and committed by :meth:`commit`."""

    def __init__(self, repo: GitRepo, journal: Path) -> None:
        self.repo = repo
        self.root: Path = repo.root
        self.journal = journal
        self.before: dict[str, str | None] = {}
        self.pending: dict[str, str | None] = {}  # path -> new content, None to delete
        self.head = repo.head_sha()
        self.committed = ""

    def write(self, rel: str, content: str) -> None:
        self.pending[rel] = content

    def delete(self, rel: str) -> None:
        self.pending[rel] = None

    @property
    def paths(self) -> list[str]:
        return list(self.pending)

    def commit(self, message: str, *, tag: str = "", tag_message: str = "") -> str:
        """Journal, write every file, commit, and tag the commit when *tag* is given.

        The journal is written once, before any file; it names the tag too, so that a change
        killed between its commit and its tag gets the tag from the next command.
        """
        for rel in self.pending:
            path = self.root / rel
            self.before[rel] = path.read_text(encoding="utf-8") if path.is_file() else None
        atomic_write_text(self.journal, json.dumps(
            {"head": self.head, "files": self.before, "tag": tag,
             "tag_message": tag_message}, ensure_ascii=False))
        for count, (rel, content) in enumerate(self.pending.items(), start=1):
            _fault_point("CONSOLIDATE_FAULT_AFTER_WRITES", count)
            if content is None:
                (self.root / rel).unlink(missing_ok=True)
            else:
                atomic_write(self.root / rel, content.encode("utf-8"), sync=False)
        os.sync()  # once for all the files, before git records them
        _fault_point("CONSOLIDATE_FAULT_BEFORE_COMMIT", 1)
        self.committed = self.repo.commit(self.paths, message)
        if tag:
            _fault_point("CONSOLIDATE_FAULT_BEFORE_TAG", 1)
            self.repo.tag(tag, self.committed, tag_message)
        return self.committed


def _fault_point(variable: str, count: int) -> None:
    """Die here, as a power cut would, when a crash test asks for it (never otherwise)."""
    wanted = os.environ.get(variable)
    if wanted and count >= int(wanted):
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def transaction(repo: GitRepo, *, locked: bool = False) -> Iterator[Transaction]:
    """Write files and commit them as one change; on any error put everything back.

    With *locked* the caller already holds the workspace lock.
    """
    journal = repo.git_dir / JOURNAL
    with _maybe_lock(repo, locked):
        recover(repo, locked=True)
        _refuse_detached_head(repo)
        change = Transaction(repo, journal)
        try:
            yield change
        except BaseException:
            # Roll back only a change whose commit never landed: git may die (e.g. on SIGHUP)
            # after it moved HEAD, and then the files are the committed ones.
            if not change.committed and repo.head_sha() == change.head:
                _roll_back(repo, change.before)
            raise
        finally:
            journal.unlink(missing_ok=True)


@contextmanager
def _maybe_lock(repo: GitRepo, locked: bool) -> Iterator[None]:
    if locked:
        yield
    else:
        with workspace_lock(repo.git_dir):
            yield


def _refuse_detached_head(repo: GitRepo) -> None:
    if repo.has_commits() and repo.head_is_detached():
        raise InvalidInput(
            "HEAD is detached: a change committed now would belong to no branch and be lost",
            hint="check out a branch first (`git switch main`)",
        )


def recover(repo: GitRepo, *, locked: bool = False) -> bool:
    """Finish a change a dead process left half done; True when there was one."""
    journal = repo.git_dir / JOURNAL
    if not journal.exists():
        return False
    with _maybe_lock(repo, locked):
        if not journal.exists():  # another process recovered it while we waited
            return False
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            data = {"head": repo.head_sha(), "files": {}}
        _drop_stale_index_lock(repo)
        if repo.head_sha() == data.get("head"):  # the commit never landed
            _roll_back(repo, data.get("files", {}))
        elif data.get("tag") and not repo.has_tag(data["tag"]):  # it landed; finish the tag
            repo.tag(data["tag"], repo.head_sha() or "HEAD", data.get("tag_message", ""))
        journal.unlink(missing_ok=True)
        _remove_temporary_files(repo.root)
    return True


def _roll_back(repo: GitRepo, before: dict[str, str | None]) -> None:
    if not before:
        return
    for rel, content in before.items():
        path = repo.root / rel
        if content is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write_text(path, content)
    _drop_stale_index_lock(repo)
    repo.unstage(list(before))


def _drop_stale_index_lock(repo: GitRepo) -> None:
    """git's own lock, left by a git killed with us; we hold the workspace lock."""
    (repo.git_dir / "index.lock").unlink(missing_ok=True)


def _remove_temporary_files(root: Path) -> None:
    for folder in ("texts", "amendments"):
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, _, filenames in os.walk(base):
            for name in filenames:
                if name.startswith(".") and name.endswith(".tmp"):
                    Path(dirpath, name).unlink(missing_ok=True)
