"""Word-level diffs and exact patches, on top of diff-match-patch.

Texts are cut into tokens (words, single punctuation marks, runs of white space). Each distinct
token is mapped to one character and diff-match-patch diffs those characters with no time limit,
so a diff is word-level and the same on every run. A stored patch is diff-match-patch's own
``patch_toText``; reading one back never uses ``patch_apply``'s fuzzy match: the patch is turned
into :class:`Edit` ranges on its base, and every character of context must be there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from diff_match_patch import diff_match_patch

from consolidate.core.model import Edit

try:  # the C++ port gives the same diffs, about five times faster
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the platform
    _fast = None

TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
EQUAL, DELETE, INSERT = 0, -1, 1
_FIRST_CODE = 0x100  # leave ASCII and Latin-1 free, for readability while debugging
_SURROGATES = range(0xD800, 0xE000)


class PatchError(ValueError):
    """A patch that does not parse, or does not fit the text it claims to be drafted on."""


def _dmp() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # a time limit makes diffs differ from run to run
    return engine


_DMP = _dmp()


def tokenize(text: str) -> list[str]:
    """Cut *text* into words, single punctuation marks and runs of white space."""
    return TOKEN_RE.findall(text)


def _codes(count: int) -> list[str]:
    """The characters standing for the first *count* distinct tokens (surrogates skipped)."""
    below = min(count, _SURROGATES.start - _FIRST_CODE)
    above = range(_SURROGATES.stop, _SURROGATES.stop + count - below)
    return list(map(chr, itertools.chain(range(_FIRST_CODE, _FIRST_CODE + below), above)))


# The first codes, made once: each diff takes as many as it has distinct tokens (the Nth
# code does not depend on how many are taken), so thousands of diffs share one list.
_CODES_MADE = _codes(4096)
_POINTS_MADE = list(map(ord, _CODES_MADE))


def _first_codes(count: int) -> tuple[list[str], list[int]]:
    """The first *count* codes, as characters and as code points."""
    if count > len(_CODES_MADE):
        return _codes(count), list(map(ord, _codes(count)))
    return _CODES_MADE[:count], _POINTS_MADE[:count]


def _encode(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> tuple[str, str, list[str]]:
    """Map each distinct token to one character (diff-match-patch's lines-to-chars trick),
    numbered in order of first appearance, in *a_tokens* then *b_tokens*."""
    table = list(dict.fromkeys(itertools.chain(a_tokens, b_tokens)))
    codes = dict(zip(table, _first_codes(len(table))[0]))
    return ("".join(map(codes.__getitem__, a_tokens)),
            "".join(map(codes.__getitem__, b_tokens)), table)


def _char_diff(a: str, b: str) -> list[tuple[int, str]]:
    if _fast is not None:
        ops = {"=": EQUAL, "-": DELETE, "+": INSERT}
        raw = _fast.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=False)
        return [(ops[op], text) for op, text in raw]
    diffs: list[tuple[int, str]] = _DMP.diff_main(a, b, False)
    return diffs


def _coded_diff(a_tokens: Sequence[str],
                b_tokens: Sequence[str]) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """The diff of the two token lists as characters, and each character's token (by code
    point, as :meth:`str.translate` takes it)."""
    a_chars, b_chars, table = _encode(a_tokens, b_tokens)
    tokens = dict(zip(_first_codes(len(table))[1], table))
    return _char_diff(a_chars, b_chars), tokens


def token_diff(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Diff two token lists; returns (operation, tokens) runs."""
    diffs, tokens = _coded_diff(a_tokens, b_tokens)
    return [(op, [tokens[ord(char)] for char in chars]) for op, chars in diffs]


def word_diff(a: str, b: str) -> list[tuple[int, str]]:
    """A word-level diff of *a* and *b* as diff-match-patch diffs (operation, text).

    A run of white space left alone between two changes is folded into them, so that
    replacing "foo bar" by "baz qux" is one change, not two.
    """
    if not a or not b:  # a new clause, a deletion: one change, with nothing to cut in tokens
        return [(INSERT, b)] if b else [(DELETE, a)] if a else []
    diffs, tokens = _coded_diff(tokenize(a), tokenize(b))
    return _fold_lone_spaces([(op, chars.translate(tokens)) for op, chars in diffs if chars])


