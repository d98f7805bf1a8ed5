"""No change starts or ends inside a word, in any format, on real workspaces.

Each format's output (through ``consolidate build``) is read back into runs of unchanged text
and changes (words deleted, words inserted), with a small reader per format; the original
and the consolidated streams are rebuilt from them, and at the edges of every change the
characters on both sides must not both be letters or digits ("porno[-graphy-]" is caught).
The amendment forms are checked through their instructions: every quoted phrase is found
as whole words, and the words it puts in do not join a neighbouring word.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable

import lxml.etree
import lxml.html
import pytest

from consolidate.core.instruction_apply import change_edit
from consolidate.core.instruction_parse import read_instruction
from consolidate.core.model import ChangeKind
from consolidate.exporters import FORMATS
from consolidate.exporters.common import Change, Piece, Same
from consolidate.exporters.drafting import drafted_all

from .realworkspaces import RealWorkspace
from .test_export_spans import inside_word, raw_parts, streams

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Reader = Callable[[RealWorkspace], list[list[Piece]]]


def assert_whole_words(runs: list[list[Piece]], where: str) -> int:
    """Every change of every stream starts and ends between words; returns the count."""
    checked = 0
    for parts in runs:
        old, old_cuts, new, new_cuts = streams(parts)
        for text, cuts in ((old, old_cuts), (new, new_cuts)):
            for start, end in cuts:
                for edge in (start, end):
                    assert not inside_word(text, edge), (where, text[edge - 30 : edge + 30])
                checked += 1
    return checked


# -- readers, one per format ---------------------------------------------------------------------


def read_text(ws: RealWorkspace) -> list[list[Piece]]:
    return [[Same(ws.render("text").decode("utf-8"))]]  # no marks: nothing to cut a word


def read_json(ws: RealWorkspace) -> list[list[Piece]]:
    """The JSON lists the engine's changes; they are the consolidation's spans, in order."""
    data = json.loads(ws.render("json"))
    runs = []
    for listed, clause in zip(data["clauses"], ws.consolidation.clauses, strict=True):
        spans = [s for s in clause.spans if s.kind is not ChangeKind.EQUAL]
        assert listed["changes"] == [
            {"kind": s.kind.value, "text": s.text, "amendment": s.amendment} for s in spans
        ]
        runs.append(raw_parts(clause.spans))
    return runs


def read_diff(ws: RealWorkspace) -> list[list[Piece]]:
    parts: list[Piece] = []
    for line in ws.render("diff").decode("utf-8").splitlines(keepends=True):
        if line.startswith(("diff --git", "---", "+++", "@@", "\\", "new file", "deleted file")):
            parts.append(Same("\n"))
        elif line.startswith("-"):
            parts.append(Change(None, line[1:], ""))
        elif line.startswith("+"):
            parts.append(Change(None, "", line[1:]))
        else:
            parts.append(Same(line[1:]))
    return [parts]


_CRITIC_RE = re.compile(
    r"\{\+\+(?P<ins>.*?)\+\+\}|\{--(?P<del>.*?)--\}|\{~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|\{>>.*?<<\}|\{==(?P<mark>.*?)==\}",
    re.DOTALL,
)


def read_critic(ws: RealWorkspace) -> list[list[Piece]]:
    markup = ws.render("critic").decode("utf-8")
    parts: list[Piece] = []
    position = 0
    for match in _CRITIC_RE.finditer(markup):
        parts.append(Same(markup[position : match.start()]))
        position = match.end()
        if match.group("ins") is not None:
            parts.append(Change(None, "", match.group("ins")))
        elif match.group("del") is not None:
            parts.append(Change(None, match.group("del"), ""))
        elif match.group("old") is not None:
            parts.append(Change(None, match.group("old"), match.group("new")))
        elif match.group("mark") is not None:
            parts.append(Same(match.group("mark")))
    parts.append(Same(markup[position:]))
    return [parts]


_PLAIN_RE = re.compile(r"\[-(?P<del>.*?)-\]|\{\+(?P<ins>.*?)\+\}(?:\[[^\]\n]*\])?", re.DOTALL)
_LABEL_RE = re.compile(r"\[(?!-)[^\]\n]*\]")


def read_redline(ws: RealWorkspace) -> list[list[Piece]]:
    """The plain redline (no terminal): ``[-deleted-]{+inserted+}[AM 7]``."""
    text = ws.render("redline").decode("utf-8")
    parts: list[Piece] = []
    position = 0
    for match in _PLAIN_RE.finditer(text):
        parts.append(Same(text[position : match.start()]))
        position = match.end()
        if match.group("del") is not None:
            parts.append(Change(None, match.group("del"), ""))
            label = _LABEL_RE.match(text, position)  # after a deletion with no insertion
            if label and not text.startswith("{+", position):
                position = label.end()
        else:
            parts.append(Change(None, "", match.group("ins")))
    parts.append(Same(text[position:]))
    return [parts]


_MD_TOKENS = (("~~", "del"), ("**", "ins"), ("<del>", "del"), ("</del>", ""), ("<ins>", "ins"),
              ("</ins>", ""))


def read_markdown(ws: RealWorkspace) -> list[list[Piece]]:
    """``~~deleted~~``/``<del>``, ``**inserted**``/``<ins>``, labels in ``<sup>``, escapes."""
    text = ws.render("md").decode("utf-8")
    text = text.split("\n## Amendments\n", 1)[0]  # the table of amendments has no changes
    parts: list[Piece] = []
    buffer: list[str] = []
    mode = ""  # "", "del" or "ins": what the buffered text is

    def switch(to: str) -> None:
        nonlocal mode
        chunk = "".join(buffer)
        buffer.clear()
        parts.append(Change(None, chunk, "") if mode == "del" else
                     Change(None, "", chunk) if mode == "ins" else Same(chunk))
        mode = to

    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            buffer.append(text[index + 1])
            index += 2
            continue
        token = next(((t, kind) for t, kind in _MD_TOKENS if text.startswith(t, index)), None)
        if token is not None:
            mark, kind = token
            if mark in ("~~", "**"):
                kind = "" if mode == kind else kind  # the same mark opens and closes
            switch(kind)
            index += len(mark)
        elif text.startswith("<sup>", index):  # an amendment label, a former number
            index = text.index("</sup>", index) + len("</sup>")
        elif text[index] == "*":  # the emphasis of a fixed line
            index += 1
        else:
            buffer.append(text[index])
            index += 1
    switch("")
    return [parts]


def _html_parts(element, parts: list[Piece]) -> None:
    if element.tag in ("del", "ins"):
        text = element.text_content()
        parts.append(Change(None, text, "") if element.tag == "del" else Change(None, "", text))
    elif element.tag == "sup" and element.get("class") == "am":
        pass
    elif element.tag in ("style", "script", "head", "title"):
        pass
    else:
        parts.append(Same(element.text or ""))
        for child in element:
            _html_parts(child, parts)
    parts.append(Same(element.tail or ""))


def read_html(ws: RealWorkspace) -> list[list[Piece]]:
    page = lxml.html.document_fromstring(ws.render("html").decode("utf-8"))
    parts: list[Piece] = []
    _html_parts(page.xpath("//main")[0], parts)
    return [parts]


def _docx_body(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return lxml.etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def _run_text(run) -> str:
    out = []
    for child in run:
        if child.tag in (f"{W}t", f"{W}delText"):
            out.append(child.text or "")
        elif child.tag == f"{W}tab":
            out.append("\t")
        elif child.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def read_docx(ws: RealWorkspace) -> list[list[Piece]]:
    runs = []
    for paragraph in _docx_body(ws.render("docx")).iter(f"{W}p"):
        parts: list[Piece] = []
        for child in paragraph:
            text = "".join(_run_text(r) for r in child.iter(f"{W}r"))
            if child.tag == f"{W}ins":
                parts.append(Change(None, "", text))
            elif child.tag == f"{W}del":
                parts.append(Change(None, text, ""))
            elif child.tag == f"{W}r":
                parts.append(Same(text))
        runs.append(parts)
    return runs


def read_sheet(ws: RealWorkspace) -> list[list[Piece]]:
    """Each column of the sheet: the changed words in ``<b><i>``."""
    page = lxml.html.document_fromstring(ws.render("sheet").decode("utf-8"))
    runs = []
    for cell in page.xpath('//table[@class="sheet"]/tbody/tr/td'):
        parts: list[Piece] = [Same(cell.text or "")]
        for child in cell:
            if child.tag == "b":
                parts.append(Change(None, child.text_content(), ""))
            else:
                parts.append(Same(child.text_content()))
            parts.append(Same(child.tail or ""))
        runs.append(parts)
    return runs


def read_sheet_docx(ws: RealWorkspace) -> list[list[Piece]]:
    """Each column of the sheet's second table row: the changed words bold and italic."""
    runs = []
    for table in _docx_body(ws.render("sheet-docx")).iter(f"{W}tbl"):
        for cell in table.findall(f"{W}tr")[1].findall(f"{W}tc"):
            parts: list[Piece] = []
            for run in cell.iter(f"{W}r"):
                marked = run.find(f"{W}rPr/{W}b") is not None and run.find(f"{W}rPr/{W}i") \
                    is not None
                text = _run_text(run)
                parts.append(Change(None, text, "") if marked else Same(text))
            runs.append(parts)
    return runs


