"""What each file of the workspace held when a command last read it, as git's index keeps it.

A read command reads thousands of files whose content has not changed since the last one.
Each file read is remembered with its *signature* (inode, device, size, mode, and the times
of its last change: ``mtime`` and ``ctime``); a later command that finds the same signature
takes the text it remembers instead of reading the file again. A write always gives the file
a new ``ctime``, which no program can set back, so a changed file never matches.

The one way a change could go unseen is a second write within the same tick of the file
system's clock as the read that was remembered. As git does with "racily clean" entries, a
file changed less than :data:`SETTLED_SECONDS` before it was read is not remembered: it is
read again every time until it has settled.

Only what the readers accepted is remembered (a file they refused is read again, and refused
again, every time), under the path and the reader, so a text is only ever taken for the same
checks it passed.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, MutableMapping

# More than the coarsest clock of a file system a workspace may live on (FAT: 2 seconds).
SETTLED_SECONDS = 3

Signature = tuple[int, int, int, int, int, int]
Entries = MutableMapping[tuple[str, str], tuple[Signature, str]]


def signature(info: os.stat_result) -> Signature:
    return (info.st_ino, info.st_dev, info.st_size, info.st_mode, info.st_mtime_ns,
            info.st_ctime_ns)


def settled(info: os.stat_result, now_ns: int) -> bool:
    """True when the file was last changed long enough before *now_ns* for any later change
    to give it another signature."""
    last = max(info.st_mtime_ns, info.st_ctime_ns)
    return now_ns - last >= SETTLED_SECONDS * 1_000_000_000


class KnownFiles:
    """The remembered texts, by (path, reader): see the module's docstring."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries

    def text(self, path: str, key: tuple[str, str], read: Callable[[], str]) -> str:
        """The text of the file at *path*: the remembered one when its signature is the same,
        else what *read* returns (remembered when the file has settled)."""
        try:
            info = os.lstat(path)  # before reading: a change after it shows next time
        except OSError:
            return read()  # gone or unreadable: the reader says why
        found = self.entries.get(key)
        if found is not None and found[0] == signature(info):
            return found[1]
        text = read()
        if stat.S_ISREG(info.st_mode) and settled(info, time.time_ns()):
            self.entries[key] = (signature(info), text)
        return text
