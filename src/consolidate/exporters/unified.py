"""A unified diff of the clause files, original to consolidated, for ``git apply``.

Paths are ``texts/<text-id>/<clause-id>.txt`` with ``a/`` and ``b/`` prefixes; inserted
clauses are new files and deleted clauses deleted files (mode 100644). The file content is
taken to be the clause text exactly, as the workspace stores it. Fixed lines are not clause
files and are left out. The diff covers only the clause files: ``text.toml`` also changes
when clauses are inserted or deleted (its ordered clause list), and that change is not in it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from consolidate.core.model import ClauseKind, ClauseStatus, ConsolidatedClause, Consolidation
from consolidate.exporters.base import ExportContext

NO_NEWLINE = "\\ No newline at end of file\n"
CONTEXT_LINES = 3


def clause_path(text_id: str, clause_id: str) -> str:
    """Where a clause lives in the workspace."""
    return f"texts/{text_id}/{clause_id}.txt"


def split_lines(text: str) -> list[str]:
    """Lines of *text* with their LF kept; only LF ends a line (as for git)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _range(start: int, length: int) -> str:
    """A hunk range as ``diff -u`` writes it (start is 1-based; 0 lines: the line before)."""
    first = start + 1
    if length == 1:
        return f"{first}"
    if not length:
        first -= 1
    return f"{first},{length}"


def _line(prefix: str, line: str) -> str:
    return prefix + line if line.endswith("\n") else prefix + line + "\n" + NO_NEWLINE


def hunks(old: Sequence[str], new: Sequence[str], context: int = CONTEXT_LINES) -> Iterator[str]:
    """The hunks of a unified diff between two lists of lines (with their line ends)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        old_range = _range(first[1], last[2] - first[1])
        new_range = _range(first[3], last[4] - first[3])
        yield f"@@ -{old_range} +{new_range} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (_line(" ", line) for line in old[i1:i2])
                continue
            yield from (_line("-", line) for line in old[i1:i2])
            yield from (_line("+", line) for line in new[j1:j2])


def file_diff(path: str, old: str | None, new: str | None) -> str:
    """The git-style diff of one file; ``None`` means the file does not exist on that side."""
    header = [f"diff --git a/{path} b/{path}\n"]
    if old is None:
        header.append("new file mode 100644\n")
    elif new is None:
        header.append("deleted file mode 100644\n")
    body = list(hunks(split_lines(old or ""), split_lines(new or "")))
    if body:
        header.append(f"--- {'/dev/null' if old is None else 'a/' + path}\n")
        header.append(f"+++ {'/dev/null' if new is None else 'b/' + path}\n")
    return "".join(header + body)


def _sides(clause: ConsolidatedClause) -> tuple[str | None, str | None]:
    if clause.status is ClauseStatus.INSERTED:
        return None, clause.text
    if clause.status is ClauseStatus.DELETED:
        return clause.original, None
    return clause.original, clause.text


def render_diff(consolidation: Consolidation) -> str:
    """The diff of every clause file that changed, in reading order."""
    out: list[str] = []
    for clause in consolidation.clauses:
        if clause.kind is ClauseKind.FIXED:
            continue
        old, new = _sides(clause)
        if old == new:
            continue
        out.append(file_diff(clause_path(consolidation.text.id, clause.id), old, new))
    return "".join(out)


def render(ctx: ExportContext) -> bytes:
    """The ``diff`` format, UTF-8."""
    return render_diff(ctx.consolidation).encode("utf-8")
