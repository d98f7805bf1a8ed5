"""Turn an existing document into a text: a plain-text resolution, or a folder of articles.

Both give a :class:`TextManifest` and the clause texts by clause id, ready to be written as
``texts/<text-id>/text.toml`` and ``texts/<text-id>/<clause-id>.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consolidate.core.errors import FormatError
from consolidate.core.ids import ID_HINT, case_twin, id_problem
from consolidate.core.model import ClauseKind, Problem
from consolidate.core.text_format import ManifestEntry, TextManifest

_NUMBERED_RE = re.compile(r"^\s*(?P<number>\d+)\.[ \t]+(?P<text>\S.*)$")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_MARKS_RE = re.compile(r"\*\*|__|</?b>", re.IGNORECASE)
_HARD_BREAK = "  "
_LIGATURES = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
              "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th"}
_SEPARATOR_RUN_RE = re.compile(r"[-._]{2,}")
TITLE_ID = "title"


class ImportFormatError(FormatError):
    """A document that cannot be imported as a text; ``problem`` says where and why."""


@dataclass(frozen=True)
class _Line:
    """A logical line of the document, the lines it spans (1-based), and whether it is a heading."""

    number: int
    text: str
    heading: bool = False
    end: int = 0


@dataclass
class _Paragraph:
    """A numbered paragraph being read: its printed number, first line, and lines."""

    number: int
    line: int
    lines: list[str]


# The heading of the blank amendment form that may follow a text, Markdown marks around it.
_FORM_HEADING_RE = re.compile(r"^[#*_\s]*AMENDMENT TO\s+(?P<item>[^*_#]*?\w)[*_\s]*$")


def _fail(message: str, source: str, line: int | None, hint: str) -> ImportFormatError:
    return ImportFormatError(Problem(message, source, line, hint))


def _clean(text: str) -> str:
    """Strip Markdown marks (headings, bold) and surrounding white space from a line."""
    return _MARKS_RE.sub("", _HEADING_RE.sub("", text)).strip()


def _is_capitals(text: str) -> bool:
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def _front_lines(lines: list[str]) -> list[_Line]:
    """The lines before the body as logical lines, cleaned of Markdown marks.

    Lines ending in a Markdown hard break (two spaces) form a group with the next line. A group
    in capitals is a title split over lines and becomes one line; other groups stay line by line.
    """
    out: list[_Line] = []
    group: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            group.append(_Line(number, raw))
            if raw.endswith(_HARD_BREAK):
                continue
        out.extend(_close_group(group))
        group = []
    out.extend(_close_group(group))
    return out


def _close_group(group: list[_Line]) -> list[_Line]:
    heading = bool(group) and bool(_HEADING_RE.match(group[0].text))
    cleaned = [_Line(line.number, _clean(line.text), heading, line.number) for line in group]
    cleaned = [line for line in cleaned if line.text]
    if len(cleaned) > 1 and all(_is_capitals(line.text) for line in cleaned):
        joined = " ".join(line.text for line in cleaned)
        return [_Line(cleaned[0].number, joined, heading, cleaned[-1].end)]
    return [_Line(line.number, line.text, heading and index == 0, line.end)
            for index, line in enumerate(cleaned)]


def _title_index(head: list[_Line]) -> int:
    """Which logical line of the head is the title: the last heading, else the last line
    that does not end with ':' (a line such as 'The Assembly:' opens the body)."""
    for index in range(len(head) - 1, -1, -1):
        if head[index].heading:
            return index
    for index in range(len(head) - 1, -1, -1):
        if not head[index].text.endswith(":"):
            return index
    return -1


def _split_head(lines: list[str], first_numbered: int, source: str) -> tuple[list[str], _Line]:
    """The front matter and the title line, from the lines before the first paragraph."""
    head = _front_lines(lines[:first_numbered])
    index = _title_index(head)
    if index < 0:
        raise _fail("there is no title before the first numbered paragraph", source,
                    first_numbered + 1, "put the title on a line of its own, e.g. '## TITLE'")
    return [line.text for line in head[:index]], head[index]


def _slug(text: str, taken: set[str]) -> str:
    """A unique id for a fixed line, from its last word that gives one ('assembly')."""
    base = "fixed"
    for word in reversed(re.findall(r"\w+", text)):
        try:
            base = clause_id_from_name(word).lower()
            break
        except ImportFormatError:
            continue
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


class _Body:
    """Reads the body: numbered paragraphs, their continuation lines, and fixed lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[_Paragraph | _Line] = []
        self.loose: list[_Line] = []  # non-numbered lines after a blank line, not yet placed
        self.open: _Paragraph | None = None
        self.in_loose = False  # the previous line was a non-numbered line after a blank

    def feed(self, number: int, raw: str) -> None:
        """Take the next line (1-based *number*) of the document."""
        match = _NUMBERED_RE.match(raw)
        loose = bool(raw.strip()) and not match and self.open is None
        if not raw.strip():
            self.open = None
        elif match:
            self._paragraph(int(match.group("number")), number, match.group("text"))
        elif self.open is not None:
            self.open.lines.append(raw)
        elif self.in_loose:  # lines of one block form one fixed line
            last = self.loose.pop()
            self.loose.append(_Line(last.number, f"{last.text}\n{_clean(raw)}"))
        else:
            self.loose.append(_Line(number, _clean(raw)))
        self.in_loose = loose

    def _paragraph(self, printed: int, line: int, text: str) -> None:
        previous = [item for item in self.items if isinstance(item, _Paragraph)]
        expected = previous[-1].number + 1 if previous else 1
        if printed != expected:
            self._refuse_number(printed, expected, line, previous)
        self.items.extend(self.loose)
        self.loose = []
        self.open = _Paragraph(printed, line, [text])
        self.items.append(self.open)

    def _refuse_number(self, printed: int, expected: int, line: int,
                       previous: list[_Paragraph]) -> None:
        same = [p for p in previous if p.number == printed]
        if same:
            message = f"paragraph {printed} is numbered twice (lines {same[0].line} and {line})"
        else:
            message = f"paragraph {printed} comes where paragraph {expected} is expected"
        raise _fail(message, self.source, line,
                    "number the paragraphs 1, 2, 3… in order, each once")


