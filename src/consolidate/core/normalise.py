"""What is done to text coming in: which forms are normalised (with a note), which refused.

Normalising never changes what a reader sees: a byte-order mark, CRLF line ends and Unicode
NFD (decomposed accents) become the plain UTF-8, LF, NFC form every clause file is kept in.
A clause file that is not already in that form, holds a NUL byte (a binary file) or has more
than MAX_CLAUSE_CHARS characters is refused, with the reason: guessing would risk a wrong text.
Other control characters are kept (Word's line break is one); exporters escape them.

:func:`clause_proposal` is the one way from a proposed text to the text of a clause, whatever
brought the proposal (``amend --proposed``, a batch line, amending instructions, an edit of the
clause file, a Word document): normalised as above, then given the final newline of the clause
it is measured against (:func:`follow_final_newline`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from consolidate.core.errors import FormatError
from consolidate.core.model import Problem

BOM = "\ufeff"
MAX_CLAUSE_CHARS = 1_000_000  # a clause is a paragraph or an article, never a book
# What a free-text field (a justification, a reason) cannot hold: a file line with a NUL or a
# CR is refused by the reader. Other control characters are kept (and escaped on output).
_FIELD_REFUSED_RE = re.compile("[\x00\r]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class TextRefused(FormatError):
    """A text that cannot be a clause (or a field): ``problem`` says why and how to fix it."""


@dataclass(frozen=True)
class Normalised:
    """The text as kept, and what was changed on the way (for a warning)."""

    text: str
    notes: tuple[str, ...] = ()


def decode(data: bytes, source: str) -> str:
    """*data* read as UTF-8; bytes that are not UTF-8 are refused (:class:`TextRefused`)
    naming *source*, the line and the byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TextRefused(Problem(
            f"byte {error.start} is not UTF-8 ({data[error.start:error.start + 1]!r})",
            source, line, "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)")) from None


def normalise(text: str) -> Normalised:
    """Drop a byte-order mark, turn CRLF into LF and NFD into NFC; say what was done."""
    notes = []
    if text.startswith(BOM):
        text = text[1:]
        notes.append("removed a byte-order mark")
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        notes.append("turned CRLF line ends into LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        notes.append("composed accented letters (Unicode NFD to NFC)")
    return Normalised(text, tuple(notes))


def _line(text: str, index: int) -> int:
    return text[:index].count("\n") + 1


def clause_text_problem(text: str) -> tuple[str, str, int | None] | None:
    """Why a clause file's text cannot be used as it is: (reason, how to fix, line), or None."""
    if text.startswith(BOM):
        return ("the file starts with a byte-order mark",
                "save it as UTF-8 without BOM (consolidate import does it for you)", 1)
    if "\r" in text:
        return ("the file has CR (Windows) line ends", "convert it to LF line ends (dos2unix)",
                _line(text, text.index("\r")))
    if len(text) > MAX_CLAUSE_CHARS:
        return (f"the clause has {len(text):,} characters, more than the {MAX_CLAUSE_CHARS:,} "
                "a clause may have", "split it into several clauses", None)
    if "\0" in text:
        return ("the text contains a NUL byte: is it a binary file?",
                "clause files hold plain UTF-8 text", _line(text, text.index("\0")))
    surrogate = _SURROGATE_RE.search(text)
    if surrogate is not None:
        return (f"the text holds U+{ord(surrogate.group()):04X}, half of a UTF-16 pair, which "
                "is not a character", "send the text as UTF-8", _line(text, surrogate.start()))
    return None


def follow_final_newline(text: str, reference: str) -> str:
    """*text* ending with the line breaks *reference* ends with (an empty text stays empty).

    The final newline of a clause file is the text's convention (every article of the French
    Civil Code ends with one; a paragraph cut out of a resolution has none), not part of the
    words a proposal changes: an editor adds one when it saves a file, ``echo`` adds one, a
    batch line or a Word paragraph has none. So the line breaks a proposal ends with are
    replaced by those its reference ends with: an amendment never changes them.
    """
    body = text.rstrip("\n")
    if not body:
        return ""
    return body + "\n" * (len(reference) - len(reference.rstrip("\n")))


def clause_proposal(proposed: str, reference: str) -> Normalised:
    """The one way from a proposed text to the text of a clause.

    *reference* is the text the proposal is measured against: the base of a modification,
    or, for a new clause, the clause it is inserted next to. The proposal is normalised
    (:func:`normalise`, noted), refused when it cannot be a clause file
    (:func:`clause_text_problem`: :class:`TextRefused`), and given the final newline of
    *reference* (:func:`follow_final_newline`).
    """
    result = normalise(proposed)
    problem = clause_text_problem(result.text)
    if problem is not None:
        reason, hint, line = problem
        where = f" (line {line})" if line else ""
        raise TextRefused(Problem(f"the proposed text cannot be a clause: {reason}{where}", "",
                                  None, hint))
    return Normalised(follow_final_newline(result.text, reference), result.notes)


def field_text(value: str, name: str) -> str:
    """A free-text field (justification, sponsor) as it is stored: CRLF becomes LF; a NUL, a
    lone CR or a broken character is refused (:class:`TextRefused`): an amendment file
    cannot hold them. Other control characters are kept; what shows them escapes them."""
    value = value.replace("\r\n", "\n")
    for pattern, what in ((_FIELD_REFUSED_RE, "the control character"),
                          (_SURROGATE_RE, "half of a UTF-16 pair,")):
        found = pattern.search(value)
        if found is not None:
            raise TextRefused(Problem(
                f"the {name} holds {what} U+{ord(found.group()):04X} (line "
                f"{_line(value, found.start())})", "", None,
                "remove it: an amendment file cannot hold it (a line break is LF)"))
    return value
