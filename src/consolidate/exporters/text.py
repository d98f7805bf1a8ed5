"""The consolidated text as a reader sees it: front matter, title, numbered clauses."""

from __future__ import annotations

from consolidate.core.model import Consolidation
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    clause_body,
    is_numbered,
    number_prefix,
    separate_title,
    visible,
)


def render_text(consolidation: Consolidation) -> str:
    """The consolidated document: blocks separated by blank lines, ending with one newline.

    Front matter lines come first (one block), then the title (unless a heading clause holds
    it), then each clause that is not deleted: numbered kinds as "N. text", headings and
    fixed lines as they are.
    """
    blocks: list[str] = []
    front = "\n".join(line.rstrip() for line in consolidation.text.front_matter)
    if front.strip():
        blocks.append(front)
    title = separate_title(consolidation)
    if title:
        blocks.append(title)
    for clause in consolidation.clauses:
        if not visible(clause):
            continue
        prefix = number_prefix(clause.number) if is_numbered(clause) else ""
        blocks.append(prefix + clause_body(clause.text))
    return "\n\n".join(blocks) + "\n"


def render(ctx: ExportContext) -> bytes:
    """The ``text`` format, UTF-8."""
    return render_text(ctx.consolidation).encode("utf-8")
