"""The text manifest ``texts/<text-id>/text.toml``: read, write, and combine with clause files.

The manifest holds the title, kind, language and front matter of a text and its clauses in
reading order, each with its kind. A fixed line (kind "fixed", not amendable) carries its text
inline; every other clause has its text in ``texts/<text-id>/<clause-id>.txt``.
See ``docs/format.md``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from consolidate.core.errors import FormatError
from consolidate.core.ids import ID_HINT, id_problem
from consolidate.core.model import Clause, ClauseKind, Problem, Text

TOP_KEYS: tuple[str, ...] = ("title", "kind", "language", "item", "front", "clauses")
CLAUSE_KEYS: tuple[str, ...] = ("id", "kind", "text")
DEFAULT_KIND = "resolution"
DEFAULT_LANGUAGE = "en"
_TOML_LINE_RE = re.compile(r"at line (\d+)")
_CLAUSES_RE = re.compile(r"^\s*\[\[\s*clauses\s*\]\]")


class TextFormatError(FormatError):
    """A text manifest (or its clause files) that breaks the format; see ``problem``."""


@dataclass(frozen=True)
class ManifestEntry:
    """One clause in the manifest: its id, its kind, and its text if it is a fixed line."""

    id: str
    kind: ClauseKind
    text: str | None = None


@dataclass(frozen=True)
class TextManifest:
    """The contents of ``text.toml``."""

    title: str
    kind: str = DEFAULT_KIND
    language: str = DEFAULT_LANGUAGE
    front: tuple[str, ...] = ()
    entries: tuple[ManifestEntry, ...] = ()
    item: str = ""  # the agenda item ('Supplementary Item'): "AMENDMENT TO <item>" on the form


def clause_path(text_id: str, clause_id: str) -> str:
    """Where a clause's text lives in the workspace: ``texts/<text-id>/<clause-id>.txt``."""
    return f"texts/{text_id}/{clause_id}.txt"


def _folder(source: str) -> str:
    """The text's folder, from the manifest's path when it has one."""
    folder = source.replace("\\", "/").rpartition("/")[0]
    return folder or "texts/<text-id>"


class _Locator:
    """Finds the manifest line where a key, or the n-th ``[[clauses]]`` entry, is written."""

    def __init__(self, content: str, source: str) -> None:
        self.lines = content.split("\n")
        self.source = source
        self.tables = [i + 1 for i, line in enumerate(self.lines) if _CLAUSES_RE.match(line)]

    def key(self, key: str, entry: int | None = None) -> int | None:
        start, stop = 1, len(self.lines)
        if entry is not None:
            if entry >= len(self.tables):
                return None
            start = self.tables[entry]
            stop = self.tables[entry + 1] - 1 if entry + 1 < len(self.tables) else stop
        elif self.tables:
            stop = self.tables[0] - 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, stop + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return self.tables[entry] if entry is not None else None

    def fail(self, message: str, line: int | None, hint: str = "") -> TextFormatError:
        return TextFormatError(Problem(message=message, path=self.source, line=line, hint=hint))


def _load(content: str, source: str) -> dict[str, Any]:
    if content.startswith("\ufeff"):
        raise TextFormatError(Problem("the file starts with a byte-order mark", source, 1,
                                      "save the file as UTF-8 without a BOM"))
    try:
        return tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE_RE.search(str(error))
        line = int(match.group(1)) if match else content.rstrip("\n").count("\n") + 1
        raise TextFormatError(
            Problem(f"not valid TOML: {error}", source, line,
                    "fix the TOML syntax (strings in double quotes, one key = value a line)")
        ) from None