def _fold_lone_spaces(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Absorb an unchanged white-space-only run between two changes into the changes.

    Consecutive changes become one deletion and one insertion (in that order); a run of white
    space after a change, and before something else, is deleted and inserted with it."""
    out: list[tuple[int, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    changing = False  # a change is being gathered
    last = len(diffs) - 1
    for index, (op, text) in enumerate(diffs):
        if op == DELETE:
            deleted.append(text)
        elif op == INSERT:
            inserted.append(text)
        elif changing and index < last and text.isspace():
            deleted.append(text)
            inserted.append(text)
            continue
        else:
            if changing:
                _flush_change(out, deleted, inserted)
                deleted, inserted = [], []
            out.append((op, text))
        changing = op != EQUAL
    if changing:
        _flush_change(out, deleted, inserted)
    return out


def _flush_change(out: list[tuple[int, str]], deleted: list[str], inserted: list[str]) -> None:
    for op, parts in ((DELETE, deleted), (INSERT, inserted)):
        text = "".join(parts)
        if text:
            out.append((op, text))


def diffs_to_edits(diffs: Iterable[tuple[int, str]]) -> list[Edit]:
    """Turn diff-match-patch diffs into edit ranges on the first text."""
    edits: list[Edit] = []
    position = 0
    start: int | None = None
    inserted: list[str] = []
    for op, text in diffs:
        if op == EQUAL:
            if start is not None:
                edits.append(Edit(start, position, "".join(inserted)))
                start, inserted = None, []
            position += len(text)
            continue
        if start is None:
            start = position
        if op == DELETE:
            position += len(text)
        else:
            inserted.append(text)
    if start is not None:
        edits.append(Edit(start, position, "".join(inserted)))
    return edits


def word_edits(a: str, b: str) -> list[Edit]:
    """The word-level edits that turn *a* into *b*, as ranges on *a*."""
    return diffs_to_edits(word_diff(a, b))


def make_patch(a: str, b: str) -> str:
    """A word-level diff-match-patch patch from *a* to *b*, as ``patch_toText`` text."""
    if a == b:
        return ""
    text: str = _DMP.patch_toText(_DMP.patch_make(a, word_diff(a, b)))
    return text


def apply_edits(base: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits, given on *base*, all at once."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise PatchError("edits overlap")
        out.append(base[position : edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(base[position:])
    return "".join(out)


def parse_patch(patch_text: str) -> list[Any]:
    """Parse ``patch_toText`` text (diff-match-patch's patch objects); raise
    :class:`PatchError` with the line that fails."""
    if not patch_text.strip():
        return []
    try:
        patches: list[Any] = _DMP.patch_fromText(patch_text)
        return patches
    except ValueError as error:  # diff-match-patch raises ValueError("Invalid patch string: …")
        raise PatchError(_explain_parse_error(patch_text, str(error))) from None
    except (IndexError, UnicodeDecodeError) as error:
        raise PatchError(f"the patch text does not parse ({error})") from None


def _explain_parse_error(patch_text: str, error: str) -> str:
    bad = error.split(":", 1)[-1].strip()
    for number, line in enumerate(patch_text.split("\n"), start=1):
        if bad and line.strip() == bad.strip():
            return f"patch line {number} does not parse: {line!r}"
    return f"the patch text does not parse ({error})"


def patch_edits(patch_text: str, base: str) -> list[Edit]:
    """Read a stored patch as exact edits on *base*.

    Every character of context and of deleted text must be found at the place the patch
    names; otherwise the patch does not fit its base and :class:`PatchError` says where.
    """
    edits: list[Edit] = []
    # diff-match-patch gives each hunk's start, and takes its context, on the text with the
    # earlier hunks applied: follow that text exactly, and map the changes back to the base.
    patched = base
    shift = 0
    for hunk in parse_patch(patch_text):
        hunk_edits, _ = _hunk_edits(hunk.diffs, patched, hunk.start1)
        on_base = [Edit(e.start - shift, e.end - shift, e.text) for e in hunk_edits]
        if on_base and edits and on_base[0].start < edits[-1].end:
            raise PatchError("the patch's changes overlap or are out of order")
        if on_base and on_base[0].start < 0:
            raise PatchError("the patch's changes start before the text")
        edits.extend(on_base)
        patched = apply_edits(patched, hunk_edits)
        shift += hunk.length2 - hunk.length1
    return _merge_adjacent(edits)


def _hunk_edits(diffs: Sequence[tuple[int, str]], base: str, position: int) -> tuple[list[Edit], int]:
    edits: list[Edit] = []
    start: int | None = None
    inserted: list[str] = []
    for op, text in diffs:
        if op in (EQUAL, DELETE) and base[position : position + len(text)] != text:
            found = base[position : position + len(text)]
            raise PatchError(
                f"at character {position} the patch expects {text[:40]!r} "
                f"but the base has {found[:40]!r}"
            )
        if op == EQUAL:
            if start is not None:
                edits.append(Edit(start, position, "".join(inserted)))
                start, inserted = None, []
            position += len(text)
        elif op == DELETE:
            start = position if start is None else start
            position += len(text)
        else:
            start = position if start is None else start
            inserted.append(text)
    if start is not None:
        edits.append(Edit(start, position, "".join(inserted)))
    return edits, position


def _merge_adjacent(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in edits:
        if merged and merged[-1].end == edit.start:
            last = merged.pop()
            edit = Edit(last.start, edit.end, last.text + edit.text)
        merged.append(edit)
    return merged


def token_bounds(text: str) -> list[int]:
    """Offsets where tokens of *text* start, plus ``len(text)``."""
    bounds = [m.start() for m in TOKEN_RE.finditer(text)]
    bounds.append(len(text))
    return bounds


def widen_to_words(base: str, edits: Sequence[Edit]) -> list[Edit]:
    """Widen each edit to whole tokens of *base*, so no change starts or ends inside a word.

    The result gives exactly the same text: the characters taken in are put back in the
    replacement. Edits that come to share a token are merged.
    """
    bound_set = set(token_bounds(base))
    groups: list[tuple[int, int, list[Edit]]] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        start, end = edit.start, edit.end
        while start not in bound_set:
            start -= 1
        while end not in bound_set:
            end += 1
        if groups and groups[-1][1] > start:
            first, last, members = groups.pop()
            groups.append((first, max(last, end), [*members, edit]))
        else:
            groups.append((start, end, [edit]))
    widened = []
    for start, end, members in groups:
        local = [Edit(e.start - start, e.end - start, e.text) for e in members]
        widened.append(Edit(start, end, apply_edits(base[start:end], local)))
    return widened
