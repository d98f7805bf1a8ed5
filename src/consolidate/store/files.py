"""Files of the workspace: atomic writes, confined paths, safe reads and the workspace lock.

Every file is written whole (a temporary file renamed into place) with the mode git gives a
checked-out file: ``0666`` less the umask. A path that comes from the workspace (a clause, an
amendment, a default export, a path named by the journal) is *confined*: it stays inside the
workspace, outside ``.git``, and no symbolic link on its way is followed, so nothing the
workspace contains can direct a write elsewhere. A path the user names explicitly
(``--output``) is written as named.

The workspace lock is an ``flock`` on ``.git/consolidate.lock``. Its descriptor is passed to
every git process started while it is held (see :func:`held_lock_fds`), so the lock lasts as
long as the last of them: a consolidate killed while its git still runs keeps the workspace
locked until that git has ended, and the next command's recovery never races it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from consolidate.core.errors import InvalidInput

LOCK_TIMEOUT_SECONDS = 60.0
LOCK_NAME = "consolidate.lock"
_POLL_SECONDS = 0.02


# -- modes ------------------------------------------------------------------------------------

def current_umask() -> int:
    """The process's umask, read without changing it (other threads may be writing files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_GUARD:  # no /proc: the classic dance, under a lock
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_GUARD = threading.Lock()


def file_mode() -> int:
    """The mode of a new file, as git gives it: ``0666`` less the umask."""
    return 0o666 & ~current_umask()


# -- writing ----------------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes, *, sync: bool = True, follow_links: bool = True,
                 mode: int | None = None) -> None:
    """Write *data* to *path* so that a reader sees the old file or the new one, never half.

    With *sync* False the caller syncs once for many files (see store.transaction). A path
    that is a device or a pipe (``--output /dev/null``, ``/dev/stdout``) is written into, never
    replaced. A symbolic link is followed (the file it names is replaced) when *follow_links*;
    otherwise the caller has confined the path (see :func:`confined`) and a link is replaced.
    *mode* is :func:`file_mode`, given by a caller writing many files (read once).
    """
    if follow_links and path.exists() and not path.is_file():
        with open(path, "wb") as out:
            out.write(data)
        return
    if follow_links and path.is_symlink():
        path = path.resolve()
    if not os.path.isdir(path.parent):  # a stat: a failed mkdir costs more (thousands of files)
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = ""
    try:
        handle, temporary = _temporary(path)
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), file_mode() if mode is None else mode)
            out.write(data)
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.replace(temporary, path)
        temporary = ""
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def _temporary(path: Path) -> tuple[int, str]:
    """A new empty file next to *path*, ``.NAME.RANDOM.tmp`` (as :func:`remove_temporaries`
    finds it), created as ``mkstemp`` does (exclusive, not through a link, owner only), open
    for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        name = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:  # taken by another write: draw again
            continue


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, text.encode("utf-8"))


def remove_temporaries(paths: Iterable[Path]) -> None:
    """Remove the temporary files that interrupted writes of *paths* may have left."""
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, set()).add(path.name)
    for folder, targets in by_folder.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(".tmp") and \
                    name[1:-4].rsplit(".", 1)[0] in targets:
                (folder / name).unlink(missing_ok=True)


# -- confinement --------------------------------------------------------------------------------

def check_relative(rel: str) -> tuple[str, ...]:
    """The parts of *rel*, a path inside a workspace: relative, no ``..``, not in ``.git``;
    anything else is refused."""
    parts = tuple(rel.split("/"))
    if (not rel or rel.startswith("/") or "\\" in rel or "\0" in rel
            or any(part in ("..", ".", "") for part in parts) or parts[0] == ".git"):
        raise InvalidInput(f"'{rel}' is not a path inside the workspace",
                           hint="consolidate writes only texts/, amendments/ and the like")
    return parts


def confined(root: Path, rel: str, folders: set[str] | None = None) -> Path:
    """The path *rel* names under *root*, refused when a write there could land elsewhere.

    No folder on the way and not the file itself may be a symbolic link, and the file, if it
    exists, must be a regular file (never a directory, a pipe or a device). *folders* caches
    the folders found sound, for many paths checked at once.
    """
    parts = check_relative(rel)
    path, shown = str(root), ""
    info = None
    for index, part in enumerate(parts):
        path, shown = f"{path}/{part}", f"{shown}/{part}" if shown else part
        last = index == len(parts) - 1
        if not last and folders is not None and shown in folders:
            continue
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return Path(path, *parts[index + 1:])  # the rest does not exist yet: no link on it
        if stat.S_ISLNK(info.st_mode):
            raise InvalidInput(
                f"{shown} is a symbolic link: consolidate does not write through links in the "
                "workspace", path=shown, hint="replace the link with the file or folder itself")
        if not last:
            if not stat.S_ISDIR(info.st_mode):
                raise InvalidInput(f"{shown} is not a folder", path=shown,
                                   hint="move the file away")
            if folders is not None:
                folders.add(shown)
    assert info is not None
    _refuse_special(Path(path), info, rel)
    return Path(path)


def _refuse_special(path: str | Path, info: os.stat_result, shown: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{shown} is a directory, not a file", path=shown,
                           hint="remove or rename the directory")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{shown} is not a regular file (it is {_kind(info.st_mode)})",
                           path=shown, hint="remove it; consolidate reads and writes plain files")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def read_regular(path: str | Path, shown: str, *, follow_link: bool = True) -> bytes:
    """The bytes of *path*, refused (never hanging) when it is not a regular file.

    With *follow_link* False, a *path* that is a symbolic link is not opened: OSError ELOOP.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_link else os.O_NOFOLLOW)
    try:
        handle = os.open(path, flags)  # a pipe opens without a writer
    except IsADirectoryError:
        raise InvalidInput(f"{shown} is a directory, not a file", path=shown,
                           hint="remove or rename the directory") from None
    try:
        _refuse_special(path, os.fstat(handle), shown)
    except InvalidInput:
        os.close(handle)
        raise
    with open(handle, "rb", buffering=0) as source:  # unbuffered: one read of the whole file
        return source.readall()


