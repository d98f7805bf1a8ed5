"""Bad documents: each is refused with exit code 2 and the reason, and nothing is written (no
commit, no amendment, no text), for `amend --docx`, `amend --form` and `import`."""

from __future__ import annotations

import struct
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from support import cli

from consolidate.importers import docx_package

from .kit import delete, document_xml, draft_workspace, ins, make_docx, paragraph

pytestmark = pytest.mark.usefixtures("typed_pair")

BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                  for i in range(1, 10))
        + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def _head(workspace: Path) -> str:
    return subprocess.run(["git", "-C", str(workspace), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout


def _refused(workspace: Path, *args: str) -> str:
    before = _head(workspace)
    result = cli(workspace, *args, codes=[2])
    assert "Traceback" not in result.output
    assert _head(workspace) == before
    assert not list((workspace / "amendments").rglob("*.patch"))
    return result.stderr


@pytest.fixture
def workspace(typed_pair, tmp_path) -> Path:
    return draft_workspace(tmp_path, typed_pair.draft)


def _encrypted_entry(path: Path) -> Path:
    """Set the 'encrypted' flag of every entry, as a password-protected zip has it."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            flags = struct.unpack_from("<H", data, start + offset)[0]
            struct.pack_into("<H", data, start + offset, flags | 1)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


def _documents(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad document and the words its refusal must have."""
    text = folder / "notes.docx"
    text.write_text("Paragraph 1 is amended.\n")
    ole = folder / "protected.docx"
    ole.write_bytes(docx_package.OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
                    + b"\0" * 1000)
    doc = folder / "old.doc"
    doc.write_bytes(docx_package.OLE_MAGIC + b"\0" * 2000)
    damaged = folder / "damaged.docx"
    whole = make_docx(folder / "whole.docx", paragraph("Text")).read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    corrupt = make_docx(folder / "corrupt.docx", document=document_xml(paragraph("Text"))[:-30])
    missing = make_docx(folder / "missing.docx", skip=("word/document.xml",))
    odt = folder / "text.docx"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    strict = make_docx(folder / "strict.docx", document=document_xml(
        paragraph("Text"), "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    bomb = make_docx(folder / "bomb.docx", document=BOMB)
    locked = _encrypted_entry(make_docx(folder / "locked.docx", paragraph("Text")))
    return {
        "text": (text, "not a DOCX: the file is not a zip archive"),
        "password": (ole, "not a DOCX: the file is a password-protected (encrypted) Word document"),
        "doc": (doc, "an old Word 97-2003 .doc"),
        "damaged": (damaged, "the zip archive is damaged"),
        "corrupt": (corrupt, "word/document.xml is not well-formed XML"),
        "missing": (missing, "holds no Word document"),
        "odt": (odt, "OpenDocument (.odt)"),
        "strict": (strict, "Strict Open XML"),
        "entities": (bomb, "declares a document type"),
        "encrypted entry": (locked, "is encrypted inside the archive"),
    }


CASES = ["text", "password", "doc", "damaged", "corrupt", "missing", "odt", "strict",
         "entities", "encrypted entry"]


@pytest.mark.parametrize("case", CASES)
def test_amend_docx_refuses_a_bad_document(workspace, tmp_path, case):
    path, words = _documents(tmp_path)[case]
    started = time.monotonic()
    message = _refused(workspace, "amend", "--docx", str(path))
    assert words in message
    assert path.name in message
    assert "To fix:" in message
    assert time.monotonic() - started < 10  # no entity expansion, no endless read


@pytest.mark.parametrize("case", ["text", "password", "corrupt", "entities"])
def test_amend_form_and_import_refuse_a_bad_document(workspace, tmp_path, case):
    path, words = _documents(tmp_path)[case]
    assert words in _refused(workspace, "amend", "--form", str(path))
    assert words in _refused(workspace, "import", str(path), "--text", "other")
    assert not (workspace / "texts" / "other").exists()


def test_a_part_that_inflates_beyond_the_limit_is_refused(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(docx_package, "MAX_PART_BYTES", 1024 * 1024)
    filler = "<w:p><w:r><w:t>" + "a" * 1000 + "</w:t></w:r></w:p>"
    bomb = make_docx(tmp_path / "bomb.docx", filler * 2000)
    assert bomb.stat().st_size < 100_000
    message = _refused(workspace, "amend", "--docx", str(bomb))
    assert "word/document.xml inflates to more than 1 MB" in message


def test_a_document_too_large_is_refused_before_it_is_read(workspace, typed_pair, monkeypatch):
    from consolidate.app import word

    monkeypatch.setattr(word, "MAX_DOCX_BYTES", 1000)
    message = _refused(workspace, "amend", "--docx", str(typed_pair.tracked))
    assert "more than the 1,000 a document may have" in message


def test_formatting_only_revisions_are_no_amendments(workspace, tmp_path):
    change = ('<w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A B" w:date="2008-06-30T00:00:00Z">'
              "<w:rPr/></w:rPrChange></w:rPr><w:t>Condemns child sexual exploitation in all its "
              "forms;</w:t></w:r>")
    document = make_docx(tmp_path / "bold.docx", paragraph(change))
    message = _refused(workspace, "amend", "--docx", str(document))
    assert "no tracked insertions or deletions (1 formatting-only revision," in message


def test_a_changed_fixed_line_is_refused(workspace, tmp_path):
    body = paragraph("The OSCE Parliamentary ", delete("Assembly", "A B"), ins("Conference", "A B"),
                     ":")
    message = _refused(workspace, "amend", "--docx", str(make_docx(tmp_path / "f.docx", body)))
    assert "it is the fixed line 'The OSCE Parliamentary Assembly:', which cannot be amended" \
        in message


def test_a_draft_with_tracked_changes_is_not_imported(workspace, typed_pair):
    message = _refused(workspace, "import", str(typed_pair.tracked), "--text", "other")
    assert "the draft has tracked changes" in message
    assert "amend --docx" in message


def test_a_form_without_an_instruction_that_can_be_read_is_refused(workspace, tmp_path):
    body = (paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN")
            + paragraph("Please change paragraph 5 a bit.") + paragraph("Principal Sponsor:"))
    message = _refused(workspace, "amend", "--form", str(make_docx(tmp_path / "x.docx", body)))
    assert "form 1: the amendment text 'Please change paragraph 5 a bit.' cannot be read" in message
    nothing = make_docx(tmp_path / "y.docx", paragraph("Hello"))
    assert "holds no amendment form" in _refused(workspace, "amend", "--form", str(nothing))


def test_a_form_whose_quotation_is_not_in_the_text_is_refused(workspace, tmp_path):
    body = (paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN")
            + paragraph("In paragraph 5, replace 'kids' with 'children'"))
    message = _refused(workspace, "amend", "--form", str(make_docx(tmp_path / "x.docx", body)))
    assert "form 1: the instruction is refused: 'kids' is not in paragraph 5" in message
