"""A Markdown redline that reads well on GitHub.

Title as a heading, numbered paragraphs (the dot escaped, so GitHub does not renumber them
as a list), deletions ``~~old~~``, insertions ``**new**``, each change followed by a
superscript label ``<sup>AM 7</sup>``, and a table of amendments at the end. Text is escaped
so that no character of a clause is read as Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consolidate.core.model import Amendment, ClauseKind, ClauseStatus, ConsolidatedClause
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    Change,
    amendment_place,
    clause_body,
    clause_findings,
    clause_labels,
    clean,
    credit_label,
    display_number,
    pieces,
    renumbered,
    separate_title,
    sorted_amendments,
    sponsor_line,
    title_clause,
    whole_clause_pieces,
)

_INLINE_RE = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_START_RE = re.compile(r"^(\s*)([#+=>-]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape what Markdown or HTML would read in *text*, with CommonMark backslash escapes.

    Inline specials are escaped everywhere; list, heading and quote markers where a line
    starts. A line break in the text stays a line break.
    """
    escaped = _INLINE_RE.sub(r"\\\1", clean(text))
    escaped = _BLOCK_START_RE.sub(_escape_block_marker, escaped)
    return escaped.replace("\n", "  \n")


def _escape_block_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def _is_punctuation(char: str) -> bool:
    return bool(char) and not char.isspace() and not (char.isalnum() or char == "_")


def _flanks(core: str, before: str, after: str) -> bool:
    """True when ``~~``/``**`` around *core* open and close (CommonMark flanking rules).

    *before* and *after* are the characters outside the delimiters ("" at a line end).
    """
    opens = not _is_punctuation(core[0]) or not before or not before.isalnum()
    closes = not _is_punctuation(core[-1]) or not after or not after.isalnum()
    return opens and closes


def _emphasis(text: str, marker: str, tag: str, before: str, after: str) -> str:
    """``marker``-delimited *text*, its white space outside the delimiters.

    Where the delimiters would not be read as such (punctuation against a letter), the
    equivalent HTML tag, which GitHub keeps.
    """
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    body = md_escape(core)
    if _flanks(core, lead[-1:] or before, trail[:1] or after):
        return f"{lead}{marker}{body}{marker}{trail}"
    return f"{lead}<{tag}>{body}</{tag}>{trail}"


def _label(ctx: ExportContext, amendment_id: str | None) -> str:
    return f"<sup>{md_escape(credit_label(ctx, amendment_id))}</sup>"


def _change(ctx: ExportContext, change: Change, before: str) -> str:
    out = ""
    if change.deleted:
        out += _emphasis(change.deleted, "~~", "del", before, "*" if change.inserted else "<")
    if change.inserted:
        out += _emphasis(change.inserted, "**", "ins", out[-1:] or before, "<")
    return out + _label(ctx, change.amendment)


def _number(clause: ConsolidatedClause) -> str:
    number = display_number(clause)
    if number is None:
        return ""
    if renumbered(clause):
        return f"{number}\\. <sup>(was {clause.original_number})</sup> "
    return f"{number}\\. "


def _whole_clause(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    number = display_number(clause)
    prefix = f"{number}. " if number is not None else ""
    out = ""
    for part in whole_clause_pieces(clause, prefix):
        out += _change(ctx, part, out[-1:])
    return out


def render_clause(
    ctx: ExportContext, clause: ConsolidatedClause, title_id: str | None = None
) -> str:
    """One clause as a Markdown paragraph (or heading: ``#`` for the title clause)."""
    if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
        return _whole_clause(ctx, clause)
    parts = pieces(clause.spans) if clause.spans else []
    out = [_number(clause)]
    if not parts:
        out.append(md_escape(clause_body(clause.text)))
    for index, part in enumerate(parts):
        if isinstance(part, Change):
            out.append(_change(ctx, part, "".join(out)[-1:]))
        else:
            out.append(md_escape(clause_body(part.text) if index == len(parts) - 1 else part.text))
    body = "".join(out)
    if clause.kind is ClauseKind.HEADING:
        return ("# " if clause.id == title_id else "## ") + body
    if clause.kind is ClauseKind.FIXED:
        return f"*{body}*" if re.match(r"\w", body) else body
    return body


def _cell(text: str) -> str:
    return md_escape(" ".join(text.split())) or " "


def _table_row(amendment: Amendment, labels: dict[str, str]) -> str:
    cells = (
        amendment.label,
        sponsor_line(amendment),
        amendment.status.value,
        amendment_place(labels, amendment),
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(ctx: ExportContext) -> str:
    labels = clause_labels(ctx.consolidation)
    rows = [_table_row(a, labels) for a in sorted_amendments(ctx.amendments)]
    head = ["## Amendments", "", "| Amendment | Sponsors | Status | Clause |", "|---|---|---|---|"]
    return "\n".join(head + rows) if rows else ""


def _blocks(ctx: ExportContext) -> Iterator[str]:
    text = ctx.consolidation.text
    if text.front_matter:
        yield "  \n".join(md_escape(line) for line in text.front_matter)
    title = separate_title(ctx.consolidation)
    if title:
        yield "# " + md_escape(title)
    title_id = title_clause(ctx.consolidation)
    for clause in ctx.consolidation.clauses:
        yield render_clause(ctx, clause, title_id)
        if not ctx.notes:  # findings are for the drafter, not the document (`--notes`)
            continue
        for finding in clause_findings(ctx.consolidation, clause.id):
            yield "> " + md_escape(finding.message)
    table = _table(ctx)
    if table:
        yield table


def render_markdown(ctx: ExportContext) -> str:
    """The Markdown redline, blocks separated by blank lines, one final newline."""
    return "\n\n".join(_blocks(ctx)) + "\n"


def render(ctx: ExportContext) -> bytes:
    """The ``md`` format, UTF-8."""
    return render_markdown(ctx).encode("utf-8")
