"""The registry's ``json`` format: the same document as ``consolidate build --json``.

It is :func:`consolidate.exporters.jsondoc.consolidation_json`, with the amendments of the
text in voting order (the context's ``order``).
"""

from __future__ import annotations

from consolidate.exporters import jsondoc
from consolidate.exporters.base import ExportContext


def render(ctx: ExportContext) -> bytes:
    """The ``json`` format, UTF-8."""
    data = jsondoc.consolidation_json(ctx.consolidation, ctx.amendments_in_order())
    return jsondoc.dumps(data).encode("utf-8")
