"""Opening a .docx safely: a zip archive of XML parts, read with limits.

A DOCX is a zip archive (Open Packaging Conventions). What comes in is untrusted, so:

- a file that is not a zip is refused with what it looks like instead: a password-protected
  document or an old Word 97-2003 ``.doc`` (both OLE compound files, which start with
  ``D0 CF 11 E0``), RTF, HTML, plain text;
- no part is read beyond :data:`MAX_PART_BYTES`, and no more than :data:`MAX_TOTAL_BYTES` in
  all, counting the bytes actually inflated (a zip bomb lies in its headers);
- XML is parsed with entity resolution, DTD loading and the network off, and a part with a
  document type declaration is refused (no Office part has one: it is how entity-expansion
  attacks start).

Pure: bytes in, parsed parts out; every refusal is a :class:`DocxError` with the reason.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from consolidate.core.errors import FormatError
from consolidate.core.model import Problem

MAX_PART_BYTES = 256 * 1024 * 1024  # one XML part, inflated
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # every part read from one document, inflated
MAX_ENTRIES = 10_000  # a document with more entries than this is not a Word document
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = R_NS + "/officeDocument"
REL_TYPES = {
    "styles": R_NS + "/styles",
    "numbering": R_NS + "/numbering",
    "comments": R_NS + "/comments",
}
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_SAVE_AS = "open it in Word or LibreOffice and save it as a Word document (.docx)"
Element = Any  # an lxml element


class DocxError(FormatError):
    """A document that cannot be read as a .docx; ``problem`` says why and what to do."""


def fail(source: str, message: str, hint: str = _SAVE_AS) -> DocxError:
    """A :class:`DocxError` about *source*."""
    return DocxError(Problem(message, source, None, hint))


@dataclass
class _Budget:
    """How many inflated bytes may still be read from the archive."""

    left: int = MAX_TOTAL_BYTES


@dataclass(frozen=True)
class DocxPackage:
    """The parts of a Word document that the readers use, parsed."""

    source: str
    document: Element  # the root of the main document part (w:document)
    styles: Element | None = None
    numbering: Element | None = None
    comments: Element | None = None
    parts: tuple[str, ...] = field(default_factory=tuple)


def _what_it_is(data: bytes) -> str:
    """What a file that is not a zip archive seems to be, for the refusal."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            return "a password-protected (encrypted) Word document"
        return "an OLE compound file: an old Word 97-2003 .doc, or a password-protected document"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "an XML file (a Word 2003 XML document or a flat ODF/Word XML, not a .docx)"
    if head.startswith(b"%pdf"):
        return "a PDF file"
    if not data:
        return "an empty file"
    return "not a zip archive"


def _archive(data: bytes, source: str) -> zipfile.ZipFile:
    if not data.startswith(ZIP_MAGIC):
        what = _what_it_is(data)
        hint = "remove the password (File > Info > Protect Document), then save it as .docx" \
            if "password" in what else _SAVE_AS
        raise fail(source, f"not a DOCX: the file is {what}", hint)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise fail(source, f"not a DOCX: the zip archive is damaged ({error})") from None
    if len(archive.infolist()) > MAX_ENTRIES:
        raise fail(source, f"not a DOCX: the archive has more than {MAX_ENTRIES:,} entries")
    return archive


def _read(archive: zipfile.ZipFile, name: str, source: str, budget: _Budget) -> bytes:
    """The inflated bytes of one entry, never more than the limits allow."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise fail(source, f"the document has no part {name}") from None
    if info.flag_bits & 0x1:
        raise fail(source, f"{name} is encrypted inside the archive",
                   "remove the password, then save the document as .docx")
    limit = min(MAX_PART_BYTES, budget.left)
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
        raise fail(source, f"{name} cannot be read from the archive ({error})") from None
    if len(content) > limit:
        raise fail(source, f"{name} inflates to more than {limit // (1024 * 1024)} MB: refused "
                           "(a damaged file, or a zip bomb)",
                   "split the document, or save it again from Word")
    budget.left -= len(content)
    return content


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(content: bytes, name: str, source: str) -> Element:
    """Parse one XML part safely; a DOCTYPE or bad XML is a :class:`DocxError`."""
    if any(marker in content for marker in _DOCTYPE):  # refused before the parser sees it
        raise fail(source, f"{name} declares a document type (entity declarations are not "
                           "read, and no Word part has one)", _SAVE_AS)
    try:
        tree = etree.fromstring(content, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        line = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        raise fail(source, f"{name} is not well-formed XML{line}: {error.msg}",
                   "the file is damaged: " + _SAVE_AS) from None
    if tree.docinfo.doctype:
        raise fail(source, f"{name} declares a document type (entity declarations are not "
                           "read, and no Word part has one)", _SAVE_AS)
    return tree.getroot()


def _relationships(archive: zipfile.ZipFile, name: str, source: str,
                   budget: _Budget) -> dict[str, str]:
    """Relationship type -> target part name, from a ``.rels`` part (absent: none)."""
    if name not in archive.namelist():
        return {}
    root = parse_xml(_read(archive, name, source, budget), name, source)
    base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target or kind in found:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        found[kind] = posixpath.normpath(path)
    return found


def _main_part(archive: zipfile.ZipFile, source: str, budget: _Budget) -> str:
    rels = _relationships(archive, "_rels/.rels", source, budget)
    main = rels.get(OFFICE_DOCUMENT) or rels.get(
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    if main and main in archive.namelist():
        return main
    if "word/document.xml" in archive.namelist():
        return "word/document.xml"
    if "content.xml" in archive.namelist():
        raise fail(source, "not a DOCX: the file is an OpenDocument (.odt) document",
                   "save it as a Word document (.docx)")
    raise fail(source, "not a DOCX: the zip archive holds no Word document "
                       "(no word/document.xml)")


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def read_package(data: bytes, source: str = "document.docx") -> DocxPackage:
    """Open a .docx given as bytes; refuse with the reason what is not one."""
    archive = _archive(data, source)
    budget = _Budget()
    main = _main_part(archive, source, budget)
    document = parse_xml(_read(archive, main, source, budget), main, source)
    namespace = etree.QName(document).namespace
    if namespace == STRICT_W_NS:
        raise fail(source, "the document is saved as Strict Open XML, which is not read",
                   "save it as a Word Document (.docx), not Strict Open XML")
    if namespace != W_NS or etree.QName(document).localname != "document":
        raise fail(source, f"not a DOCX: {main} is not a WordprocessingML document")
    rels = _relationships(archive, _rels_name(main), source, budget)
    parts: dict[str, Element | None] = {}
    for key, kind in REL_TYPES.items():
        name = rels.get(kind)
        if key != "comments" and name is None:  # Word always names them; others may not
            name = posixpath.join(posixpath.dirname(main), f"{key}.xml")
        if name is not None and name in archive.namelist():
            parts[key] = parse_xml(_read(archive, name, source, budget), name, source)
    return DocxPackage(source, document, parts.get("styles"), parts.get("numbering"),
                       parts.get("comments"), tuple(archive.namelist()))