def _instructions_html(ws: RealWorkspace) -> list[str]:
    page = lxml.html.document_fromstring(ws.render("forms").decode("utf-8"))
    return [p.text_content() for p in page.xpath('//p[@class="instruction"]')]


def _instructions_docx(ws: RealWorkspace) -> list[str]:
    body = _docx_body(ws.render("forms-docx"))
    paragraphs = ["".join(_run_text(r) for r in p.iter(f"{W}r")) for p in body.findall(f"{W}p")]
    text = ws.consolidation.text
    heading = f"AMENDMENT TO {(text.item or text.title).upper()}"
    return [paragraphs[i + 1] for i, text in enumerate(paragraphs) if text == heading]


def read_forms(ws: RealWorkspace, docx: bool = False) -> list[list[Piece]]:
    """Each instruction, read back and applied to the text its amendment was drafted on."""
    drafts = drafted_all(ws.ctx, None)
    written = _instructions_docx(ws) if docx else _instructions_html(ws)
    assert written == [d.instruction for d in drafts]
    runs = []
    for draft in drafts:
        if draft.error or not draft.instruction.startswith("In "):
            continue  # whole paragraphs: deleted, inserted, replaced
        for change in read_instruction(draft.instruction).changes:
            edit = change_edit(draft.base, change)
            runs.append([Same(draft.base[: edit.start]),
                         Change(None, draft.base[edit.start : edit.end], edit.text),
                         Same(draft.base[edit.end :])])
    return runs


