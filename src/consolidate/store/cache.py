"""What reading a text computed, kept under ``.git/`` for the next command, keyed by content.

Like git's index, the cache only saves work: every entry is keyed by the whole content it
was computed from (an amendment file's path and text; the engine's keys of
:mod:`consolidate.core.cache`: clause texts, patches, blob ids, statuses), so an entry for
files that changed since is never hit, only dropped at the next save. The cache is never
committed (it lives in the git directory, one file per text) and is never trusted blindly:

- it belongs to one build of the program (:func:`fingerprint`: the version of Python and
  the size and time of every module of the package): another build ignores it;
- a file that cannot be read back whole (truncated by a crash, written by another version,
  garbage) is ignored and replaced;
- it is written atomically (a temporary file renamed over it), so two processes never see
  half of each other's: the last one to finish wins, and both wrote correct entries.

The git directory is trusted as much as git trusts it (git runs its hooks from there).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from consolidate.store.files import atomic_write

# Bump when the layout of the cached data changes.
CACHE_FORMAT = 5
CACHE_FOLDER = "consolidate-cache"


@cache
def fingerprint() -> str:
    """This build of the program: Python's version and every module's path, size and time."""
    digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# The engine's results of these kinds are kept in files of their own, each read only when the
# engine first asks for one: whole consolidated clauses, token by token, are most of the
# cache's weight ("clause": ``list`` or ``conflicts`` never read them), the collision
# analyses and word counts are wanted by ``conflicts`` and decisions, not by every read, and
# each amendment's edits only when a clause or an analysis is computed again.
HEAVY = "clause"
LAZY = (HEAVY, "analyse", "changed words", "edits")


@dataclass
class ReadCache:
    """The parsed files ((path, content) -> object) and the engine's results; those of the
    :data:`LAZY` kinds are read by :meth:`lazy` when first wanted."""

    parsed: dict[tuple[str, str], Any] = field(default_factory=dict)
    engine: dict[Hashable, Any] = field(default_factory=dict)
    git_dir: Path | None = None
    text_id: str = ""
    # What each file held when read, with its signature (store/known_files.py).
    files: dict[tuple[str, str], Any] = field(default_factory=dict)
    base: Base | None = None  # what the main file held, when it was read

    def lazy(self, kind: str) -> dict[Hashable, Any]:
        """The kept results of *kind* (empty when there are none this build can trust)."""
        if self.git_dir is None:
            return {}
        found = _read(cache_path(self.git_dir, self.text_id, kind))
        return found[0] if found is not None and len(found) == 1 else {}

    def heavy(self) -> dict[Hashable, Any]:
        """The kept consolidated clauses (see :meth:`lazy`)."""
        return self.lazy(HEAVY)

    def later(self) -> dict[str, Callable[[], dict[Hashable, Any]]]:
        """A reader of each lazy kind, for :meth:`EngineCache.seed`."""
        return {kind: partial(self.lazy, kind) for kind in LAZY}


def cache_path(git_dir: Path, text_id: str, part: str = "") -> Path:
    """The cache file of *text_id* in the git directory *git_dir* (*part*: "" for the parsed
    files and the light results, or one of :data:`LAZY`)."""
    suffix = "." + part.replace(" ", "-") if part else ""
    return git_dir / CACHE_FOLDER / f"{text_id}{suffix}.pickle"


def _read(path: Path) -> tuple[dict[Any, Any], ...] | None:
    """The dictionaries pickled in *path* by this build, or None."""
    try:
        with path.open("rb") as stream:
            stamp, *parts = pickle.load(stream)
    except Exception:  # any unreadable cache (truncated, garbage, old classes) is a miss
        return None
    if stamp != fingerprint() or not all(isinstance(part, dict) for part in parts):
        return None
    return tuple(parts)


@dataclass
class Base:
    """What the main cache file held when it was read: a delta (see :data:`DELTA_LIMIT`) adds
    to this very file only, and names its parsed objects by their place."""

    token: str  # written with the main file: a delta made on another one is ignored
    values: list[Any]  # the parsed objects, in the file's order
    keys: tuple[frozenset[Any], frozenset[Any], frozenset[Any]]  # parsed, engine, files

    def added(self, *parts: Mapping[Any, Any]) -> tuple[dict[Any, Any], ...]:
        """The entries of *parts* (parsed, engine, files) the main file does not hold."""
        return tuple({k: v for k, v in part.items() if k not in keys}
                     for part, keys in zip(parts, self.keys))


# A command that adds a few entries (a decision: the decided files and a new voting list)
# writes them to a small second file, the delta, instead of the whole main file (5 MB on
# GDPR, most of a decision's saving). The delta grows with each such command and names what
# it shares with the main file by place; past this many entries the main file is written
# whole again (stale entries are dropped then) and the delta goes.
DELTA_LIMIT = 256
DELTA = "delta"


def load_cache(git_dir: Path, text_id: str) -> ReadCache:
    """The cache of *text_id*, or an empty one when there is none this build can trust."""
    found = _read(cache_path(git_dir, text_id))
    if found is None or len(found) != 4 or not isinstance(found[3].get("token"), str):
        return ReadCache(git_dir=git_dir, text_id=text_id)
    parsed, engine, files, meta = found
    base = Base(meta["token"], list(parsed.values()),
                (frozenset(parsed), frozenset(engine), frozenset(files)))
    delta = _read_delta(cache_path(git_dir, text_id, DELTA), base)
    if delta is not None:
        for part, added in zip((parsed, engine, files), delta):
            part.update(added)
    return ReadCache(parsed, engine, git_dir, text_id, files, base)


class _DeltaPickler(pickle.Pickler):
    """Pickles the main file's parsed objects as their place in it."""

    def __init__(self, stream: Any, base: Base) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = {id(value): place for place, value in enumerate(base.values)}

    def persistent_id(self, obj: Any) -> int | None:
        return self.places.get(id(obj))


