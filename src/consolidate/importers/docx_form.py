"""Filled-in amendment forms: the OSCE PA layout of the seed, and consolidate's own.

A form starts with its heading "AMENDMENT TO …" (consolidate's own put the amendment's label,
"AM 9", on the line before it). Then come the heading's other lines (the title, "on"), the
placeholder "[Set out text of Amendment here:]" (dropped), and the amending instruction(s);
then "Principal Sponsor:" and its table, "Co-sponsored by:" and its table (rows of Mr/Mrs,
Family Name in Capital Letters, Country, Signature, under a row of those headings), and
consolidate's forms add "Justification" and its text. A sponsor list may also be written as
lines with the cells separated by tabs, as in the plain-text seed. A document holds one form
or several (``build --format forms-docx``). Text is read with every tracked change accepted.

Pure: the instructions are kept as written, for the instruction parser of the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consolidate.core.instruction_parse import InstructionError, read_instruction
from consolidate.core.model import Problem
from consolidate.importers.docx_package import DocxError
from consolidate.importers.wordml import TableBlock, TextBlock

_HEADING_RE = re.compile(r"^\s*AMENDMENT\s+TO\b", re.IGNORECASE)
_LABEL_RE = re.compile(r"^\s*AM\s+(?P<number>\S+)\s*$")
_PRINCIPAL_RE = re.compile(r"^\s*principal\s+sponsors?\s*:?\s*$", re.IGNORECASE)
_COSPONSORS_RE = re.compile(r"^\s*co-?\s*sponsor(ed|s)?(\s+by)?\s*:?\s*$", re.IGNORECASE)
_JUSTIFICATION_RE = re.compile(r"^\s*justification\s*:?\s*$", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"^\s*\[.*text of (the )?amendment.*\]\s*:?\s*$", re.IGNORECASE)
_HEAD_CELLS = ("mr/mrs", "family name")


@dataclass(frozen=True)
class SponsorRow:
    """One filled row of a sponsor table: title, name, country (as written)."""

    title: str
    name: str
    country: str


@dataclass
class FilledForm:
    """One amendment form, as written on it."""

    position: int  # the form's place in the document, from 1
    number: str = ""  # the label's number, "9" of "AM 9", when the form has one
    heading: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    principal: list[SponsorRow] = field(default_factory=list)
    cosponsors: list[SponsorRow] = field(default_factory=list)
    justification: list[str] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, parser's reason)


def _rows(cells_rows: list[tuple[str, ...]]) -> list[SponsorRow]:
    rows = []
    for cells in cells_rows:
        cells = (*tuple(c.strip() for c in cells), "", "", "")
        if any(head in cells[0].casefold() or head in cells[1].casefold() for head in _HEAD_CELLS):
            continue
        if not (cells[0] or cells[1] or cells[2]):
            continue
        rows.append(SponsorRow(cells[0], cells[1], cells[2]))
    return rows


def _is_heading_line(text: str) -> bool:
    """A line of the form's heading: 'on', or a title in capitals."""
    stripped = text.strip()
    letters = [c for c in stripped if c.isalpha()]
    return stripped.casefold() == "on" or (bool(letters) and all(c.isupper() for c in letters))


class _FormReader:
    """Reads the blocks of one form, section by section."""

    def __init__(self, form: FilledForm) -> None:
        self.form = form
        self.section = "heading"

    def text(self, text: str) -> None:
        stripped = text.strip()
        if not stripped:
            return
        if _PRINCIPAL_RE.match(stripped):
            self.section = "principal"
        elif _COSPONSORS_RE.match(stripped):
            self.section = "cosponsors"
        elif _JUSTIFICATION_RE.match(stripped):
            self.section = "justification"
        elif self.section in ("heading", "instruction"):
            self._instruction(text)
        elif self.section == "justification":
            self.form.justification.append(text.strip())
        elif "\t" in text:  # a sponsor row written with tabs
            rows = _rows([tuple(text.split("\t"))])
            getattr(self.form, self.section).extend(rows)

    def _instruction(self, text: str) -> None:
        stripped = text.strip()
        if _PLACEHOLDER_RE.match(stripped):
            return
        try:
            read_instruction(stripped)
        except InstructionError as error:
            if self.section == "heading" and _is_heading_line(stripped):
                self.form.heading.append(stripped)
            elif self.form.instructions:  # the quotation goes on in another paragraph
                self.form.instructions[-1] += "\n" + stripped
            else:
                self.form.unread.append((stripped, error.message))
            return
        self.section = "instruction"
        self.form.instructions.append(stripped)

    def table(self, block: TableBlock) -> None:
        if self.section in ("principal", "cosponsors"):
            getattr(self.form, self.section).extend(_rows(list(block.rows)))


def read_forms(blocks: list[TextBlock | TableBlock], source: str) -> list[FilledForm]:
    """Every form of the document, in order; DocxError when there is none."""
    forms: list[FilledForm] = []
    reader: _FormReader | None = None
    label = ""
    for block in blocks:
        if isinstance(block, TextBlock) and _HEADING_RE.match(block.text):
            reader = _FormReader(FilledForm(len(forms) + 1, label, [block.text.strip()]))
            forms.append(reader.form)
            label = ""
            continue
        if isinstance(block, TextBlock) and (found := _LABEL_RE.match(block.text)):
            label = found.group("number")
            continue
        if reader is None:
            continue
        if isinstance(block, TableBlock):
            reader.table(block)
        else:
            reader.text(block.text)
    if not forms:
        raise DocxError(Problem("the document holds no amendment form (no heading "
                                "'AMENDMENT TO …')", source, None,
                                "fill in the amendment form (`consolidate show ID --form docx` "
                                "writes one), keeping its heading"))
    return forms
