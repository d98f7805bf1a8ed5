"""Reading amending instructions in drafting English, and applying them exactly.

Understood (keywords in any case, quotes straight or curly, single or double):

- ``In paragraph 10, replace 'child pornography' with 'child sexual abuse material'``, and
  in the same sentence, after ``;``: ``after 'to ratify', insert 'and fully implement'``,
  ``before 'Calls', insert 'Once again'``, ``delete 'credit card companies, banks,'``,
  ``at the end, add '…'``, ``at the beginning, insert '…'``, ``leave out '…' and insert
  '…'``, ``for '…' substitute '…'``, ``insert '…' after '…'``;
- ``Delete paragraph 14``; ``Delete the text of paragraph 14``; ``Leave paragraph 14
  unchanged``;
- ``After paragraph 11, insert a new paragraph: '…'`` (or ``Before``);
- ``Replace paragraph 13 with the following: '…'``.

Quotations are exact (:func:`quote`): a text of several lines is quoted with the opening mark
again at the start of every line after the first, and a final line break is an empty last
line, so ``consolidate instruction`` output reads back to the same text.

Every quoted phrase of the text must be found in the paragraph exactly once, as whole words;
otherwise the instruction is refused with the reason, as UK Lawmaker's auto-apply refuses an
instruction that does not match the text. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

QUOTES = {"'": "'", '"': '"', "\u2018": "\u2019", "\u201c": "\u201d"}
CLOSING = set(",.;:!?)]}\u00bb\u201d\u2019%")
OPENING = set("([{\u00ab\u201c\u2018")
_I = re.IGNORECASE


class InstructionError(ValueError):
    """An instruction that cannot be read or does not match the text; ``message`` says why."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Change:
    """One change inside a paragraph: ``kind`` is replace, delete, insert-after,
    insert-before, append or prepend; ``phrase`` the quoted words of the text."""

    kind: str
    phrase: str = ""
    new: str = ""


@dataclass(frozen=True)
class Instruction:
    """One instruction as written: what it does, to which paragraph (by its name)."""

    kind: str  # modify, delete, empty, unchanged, replace-all, insert-after, insert-before
    label: str
    changes: tuple[Change, ...] = ()
    text: str = ""  # the new paragraph, or the paragraph's new text


# -- the grammar --------------------------------------------------------------------------

Q = None  # a quoted string in a pattern
_SENTENCES: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("replace", (r"replace", Q, r"with|by", Q)),
    ("replace", (r"for", Q, r"substitute", Q)),
    ("replace", (r"leave\s+out", Q, r"and\s+insert", Q)),
    ("delete", (r"(?:delete|leave\s+out|omit|strike\s+out)(?:\s+the\s+words?)?", Q)),
    ("insert-after", (r"after", Q, r",?\s*(?:insert|add)", Q)),
    ("insert-before", (r"before", Q, r",?\s*(?:insert|add)", Q)),
    ("insert-after*", (r"insert|add", Q, r"after", Q)),
    ("insert-before*", (r"insert|add", Q, r"before", Q)),
    ("append", (r"at\s+the\s+end,?\s*(?:insert|add)", Q)),
    ("prepend", (r"at\s+the\s+(?:beginning|start),?\s*(?:insert|add)", Q)),
)
_LABEL = r"(?P<label>[^,'\"\u2018\u201c:;]+?)"
_IN_RE = re.compile(r"^\s*in\s+" + _LABEL + r"\s*,\s*", _I)
_DELETE_RE = re.compile(r"^\s*delete\s+(?P<text>the\s+text\s+of\s+)?" + _LABEL + r"\s*[.;]?\s*$", _I)
_LEAVE_RE = re.compile(r"^\s*leave\s+" + _LABEL + r"\s+unchanged\s*[.;]?\s*$", _I)
_NEW_RE = re.compile(r"^\s*(?P<where>after|before)\s+" + _LABEL + r"\s*,\s*insert\s+(?:a|the\s+"
                     r"following)\s+new\s+(?:paragraph|clause)\s*:?\s*", _I)
_WHOLE_RE = re.compile(r"^\s*replace\s+" + _LABEL + r"\s+(?:with|by)\s+the\s+following\s*:?\s*", _I)
_END_RE = re.compile(r"\s*[.;]?\s*$")
_SEMI_RE = re.compile(r"\s*;\s*(?:and\s+)?")


def quote(text: str) -> str:
    """*text* as a quotation that :func:`read_instruction` reads back exactly.

    In single quotes, or double ones when the text has an apostrophe and no double quote
    ("children's"). A text of several lines is quoted as drafters quote several paragraphs:
    every line after the first starts with the opening quote mark again, and only the last
    one ends with the closing mark; a final line break is an empty last line (``''``).
    Nothing is trimmed: spaces at the ends of a line are part of the text.
    """
    mark = '"' if "'" in text and '"' not in text else "'"
    return mark + text.replace("\n", "\n" + mark) + mark


def unquote_lines(raw: str, opening: str) -> str | None:
    """The text a quotation stands for (see :func:`quote`): each line after the first must
    start with the opening mark (after spaces or tabs), which is dropped; None otherwise."""
    first, *rest = raw.split("\n")
    lines = [first]
    for line in rest:
        body = line.lstrip(" \t")
        if not body.startswith(opening):
            return None
        lines.append(body[len(opening):])
    return "\n".join(lines)