class _DeltaUnpickler(pickle.Unpickler):
    def __init__(self, stream: Any, base: Base) -> None:
        super().__init__(stream)
        self.values = base.values

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is not int or not 0 <= pid < len(self.values):
            raise pickle.UnpicklingError("not a place in the main file")
        return self.values[pid]


def _read_delta(path: Path, base: Base) -> tuple[dict[Any, Any], ...] | None:
    """The entries of the delta made on *base*, or None (none, or made on another file)."""
    try:
        with path.open("rb") as stream:
            stamp, token, *parts = _DeltaUnpickler(stream, base).load()
    except Exception:  # any unreadable delta is ignored, as a cache file is
        return None
    if stamp != fingerprint() or token != base.token or len(parts) != 3 \
            or not all(isinstance(part, dict) for part in parts):
        return None
    return tuple(parts)


# Entries another command used stay in the cache while they are at most this many times the
# entries this command used, or the size of the text; beyond that, only what this command used
# is saved (entries of files that changed since are never hit again: this drops them).
STALE_FACTOR = 3


def worth_keeping(used: Mapping[Any, Any], known: Mapping[Any, Any],
                  scale: int = 0) -> dict[Any, Any]:
    """What of *known* (everything held) to save, *used* being what this run read or made:
    all of it while it stays within :data:`STALE_FACTOR` times *used* or *scale* (about the
    entries one whole read of the text makes: its clauses and amendments), else *used*.
    Commands that use different parts of the cache, run in turns, then keep each other's
    parts, and a decision that reads one clause keeps the results of all the others."""
    within = STALE_FACTOR * max(len(used), scale, 1)
    return dict(known) if len(known) <= within else dict(used)


# Kinds of which one entry covers the whole text (a run uses one at most): the text's size
# says nothing of how many of them are worth keeping.
WHOLE_TEXT_KINDS = ("vote list", "list order", "patch problems")