def _string(data: Mapping[str, Any], key: str, where: _Locator, entry: int | None = None,
            default: str | None = None) -> str:
    """The string under *key*: missing gives *default*, or an error when there is none."""
    owner = "the text" if entry is None else f"clause entry {entry + 1}"
    if key not in data:
        if default is not None:
            return default
        line = where.tables[entry] if entry is not None and entry < len(where.tables) else 1
        raise where.fail(f"{owner} has no {key}", line, f'add {key} = "…"')
    value = data[key]
    if not isinstance(value, str):
        raise where.fail(f"{key} must be a string, not {type(value).__name__}",
                         where.key(key, entry), f'write {key} = "…" in double quotes')
    if not value.strip():
        raise where.fail(f"{owner} has an empty {key}", where.key(key, entry),
                         f'write {key} = "…", or leave the key out to get the default'
                         if default is not None else f'write the {key} between the quotes')
    return value


def _unknown_keys(data: Mapping[str, Any], allowed: tuple[str, ...], where: _Locator,
                  entry: int | None = None) -> None:
    for key in data:
        if key not in allowed:
            raise where.fail(f"unknown key {key!r}", where.key(key, entry),
                             "the keys are: " + ", ".join(allowed))


def _front(data: Mapping[str, Any], where: _Locator) -> tuple[str, ...]:
    front = data.get("front", [])
    if not isinstance(front, list) or not all(isinstance(line, str) for line in front):
        raise where.fail("front must be a list of strings", where.key("front"),
                         'write front = ["first line", "second line"]')
    return tuple(front)


def _entry(raw: Any, index: int, where: _Locator, seen: dict[str, int],
           folded: dict[str, str]) -> ManifestEntry:
    if not isinstance(raw, dict):
        raise where.fail(f"clause entry {index + 1} is not a table", where.key("clauses"),
                         "write each clause as a [[clauses]] table")
    _unknown_keys(raw, CLAUSE_KEYS, where, index)
    clause_id = _string(raw, "id", where, index)
    line = where.key("id", index)
    problem = id_problem(clause_id)
    if problem is not None:
        raise where.fail(f"clause id {clause_id!r} is not a valid id: it {problem}", line, ID_HINT)
    if clause_id in seen:
        raise where.fail(f"clause id {clause_id!r} is used twice (entries {seen[clause_id]} "
                         f"and {index + 1})", line, "give each clause its own id")
    # the first id seen that folds to the same (a dict: a list's scan is quadratic on big codes)
    twin = folded.setdefault(clause_id.casefold(), clause_id)
    if twin != clause_id:
        raise where.fail(f"clause ids {twin!r} and {clause_id!r} differ only by case: they are "
                         "one file on macOS and Windows", line, "rename one of the two clauses")
    seen[clause_id] = index + 1
    kind = _kind(_string(raw, "kind", where, index), where.key("kind", index), where)
    return ManifestEntry(clause_id, kind, _entry_text(raw, clause_id, kind, index, where))


def _kind(value: str, line: int | None, where: _Locator) -> ClauseKind:
    try:
        return ClauseKind(value)
    except ValueError:
        allowed = ", ".join(kind.value for kind in ClauseKind)
        raise where.fail(f"unknown clause kind {value!r}", line, f"use one of: {allowed}") from None


def _entry_text(raw: Mapping[str, Any], clause_id: str, kind: ClauseKind, index: int,
                where: _Locator) -> str | None:
    if kind is ClauseKind.FIXED:
        if "text" not in raw:
            raise where.fail(f"fixed line {clause_id!r} has no text", where.key("id", index),
                             'a fixed line carries its words inline: add text = "…"')
        return _string(raw, "text", where, index)
    if "text" in raw:
        raise where.fail(f"clause {clause_id!r} ({kind.value}) has its text in the manifest",
                         where.key("text", index),
                         f"move the text to {_folder(where.source)}/{clause_id}.txt and remove "
                         "the text key (only fixed lines carry text inline)")
    return None