def split_instructions(content: str) -> list[str]:
    """The instructions of an instruction file: one a line, blank lines and ``#`` comments
    skipped; a line that starts with a quote mark goes on with the quotation of the line
    before it (see :func:`quote`)."""
    instructions: list[str] = []
    for line in content.split("\n"):
        if instructions and line.lstrip(" \t")[:1] in QUOTES:
            instructions[-1] += "\n" + line
        elif line.strip() and not line.lstrip().startswith("#"):
            instructions.append(line)
    return instructions


class _Reader:
    """Backtracking reader of quoted phrases; remembers how far it got, for messages."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.furthest = 0

    def reached(self, position: int) -> None:
        self.furthest = max(self.furthest, position)

    def quoted(self, position: int) -> Iterator[tuple[str, int]]:
        """Each way of reading a quoted phrase at *position*: (phrase, end), shortest first."""
        while position < len(self.source) and self.source[position].isspace():
            position += 1
        opening = self.source[position : position + 1]
        if opening not in QUOTES:
            return
        self.reached(position + 1)
        closing = QUOTES[opening]
        end = self.source.find(closing, position + 1)
        while end != -1:
            self.reached(end + 1)
            phrase = unquote_lines(self.source[position + 1 : end], opening)
            if phrase is not None:
                yield phrase, end + 1
            end = self.source.find(closing, end + 1)

    def keyword(self, pattern: str, position: int) -> int | None:
        match = _keyword(pattern).match(self.source, position)
        if match is None:
            return None
        self.reached(match.end())
        return match.end()

    def pattern(self, parts: tuple[str | None, ...], position: int,
                values: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], int]]:
        if not parts:
            yield values, position
            return
        head, rest = parts[0], parts[1:]
        if head is None:
            for phrase, end in self.quoted(position):
                yield from self.pattern(rest, end, (*values, phrase))
            return
        after = self.keyword(head, position)
        if after is not None:
            yield from self.pattern(rest, after, values)

    def sentences(self, position: int) -> Iterator[tuple[Change, ...]]:
        """Each reading of ``sentence (; sentence)*`` up to the end of the instruction."""
        for kind, parts in _SENTENCES:
            for values, end in self.pattern(parts, position):
                change = _change(kind, values)
                if _END_RE.fullmatch(self.source, end):
                    yield (change,)
                semi = _SEMI_RE.match(self.source, end)
                if semi and semi.end() > end:
                    for more in self.sentences(semi.end()):
                        yield (change, *more)

    def final_quote(self, position: int) -> str | None:
        for phrase, end in self.quoted(position):
            if _END_RE.fullmatch(self.source, end):
                return phrase
        return None

    def failure(self, expected: str) -> InstructionError:
        at = self.furthest
        near = self.source[at : at + 40].strip()
        where = f" at '{near}'" if near else " at the end"
        hint = "quote the words of the text in '…' and follow the forms of `consolidate amend --help`"
        if "\n" in self.source.strip():
            hint += ("; a quotation of several lines starts each line after the first with the "
                     "opening quote mark, and a final line break is a last line ''")
        return InstructionError(f"cannot read the instruction{where}: expected {expected}", hint)


@lru_cache(maxsize=64)
def _keyword(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + pattern + r")\b\s*", _I)


def _change(kind: str, values: tuple[str, ...]) -> Change:
    if kind == "replace":
        return Change("replace", values[0], values[1])
    if kind == "delete":
        return Change("delete", values[0])
    if kind in ("insert-after", "insert-before"):
        return Change(kind, values[0], values[1])
    if kind.endswith("*"):  # "insert 'new' after 'anchor'"
        return Change(kind[:-1], values[1], values[0])
    return Change(kind, "", values[0])


_SENTENCE_FORMS = ("replace '…' with '…', after '…', insert '…', before '…', insert '…' or "
                   "delete '…'")


def read_instruction(source: str) -> Instruction:
    """Read one instruction (its syntax only; :func:`~consolidate.core.instruction_apply`
    matches it to the text). Raises :class:`InstructionError`."""
    if not source.strip():
        raise InstructionError("the instruction is empty")
    reader = _Reader(source)
    match = _IN_RE.match(source)
    if match:
        reader.reached(match.end())
        for changes in reader.sentences(match.end()):
            return Instruction("modify", match.group("label").strip(), changes)
        raise reader.failure(_SENTENCE_FORMS)
    for pattern, kind in ((_DELETE_RE, "delete"), (_LEAVE_RE, "unchanged")):
        match = pattern.match(source)
        if match:
            empty = kind == "delete" and match.group("text")
            return Instruction("empty" if empty else kind, match.group("label").strip())
    match = _NEW_RE.match(source) or _WHOLE_RE.match(source)
    if match:
        reader.reached(match.end())
        words = reader.final_quote(match.end())
        if words is None:
            raise reader.failure("the new text in quotes, and nothing after it")
        kind = "replace-all" if "where" not in match.groupdict() else (
            "insert-after" if match.group("where").lower() == "after" else "insert-before")
        return Instruction(kind, match.group("label").strip(), text=words)
    raise InstructionError(
        "the instruction is not understood: it should begin 'In paragraph N,', 'Delete "
        "paragraph N', 'After paragraph N, insert a new paragraph:' or 'Replace paragraph N "
        "with the following:'",
        "see `consolidate amend --help` for the forms understood",
    )


def read_changes(body: str) -> tuple[Change, ...]:
    """The changes of the part of an instruction after 'In paragraph N, '."""
    reader = _Reader(body)
    for changes in reader.sentences(0):
        return changes
    raise reader.failure(_SENTENCE_FORMS)
