"""Export from the review app: any format of the exporters, written atomically. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from consolidate.core.model import Amendment, Consolidation
from consolidate.exporters.base import FORMATS, ExportContext, get_exporter
from consolidate.store.files import atomic_write


def default_path(text_id: str, fmt: str) -> str:
    """'out/<text>.<suffix>'; a format sharing its suffix with an earlier one adds its name."""
    exporter = get_exporter(fmt)
    first = next(name for name, e in FORMATS.items() if e.suffix == exporter.suffix)
    stem = text_id if first == fmt else f"{text_id}-{fmt}"
    return f"out/{stem}{exporter.suffix}"


def resolve(root: Path, typed: str) -> Path:
    """The file a typed path names: relative paths are relative to the workspace."""
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else root / path


def export(consolidation: Consolidation, amendments: Mapping[str, Amendment],
           bases: Mapping[str, str], fmt: str, path: Path) -> int:
    """Render *consolidation* in *fmt* and write it to *path* atomically; returns the size."""
    by_amendment = {a.id: bases[a.base] for a in amendments.values() if a.base in bases}
    context = ExportContext(consolidation, dict(amendments), color=False, width=100,
                            bases=by_amendment)
    data = get_exporter(fmt).render(context)
    atomic_write(path, data)
    return len(data)