def _entries(items: list[_Paragraph | _Line]) -> tuple[list[ManifestEntry], dict[str, str]]:
    split_at = next((i for i, item in enumerate(items)
                     if isinstance(item, _Line) and item.text.endswith(":")), None)
    entries: list[ManifestEntry] = []
    texts: dict[str, str] = {}
    taken = {TITLE_ID} | {f"p{i.number}" for i in items if isinstance(i, _Paragraph)}
    for index, item in enumerate(items):
        if isinstance(item, _Line):
            fixed_id = _slug(item.text, taken)
            taken.add(fixed_id)
            entries.append(ManifestEntry(fixed_id, ClauseKind.FIXED, item.text))
            continue
        preamble = split_at is not None and index < split_at
        kind = ClauseKind.PREAMBLE if preamble else ClauseKind.OPERATIVE
        entries.append(ManifestEntry(f"p{item.number}", kind))
        texts[f"p{item.number}"] = "\n".join(item.lines)
    return entries, texts


def parse_resolution(raw: str, text_id: str, *, source: str = "", kind: str = "resolution",
                     language: str = "en") -> tuple[TextManifest, dict[str, str]]:
    """Read a plain-text resolution: front matter, a title, numbered paragraphs.

    Returns the manifest and the clause texts by id ("title", "p1", "p2", …). Paragraphs before
    the first fixed line that ends with ':' (e.g. "The OSCE Parliamentary Assembly:") are
    preambular, the others operative. Matter after the last paragraph and a blank line (such as
    a blank amendment form) is left out. Raises :class:`ImportFormatError`.
    """
    source = source or text_id
    problem = id_problem(text_id)
    if problem is not None:
        raise _fail(f"{text_id!r} is not a valid text id: it {problem}", source, None, ID_HINT)
    lines = raw.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if _NUMBERED_RE.match(line)), None)
    if first is None:
        raise _fail("no numbered paragraph found", source, None,
                    "number the paragraphs '1. …', '2. …' at the start of their lines")
    front, title = _split_head(lines, first, source)
    body = _Body(source)
    for number in range(title.end + 1, len(lines) + 1):
        body.feed(number, lines[number - 1])
    return _manifest(title.text, front, body.items, kind, language,
                     item=form_item(lines[first:]))


def _manifest(title: str, front: Sequence[str], items: list[_Paragraph | _Line], kind: str,
              language: str, item: str = "") -> tuple[TextManifest, dict[str, str]]:
    entries, texts = _entries(items)
    texts[TITLE_ID] = title
    manifest = TextManifest(title=title, kind=kind, language=language, front=tuple(front),
                            entries=(ManifestEntry(TITLE_ID, ClauseKind.HEADING), *entries),
                            item=item)
    return manifest, texts


