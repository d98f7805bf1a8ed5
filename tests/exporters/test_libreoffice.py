"""The DOCX formats opened by LibreOffice, a real client, on real workspaces.

Skipped when LibreOffice is not installed (``soffice`` not on PATH; on Debian
``apt-get install libreoffice-writer-nogui``). The checks that accept or reject the tracked
changes drive LibreOffice through UNO (tests/exporters/lo_uno.py), run by a Python that can
``import uno`` (Debian: python3-uno, which libreoffice-writer-nogui recommends); they are
skipped, with that reason, when there is none.

What LibreOffice shows, found out here: its plain-text export (``soffice --convert-to txt``)
keeps the tracked changes as they are displayed, so deleted and inserted words both appear,
inline and unmarked ("child pornographysexual abuse material"): it is *not* the consolidated
text. Accepting every change (``.uno:AcceptAllTrackedChanges``) gives the consolidated text,
rejecting every change the original, exactly as pandoc's ``--track-changes=accept|reject``.
LibreOffice reads every ``w:ins``/``w:del`` as a change with its author; a paragraph mark's
revision is merged with the neighbouring change of the same author and kind.
"""

from __future__ import annotations

import functools
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from consolidate.exporters import ExportContext, get_exporter

from .helpers import SCRIPT
from .realworkspaces import RealWorkspace, lines

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LO_UNO = Path(__file__).with_name("lo_uno.py")
TEXT_FILTER = "Text (encoded)"
DOCX_FILTER = "MS Word 2007 XML"

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed: `soffice` is not on PATH "
           "(Debian: apt-get install libreoffice-writer-nogui)",
)


@functools.lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python interpreter that can ``import uno``, if there is one."""
    candidates = ["/usr/bin/python3", shutil.which("python3"), shutil.which("python"),
                  str(Path(SOFFICE or "").resolve().parent / "python")]
    for candidate in dict.fromkeys(c for c in candidates if c):
        if not Path(candidate).exists():
            continue
        probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                               check=False, timeout=60)
        if probe.returncode == 0:
            return candidate
    return None


def convert_to_text(paths: list[Path], out: Path, profile: Path) -> dict[Path, str]:
    """``soffice --headless --convert-to txt``: each file's text export (UTF-8)."""
    out.mkdir(exist_ok=True)
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", f"txt:{TEXT_FILTER}:UTF8", "--outdir", str(out), *map(str, paths)],
        capture_output=True, check=False, timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    converted = {}
    for path in paths:
        target = out / f"{path.stem}.txt"
        assert target.exists(), f"LibreOffice did not convert {path.name}: {result.stdout!r}"
        converted[path] = target.read_text(encoding="utf-8")
    return converted


def everything(docx: bytes) -> str:
    """Every paragraph's text, deleted text included, in order (tables too)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    out = []
    for paragraph in body.iter(f"{W}p"):
        text = []
        for element in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
            if element.tag in (f"{W}t", f"{W}delText"):
                text.append(element.text or "")
            else:
                text.append("\t" if element.tag == f"{W}tab" else "\n")
        out.append("".join(text))
    return "\n".join(out)


def revisions(docx: bytes) -> list[tuple[str, str]]:
    """(kind, author) of every revision, a paragraph mark's at the paragraph's end, with
    neighbouring equal ones merged (as LibreOffice lists them)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    kinds = {f"{W}ins": "Insert", f"{W}del": "Delete"}
    found = []
    for paragraph in body.iter(f"{W}p"):
        marks = paragraph.findall(f"{W}pPr/{W}rPr/*")
        for element in [*paragraph, *marks]:
            if element.tag in kinds:
                found.append((kinds[element.tag], element.get(f"{W}author")))
    return merge_neighbours(found)


