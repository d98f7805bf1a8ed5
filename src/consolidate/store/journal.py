"""The journal of a change in progress (``.git/consolidate-journal.json``): what the change is
doing, enough to finish it or to undo it after a crash (store.transaction's protocol). It is
read back strictly: a journal that names a path out of the workspace, or that this version did
not write, is refused and nothing it names is touched."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consolidate.core.errors import InvalidInput
from consolidate.store.files import check_relative, read_regular
from consolidate.store.gitobjects import is_sha

JOURNAL = "consolidate-journal.json"
VERSION = 2


@dataclass(frozen=True)
class FileChange:
    """A file's blob id before and after a change (None: no file)."""

    before: str | None
    after: str | None


@dataclass(frozen=True)
class Journal:
    """What a change in progress is doing: enough to finish it or to undo it."""

    head: str | None  # HEAD before the change (None: no commit yet)
    commit: str  # the change's commit, landed once HEAD is it or descends from it
    files: Mapping[str, FileChange]
    folders: tuple[str, ...] = ()  # folders the change made, deepest first
    tag: str = ""
    tag_object: str = ""
    token: str = ""  # the content of an index.lock this change makes

    def to_json(self) -> str:
        return json.dumps({
            "version": VERSION, "pid": os.getpid(), "head": self.head, "commit": self.commit,
            "tag": self.tag, "tag_object": self.tag_object, "token": self.token,
            "folders": list(self.folders),
            "files": {path: {"before": c.before, "after": c.after}
                      for path, c in self.files.items()},
        }, ensure_ascii=False)


def read_journal(path: Path) -> Journal:
    """The journal at *path*, refused when it is not one this version of consolidate wrote
    (a path out of the workspace, a wrong type): nothing it names is then touched."""
    try:
        data = json.loads(read_regular(path, path.name).decode("utf-8"))
        return _journal_from(data)
    except (ValueError, TypeError, KeyError, AttributeError, InvalidInput, OSError) as error:
        reason = error.problem.message if isinstance(error, InvalidInput) else str(error)
        raise InvalidInput(
            f"the journal of an interrupted change (.git/{JOURNAL}) cannot be used: {reason}",
            path=f".git/{JOURNAL}",
            hint="it was not written by this version of consolidate: check the files with "
                 "`git status` (restore them with `git checkout -- texts amendments` if "
                 "needed), then remove the journal") from None


def _journal_from(data: Any) -> Journal:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("unknown format")
    files = {}
    for rel, change in dict(data["files"]).items():
        check_relative(rel)
        files[rel] = FileChange(_sha_or_none(change["before"]), _sha_or_none(change["after"]))
    folders = tuple(str(f) for f in data.get("folders", []) if check_relative(str(f)))
    if any(not any(rel.startswith(f"{f}/") for rel in files) for f in folders):
        raise ValueError("a folder that no file of the change is in")
    tag, tag_object = str(data.get("tag") or ""), str(data.get("tag_object") or "")
    if tag and (tag.startswith("-") or any(c.isspace() for c in tag) or not _is_id(tag_object)):
        raise ValueError("a tag that is not valid")
    head = _sha_or_none(data["head"])
    if not _is_id(data["commit"]):
        raise ValueError("no commit")
    token = str(data["token"])
    if not token.startswith("consolidate "):
        raise ValueError("a token that is not consolidate's")
    return Journal(head, data["commit"], files, folders, tag, tag_object, token)


def _sha_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if not _is_id(value):
        raise ValueError(f"'{value}' is not an object id")
    return str(value)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and is_sha(value)
