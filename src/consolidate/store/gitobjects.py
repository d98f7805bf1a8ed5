"""git's objects as the workspace sees them: object ids computed as git computes them, the
entries of trees, commits of a history, tags, and the ids of the working tree's files. Pure
data and hashing: no git process (that is store.gitrepo's)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ZERO_ID = "0" * 40
# The ref a change's commit is written on by fast-import (which must name one), until the
# ref transaction that moves HEAD to it deletes it; one a change never landed on is overwritten.
PENDING_REF = "refs/consolidate/pending"


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


def change_stream(parent: str | None, files: Mapping[str, bytes | None], message: str,
                  author: bytes, committer: bytes) -> bytes:
    """The ``git fast-import`` stream of one change: the blob of each file of *files* (path ->
    content, None to remove it), a commit of them on *parent* (None: a first commit) with the
    identities *author* and *committer* (``Name <email> seconds zone``), on PENDING_REF; then
    ``get-mark``, so that fast-import prints the commit's id. Every file is a plain file
    (mode 100644), as every change writes; the rest of *parent*'s tree is kept as it is."""
    contents = sorted((rel, data) for rel, data in files.items() if data is not None)
    marks = {rel: mark for mark, (rel, _) in enumerate(contents, start=1)}
    commit_mark = len(contents) + 1
    body = message.encode("utf-8")
    parts = [b"reset %s\n" % PENDING_REF.encode()]  # no earlier tip: a first commit has no parent
    parts += [b"blob\nmark :%d\ndata %d\n%s\n" % (marks[rel], len(data), data)
              for rel, data in contents]
    parts.append(b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                 % (PENDING_REF.encode(), commit_mark, author, committer, len(body), body))
    if parent is not None:
        parts.append(b"from %s\n" % parent.encode("ascii"))
    parts += [b"M 100644 :%d %s\n" % (marks[rel], _quoted(rel)) if rel in marks
              else b"D %s\n" % _quoted(rel) for rel in sorted(files)]
    parts.append(b"\nget-mark :%d\ndone\n" % commit_mark)
    return b"".join(parts)


def _quoted(path: str) -> bytes:
    """*path* quoted as fast-import reads a path (C style): any character is safe in it."""
    out = bytearray(b'"')
    for byte in path.encode("utf-8", "surrogateescape"):
        if byte in b'"\\':
            out += b"\\%c" % byte
        elif byte < 0x20 or byte == 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b'"')


_SHA_RE = re.compile(r"[0-9a-f]{40}")


def is_sha(value: str) -> bool:
    return _SHA_RE.fullmatch(value) is not None
