"""The registry's ``json`` format: the same document as ``consolidate build --json``.

It is :func:`consolidate.exporters.jsondoc.consolidation_json`, with the amendments of the
text in voting order.
"""

from __future__ import annotations

from consolidate.core.procedure import voting_order
from consolidate.exporters import jsondoc
from consolidate.exporters.base import ExportContext


def render(ctx: ExportContext) -> bytes:
    """The ``json`` format, UTF-8."""
    text = ctx.consolidation.text
    amendments = voting_order(text, list(ctx.amendments.values()))
    return jsondoc.dumps(jsondoc.consolidation_json(ctx.consolidation, amendments)).encode("utf-8")
