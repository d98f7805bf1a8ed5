"""A draft text written in Word: a resolution (numbered paragraphs) or a law (articles).

A resolution is read as :mod:`plaintext` reads one: the front matter, the title (the last
title or heading before the first numbered paragraph, else the last paragraph that does not
end with ':'), the numbered paragraphs (a typed "1." or Word's automatic numbering), the fixed
lines between them (the one ending with ':' separates the preambular paragraphs from the
operative ones), and nothing after the last numbered paragraph (a blank amendment form). A list
item of a deeper level ("(a)") continues the paragraph before it, on a line of its own, its
label and a tab in front, as Word shows it.

A law is a document whose first article heading ("Article 5", "Art. 5", "Artikel 5",
"Статья 5", "§ 5") comes before any numbered paragraph: each article is one clause (its
heading line, then its paragraphs, one a line), each structural heading ("Chapter II",
"Titre Ier", "Abschnitt 1", or a paragraph in a heading style) a heading clause.

Text is kept exactly (no-break spaces, typographic quotes and dashes, tabs); a soft line break
is a line end in the clause. A draft with tracked changes is refused: accept or reject them
first (``amend --docx`` reads tracked changes as amendments). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consolidate.core.model import ClauseKind, Problem
from consolidate.core.text_format import ManifestEntry, TextManifest
from consolidate.importers.docx_package import DocxError
from consolidate.importers.numbering import ListCounter
from consolidate.importers.plaintext import (
    ImportFormatError,
    clause_id_from_name,
    form_item,
    resolution_manifest,
)
from consolidate.importers.wordml import WordDocument

TYPED_NUMBER_RE = re.compile(r"^\s*(?P<number>\d+)\.[ \t\u00a0]+(?P<text>\S[\s\S]*)$")
_ARTICLE_RE = re.compile(
    r"^\s*(?P<word>Article|Art\.|Artikel|Articolo|Artículo|Artigo|Статья|Стаття|§)\s*"
    r"(?P<number>\d+[\w]*(?:[-.]\d+\w*)*)(?P<rest>[\s\S]{0,160})$", re.IGNORECASE)
_STRUCTURE_RE = re.compile(
    r"^\s*(Part|Book|Title|Chapter|Section|Sub-section|Subsection|Livre|Titre|Chapitre|Section|"
    r"Sous-section|Teil|Buch|Titel|Kapitel|Abschnitt|Unterabschnitt|Раздел|Глава|Розділ)"
    r"\s+[\dIVXLCDM]+\w*\b", re.IGNORECASE)
_FORM_RE = re.compile(r"^\s*AMENDMENT\s+TO\b", re.IGNORECASE)
_WORD_FOR = {"§": "Paragraph", "art.": "Article"}


@dataclass(frozen=True)
class Block:
    """A paragraph of the draft as the draft readers see it."""

    text: str
    number: int | None = None  # a numbered paragraph's number (typed or automatic)
    automatic: bool = False  # numbered by Word, not typed
    heading: bool = False  # in a title or heading style
    continuation: str = ""  # for a deeper list item: its label ("(a)")
    position: int = 0  # the paragraph's place in the document, from 1


def _fail(source: str, message: str, position: int | None, hint: str) -> DocxError:
    where = f"paragraph {position} of the document: " if position else ""
    return DocxError(Problem(where + message, source, None, hint))


def blocks(document: WordDocument) -> list[Block]:
    """The non-empty paragraphs with their numbers, in reading order."""
    counter = ListCounter(document.numbering)
    out: list[Block] = []
    for paragraph in document.paragraphs:
        number = counter.number(paragraph.numbering)
        text = paragraph.text
        if not text.strip():
            continue
        heading = paragraph.outline is not None or paragraph.style.casefold() == "title"
        position = paragraph.index + 1
        if number is not None and number.level == 0 and number.numeric:
            out.append(Block(text, number.value, True, heading, position=position))
        elif number is not None and number.level > 0:
            out.append(Block(text, None, False, heading, number.label or "", position))
        elif (typed := TYPED_NUMBER_RE.match(text)) and not heading:
            out.append(Block(typed.group("text"), int(typed.group("number")), False, heading,
                             position=position))
        else:
            out.append(Block(text, None, False, heading, position=position))
    return out


def _refuse_tracked(document: WordDocument) -> None:
    tracked = next((p for p in document.paragraphs if p.tracked), None)
    if tracked is not None:
        raise _fail(document.source, "the draft has tracked changes", tracked.index + 1,
                    "accept or reject them in Word first, or table them as amendments with "
                    "`consolidate amend --docx`")


def _lines(block: Block) -> list[str]:
    """The logical lines of a front-matter paragraph: one line when it is all in capitals."""
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if len(lines) > 1 and all(_capitals(line) for line in lines):
        return [" ".join(lines)]
    return lines


def _capitals(text: str) -> bool:
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def _title(head: list[Block], source: str, first: Block) -> tuple[list[str], str]:
    """The front matter and the title, from the paragraphs before the first numbered one."""
    lines: list[tuple[str, bool]] = []
    for block in head:
        lines.extend((line, block.heading) for line in _lines(block))
    index = next((i for i in range(len(lines) - 1, -1, -1) if lines[i][1]), None)
    if index is None:
        index = next((i for i in range(len(lines) - 1, -1, -1)
                      if not lines[i][0].endswith(":")), None)
    if index is None:
        raise _fail(source, "there is no title before the first numbered paragraph",
                    first.position, "put the title in a paragraph of its own before it")
    return [line for line, _ in lines[:index]], lines[index][0]


def _check_number(block: Block, expected: int, seen: dict[int, int], source: str) -> None:
    if block.automatic or block.number == expected:
        return
    if block.number in seen:
        message = (f"paragraph {block.number} is numbered twice (paragraphs "
                   f"{seen[block.number]} and {block.position} of the document)")
    else:
        message = f"paragraph {block.number} comes where paragraph {expected} is expected"
    raise _fail(source, message, block.position,
                "number the paragraphs 1, 2, 3… in order, each once")


def read_resolution(source: str, items: list[Block], first: int, *,
                    language: str = "en") -> tuple[TextManifest, dict[str, str]]:
    """A resolution from the blocks; *first* is the index of the first numbered one."""
    front, title = _title(items[:first], source, items[first])
    body: list[tuple[int | None, str]] = []
    pending: list[tuple[int | None, str]] = []  # fixed lines, placed when a paragraph follows
    seen: dict[int, int] = {}
    count = 0
    for block in items[first:]:
        if block.number is not None:
            count += 1
            _check_number(block, count, seen, source)
            seen[block.number] = block.position
            body.extend(pending)
            pending = []
            body.append((count, block.text))
        elif block.continuation and not pending and body:
            number, text = body[-1]
            body[-1] = (number, f"{text}\n{block.continuation}\t{block.text}")
        else:
            pending.append((None, block.text.strip()))
    return resolution_manifest(title, front, body, language=language,
                               item=form_item([block.text for block in items[first:]]))


def _article_id(match: re.Match[str]) -> str:
    word = match.group("word")
    word = _WORD_FOR.get(word.casefold(), word[:1].upper() + word[1:].lower())
    return clause_id_from_name(f"{word} {match.group('number')}")


def _is_article(block: Block) -> re.Match[str] | None:
    match = _ARTICLE_RE.match(block.text)
    if match is None or "\n" in match.group("rest"):
        return None
    rest = match.group("rest").strip()
    if block.heading or not rest or not rest.endswith((".", ";", ",", ":")):
        return match
    return None


def _unique(base: str, taken: set[str]) -> str:
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def read_law(source: str, items: list[Block], first: int, *,
             language: str = "en") -> tuple[TextManifest, dict[str, str]]:
    """A law from the blocks; *first* is the index of the first article heading."""
    head = items[:first]
    titles = [b for b in head if b.heading] or head[:1]
    if not titles:
        raise _fail(source, "there is no title before the first article", items[first].position,
                    "put the title in a paragraph of its own before it")
    title_block = titles[0]
    front = [line for b in head[: head.index(title_block)] for line in _lines(b)]
    title = " ".join(_lines(title_block))
    entries: list[ManifestEntry] = []
    texts: dict[str, str] = {}
    taken: set[str] = set()
    current: str | None = None
    rest = head[head.index(title_block) + 1:] + items[first:]
    for block in rest:
        if _FORM_RE.match(block.text):
            break
        article = _is_article(block)
        if article is not None or _STRUCTURE_RE.match(block.text) or block.heading:
            kind = ClauseKind.ARTICLE if article is not None else ClauseKind.HEADING
            base = _article_id(article) if article is not None else _heading_id(block.text)
            current = _unique(base, taken)
            entries.append(ManifestEntry(current, kind))
            texts[current] = block.text
        elif current is None:
            current = _unique("preamble", taken)
            entries.append(ManifestEntry(current, ClauseKind.ARTICLE))
            texts[current] = block.text
        else:
            if entries[-1].kind is ClauseKind.HEADING:  # a heading with text under it
                entries[-1] = ManifestEntry(current, ClauseKind.ARTICLE)
            texts[current] += "\n" + (f"{block.continuation}\t" if block.continuation else "") \
                + block.text
    manifest = TextManifest(title=title, kind="law", language=language, front=tuple(front),
                            entries=tuple(entries))
    return manifest, texts


def _heading_id(text: str) -> str:
    words = re.findall(r"\w+", text)[:2]
    try:
        return clause_id_from_name(" ".join(words)) if words else "heading"
    except ImportFormatError:
        return "heading"


def read_draft(document: WordDocument, *, language: str = "en") -> tuple[TextManifest, dict[str, str]]:
    """The manifest and clause texts of a draft .docx (a resolution or a law).

    Raises :class:`DocxError` with the reason and the paragraph of the document.
    """
    source = document.source
    _refuse_tracked(document)
    items = blocks(document)
    numbered = next((i for i, b in enumerate(items) if b.number is not None), None)
    article = next((i for i, b in enumerate(items) if _is_article(b)), None)
    if article is not None and (numbered is None or article < numbered):
        return read_law(source, items, article, language=language)
    if numbered is None:
        raise _fail(source, "no numbered paragraph and no article found", None,
                    "number the paragraphs (typed '1.' or Word's numbering), or give each "
                    "article a heading such as 'Article 1'")
    return read_resolution(source, items, numbered, language=language)
