"""The JSON Schemas (draft 2020-12) of every JSON document consolidate writes.

Every ``--json`` output, ``build --format json`` and ``votelist --format json`` is one JSON
object whose ``schema_version`` is :data:`SCHEMA_VERSION`; the schema of each is shipped here
as ``<name>.schema.json`` (see docs/json.md for the shapes and the versioning policy). Shared
parts (an amendment, a finding, a problem) are in ``defs.schema.json``, referred to by URI:
give a validator every schema of :func:`schema_names` (see :func:`load_schemas`).
"""

from __future__ import annotations

import json
from typing import Any

# "MAJOR.MINOR": MINOR grows when fields are added (readers of the same MAJOR keep working),
# MAJOR when a field is removed, renamed or changes its meaning or type.
SCHEMA_VERSION = "1.3"
BASE_URI = "https://consolidate.invalid/schemas/"
_SUFFIX = ".schema.json"

__all__ = ["BASE_URI", "SCHEMA_VERSION", "load_schema", "load_schemas", "schema_names"]


def schema_names() -> list[str]:
    """The names of the shipped schemas ('list', 'check', ..., 'defs'), sorted."""
    from importlib import resources

    files = resources.files(__name__).iterdir()
    return sorted(f.name[: -len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX))


def load_schema(name: str) -> dict[str, Any]:
    """The schema *name* (e.g. ``"list"`` for ``list.schema.json``) as parsed JSON."""
    from importlib import resources

    text = resources.files(__name__).joinpath(name + _SUFFIX).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema, by its ``$id`` (what a ``$ref`` names)."""
    return {BASE_URI + name + _SUFFIX: load_schema(name) for name in schema_names()}
