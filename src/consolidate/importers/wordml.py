"""WordprocessingML read as paragraphs of text pieces, each with its revision marks.

Every paragraph of the body (those in table cells and content controls too, in reading order)
becomes a :class:`WordParagraph`: its text as :class:`Piece` runs, each marked inserted
(``w:ins``, ``w:moveTo``) and/or deleted (``w:del``, ``w:moveFrom``) with the revision's
author and date; its paragraph mark's own revision (``w:pPr/w:rPr/w:ins|w:del``: a paragraph
inserted or deleted whole, or split or joined); its style, outline level and list numbering;
the comments anchored in it. Neighbouring runs with the same marks are one piece, so how a
producer cut the text into runs (spell-check and revision-session ids cut words in two)
changes nothing.

The text is kept exactly: a tab is ``\\t``; a line break (``w:br``, ``w:cr``) is ``\\n``;
no-break spaces, typographic quotes and dashes are the characters they are; a non-breaking
hyphen is U+2011 and a soft hyphen U+00AD. Field instructions, drawings, footnote marks and
page breaks give no text. Formatting-only revisions (``w:rPrChange``, ``w:pPrChange`` and the
other ``*PrChange``) are counted, and otherwise ignored. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from consolidate.importers.docx_package import W_NS, DocxPackage, Element
from consolidate.importers.numbering import NumberingRef, Styles, read_styles

W = f"{{{W_NS}}}"
_REVISIONS = {W + "ins": ("ins", False), W + "moveTo": ("ins", True),
              W + "del": ("del", False), W + "moveFrom": ("del", True)}
# Elements whose children are more of the paragraph's content.
_CONTAINERS = frozenset({W + "hyperlink", W + "smartTag", W + "customXml", W + "fldSimple",
                         W + "dir", W + "bdo", W + "sdtContent"})
_BLOCK_CONTAINERS = frozenset({W + "sdtContent", W + "customXml", W + "txbxContent"})
_TEXT = frozenset({W + "t", W + "delText"})
_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n",
               W + "noBreakHyphen": "\u2011", W + "softHyphen": "\u00ad"}
_PROPERTY_CHANGES = frozenset(W + name for name in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tblGridChange",
    "trPrChange", "tcPrChange", "numberingChange"))


@dataclass(frozen=True)
class Revision:
    """One tracked change's attribution: who, when, and whether it is half of a move."""

    author: str
    date: str = ""
    move: bool = False


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text with the same revision marks."""

    text: str
    inserted: Revision | None = None
    deleted: Revision | None = None


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph of the body, as written (every revision still in it)."""

    index: int  # position among the body's paragraphs, from 0
    pieces: tuple[Piece, ...]
    mark_inserted: Revision | None = None
    mark_deleted: Revision | None = None
    style: str = ""  # the style's name ("heading 1", "Title"), or ""
    outline: int | None = None  # 0 for a level-1 heading
    numbering: NumberingRef | None = None
    in_table: bool = False
    comments: tuple[str, ...] = ()  # ids of the comments anchored in it

    @property
    def text(self) -> str:
        """Everything in the paragraph, inserted and deleted text alike."""
        return "".join(piece.text for piece in self.pieces)

    @property
    def tracked(self) -> bool:
        """True when the paragraph or its mark carries a revision."""
        return (self.mark_inserted is not None or self.mark_deleted is not None
                or any(p.inserted or p.deleted for p in self.pieces))


@dataclass(frozen=True)
class Comment:
    """A comment: its author, date and text (paragraphs joined by line ends)."""

    id: str
    author: str
    date: str
    text: str


@dataclass(frozen=True)
class WordDocument:
    """The body's paragraphs, the comments, the styles and the formatting-only revisions."""

    source: str
    paragraphs: tuple[WordParagraph, ...]
    comments: dict[str, Comment] = field(default_factory=dict)
    styles: Styles = field(default_factory=Styles)
    numbering: Element | None = None
    format_changes: int = 0


@dataclass
class _Context:
    """Revision marks in force while walking a paragraph's content."""

    inserted: Revision | None = None
    deleted: Revision | None = None


