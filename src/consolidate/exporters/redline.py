"""The terminal redline: deleted words red and struck, inserted words green and underlined.

Each change is followed by the label of its amendment, "[AM 7]". Without colour the marks
are plain ASCII, ``[-deleted-]{+inserted+}[AM 7]``, and there are no escape codes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from consolidate.core.model import ClauseKind, ClauseStatus, ConsolidatedClause
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    Change,
    clause_body,
    clause_findings,
    clean,
    credit_label,
    display_number,
    number_prefix,
    pieces,
    renumbered,
    separate_title,
    whole_clause_pieces,
)

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

DELETE_STYLE = "red strike"
INSERT_STYLE = "green underline"
LABEL_STYLE = "dim cyan"
Segment = tuple[str, str]  # (text, role): "" plain, "del", "ins", "label", "title", ...

_STYLES = {
    "": "",
    "del": DELETE_STYLE,
    "ins": INSERT_STYLE,
    "label": LABEL_STYLE,
    "title": "bold",
    "heading": "bold",
    "note": "dim",
    "finding": "yellow",
}
_PLAIN_MARKS = {"del": ("[-", "-]"), "ins": ("{+", "+}")}


def _label(ctx: ExportContext, amendment: str | None) -> Segment:
    return (f"[{credit_label(ctx, amendment)}]", "label")


def _change_segments(ctx: ExportContext, change: Change) -> Iterator[Segment]:
    if change.deleted:
        yield (clean(change.deleted), "del")
    if change.inserted:
        yield (clean(change.inserted), "ins")
    yield _label(ctx, change.amendment)


def _number_segments(clause: ConsolidatedClause) -> Iterator[Segment]:
    number = display_number(clause)
    if number is None:
        return
    yield (number_prefix(number), "")
    if renumbered(clause):
        yield (f"(was {clause.original_number}) ", "note")


def _whole_clause(ctx: ExportContext, clause: ConsolidatedClause) -> list[Segment]:
    prefix = number_prefix(display_number(clause))
    segments: list[Segment] = []
    for part in whole_clause_pieces(clause, prefix):
        segments.extend(_change_segments(ctx, part))
    return segments


def clause_segments(ctx: ExportContext, clause: ConsolidatedClause) -> list[Segment]:
    """The redline of one clause as (text, role) segments, its number first."""
    if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
        return _whole_clause(ctx, clause)
    segments = list(_number_segments(clause))
    role = "heading" if clause.kind is ClauseKind.HEADING else ""
    parts = pieces(clause.spans) if clause.spans else []
    if not parts:
        return [*segments, (clean(clause_body(clause.text)), role)]
    for index, part in enumerate(parts):
        if isinstance(part, Change):
            segments.extend(_change_segments(ctx, part))
        else:
            text = clause_body(part.text) if index == len(parts) - 1 else part.text
            segments.append((clean(text), role))
    return segments


def _blocks(ctx: ExportContext) -> Iterator[list[Segment]]:
    consolidation = ctx.consolidation
    title = separate_title(consolidation)
    if title:
        yield [(clean(title), "title")]
    for clause in consolidation.clauses:
        yield clause_segments(ctx, clause)
        for finding in clause_findings(consolidation, clause.id):
            yield [(f"! {clean(finding.message)}", "finding")]


def _plain(segments: list[Segment]) -> str:
    out = []
    for text, role in segments:
        start, end = _PLAIN_MARKS.get(role, ("", ""))
        out.append(f"{start}{text}{end}")
    return "".join(out)


def _rich_text(segments: list[Segment], color: bool) -> Text:
    from rich.text import Text

    text = Text()
    if not color:
        text.append(_plain(segments))
        return text
    for chunk, role in segments:
        text.append(chunk, style=_STYLES.get(role, ""))
    return text


def render_rich(ctx: ExportContext) -> Group:
    """A renderable for ``Console.print``: one paragraph per clause, blank lines between."""
    from rich.console import Group
    from rich.text import Text

    items: list[Text] = []
    for block in _blocks(ctx):
        if items:
            items.append(Text(""))
        items.append(_rich_text(block, ctx.color))
    return Group(*items)


def render_plain(ctx: ExportContext) -> str:
    """The redline with ASCII marks, unwrapped: blocks separated by blank lines."""
    return "\n\n".join(_plain(block) for block in _blocks(ctx)) + "\n"


def render_ansi(ctx: ExportContext) -> str:
    """The redline with ANSI colours, wrapped at ``ctx.width``, the same on every machine."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="truecolor",
        width=ctx.width,
        no_color=False,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        _environ={},
    )
    console.print(render_rich(ctx))
    return buffer.getvalue()


def render(ctx: ExportContext) -> bytes:
    """The ``redline`` format: ANSI when ``ctx.color``, plain marks otherwise."""
    return (render_ansi(ctx) if ctx.color else render_plain(ctx)).encode("utf-8")
