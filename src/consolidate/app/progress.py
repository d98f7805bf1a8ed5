"""Progress of long work, reported to whoever shows it (the CLI draws a bar on a terminal).

The application layer calls a :data:`Progress` callback with ``(done, total)``; it never
draws anything itself. A total of 0 means the amount of work is not known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

Progress = Callable[[int, int], None]
T = TypeVar("T")


def report(progress: Progress | None, done: int, total: int) -> None:
    """Call *progress* with ``(done, total)`` when there is one."""
    if progress is not None:
        progress(done, total)


def counted(progress: Progress | None, items: Sequence[T] | Iterable[T],
            total: int | None = None) -> Iterator[T]:
    """The *items*, reporting each one done to *progress*."""
    listed = items if isinstance(items, Sequence) else list(items)
    count = len(listed) if total is None else total
    report(progress, 0, count)
    for done, item in enumerate(listed, start=1):
        yield item
        report(progress, done, count)