def form_item(lines: list[str]) -> str:
    """The agenda item named by a blank amendment form after the text ('**AMENDMENT TO
    SUPPLEMENTARY ITEM**' -> 'Supplementary Item'), or '' when there is no form."""
    for line in lines:
        match = _FORM_HEADING_RE.match(line)
        if match:
            item = " ".join(match.group("item").split())
            return item.title() if item.isupper() else item
    return ""


def resolution_manifest(title: str, front: Sequence[str], body: Sequence[tuple[int | None, str]],
                        *, kind: str = "resolution", language: str = "en",
                        item: str = "") -> tuple[TextManifest, dict[str, str]]:
    """The manifest and clause texts of a resolution read by another reader (a .docx).

    *body* is the numbered paragraphs ``(number, text)`` and the fixed lines ``(None, text)``
    in reading order, numbered 1, 2, 3…; they become clauses exactly as
    :func:`parse_resolution` makes them: "title", "p1", "p2"…, the paragraphs before the
    first fixed line that ends with ':' preambular, the others operative.
    """
    items: list[_Paragraph | _Line] = [
        _Paragraph(number, index, [text]) if number is not None else _Line(index, text)
        for index, (number, text) in enumerate(body, start=1)
    ]
    return _manifest(title, front, items, kind, language, item)


def clause_id_from_name(name: str) -> str:
    """A valid clause id from a file name: 'Article 75-1.md' -> 'Article-75-1'.

    The folder and the extension are dropped, accents stripped, other characters replaced
    by '-', and runs of '-', '.' and '_' collapsed.
    """
    stem = _stem(name)
    ascii_text = "".join(_LIGATURES.get(c, c) for c in unicodedata.normalize("NFKD", stem))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9._-]", "-", ascii_text)
    slug = _SEPARATOR_RUN_RE.sub(lambda m: "-" if "-" in m.group() else m.group()[0], slug)
    slug = slug.strip("-._")
    problem = id_problem(slug)
    if problem is not None:
        reason = "it has no letter or digit" if not slug else f"{slug!r} {problem}"
        raise _fail(f"cannot make a clause id from the file name {name!r}: {reason}", name, None,
                    "rename the file (letters and digits, not a device name such as CON or "
                    "NUL, not too long)")
    return slug


def natural_sort_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key where digit runs count as numbers: 'Article 9' < 'Article 10' < 'Article 10-1'."""
    parts = re.findall(r"\d+|\D+", name)
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p.casefold()) for p in parts)


def _stem(name: str) -> str:
    """The file name without its folder and its extension."""
    base = re.split(r"[\\/]", name)[-1]
    return base[: base.rindex(".")] if "." in base.lstrip(".") else base


def import_directory(files: Mapping[str, str], title: str, *, kind: str = "law",
                     language: str = "en") -> tuple[TextManifest, dict[str, str]]:
    """One article clause per file (name -> content), in the natural order of the names.

    The clause text is the file content exactly. Two names giving the same clause id are an
    :class:`ImportFormatError` naming both files.
    """
    if not title.strip():
        raise _fail("the text has no title", "", None, "give the text a title")
    if not files:
        raise _fail("there is no file to import", "", None, "import a folder with article files")
    names = sorted(files, key=lambda n: (natural_sort_key(_stem(n)), n))
    owners: dict[str, str] = {}
    entries: list[ManifestEntry] = []
    texts: dict[str, str] = {}
    for name in names:
        clause_id = clause_id_from_name(name)
        if clause_id in owners:
            raise _fail(f"{owners[clause_id]!r} and {name!r} both give the clause id "
                        f"{clause_id!r}", name, None, "rename one of the two files")
        twin = case_twin(clause_id, owners)
        if twin is not None:
            raise _fail(f"{owners[twin]!r} and {name!r} give the clause ids {twin!r} and "
                        f"{clause_id!r}, which differ only by case (one file on macOS and "
                        "Windows)", name, None, "rename one of the two files")
        owners[clause_id] = name
        entries.append(ManifestEntry(clause_id, ClauseKind.ARTICLE))
        texts[clause_id] = files[name]
    manifest = TextManifest(title=title, kind=kind, language=language, entries=tuple(entries))
    return manifest, texts
