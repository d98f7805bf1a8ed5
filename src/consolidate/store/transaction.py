"""All or nothing: a change to the workspace is its files and its commit, or none of it.

The crash protocol, in the order :meth:`Transaction.commit` follows it:

1. *Plan*, touching nothing: every path is confined to the workspace (store.files), and a file
   that differs from HEAD is refused unless it already holds what the change writes: a hand
   edit is never swept into a commit nor overwritten.
2. *Objects*: the new blobs (as they are: no clean filter), the tree and the commit (one
   ``fast-import``, on a ref of its own, ``refs/consolidate/pending``) and a stage's tag object
   are written to git's object store. HEAD does not move, so a process that dies here leaves
   only objects no branch reaches (the pending ref, which the next change overwrites).
3. *Journal*: ``.git/consolidate-journal.json`` records HEAD, the new commit, the tag, and the
   blob id of every file before and after. From here on the journal decides.
4. *Files*: each written atomically (a temporary file renamed into place); then each file and
   its folders are synced (one sync of everything for a large change).
5. *Commit point*: one ``update-ref`` transaction moves HEAD from the recorded HEAD to the new
   commit, creates the tag and drops the pending ref, or does nothing (HEAD moved under us:
   nothing lands).
6. *Finish*: git's index gets the committed entries; the journal is removed.

Whoever finds a journal (the failing process itself, or the next command after a kill, a
power cut, a full disk) *settles* it: when the commit is HEAD or in its history the change
landed, and only steps 5-6 are completed (the tag, the index); otherwise every file still
holding what the change wrote is put back from git's objects, and the folders it made are
removed. A file that holds neither its old nor its new content was changed by someone after
the crash: settling then stops, changes nothing and says so (exit 2); the journal stays.
The journal is removed only once the workspace is whole again, so a rollback that fails (a
full disk) keeps it for the next command.

Recovery never races a git process of the dead command: the workspace lock is an ``flock``
whose descriptor every git child inherits (store.files), so the lock is released only when the
last of them has exited, and the next command waits for it before reading the journal.
:meth:`Transaction.advance` follows steps 3-6 with a commit that already exists (``consolidate
sync`` moving to the integrated commit), so a sync killed there is settled the same way.

SIGINT is an exception like any other (the change settles, then the interrupt goes on), except
during steps 5-6, where it is held back until the change is finished: a Ctrl+C can never leave
a promotion committed without its tag.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from consolidate.core.errors import ConsolidateError, InvalidInput
from consolidate.store.files import (
    atomic_write,
    confined,
    file_mode,
    read_regular,
    remove_temporaries,
    workspace_lock,
)
from consolidate.store.gitobjects import blob_id
from consolidate.store.gitrepo import GitRepo, drop_index_lock
from consolidate.store.journal import JOURNAL, FileChange, Journal, read_journal


class RecoveryPending(ConsolidateError):
    """A change failed and could not be undone yet; its journal is kept (exit 2)."""


class Transaction:
    """The files of one change: collected by :meth:`write`, written and committed by :meth:`commit`."""

    def __init__(self, repo: GitRepo, journal: Path, head: str | None) -> None:
        self.repo = repo
        self.root: Path = repo.root
        self.journal = journal
        self.pending: dict[str, str | None] = {}  # path -> new content, None to delete
        self.head = head  # read under the workspace lock: only this change moves it
        self.committed = ""

    def write(self, rel: str, content: str) -> None:
        self.pending[rel] = content

    def delete(self, rel: str) -> None:
        self.pending[rel] = None

    @property
    def paths(self) -> list[str]:
        return list(self.pending)

    def commit(self, message: str, *, tag: str = "", tag_message: str = "") -> str:
        """Write every file and commit them, tagging the commit when *tag* is given (see the
        module's docstring for the steps and what a crash at each one leaves)."""
        data = {rel: None if content is None else content.encode("utf-8")
                for rel, content in self.pending.items()}
        files = self._plan(data)
        journal = self._objects(data, files, message, tag, tag_message)
        return self._land(data, journal, message)

    def advance(self, commit: str, after: Mapping[str, str | None], message: str) -> str:
        """Bring the files and HEAD to *commit*, an existing descendant of HEAD whose files
        differ from HEAD's by *after* (path -> blob id of a plain file, None: removed), with
        the same protocol as :meth:`commit` from step 3 on: a crash is settled like any other.
        """
        blobs = self.repo.read_blobs(sha for sha in after.values() if sha)
        missing = [rel for rel, sha in after.items() if sha and sha not in blobs]
        if missing:
            raise InvalidInput(f"{missing[0]} of commit {commit[:12]} is not in git's objects")
        data = {rel: None if sha is None else blobs[sha] for rel, sha in after.items()}
        files = self._plan(data)
        return self._land(data, Journal(self.head, commit, files, _new_folders(self.root, data),
                                        token=_token()), message)

    def _land(self, data: Mapping[str, bytes | None], journal: Journal, message: str) -> str:
        """Steps 3-6: the journal, the files, HEAD (and the tag), the index."""
        atomic_write(self.journal, journal.to_json().encode("utf-8"), follow_links=False)
        try:
            self._write_files(data, journal)
            persist(self.root, data)  # before HEAD names them
            _fault_point("CONSOLIDATE_FAULT_BEFORE_COMMIT", 1)
            with _signals_held():
                tag = (journal.tag, journal.tag_object) if journal.tag else None
                self.repo.move_head(journal.commit, self.head, message, tag=tag)
                self.committed = journal.commit
                _fault_point("CONSOLIDATE_FAULT_BEFORE_TAG", 1)
                _fault_point("CONSOLIDATE_FAULT_BEFORE_INDEX", 1)
                _finish_landed(self.repo, journal)
        except BaseException as error:
            if self.journal.exists():  # not settled yet (a held signal comes after settling)
                _settle_after(self.repo, journal, error)
            raise
        return journal.commit

    # -- the steps ------------------------------------------------------------------------------

    def _plan(self, data: Mapping[str, bytes | None]) -> dict[str, FileChange]:
        """Before and after of each file; refuses paths out of the workspace and hand edits."""
        folders: set[str] = set()
        paths = {rel: confined(self.root, rel, folders) for rel in data}
        committed = self.repo.ids_in(self.head, data)
        files: dict[str, FileChange] = {}
        dirty = []
        for rel, content in data.items():
            before = _file_id(paths[rel], rel)
            after = None if content is None else blob_id(content)
            if before not in (committed[rel], after):
                dirty.append(rel)
            files[rel] = FileChange(before, after)
        if dirty:
            raise InvalidInput(
                f"{dirty[0]} has changes that are not committed; this change would "
                f"{'commit' if files[dirty[0]].before else 'overwrite'} them"
                + (f" (and {len(dirty) - 1} more files)" if len(dirty) > 1 else ""),
                path=dirty[0],
                hint=f"commit your edit, or undo it (`git checkout -- {dirty[0]}`; delete "
                     "the file if git does not know it), then run the command again")
        return files

    def _objects(self, data: Mapping[str, bytes | None], files: dict[str, FileChange],
                 message: str, tag: str, tag_message: str) -> Journal:
        identities = self.repo.identities()  # one identity for the commit and its tag
        commit = self.repo.commit_change(self.head, data, message, identities)
        tag_object = self.repo.build_tag(tag, commit, tag_message, identities[1]) if tag else ""
        return Journal(self.head, commit, files, _new_folders(self.root, data), tag, tag_object,
                       _token())

    def _write_files(self, data: Mapping[str, bytes | None], journal: Journal) -> None:
        folders: set[str] = set()
        mode = file_mode()  # read once for all the files
        for count, (rel, content) in enumerate(data.items(), start=1):
            _fault_point("CONSOLIDATE_FAULT_AFTER_WRITES", count)
            if journal.files[rel].before == journal.files[rel].after:
                continue  # already what the change writes
            if content is None:
                confined(self.root, rel, folders).unlink(missing_ok=True)
            else:
                write_file(self.root, rel, content, folders, mode)


def _token() -> str:
    """What an index.lock of this change holds, so that recovery knows it from a user's."""
    return f"consolidate {os.getpid()} {os.urandom(8).hex()}\n"


def _finish_landed(repo: GitRepo, journal: Journal) -> None:
    """The change is committed: finish it, or leave that to the next command (the journal
    stays) when the disk is full; either way the change is recorded, so no error is raised."""
    try:
        settle(repo, journal, landed=True)
    except (ConsolidateError, OSError):
        if not _landed(repo, journal):  # never: HEAD moved under the lock we hold
            raise


def _new_folders(root: Path, data: Mapping[str, bytes | None]) -> tuple[str, ...]:
    """The folders the files of *data* need that do not exist yet, deepest first."""
    needed: set[str] = set()
    for rel, content in data.items():
        if content is None:
            continue
        parts = rel.split("/")[:-1]
        needed.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    made = {folder for folder in needed if not (root / folder).exists()}
    return tuple(sorted(made, key=lambda f: (-f.count("/"), f)))


# -- settling a journal --------------------------------------------------------------------------

def settle(repo: GitRepo, journal: Journal, *, landed: bool | None = None) -> None:
    """Finish the change of *journal* if its commit landed, else undo it; then drop the journal.

    *landed* is True when the caller has just moved HEAD to the commit under the lock it holds
    (None: ask git). Raises (keeping the journal) when the workspace cannot be made whole: a
    file changed since, a disk that is full.
    """
    drop_index_lock(repo.git_dir, journal.token)
    if landed if landed is not None else _landed(repo, journal):
        _finish(repo, journal)
    else:
        _undo(repo, journal)
    remove_temporaries(repo.root / rel for rel in journal.files)
    (repo.git_dir / JOURNAL).unlink(missing_ok=True)


def _landed(repo: GitRepo, journal: Journal) -> bool:
    head = repo.head_sha()
    if head is None or head == journal.head:
        return False
    return head == journal.commit or repo.is_ancestor(journal.commit, head)


def _finish(repo: GitRepo, journal: Journal) -> None:
    """The commit landed: make sure of its tag and give git's index its entries."""
    if journal.tag and repo.ref_id(f"refs/tags/{journal.tag}") is None:
        repo.create_ref(f"refs/tags/{journal.tag}", journal.tag_object)
    # A user's git holding the index keeps it: the commit stands; `git reset` refreshes it.
    repo.update_index({rel: c.after for rel, c in journal.files.items()}, journal.token)


def _undo(repo: GitRepo, journal: Journal) -> None:
    """The commit never landed: put back every file the change wrote, unless one was changed
    by someone since (then stop, changing nothing)."""
    folders: set[str] = set()
    current = {rel: current_id(repo.root, rel, folders) for rel in journal.files}
    changed = [rel for rel, c in journal.files.items() if current[rel] not in (c.before, c.after)]
    if changed:
        raise InvalidInput(
            f"an interrupted consolidate change cannot be undone: {changed[0]} was changed "
            "after it was interrupted" + (f" (and {len(changed) - 1} more files)"
                                          if len(changed) > 1 else ""),
            path=changed[0],
            hint=f"save your edit elsewhere and undo it (`git checkout -- {changed[0]}`, or "
                 "delete the file if git does not know it); the next command then finishes "
                 "undoing the interrupted change, and you can make your edit again")
    back = {rel: c.before for rel, c in journal.files.items() if current[rel] != c.before}
    blobs = repo.read_blobs(sha for sha in back.values() if sha)
    missing = [rel for rel, sha in back.items() if sha and sha not in blobs]
    if missing:
        raise RecoveryPending(f"the old content of {missing[0]} is not in git's objects: the "
                              "interrupted change cannot be undone", path=missing[0],
                              hint="restore the file from a backup, then remove "
                                   f".git/{JOURNAL}")
    for rel, sha in back.items():
        if sha is None:
            confined(repo.root, rel, folders).unlink(missing_ok=True)
        else:
            write_file(repo.root, rel, blobs[sha], folders)
    persist(repo.root, back)
    for folder in journal.folders:
        _remove_if_empty(repo.root, folder)
    if journal.tag and repo.ref_id(f"refs/tags/{journal.tag}") == journal.tag_object:
        repo.delete_ref(f"refs/tags/{journal.tag}", journal.tag_object)


def _remove_if_empty(root: Path, folder: str) -> None:
    path = root / folder
    if path.is_symlink() or not path.is_dir():
        return
    for name in os.listdir(path):
        if name.startswith(".") and name.endswith(".tmp"):  # an interrupted write's
            (path / name).unlink(missing_ok=True)
    if not any(path.iterdir()):
        path.rmdir()


def _settle_after(repo: GitRepo, journal: Journal, error: BaseException) -> None:
    """The change failed with *error* after its journal was written: settle it now, or say
    that the next command will."""
    try:
        settle(repo, journal)
    except (ConsolidateError, OSError) as failure:
        hint = failure.problem.hint if isinstance(failure, ConsolidateError) else ""
        if _landed(repo, journal):
            what = f"the change was committed ({journal.commit[:12]}) but could not be finished"
        else:
            what = f"the change failed ({_describe(error)}) and could not be undone yet"
        raise RecoveryPending(
            f"{what} ({_describe(failure)})",
            hint=f"the journal .git/{JOURNAL} is kept: once the cause is fixed (space freed, "
                 "permissions), any consolidate command settles it" + (f"; {hint}" if hint else ""),
        ) from error


def _describe(error: BaseException) -> str:
    if isinstance(error, ConsolidateError):
        return error.problem.message
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return f"{type(error).__name__}: {error}"


# -- files -------------------------------------------------------------------------------------

def current_id(root: Path, rel: str, folders: set[str] | None = None) -> str | None:
    """The blob id of the file *rel* now (None: no file; "" for something that is not a file,
    or that is behind a link)."""
    try:
        return _file_id(confined(root, rel, folders), rel)
    except InvalidInput:
        return ""


def _file_id(path: Path, rel: str) -> str | None:
    try:
        return blob_id(read_regular(path, rel))
    except FileNotFoundError:
        return None
    except (InvalidInput, OSError):
        return ""


# Beyond this many files, one sync of every file system costs less than a sync of each file
# (a batch of thousands); below it, a sync of each spares flushing what others wrote.
_SYNC_EACH_UP_TO = 64


def persist(root: Path, rels: Collection[str]) -> None:
    """Make the files *rels* (written or removed) durable: each file and every folder on its
    way synced, or, for many files, one sync of everything."""
    if len(rels) > _SYNC_EACH_UP_TO:
        os.sync()
        return
    base = os.fspath(root)
    folders = {base}
    for rel in rels:
        parts = rel.split("/")
        folders.update(os.path.join(base, *parts[:depth]) for depth in range(1, len(parts)))
        _sync(os.path.join(base, *parts))
    for folder in folders:
        _sync(folder)


def _sync(path: str) -> None:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:  # removed (or never there): its folder's sync records that
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_file(root: Path, rel: str, data: bytes, folders: set[str] | None = None,
               mode: int | None = None) -> None:
    """Write one file of the workspace: confined, atomic, synced later by the caller (*mode*:
    :func:`~consolidate.store.files.file_mode`, read once by a caller writing many files)."""
    _fault_write()
    atomic_write(confined(root, rel, folders), data, sync=False, follow_links=False, mode=mode)


_WRITES = [0]


def _fault_write() -> None:
    """Fail as a full disk does, from the Nth file written on, when a test asks for it."""
    wanted = os.environ.get("CONSOLIDATE_FAULT_ENOSPC")
    _WRITES[0] += 1
    if wanted and _WRITES[0] >= int(wanted):
        raise OSError(28, "No space left on device (fault injected)")


def _fault_point(variable: str, count: int) -> None:
    """Die here, as a power cut would, when a crash test asks for it (never otherwise)."""
    wanted = os.environ.get(variable)
    if wanted and count >= int(wanted):
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back until the block is done, then deliver them.

    A second one of the same signal is not held: whoever presses Ctrl+C twice (a git that
    hangs) gets the interrupt at once, and the change is settled like any other failure.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(number: int, frame: FrameType | None) -> None:
        if number in caught:  # the second: deliver it now, and only once
            caught.remove(number)
            signal.signal(number, previous[number])
            signal.raise_signal(number)
            return
        caught.append(number)

    wanted = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous: dict[int, Any] = {number: signal.signal(number, hold) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


# -- the journal and the lock --------------------------------------------------------------------

@contextmanager
def transaction(repo: GitRepo, *, locked: bool = False) -> Iterator[Transaction]:
    """Collect the files of one change; :meth:`Transaction.commit` writes and commits them
    all, or none (see the module's docstring).

    With *locked* the caller already holds the workspace lock.
    """
    with _maybe_lock(repo, locked):
        recover(repo, locked=True)
        head = repo.head_sha()
        _refuse_detached_head(repo, head)
        yield Transaction(repo, repo.git_dir / JOURNAL, head)


@contextmanager
def _maybe_lock(repo: GitRepo, locked: bool) -> Iterator[None]:
    if locked:
        yield
    else:
        with workspace_lock(repo.git_dir):
            yield


def _refuse_detached_head(repo: GitRepo, head: str | None) -> None:
    if head is not None and repo.head_is_detached():
        raise InvalidInput(
            "HEAD is detached: a change committed now would belong to no branch and be lost",
            hint="check out a branch first (`git switch main`)",
        )


def recover(repo: GitRepo, *, locked: bool = False) -> bool:
    """Settle a change a dead process left half done; True when there was one.

    Waits for the workspace lock, so for every git process the dead command started.
    """
    path = repo.git_dir / JOURNAL
    if not path.exists() and not path.is_symlink():
        return False
    with _maybe_lock(repo, locked):
        if not path.exists() and not path.is_symlink():  # recovered while we waited
            return False
        settle(repo, read_journal(path))
    return True
