"""The one export path: a consolidation rendered in a format, for the CLI, the app and scripts.

Every format of :data:`consolidate.exporters.FORMATS` is rendered here, from the same
context (the consolidation, the amendments, their bases and the voting order), so the bytes
of a format never depend on whether `consolidate build` or the review app wrote them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from consolidate.core.errors import InvalidInput
from consolidate.core.model import Amendment, Consolidation
from consolidate.exporters.base import FORMATS, ExportContext, Exporter, UnknownFormatError, get_exporter
from consolidate.store.files import atomic_write, confined

__all__ = ["FORMATS", "ExportTarget", "Exporter", "context", "default_path", "exporter", "render",
           "render_context", "resolve", "write"]


def exporter(fmt: str) -> Exporter:
    """The exporter of *fmt*, or :class:`InvalidInput` naming the formats."""
    try:
        return get_exporter(fmt)
    except UnknownFormatError as error:
        raise InvalidInput(str(error), hint="`consolidate build --help` lists the formats") from None


def context(consolidation: Consolidation, amendments: Mapping[str, Amendment],
            bases: Mapping[str, str], order: Sequence[str], *, color: bool = False,
            width: int = 100) -> ExportContext:
    """The context every format renders from; *bases* maps blob ids to texts and *order*
    lists amendment ids in voting order."""
    by_amendment = {a.id: bases[a.base] for a in amendments.values() if a.base in bases}
    return ExportContext(consolidation, dict(amendments), color=color, width=width,
                         bases=by_amendment, order=tuple(order))


def render_context(ctx: ExportContext, fmt: str) -> bytes:
    """*ctx* rendered in *fmt*."""
    return exporter(fmt).render(ctx)


def render(consolidation: Consolidation, amendments: Mapping[str, Amendment],
           bases: Mapping[str, str], order: Sequence[str], fmt: str, *, color: bool = False,
           width: int = 100) -> bytes:
    """*consolidation* rendered in *fmt* (see :func:`context`)."""
    ctx = context(consolidation, amendments, bases, order, color=color, width=width)
    return render_context(ctx, fmt)


def default_path(text_id: str, fmt: str) -> str:
    """'out/<text>.<suffix>'; a format sharing its suffix with an earlier one adds its name."""
    chosen = exporter(fmt)
    first = next(name for name, e in FORMATS.items() if e.suffix == chosen.suffix)
    stem = text_id if first == fmt else f"{text_id}-{fmt}"
    return f"out/{stem}{chosen.suffix}"


@dataclass(frozen=True)
class ExportTarget:
    """Where an export goes: *path*, and the workspace it lies in (None when outside it).

    A path inside the workspace is written confined (store.files.confined): no symbolic link
    on its way is followed, so a link committed in the workspace (``out/<text>.txt`` pointing
    at a file elsewhere) can never direct the export out of it.
    """

    path: Path
    workspace: Path | None = None

    def __str__(self) -> str:
        return str(self.path)

    def __fspath__(self) -> str:
        return str(self.path)


def resolve(root: Path, typed: str) -> ExportTarget:
    """The file a typed path names: relative paths are relative to the workspace."""
    path = Path(typed.strip()).expanduser()
    path = Path(os.path.normpath(path if path.is_absolute() else root / path))
    return ExportTarget(path, root if path.is_relative_to(root) else None)


def write(data: bytes, path: Path | ExportTarget) -> int:
    """Write *data* atomically; returns the number of bytes written.

    A plain *path* (``--output``, named by the user) is written as named, through a link or
    into a device; an :class:`ExportTarget` inside the workspace is written confined to it.
    """
    if isinstance(path, ExportTarget):
        if path.workspace is not None:
            rel = path.path.relative_to(path.workspace).as_posix()
            atomic_write(confined(path.workspace, rel), data, follow_links=False)
            return len(data)
        path = path.path
    atomic_write(path, data)
    return len(data)
