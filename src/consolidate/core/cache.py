"""Memo of the engine's work, so a decision re-computes only the clause it touches.

Every entry is keyed by the content it was computed from (clause text, patches, bases,
statuses, numbers), never by time or by file: a stale entry cannot be hit, it is only
never used again. One cache lives as long as a session; it is plain data, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from consolidate.core.model import Amendment


def amendment_key(amendment: Amendment) -> tuple[object, ...]:
    """What of an amendment the engine's result depends on."""
    return (amendment.id, amendment.number, amendment.action, amendment.clause,
            amendment.new_clause, amendment.base, amendment.patch, amendment.status,
            amendment.new_kind)


@dataclass
class EngineCache:
    """Results of reading patches, consolidating clauses and comparing amendments."""

    limit: int = 200_000
    # About how many entries of a kind one whole read of the text makes (its clauses and
    # amendments), set by the reader: what a narrow run keeps of what it did not use.
    scale: int = 0
    _store: dict[Hashable, Any] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    # The entries read or made since the cache was seeded: what is worth keeping.
    _used: dict[Hashable, Any] = field(default_factory=dict)
    _later: dict[str, Callable[[], dict[Hashable, Any]]] = field(default_factory=dict)
    # The kinds (first item of their keys) of the entries made since the cache was seeded.
    made_kinds: set[object] = field(default_factory=set)

    def get(self, key: Hashable) -> Any:
        value = self._store.get(key, _MISSING)
        if value is _MISSING and self._later and isinstance(key, tuple) and key[0] in self._later:
            self._store.update(self._later.pop(key[0])())
            value = self._store.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        if len(self._store) >= self.limit:
            self._store.clear()  # crude, but bounded: entries are cheap to compute again
            self._used.clear()
        self._store[key] = value
        self._used[key] = value
        self.made_kinds.add(key[0] if isinstance(key, tuple) and key else None)
        return value

    def seed(self, entries: dict[Hashable, Any],
             later: Mapping[str, Callable[[], dict[Hashable, Any]]] | None = None) -> None:
        """Start from *entries* (results kept by an earlier run, keyed by content); the
        entries of a kind in *later* (the first item of their keys) are read by its
        function when one of that kind is first asked for."""
        self._store.update(entries)
        self._later.update(later or {})

    def pending(self, kind: str) -> bool:
        """True while the kept entries of *kind* have not been read (nothing asked for one)."""
        return kind in self._later

    def used_of(self, kinds: Collection[str], wanted: bool = True) -> dict[Hashable, Any]:
        """The entries read or made since the cache was seeded, of *kinds* (the first item of
        their keys; *wanted* False: of every other kind)."""
        return _of(self._used, kinds, wanted)

    def known_of(self, kinds: Collection[str], wanted: bool = True) -> dict[Hashable, Any]:
        """Every entry held of *kinds*, used or not (*wanted* False: of every other kind)."""
        return _of(self._store, kinds, wanted)


_MISSING = object()


def _of(entries: Mapping[Hashable, Any], kinds: Collection[str],
        wanted: bool) -> dict[Hashable, Any]:
    return {key: value for key, value in entries.items()
            if (isinstance(key, tuple) and bool(key) and key[0] in kinds) is wanted}