class _ParagraphReader:
    """Collects the pieces and comment anchors of one paragraph."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.comments: list[str] = []

    def add(self, text: str, context: _Context) -> None:
        if not text:
            return
        last = self.pieces[-1] if self.pieces else None
        if last and last.inserted == context.inserted and last.deleted == context.deleted:
            self.pieces[-1] = Piece(last.text + text, last.inserted, last.deleted)
        else:
            self.pieces.append(Piece(text, context.inserted, context.deleted))

    def content(self, element: Element, context: _Context) -> None:
        """Walk the paragraph-level content of *element*."""
        for child in element:
            tag = child.tag
            if tag == W + "r":
                self.run(child, context)
            elif tag in _REVISIONS:
                self.content(child, _revised(child, context))
            elif tag in _CONTAINERS:
                self.content(child, context)
            elif tag == W + "sdt":
                for inner in child.iterchildren(W + "sdtContent"):
                    self.content(inner, context)
            elif tag == W + "commentRangeStart":
                self._comment(child)

    def run(self, run: Element, context: _Context) -> None:
        for child in run:
            tag = child.tag
            if tag in _TEXT:
                self.add(child.text or "", context)
            elif tag in _CHARACTERS:
                self.add(_CHARACTERS[tag], context)
            elif tag == W + "br":
                if child.get(W + "type", "textWrapping") == "textWrapping":
                    self.add("\n", context)
            elif tag == W + "sym":
                self.add(_symbol(child), context)
            elif tag == W + "commentReference":
                self._comment(child)

    def _comment(self, element: Element) -> None:
        comment_id = element.get(W + "id")
        if comment_id is not None and comment_id not in self.comments:
            self.comments.append(comment_id)


def _revision(element: Element, move: bool) -> Revision:
    return Revision(element.get(W + "author", ""), element.get(W + "date", ""), move)


def _revised(element: Element, context: _Context) -> _Context:
    kind, move = _REVISIONS[element.tag]
    revision = _revision(element, move)
    if kind == "ins":
        return _Context(revision, context.deleted)
    return _Context(context.inserted, revision)


def _symbol(element: Element) -> str:
    """The character of a ``w:sym`` (a code point of a symbol font)."""
    try:
        return chr(int(element.get(W + "char", ""), 16))
    except (ValueError, OverflowError):
        return ""


def _mark(properties: Element | None) -> tuple[Revision | None, Revision | None]:
    """The revisions of the paragraph mark: (inserted, deleted)."""
    if properties is None:
        return None, None
    run_properties = properties.find(W + "rPr")
    if run_properties is None:
        return None, None
    inserted = deleted = None
    for child in run_properties:
        if child.tag in _REVISIONS:
            kind, move = _REVISIONS[child.tag]
            if kind == "ins":
                inserted = _revision(child, move)
            else:
                deleted = _revision(child, move)
    return inserted, deleted


def _paragraph(element: Element, index: int, in_table: bool, styles: Styles) -> WordParagraph:
    properties = element.find(W + "pPr")
    reader = _ParagraphReader()
    reader.content(element, _Context())
    inserted, deleted = _mark(properties)
    style_id = ""
    direct: NumberingRef | None = None
    outline: int | None = None
    if properties is not None:
        style_element = properties.find(W + "pStyle")
        style_id = style_element.get(W + "val", "") if style_element is not None else ""
        direct = _numbering_ref(properties.find(W + "numPr"))
        outline_element = properties.find(W + "outlineLvl")
        if outline_element is not None:
            outline = _int(outline_element.get(W + "val"))
    style = styles.get(style_id)
    numbering = direct if direct is not None else (style.numbering if style else None)
    if outline is None and style is not None:
        outline = style.outline
    return WordParagraph(index, tuple(reader.pieces), inserted, deleted,
                         style.name if style else "", outline,
                         numbering if numbering and numbering.num_id != "0" else None,
                         in_table, tuple(reader.comments))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _numbering_ref(element: Element | None) -> NumberingRef | None:
    if element is None:
        return None
    num_id = element.find(W + "numId")
    level = element.find(W + "ilvl")
    if num_id is None:
        return None
    depth = (_int(level.get(W + "val")) or 0) if level is not None else 0
    return NumberingRef(num_id.get(W + "val", "0"), depth)


def _blocks(container: Element, in_table: bool) -> Iterator[tuple[Element, bool]]:
    """The paragraphs of a body, a cell or a content control, in reading order."""
    for child in container:
        tag = child.tag
        if tag == W + "p":
            yield child, in_table
        elif tag == W + "tbl":
            for row in child.iterchildren(W + "tr"):
                for cell in row.iterchildren(W + "tc"):
                    yield from _blocks(cell, True)
        elif tag == W + "sdt":
            for inner in child.iterchildren(W + "sdtContent"):
                yield from _blocks(inner, in_table)
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(child, in_table)


def _comments(root: Element | None) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    if root is None:
        return found
    for element in root.iterchildren(W + "comment"):
        paragraphs = []
        for p in element.iter(W + "p"):
            reader = _ParagraphReader()
            reader.content(p, _Context())
            paragraphs.append("".join(piece.text for piece in reader.pieces
                                      if piece.deleted is None))
        comment_id = element.get(W + "id", "")
        found[comment_id] = Comment(comment_id, element.get(W + "author", ""),
                                    element.get(W + "date", ""), "\n".join(paragraphs).strip())
    return found


def _format_changes(root: Element) -> int:
    return sum(1 for _ in root.iter(*_PROPERTY_CHANGES))


def read_document(package: DocxPackage) -> WordDocument:
    """The paragraphs, comments and formatting-only revisions of an opened .docx."""
    body = package.document.find(W + "body")
    styles = read_styles(package.styles)
    paragraphs: list[WordParagraph] = []
    if body is not None:
        for element, in_table in _blocks(body, False):
            paragraphs.append(_paragraph(element, len(paragraphs), in_table, styles))
    return WordDocument(package.source, tuple(paragraphs), _comments(package.comments), styles,
                        package.numbering, _format_changes(package.document))


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of the body, as it reads with every change accepted."""

    text: str


@dataclass(frozen=True)
class TableBlock:
    """A table of the body: the text of each cell, row by row."""

    rows: tuple[tuple[str, ...], ...]


def _final_text(paragraph: Element) -> str:
    reader = _ParagraphReader()
    reader.content(paragraph, _Context())
    return "".join(piece.text for piece in reader.pieces if piece.deleted is None)


def _cell_text(cell: Element) -> str:
    return "\n".join(_final_text(p) for p, _ in _blocks(cell, True)).strip()


def _body_blocks(container: Element) -> Iterator[TextBlock | TableBlock]:
    for child in container:
        if child.tag == W + "p":
            yield TextBlock(_final_text(child))
        elif child.tag == W + "tbl":
            rows = tuple(tuple(_cell_text(cell) for cell in row.iterchildren(W + "tc"))
                         for row in child.iterchildren(W + "tr"))
            yield TableBlock(rows)
        elif child.tag == W + "sdt":
            for inner in child.iterchildren(W + "sdtContent"):
                yield from _body_blocks(inner)
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _body_blocks(child)


def read_blocks(package: DocxPackage) -> list[TextBlock | TableBlock]:
    """The body as paragraphs and tables, every change accepted (for forms)."""
    body = package.document.find(W + "body")
    return list(_body_blocks(body)) if body is not None else []
