"""Atomic writes and the workspace lock."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consolidate.core.errors import InvalidInput

LOCK_TIMEOUT_SECONDS = 60.0


def atomic_write(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write *data* to *path* so that a reader sees the old file or the new one, never half.

    With *sync* False the caller syncs once for many files (see store.transaction). A path
    that is a device or a pipe (``--output /dev/null``, ``/dev/stdout``) is written into, never
    replaced; a symbolic link is followed, so the file it names is the one replaced.
    """
    if path.exists() and not path.is_file():
        with open(path, "wb") as out:
            out.write(data)
        return
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, text.encode("utf-8"))


@contextmanager
def workspace_lock(git_dir: Path) -> Iterator[None]:
    """Hold the workspace's lock while changing it (other processes wait for their turn)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(git_dir / "consolidate.lock"), timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            yield
    except Timeout:
        raise InvalidInput(
            "the workspace is locked by another consolidate process",
            hint=f"wait for it to finish; if none is running, remove {git_dir / 'consolidate.lock'}",
        ) from None