def merge_neighbours(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in items:
        if not out or out[-1] != item:
            out.append(item)
    return out


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice user profile of the tests' own (no clash with a running office)."""
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(scope="session")
def lo_driven(lo_profile: Path, tmp_path_factory: pytest.TempPathFactory):
    """``drive(workspace)``: the workspace's DOCX through LibreOffice (UNO), once each:
    the changes it read, the text with every change accepted, rejected, and a DOCX saved
    back."""
    python = uno_python()
    if python is None:
        pytest.skip("no Python can `import uno` (LibreOffice's UNO bridge; Debian: "
                    "apt-get install python3-uno)")
    done: dict[str, dict] = {}

    def drive(workspace: RealWorkspace) -> dict:
        if workspace.name in done:
            return done[workspace.name]
        out = tmp_path_factory.mktemp(f"lo-{workspace.name}")
        source = workspace.file("docx")
        jobs = [{"src": str(source), "mode": mode, "out": str(out / name), "filter": kind}
                for mode, name, kind in (("keep", "kept.docx", DOCX_FILTER),
                                         ("accept", "accepted.txt", TEXT_FILTER),
                                         ("reject", "rejected.txt", TEXT_FILTER))]
        (out / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        for attempt in range(2):  # LibreOffice itself sometimes dies mid-call: once more
            result = subprocess.run(
                [python, str(LO_UNO), SOFFICE, str(lo_profile / f"uno-{attempt}"),
                 str(out / "jobs.json"), str(out / "result.json")],
                capture_output=True, check=False, timeout=600,
            )
            if b"DisposedException" not in result.stderr:
                break
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        found = json.loads((out / "result.json").read_text(encoding="utf-8"))
        done[workspace.name] = {
            "changes": [tuple(change) for change in found[0]["changes"]],
            "accepted": (out / "accepted.txt").read_text(encoding="utf-8"),
            "rejected": (out / "rejected.txt").read_text(encoding="utf-8"),
            "saved": out / "kept.docx",
        }
        return done[workspace.name]

    return drive


def test_libreoffice_converts_the_docx_forms_and_sheet(
    real_workspace: RealWorkspace, lo_profile: Path, tmp_path: Path
) -> None:
    files = [real_workspace.file(fmt) for fmt in ("docx", "forms-docx", "sheet-docx")]
    docx, forms, sheet = (convert_to_text(files, tmp_path, lo_profile)[f] for f in files)
    # The text export shows tracked changes as displayed: deleted and inserted words both.
    assert lines(docx) == lines(everything(real_workspace.render("docx")))
    assert lines(docx) != lines(real_workspace.consolidated_text)
    text = real_workspace.consolidation.text
    count = len(real_workspace.ctx.amendments)
    assert lines(forms).count(f"AMENDMENT TO {(text.item or text.title).upper()}") == count
    assert lines(forms) == lines(everything(real_workspace.render("forms-docx")))
    assert lines(sheet) == lines(everything(real_workspace.render("sheet-docx")))


def test_libreoffice_opens_documents_with_markup_and_control_characters(
    ctx: ExportContext, lo_profile: Path, tmp_path: Path
) -> None:
    files = []
    for fmt in ("docx", "forms-docx", "sheet-docx"):
        path = tmp_path / f"fixture-{fmt}.docx"
        path.write_bytes(get_exporter(fmt).render(ctx))
        files.append(path)
    converted = convert_to_text(files, tmp_path / "txt", lo_profile)
    assert '"]]>"' in converted[files[0]]
    assert SCRIPT.upper() in converted[files[1]]  # a sponsor's name, as text


def test_libreoffice_reads_every_revision_with_its_author(
    real_workspace: RealWorkspace, lo_driven
) -> None:
    seen = lo_driven(real_workspace)["changes"]
    assert seen
    assert merge_neighbours(seen) == revisions(real_workspace.render("docx"))


def test_libreoffice_accepting_every_change_gives_the_text_format(
    real_workspace: RealWorkspace, lo_driven
) -> None:
    accepted = lo_driven(real_workspace)["accepted"]
    assert lines(accepted) == lines(real_workspace.consolidated_text)


def test_libreoffice_rejecting_every_change_gives_the_original_text(
    real_workspace: RealWorkspace, lo_driven
) -> None:
    rejected = lo_driven(real_workspace)["rejected"]
    assert lines(rejected) == lines(real_workspace.original_text)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")
def test_a_docx_saved_by_libreoffice_keeps_every_change(
    real_workspace: RealWorkspace, lo_driven
) -> None:
    saved = lo_driven(real_workspace)["saved"]

    def pandoc(mode: str) -> str:
        return subprocess.run(["pandoc", f"--track-changes={mode}", "-s", "-t", "plain",
                               "--wrap=none", str(saved)],
                              capture_output=True, check=True).stdout.decode("utf-8")

    assert lines(pandoc("accept")) == lines(real_workspace.consolidated_text)
    assert lines(pandoc("reject")) == lines(real_workspace.original_text)