def folder_listing(folder: Path, suffix: str) -> dict[str, bool]:
    """The names in *folder* that end with *suffix* (hidden ones left out), each with whether
    it is a symbolic link, as the directory says (no call per file)."""
    with os.scandir(folder) as entries:
        return {entry.name: entry.is_symlink() for entry in entries
                if entry.name.endswith(suffix) and not entry.name.startswith(".")}


# -- the workspace lock ----------------------------------------------------------------------------

@dataclass
class _Held:
    """One workspace lock of this process: its guard for threads, and the flock once taken."""

    guard: threading.RLock
    fd: int = -1
    depth: int = 0
    owner: int = 0  # the thread holding it


_LOCKS: dict[str, _Held] = {}
_LOCKS_GUARD = threading.Lock()


def held_lock_fds() -> tuple[int, ...]:
    """Descriptors of the workspace locks the calling thread holds (to pass to git)."""
    me = threading.get_ident()
    with _LOCKS_GUARD:
        return tuple(h.fd for h in _LOCKS.values() if h.depth and h.owner == me and h.fd >= 0)


@contextmanager
def workspace_lock(git_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's lock while changing it (other processes wait for their turn, up to
    *timeout* seconds: by default ``CONSOLIDATE_LOCK_TIMEOUT`` or 60).

    The lock is re-entrant within a thread, and excludes other threads of this process too.
    """
    if timeout is None:
        timeout = float(os.environ.get("CONSOLIDATE_LOCK_TIMEOUT") or LOCK_TIMEOUT_SECONDS)
    path = str(git_dir / LOCK_NAME)
    with _LOCKS_GUARD:
        held = _LOCKS.setdefault(path, _Held(threading.RLock()))
    deadline = time.monotonic() + timeout
    if not held.guard.acquire(timeout=timeout):
        raise _locked(path)
    try:
        if held.depth == 0:
            held.fd = _take_flock(path, deadline)
            held.owner = threading.get_ident()
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                os.close(held.fd)  # our git children may still hold it: see the module's docstring
                held.fd = -1
    finally:
        held.guard.release()


def _take_flock(path: str, deadline: float) -> int:
    """The lock's descriptor, locked. Waiting is first come, first served: a waiter holds the
    queue lock while it waits, so a process that has just released the lock cannot take it
    again before the one that was waiting (the queue lock is never passed to git)."""
    queue = _flock(f"{path[:-len('.lock')]}-queue.lock", deadline, path)
    try:
        fd = _flock(path, deadline, path)
    finally:
        os.close(queue)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _flock(path: str, deadline: float, shown: str) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                os.close(fd)
                raise
        if time.monotonic() >= deadline:
            holder = _holder(fd) if path == shown else ""
            os.close(fd)
            raise _locked(shown, holder)
        time.sleep(pause)
        pause = min(pause * 2, _POLL_SECONDS)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _locked(path: str, holder: str = "") -> InvalidInput:
    who = f" (pid {holder})" if holder.isdigit() else ""
    return InvalidInput(
        f"the workspace is locked by another consolidate process{who}, or by a git command "
        "it started that is still running",
        hint=f"wait for it to finish; `fuser {path}` lists the processes holding the lock "
             "(removing the file does not release it)",
    )
