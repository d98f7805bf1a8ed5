"""CriticMarkup redline, in the five-mark syntax.

``{++ ++}`` insertions, ``{-- --}`` deletions, ``{~~ ~> ~~}`` substitutions (a deletion
directly followed by an insertion of the same amendment), each followed by a comment
``{>>AM 7 – Pierre DUPONT (France)<<}``; ``{== ==}`` highlights the number of a clause the
engine reports a finding on, with the finding as the comment. Renumbered paragraphs show
their number as a substitution by "consolidate – renumbering", so accepting every change
gives the consolidated text and rejecting every change gives the original.

The clause text is kept exactly (control characters included). CriticMarkup has no escape,
so a text that itself holds a mark is written so that no mark can be read where there is
none, and accepting or rejecting every change still gives the exact texts: an opening mark
in unchanged text (``{++``) is broken by an empty comment (``{{>><<}++``), which accepting
and rejecting both remove; a change whose text holds its own closing mark (``++}`` in an
insertion, ``~>`` in a substitution) is written as several marks of the same amendment, cut
inside that closing mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consolidate.core.model import ClauseStatus, ConsolidatedClause
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    RENUMBERING_AUTHOR,
    Change,
    clause_body,
    clause_findings,
    credit_author,
    display_number,
    number_prefix,
    pieces,
    renumbered,
    separate_title,
    whole_clause_pieces,
)


def comment(text: str) -> str:
    """A CriticMarkup comment; a ``<<}`` inside it is broken up so the comment stays one."""
    return "{>>" + " ".join(text.replace("<<}", "<< }").split()) + "<<}"


_OPENING_RE = re.compile(r"\{(?=\+\+|--|~~|>>|==)")
EMPTY_COMMENT = "{>><<}"


def plain(text: str) -> str:
    """Unchanged text, with every opening mark it holds broken by an empty comment."""
    return _OPENING_RE.sub("{" + EMPTY_COMMENT, text)


def _cut(text: str, closing: str) -> list[str]:
    """*text* cut inside each *closing* mark it holds: no piece holds the mark."""
    pieces, start = [], 0
    position = text.find(closing)
    while position != -1:
        pieces.append(text[start : position + 1])
        start = position + 1
        position = text.find(closing, position + 1)
    return [*pieces, text[start:]]


def mark(deleted: str, inserted: str) -> str:
    """The insertion, deletion or substitution mark(s) for one change."""
    if deleted and inserted and "~>" not in deleted and "~~}" not in inserted:
        return "{~~" + deleted + "~>" + inserted + "~~}"
    out = "".join("{--" + piece + "--}" for piece in _cut(deleted, "--}")) if deleted else ""
    if inserted:
        out += "".join("{++" + piece + "++}" for piece in _cut(inserted, "++}"))
    return out


def _change(ctx: ExportContext, change: Change) -> str:
    author = credit_author(ctx, change.amendment)
    return mark(change.deleted, change.inserted) + comment(author)


def _number(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    number = display_number(clause)
    if number is None:
        return ""
    notes = [f.message for f in clause_findings(ctx.consolidation, clause.id)]
    if renumbered(clause):
        old, new = number_prefix(clause.original_number).rstrip(), f"{number}."
        return mark(old, new) + comment(RENUMBERING_AUTHOR) + "".join(map(comment, notes)) + " "
    if notes:
        return "{==" + f"{number}." + "==}" + "".join(map(comment, notes)) + " "
    return number_prefix(number)


def _whole_clause(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    prefix = number_prefix(display_number(clause))
    return "".join(_change(ctx, part) for part in whole_clause_pieces(clause, prefix))


def render_clause(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    """One clause with its marks."""
    if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
        return _whole_clause(ctx, clause)
    parts = pieces(clause.spans) if clause.spans else []
    out = [_number(ctx, clause)]
    if not parts:
        return out[0] + plain(clause_body(clause.text))
    for index, part in enumerate(parts):
        if isinstance(part, Change):
            out.append(_change(ctx, part))
        else:
            out.append(plain(clause_body(part.text) if index == len(parts) - 1 else part.text))
    return "".join(out)


def _blocks(ctx: ExportContext) -> Iterator[str]:
    text = ctx.consolidation.text
    if text.front_matter:
        yield plain("\n".join(text.front_matter))
    title = separate_title(ctx.consolidation)
    if title:
        yield plain(title)
    for clause in ctx.consolidation.clauses:
        yield render_clause(ctx, clause)


def render_critic(ctx: ExportContext) -> str:
    """The document in CriticMarkup: blocks separated by blank lines, one final newline."""
    return "\n\n".join(_blocks(ctx)) + "\n"


def render(ctx: ExportContext) -> bytes:
    """The ``critic`` format, UTF-8."""
    return render_critic(ctx).encode("utf-8")
