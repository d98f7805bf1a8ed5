"""JSON for machines: the consolidation, the findings, the conflicts, the amendments.

Every document a command prints is one JSON object that starts with ``schema_version``
(:func:`document`); its JSON Schema is shipped in :mod:`consolidate.schemas`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any

from consolidate.core.collisions import ConflictReport
from consolidate.core.model import Amendment, Consolidation, Finding, Problem, Sponsor
from consolidate.schemas import SCHEMA_VERSION

JSON = dict[str, Any]  # a JSON object


# Characters json.dumps leaves as they are with ensure_ascii=False that a terminal would act on
# (DEL, C1 controls) or that UTF-8 cannot hold (lone surrogates): written as \u escapes.
_UNSAFE_RE = re.compile("[\x7f-\x9f\ud800-\udfff]")


def document(**fields: Any) -> JSON:
    """A JSON document: ``schema_version`` first, then *fields* in the order given."""
    return {"schema_version": SCHEMA_VERSION, **fields}


def dumps(data: object) -> str:
    """Stable JSON: sorted keys are not used, so the order is the documented one.

    Text stays readable UTF-8; every control character is a ``\\u`` escape, so the JSON is
    safe to print and reads back exactly.
    """
    text = indented(data) + "\n"
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _NotPlain(Exception):
    """A value :func:`indented` leaves to the json module."""


def indented(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, byte for byte, made faster: the
    json module writes indented JSON with generators in pure Python; this writes the same
    with the C string encoder and one list of pieces. A value that is not plain JSON (a
    dictionary key that is not a string, another type) goes to the json module."""
    pieces: list[str] = []
    try:
        _encode(data, "", pieces)
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(pieces)


def _encode(value: object, pad: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float) and math.isfinite(value):
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
        _encode_object(value, pad, out)
    elif isinstance(value, (list, tuple)):
        _encode_array(value, pad, out)
    else:
        raise _NotPlain


def _encode_object(value: dict[object, object], pad: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner, opening = pad + "  ", "{\n"
    for key, item in value.items():
        if not isinstance(key, str):
            raise _NotPlain
        out.append(f"{opening}{inner}{encode_basestring(key)}: ")
        opening = ",\n"
        _encode(item, inner, out)
    out.append(f"\n{pad}}}")


def _encode_array(value: list[object] | tuple[object, ...], pad: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner, opening = pad + "  ", "[\n"
    for item in value:
        out.append(opening + inner)
        opening = ",\n"
        _encode(item, inner, out)
    out.append(f"\n{pad}]")


def sponsor_json(sponsor: Sponsor | None) -> JSON | None:
    if sponsor is None:
        return None
    return {"title": sponsor.title, "given_names": sponsor.given_names,
            "family_name": sponsor.family_name, "country": sponsor.country,
            "display": sponsor.display, "kind": sponsor.kind.value, "name": sponsor.full_name}


def amendment_json(a: Amendment) -> JSON:
    return {
        "id": a.id, "number": a.number, "text": a.text_id, "clause": a.clause,
        "action": a.action.value, "new_clause": a.new_clause or None, "status": a.status.value,
        "base": a.base, "sponsor": sponsor_json(a.sponsor),
        "cosponsors": [sponsor_json(s) for s in a.cosponsors], "tabled": a.tabled or None,
        "decided": a.decided or None, "order": a.order, "compromise": a.compromise,
        "provisional": a.provisional,
        "reason": a.reason or None, "justification": a.justification or None,
        "file": a.source or None,
    }


def finding_json(f: Finding) -> JSON:
    return {"kind": f.kind.value, "amendment": f.amendment, "clause": f.clause,
            "message": f.message, "others": list(f.others), "blocking": f.blocking}


def problem_json(p: Problem) -> JSON:
    return {"message": p.message, "file": p.path or None, "line": p.line, "hint": p.hint or None}


def consolidation_json(consolidation: Consolidation, amendments: Iterable[Amendment]) -> JSON:
    """Per clause in order: id, number, kind, text, status and the attributed changes."""
    clauses = []
    for clause in consolidation.clauses:
        clauses.append({
            "id": clause.id, "number": clause.number, "original_number": clause.original_number,
            "kind": clause.kind.value, "text": clause.text, "original": clause.original,
            "status": clause.status.value,
            "changes": [
                {"kind": span.kind.value, "text": span.text, "amendment": span.amendment}
                for span in clause.spans if span.kind.value != "equal"
            ],
            "amendments": list(clause.amendments),
        })
    text = consolidation.text
    return {
        "schema_version": SCHEMA_VERSION,
        "text": {"id": text.id, "title": text.title, "kind": text.kind, "language": text.language},
        "ok": consolidation.ok,
        "clauses": clauses,
        "applied": list(consolidation.applied),
        "amendments": [amendment_json(a) for a in amendments],
        "findings": [finding_json(f) for f in consolidation.findings],
    }


def conflicts_json(report: ConflictReport, amendments: Mapping[str, Amendment]) -> JSON:
    return {
        "schema_version": SCHEMA_VERSION,
        "collisions": [
            {"clause": c.clause, "amendments": [c.first, c.second],
             "numbers": [amendments[c.first].number, amendments[c.second].number],
             "words": c.words}
            for c in report.collisions
        ],
        "identical": [list(group) for group in report.identical],
        "falls_if_adopted": {key: list(value) for key, value in report.falls.items()},
        "findings": [finding_json(f) for f in report.findings],
    }
