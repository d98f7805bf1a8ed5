"""A title held by an amendable heading clause is shown once, where the clause is."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from consolidate.core.model import (
    Action,
    Amendment,
    Clause,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Status,
    Text,
)
from consolidate.core.patching import make_patch
from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.forms_html import render_forms_html

from .helpers import DUPONT, blob_id, paragraph, redline, words

TITLE = "COMBATING THE SEXUAL EXPLOITATION OF CHILDREN"
NEW_TITLE = "ENDING THE SEXUAL EXPLOITATION OF CHILDREN"


@pytest.fixture
def titled() -> ExportContext:
    clauses = (Clause("title", ClauseKind.HEADING, TITLE),
               Clause("p9", ClauseKind.OPERATIVE, paragraph(9)))
    text = Text("t", TITLE, clauses, front_matter=("SC (08) 5 E",))
    new, spans = redline(TITLE, [("am-t", NEW_TITLE)])
    consolidated = (
        ConsolidatedClause("title", ClauseKind.HEADING, TITLE, new, ClauseStatus.AMENDED, spans,
                           amendments=("am-t",)),
        ConsolidatedClause("p9", ClauseKind.OPERATIVE, paragraph(9), paragraph(9),
                           ClauseStatus.UNCHANGED, redline(paragraph(9), [])[1], 1, 1),
    )
    amendment = Amendment("am-t", "1", "t", "title", Action.MODIFY, blob_id(TITLE),
                          Status.ADOPTED, make_patch(TITLE, NEW_TITLE), sponsor=DUPONT)
    return ExportContext(Consolidation(text, consolidated, ("am-t",)), {"am-t": amendment},
                         color=False, bases={"am-t": TITLE})


def test_text_shows_the_amended_title_once(titled: ExportContext) -> None:
    out = get_exporter("text").render(titled).decode()
    assert out == f"SC (08) 5 E\n\n{NEW_TITLE}\n\n1. {paragraph(9)}\n"


def test_redline_critic_and_markdown_show_the_title_clause_once(titled: ExportContext) -> None:
    redline_out = get_exporter("redline").render(titled).decode()
    assert redline_out.count("SEXUAL EXPLOITATION") == 1
    assert "[-COMBATING-]{+ENDING+}[AM 1] THE" in redline_out
    assert get_exporter("critic").render(titled).decode().count("SEXUAL EXPLOITATION") == 1
    md = get_exporter("md").render(titled).decode()
    assert "\n# ~~COMBATING~~**ENDING**<sup>AM 1</sup> THE SEXUAL" in md


def test_html_makes_the_title_clause_the_heading(titled: ExportContext) -> None:
    tree = lxml.html.document_fromstring(get_exporter("html").render(titled))
    (h1,) = tree.xpath("//h1")
    assert h1.get("id") == "clause-title"
    assert h1.findtext("del") == "COMBATING" and h1.findtext("ins") == "ENDING"


def test_the_form_names_the_title(titled: ExportContext) -> None:
    tree = lxml.html.document_fromstring(render_forms_html(titled))
    assert tree.find_class("instruction")[0].text == (
        "In the title, replace 'COMBATING' with 'ENDING'"
    )


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")
def test_docx_title_accepts_and_rejects(titled: ExportContext, tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_bytes(get_exporter("docx").render(titled))

    def run(mode: str) -> str:
        return subprocess.run(["pandoc", f"--track-changes={mode}", "-s", "-t", "plain",
                               "--wrap=none", str(path)], capture_output=True, check=True
                              ).stdout.decode()
    assert words(run("accept")) == words(get_exporter("text").render(titled).decode())
    assert words(run("reject")) == words(f"SC (08) 5 E\n\n{TITLE}\n\n1. {paragraph(9)}\n")
