"""git's objects as the workspace sees them: object ids computed as git computes them, the
entries of trees, commits of a history, tags, and the ids of the working tree's files. Pure
data and hashing: no git process (that is store.gitrepo's)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

ZERO_ID = "0" * 40


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


def working_blob_ids(root: Path, under: str) -> dict[str, str]:
    """Path -> blob id of every file under *under* in the working tree (links as git sees them).

    Paths are handled as strings: this reads every file of a text, thousands in a code.
    """
    found: dict[str, str] = {}
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(os.path.join(base, under)):
        folder = os.path.relpath(dirpath, base).replace(os.sep, "/")
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in filenames + links:
            found[f"{folder}/{name}"] = _working_blob_id(os.path.join(dirpath, name))
    return found


def _working_blob_id(path: str) -> str:
    """The blob id git would store for the file at *path*; "" for what git stores no blob of
    (a pipe, a device) or what cannot be read."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return blob_id(os.fsencode(os.readlink(path)))
        if stat.S_ISREG(info.st_mode):
            with open(path, "rb", buffering=0) as stream:
                return blob_id(stream.readall())
    except OSError:
        pass
    return ""


_SHA_RE = re.compile(r"[0-9a-f]{40}")


def is_sha(value: str) -> bool:
    return _SHA_RE.fullmatch(value) is not None
