"""JSON for machines: the consolidation, the findings, the conflicts, the amendments.

Every document a command prints is one JSON object that starts with ``schema_version``
(:func:`document`); its JSON Schema is shipped in :mod:`consolidate.schemas`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import repeat
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
    return _printable(indented(data)) + "\n"


def indented(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, byte for byte, made faster: the
    json module writes indented JSON with generators in pure Python; this writes the same
    with the C string encoder, one format string per set of keys, and no generator. A value
    that is not plain JSON (a dictionary key that is not a string, another type) goes to
    the json module."""
    try:
        return _Writer().text(data, "")
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=2)


# The C1 controls in UTF-8 (a lone surrogate cannot be encoded; DEL is looked for apart).
_C1_UTF8_RE = re.compile(b"\xc2[\x80-\x9f]")


def _printable(text: str) -> str:
    """*text* with the characters of :data:`_UNSAFE_RE` escaped. Looked for in the UTF-8
    bytes first: a search of bytes for a lead byte is many times faster than one of the
    string for a class of characters, and the usual document holds none."""
    try:
        data = text.encode("utf-8")
        clean = b"\x7f" not in data and _C1_UTF8_RE.search(data) is None
    except UnicodeEncodeError:
        clean = False
    return text if clean else _UNSAFE_RE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class _NotPlain(Exception):
    """A value :func:`indented` leaves to the json module."""


class _Writer:
    """Indented JSON of one document. Objects with the same keys at the same depth share a
    format string, so each value costs one call and the object one ``%``."""

    def __init__(self) -> None:
        self.templates: dict[tuple[tuple[object, ...], str], str] = {}
        # An object met again (the same sponsor on many amendments): its text at a depth.
        # By identity, which holds while the document is written (the document holds them).
        self.written: dict[tuple[int, str], str] = {}

    def text(self, value: object, pad: str) -> str:
        kind = type(value)
        if kind is str:
            return encode_basestring(value)  # type: ignore[arg-type]
        if kind is dict:
            return self.dict_text(value, pad)  # type: ignore[arg-type]
        if value is None:
            return "null"
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return int.__repr__(value)
        if kind is list or kind is tuple:
            return self.list_text(value, pad)  # type: ignore[arg-type]
        return self.subclassed(value, pad)

    def subclassed(self, value: object, pad: str) -> str:
        """What the json module also writes as plain JSON: subclasses of str, int, float,
        dict, list and tuple (a ``str`` enumeration), and finite floats."""
        if isinstance(value, str):
            return encode_basestring(value)
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float) and math.isfinite(value):
            return float.__repr__(value)
        if isinstance(value, dict):
            return self.dict_text(value, pad)
        if isinstance(value, (list, tuple)):
            return self.list_text(value, pad)
        raise _NotPlain

    def dict_text(self, value: dict[object, object], pad: str) -> str:
        if not value:
            return "{}"
        done = self.written.get((id(value), pad))
        if done is not None:
            return done
        keys = tuple(value)
        template = self.templates.get((keys, pad))
        if template is None:
            template = self.templates[(keys, pad)] = self.template(keys, pad)
        done = template % tuple(map(self.text, value.values(), repeat(pad + "  ")))
        self.written[(id(value), pad)] = done
        return done

    def template(self, keys: tuple[object, ...], pad: str) -> str:
        """'{\\n  "key": %s,\\n  ...\\n}' for these keys at this depth."""
        if not all(isinstance(key, str) for key in keys):
            raise _NotPlain
        inner = pad + "  "
        lines = ",\n".join(f"{inner}{encode_basestring(key).replace('%', '%%')}: %s"  # type: ignore[arg-type]
                           for key in keys)
        return f"{{\n{lines}\n{pad}}}"

    def list_text(self, value: list[object] | tuple[object, ...], pad: str) -> str:
        if not value:
            return "[]"
        inner = pad + "  "
        items = f",\n{inner}".join(map(self.text, value, repeat(inner)))
        return f"[\n{inner}{items}\n{pad}]"


def sponsor_json(sponsor: Sponsor | None) -> JSON | None:
    if sponsor is None:
        return None
    return dict(_sponsor_json(sponsor))


@lru_cache(maxsize=4096)
def _sponsor_json(sponsor: Sponsor) -> JSON:
    """One object per sponsor: a few dozen members sign thousands of amendments, and the
    writer writes an object it has written at the same depth only once (:class:`_Writer`).
    Never changed once made (:func:`amendment_json` shares it)."""
    return {"title": sponsor.title, "given_names": sponsor.given_names,
            "family_name": sponsor.family_name, "country": sponsor.country,
            "display": sponsor.display, "kind": sponsor.kind.value, "name": sponsor.full_name}


def amendment_json(a: Amendment) -> JSON:
    return {
        "id": a.id, "number": a.number, "text": a.text_id, "clause": a.clause,
        "action": a.action.value, "new_clause": a.new_clause or None, "status": a.status.value,
        "base": a.base, "sponsor": _sponsor_json(a.sponsor) if a.sponsor else None,
        "cosponsors": [_sponsor_json(s) for s in a.cosponsors], "tabled": a.tabled or None,
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
