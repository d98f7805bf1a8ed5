"""Helpers of the Word tests: documents made by real producers, workspaces, comparisons.

pandoc writes the documents from Markdown (tracked changes as ``[old]{.deletion author=…}``
spans), LibreOffice re-saves them or compares two of them (through UNO, see lo_compare.py);
the CLI runs in process (``support.cli``). Texts are compared word for word: the words of
every paragraph in order, leaving out the paragraph numbers, which a document may show typed
or Word-numbered, and which ``build --format text`` renumbers.
"""

from __future__ import annotations

import atexit
import functools
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import Outcome, cli, import_source, new_workspace, ok

PANDOC = shutil.which("pandoc")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LO_COMPARE = Path(__file__).with_name("lo_compare.py")
FIXTURES_SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_resolution.txt"
MARKDOWN = "markdown-smart"  # typographic characters exactly as written, none made up
_NUMBER_RE = re.compile(r"^\s*\d+\.\s*")

needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed: `soffice` is not on PATH "
                            "(Debian: apt-get install libreoffice-writer-nogui)")


def pandoc(source: Path | str, target: Path, *options: str, fmt: str = MARKDOWN) -> Path:
    """Convert with pandoc (Markdown text or a file in, any format out)."""
    assert PANDOC is not None
    args = [PANDOC, "-f", fmt, *options, "-o", str(target)]
    text = source if isinstance(source, str) else None
    if isinstance(source, Path):
        args.insert(1, str(source))
    subprocess.run(args, input=text, text=True, check=True, capture_output=True, timeout=120)
    return target


def accepted_text(docx: Path) -> str:
    """The document with every change accepted, as pandoc reads it (plain text)."""
    assert PANDOC is not None
    return subprocess.run([PANDOC, "--track-changes=accept", "-t", "plain", "--wrap=none",
                           str(docx)], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def words(text: str) -> list[str]:
    """The words of every paragraph in order, paragraph numbers left out."""
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out.extend(_NUMBER_RE.sub("", line, count=1).split())
    return out


def draft_workspace(root: Path, draft: Path, text_id: str = "draft") -> Path:
    """A workspace holding the text imported from *draft* (a .docx): a copy of one made once
    per test process for each document."""
    return Path(shutil.copytree(_draft_template(draft.resolve(), text_id, draft.stat().st_mtime_ns),
                                root / "workspace", symlinks=True))


@functools.cache
def _draft_template(draft: Path, text_id: str, _mtime: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="draft-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    workspace = new_workspace(folder / "workspace")
    import_source(workspace, draft, text_id)
    return workspace


def amendment_ids(result: Outcome) -> list[str]:
    """The ids `amend` printed, one a line."""
    return [line for line in result.stdout.split() if line.startswith("am-")]


def adopt_all(workspace: Path, ids: list[str]) -> None:
    ok(cli(workspace, "adopt", *ids))


def consolidated(workspace: Path) -> str:
    return ok(cli(workspace, "build", "--format", "text"))


@dataclass
class Part:
    """One entry of a zip archive, to rewrite a document."""

    name: str
    data: bytes


def rewrite_part(docx: Path, target: Path, name: str, change) -> Path:
    """A copy of *docx* with the part *name* replaced by ``change(bytes)``."""
    with zipfile.ZipFile(docx) as source:
        parts = [Part(i.filename, source.read(i.filename)) for i in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in parts:
            out.writestr(part.name, change(part.data) if part.name == name else part.data)
    target.write_bytes(buffer.getvalue())
    return target


def soffice_resave(paths: list[Path], out: Path, profile: Path) -> list[Path]:
    """LibreOffice opens each document and saves it again as .docx, into *out*."""
    assert SOFFICE is not None
    out.mkdir(exist_ok=True)
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *map(str, paths)],
        capture_output=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    saved = [out / f"{p.stem}.docx" for p in paths]
    for path in saved:
        assert path.exists(), f"LibreOffice did not save {path.name}: {result.stdout!r}"
    return saved


@functools.lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python interpreter that can ``import uno``, if there is one."""
    candidates = ["/usr/bin/python3", shutil.which("python3"),
                  str(Path(SOFFICE or "").resolve().parent / "python")]
    for candidate in dict.fromkeys(c for c in candidates if c):
        if Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, check=False,
                timeout=60).returncode == 0:
            return candidate
    return None


def soffice_compare(original: Path, edited: Path, out: Path, profile: Path, author: str) -> Path:
    """LibreOffice's own comparison of two documents, saved as tracked changes by *author*."""
    python = uno_python()
    if python is None or SOFFICE is None:
        pytest.skip("no Python with the uno module (Debian: python3-uno)")
    subprocess.run([python, str(LO_COMPARE), SOFFICE, str(profile), author, str(original),
                    str(edited), str(out)], check=True, capture_output=True, timeout=600)
    assert out.exists(), "LibreOffice did not save the comparison"
    return out


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def document_xml(body: str, namespace: str = W_NS) -> str:
    """A main document part around *body* (WordprocessingML paragraphs)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{namespace}"><w:body>{body}</w:body></w:document>')


def make_docx(target: Path, body: str = "", *, document: str | bytes | None = None,
              parts: dict[str, str | bytes] | None = None, skip: tuple[str, ...] = ()) -> Path:
    """A minimal .docx written by hand: *body* in the main part (or the whole *document*),
    plus any *parts* (numbering, comments, styles), without the parts named in *skip*."""
    entries: dict[str, str | bytes] = {"[Content_Types].xml": _CONTENT_TYPES,
                                       "_rels/.rels": _RELS,
                                       "word/document.xml": document or document_xml(body)}
    entries.update(parts or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            if name not in skip:
                out.writestr(name, data)
    return target


def paragraph(*runs: str, properties: str = "") -> str:
    """A ``w:p`` of runs (XML text); plain strings become ``<w:r><w:t>``."""
    body = "".join(r if r.startswith("<") else f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>'
                   for r in runs)
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{body}</w:p>"


def ins(text: str, author: str, date: str = "2008-06-30T00:00:00Z", rid: int = 1) -> str:
    return (f'<w:ins w:id="{rid}" w:author="{author}" w:date="{date}"><w:r>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')


def delete(text: str, author: str, date: str = "2008-06-30T00:00:00Z", rid: int = 2) -> str:
    return (f'<w:del w:id="{rid}" w:author="{author}" w:date="{date}"><w:r>'
            f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')
