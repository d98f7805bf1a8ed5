"""The costly part of tabling many amendments, on every CPU: making each patch and reading
each amendment file back (the check that what is written reads back as itself).

Both are pure: a draft's patch and file depend on its base, its proposal and its other
fields only, so the same functions give the same bytes in this process or another. A large
batch (:data:`PARALLEL_FROM` amendments or more, on a machine with several CPUs) is split
between worker processes; anything that stops the workers (no ``fork``, a worker killed)
makes them here instead, one by one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from consolidate.core.amendment_format import ReadBack
from consolidate.core.model import Amendment
from consolidate.core.patching import make_patch
from consolidate.store.workspace import amendment_file

# Below this many amendments, starting the workers costs more than it saves.
PARALLEL_FROM = 512
_MOST_WORKERS = 4


@dataclass(frozen=True)
class Draft:
    """An amendment whose patch is still to be made: the patch turns *base* into *proposed*."""

    amendment: Amendment
    base: str
    proposed: str


def finished(draft: Draft) -> ReadBack:
    """The draft's amendment with its patch, rendered and read back (:func:`amendment_file`)."""
    return amendment_file(replace(draft.amendment, patch=make_patch(draft.base, draft.proposed)))


def finish(drafts: Sequence[Draft]) -> list[ReadBack]:
    """:func:`finished` of each draft, in order."""
    workers = min(_cpus(), _MOST_WORKERS)
    if len(drafts) >= PARALLEL_FROM and workers > 1:
        done = _in_workers(drafts, workers)
        if done is not None:
            return done
    return [finished(draft) for draft in drafts]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_workers(drafts: Sequence[Draft], workers: int) -> list[ReadBack] | None:
    """The drafts finished by *workers* forked processes, or None when they cannot run."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return None
    chunk = -(-len(drafts) // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(finished, drafts, chunksize=chunk))
    except (OSError, BrokenProcessPool):
        return None
