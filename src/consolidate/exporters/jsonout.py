"""The consolidation as JSON, for machines: stable keys, UTF-8, one final newline."""

from __future__ import annotations

import json
from typing import Any

from consolidate.core.model import ConsolidatedClause, Finding, Span
from consolidate.exporters.base import ExportContext

SCHEMA_VERSION = 1


def _span(span: Span) -> dict[str, Any]:
    return {"kind": span.kind.value, "text": span.text, "amendment": span.amendment}


def _clause(clause: ConsolidatedClause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "kind": clause.kind.value,
        "status": clause.status.value,
        "number": clause.number,
        "original_number": clause.original_number,
        "original": clause.original,
        "text": clause.text,
        "amendments": list(clause.amendments),
        "spans": [_span(s) for s in clause.spans],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "amendment": finding.amendment,
        "clause": finding.clause,
        "message": finding.message,
        "others": list(finding.others),
        "blocking": finding.blocking,
    }


def to_data(ctx: ExportContext) -> dict[str, Any]:
    """The consolidation as plain data (what the JSON holds)."""
    consolidation = ctx.consolidation
    text = consolidation.text
    return {
        "schema": SCHEMA_VERSION,
        "text": {"id": text.id, "title": text.title, "kind": text.kind,
                 "language": text.language, "front_matter": list(text.front_matter)},
        "ok": consolidation.ok,
        "applied": list(consolidation.applied),
        "clauses": [_clause(c) for c in consolidation.clauses],
        "findings": [_finding(f) for f in consolidation.findings],
        "amendments": {
            a.id: {"number": a.number, "label": a.label, "author": a.author,
                   "status": a.status.value, "clause": a.clause, "action": a.action.value}
            for a in ctx.amendments.values()
        },
    }


def render(ctx: ExportContext) -> bytes:
    """The ``json`` format."""
    data = to_data(ctx)
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