def parse_manifest(content: str, source: str) -> TextManifest:
    """Read ``text.toml``; raise :class:`TextFormatError` with the line on the first problem."""
    where = _Locator(content, source)
    data = _load(content, source)
    _unknown_keys(data, TOP_KEYS, where)
    title = _string(data, "title", where)
    kind = _string(data, "kind", where, default=DEFAULT_KIND)
    language = _string(data, "language", where, default=DEFAULT_LANGUAGE)
    item = _string(data, "item", where, default="")
    front = _front(data, where)
    raw_entries = data.get("clauses", [])
    if not isinstance(raw_entries, list) or not raw_entries:
        raise where.fail("an empty text: the manifest lists no clauses",
                         where.key("clauses") or max(1, len(where.lines) - 1),
                         "add a [[clauses]] table with id and kind for each clause")
    seen: dict[str, int] = {}
    folded: dict[str, str] = {}
    entries = tuple(_entry(raw, i, where, seen, folded) for i, raw in enumerate(raw_entries))
    return TextManifest(title, kind, language, front, entries, item)


def render_manifest(manifest: TextManifest) -> str:
    """Write ``text.toml``: the same manifest always gives the same bytes."""
    import tomli_w  # only when writing: reading a text never needs it

    head: dict[str, Any] = {
        "title": manifest.title,
        "kind": manifest.kind,
        "language": manifest.language,
    }
    if manifest.item:
        head["item"] = manifest.item
    if manifest.front:
        head["front"] = list(manifest.front)
    parts = [tomli_w.dumps(head)]
    for entry in manifest.entries:
        table: dict[str, Any] = {"id": entry.id, "kind": entry.kind.value}
        if entry.text is not None:
            table["text"] = entry.text
        parts.append("[[clauses]]\n" + tomli_w.dumps(table))
    return "\n".join(parts)


def manifest_readback_problem(manifest: TextManifest, source: str) -> Problem | None:
    """Why *manifest*, written as ``text.toml``, would not read back as itself, or None."""
    content = render_manifest(manifest)
    try:
        content.encode("utf-8")
        back = parse_manifest(content, source)
    except UnicodeEncodeError:
        return Problem("the text's title, front matter or a fixed line holds half of a UTF-16 "
                       "pair, which is not a character", source, None, "send the text as UTF-8")
    except TextFormatError as error:
        return Problem(f"the manifest cannot be written as given: {error.problem.message}",
                       source, None, error.problem.hint)
    if back != manifest:
        return Problem("the manifest would read back otherwise than it is written", source, None,
                       "check the title, the front matter and the fixed lines")
    return None


def build_text(text_id: str, manifest: TextManifest, clause_texts: Mapping[str, str],
               source: str = "") -> Text:
    """Combine a manifest with its clause files' contents (clause id -> text) into a Text.

    A listed clause without text, or a clause text the manifest does not list, is a
    :class:`TextFormatError` naming the file.
    """
    manifest_path = source or f"texts/{text_id}/text.toml"
    clauses = []
    for entry in manifest.entries:
        if entry.kind is ClauseKind.FIXED:
            clauses.append(Clause(entry.id, entry.kind, entry.text or ""))
            continue
        if entry.id not in clause_texts:
            path = clause_path(text_id, entry.id)
            raise TextFormatError(Problem(
                f"clause {entry.id!r} is listed in {manifest_path} but {path} is missing",
                path, None, f"create {path}, or remove the clause from {manifest_path}"))
        clauses.append(Clause(entry.id, entry.kind, clause_texts[entry.id]))
    _refuse_unlisted(text_id, manifest, clause_texts, manifest_path)
    return Text(id=text_id, title=manifest.title, clauses=tuple(clauses), kind=manifest.kind,
                language=manifest.language, front_matter=manifest.front, item=manifest.item)


def _refuse_unlisted(text_id: str, manifest: TextManifest, clause_texts: Mapping[str, str],
                     manifest_path: str) -> None:
    listed = {entry.id for entry in manifest.entries if entry.kind is not ClauseKind.FIXED}
    for clause_id in sorted(set(clause_texts) - listed):
        path = clause_path(text_id, clause_id)
        raise TextFormatError(Problem(
            f"{path} is not a clause listed in {manifest_path}", path, None,
            f"add a [[clauses]] entry with id = \"{clause_id}\" to {manifest_path}, "
            "or delete the file"))