READERS: dict[str, Reader] = {
    "text": read_text,
    "redline": read_redline,
    "html": read_html,
    "critic": read_critic,
    "md": read_markdown,
    "diff": read_diff,
    "json": read_json,
    "docx": read_docx,
    "forms": read_forms,
    "forms-docx": lambda ws: read_forms(ws, docx=True),
    "sheet": read_sheet,
    "sheet-docx": read_sheet_docx,
}


def test_every_format_has_a_reader() -> None:
    assert set(READERS) == set(FORMATS)


@pytest.mark.parametrize("fmt", list(READERS))
def test_no_change_starts_or_ends_inside_a_word(real_workspace: RealWorkspace, fmt: str) -> None:
    runs = READERS[fmt](real_workspace)
    checked = assert_whole_words(runs, f"{real_workspace.name} {fmt}")
    if fmt != "text":
        assert checked, f"{fmt}: no change read back"


def test_the_engine_spans_are_whole_words(real_workspace: RealWorkspace) -> None:
    runs = [raw_parts(clause.spans) for clause in real_workspace.consolidation.clauses]
    assert assert_whole_words(runs, f"{real_workspace.name} spans") > 10


@pytest.mark.parametrize("reader", [read_critic, read_redline, read_markdown, read_html])
def test_a_reader_finds_a_change_inside_a_word(reader: Reader) -> None:
    """The readers would see a cut word: "porno" kept, "graphy" deleted."""
    fake = {
        read_critic: "child porno{--graphy--}{>>AM 1<<} images\n",
        read_redline: "child porno[-graphy-][AM 1] images\n",
        read_markdown: "child porno~~graphy~~<sup>AM 1</sup> images\n",
        read_html: "<main><p>child porno<del>graphy</del><sup class='am'>AM 1</sup> images</p>"
                   "</main>",
    }[reader]

    class Fake:
        name = "fake"

        @staticmethod
        def render(fmt: str) -> bytes:
            return fake.encode("utf-8")

    with pytest.raises(AssertionError):
        assert_whole_words(reader(Fake()), "fake")  # type: ignore[arg-type]