def worth_keeping_by_kind(used: Mapping[Hashable, Any], known: Mapping[Hashable, Any],
                          scale: int = 0) -> dict[Hashable, Any]:
    """:func:`worth_keeping` for each kind of the engine's results (the first item of their
    keys) this run used, with *scale* for the kinds made per clause or per amendment; the
    kinds it did not use are another command's, kept as they are.

    A few large entries, such as a voting list per set of statuses (its key holds every
    amendment), would otherwise stay among thousands of small used ones after every decision,
    and each costs reading it back at every start."""
    kinds: dict[object, tuple[dict[Hashable, Any], dict[Hashable, Any]]] = {}
    for source, side in ((used, 0), (known, 1)):
        for key, value in source.items():
            kind = key[0] if isinstance(key, tuple) and key else None
            kinds.setdefault(kind, ({}, {}))[side][key] = value
    kept: dict[Hashable, Any] = {}
    for kind, (kind_used, kind_known) in kinds.items():
        if not kind_used:
            kept.update(kind_known)
            continue
        kind_scale = 0 if kind in WHOLE_TEXT_KINDS else scale
        kept.update(worth_keeping(kind_used, kind_known, kind_scale))
    return kept


def save_cache(git_dir: Path, text_id: str, parsed: Mapping[tuple[str, str], Any],
               engine: Mapping[Hashable, Any],
               lazy: Mapping[str, Mapping[Hashable, Any] | None],
               files: Mapping[tuple[str, str], Any] | None = None,
               base: Base | None = None) -> None:
    """Write the cache of *text_id*, each file atomically (a lazy kind given None: leave its
    file as it is); a failure (read-only, full disk) is ignored: the next command computes
    again. What the main file read as *base* lacks goes to the delta while it is small."""
    files = files or {}
    added = base.added(parsed, engine, files) if base is not None else ()
    if base is not None and sum(map(len, added)) <= DELTA_LIMIT:
        _write_with(cache_path(git_dir, text_id, DELTA), (fingerprint(), base.token, *added),
                    lambda stream, data: _DeltaPickler(stream, base).dump(data))
    else:
        _write(cache_path(git_dir, text_id),
               (fingerprint(), dict(parsed), dict(engine), dict(files),
                {"token": os.urandom(16).hex()}))
        with contextlib.suppress(OSError):  # made on the old main file: ignored, but dead weight
            cache_path(git_dir, text_id, DELTA).unlink(missing_ok=True)
    for kind, entries in lazy.items():
        if entries is not None:
            _write(cache_path(git_dir, text_id, kind), (fingerprint(), dict(entries)))


def _write(path: Path, data: tuple[Any, ...]) -> None:
    _write_with(path, data, lambda stream, value: pickle.dump(
        value, stream, protocol=pickle.HIGHEST_PROTOCOL))


def _write_with(path: Path, data: tuple[Any, ...],
                dump: Callable[[io.BytesIO, tuple[Any, ...]], None]) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        stream = io.BytesIO()
        dump(stream, data)
        atomic_write(path, stream.getvalue(), sync=False, follow_links=False)
    except (OSError, pickle.PicklingError, RecursionError):
        return


class UsedDict(dict[tuple[str, str], Any]):
    """The parsed amendment files, remembering which entries this run read or made."""

    def __init__(self, entries: Mapping[tuple[str, str], Any] = {}) -> None:
        super().__init__(entries)
        self.used: dict[tuple[str, str], Any] = {}
        self.made = 0

    def get(self, key: tuple[str, str], default: Any = None) -> Any:
        value = super().get(key, default)
        if value is not default:
            self.used[key] = value
        return value

    def __setitem__(self, key: tuple[str, str], value: Any) -> None:
        super().__setitem__(key, value)
        self.used[key] = value
        self.made += 1

    def clear(self) -> None:
        super().clear()
        self.used.clear()
