"""Amendment forms (OSCE style) and the two-column sheet (EP style), HTML and DOCX."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from consolidate.exporters import ExportContext, get_exporter, render_amendment_form
from consolidate.exporters.forms import render_forms_docx, render_sheet_docx
from consolidate.exporters.forms_html import render_forms_html, render_sheet_html

from .helpers import JUSTIFICATION, SCRIPT, paragraph

HEADING = "AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")


def sections(out: str, css_class: str) -> list:
    return lxml.html.document_fromstring(out).find_class(css_class)


def test_a_form_has_the_heading_the_instruction_and_the_sponsors(ctx: ExportContext) -> None:
    out = render_amendment_form(ctx, "am-10-csam", "html").decode()
    (form,) = sections(out, "form")
    assert form.findtext("h1") == HEADING
    assert form.find_class("instruction")[0].text == (
        "In paragraph 10, replace 'child pornography' with 'child sexual abuse material'"
    )
    principal, cosponsors = form.findall(".//table")
    head = [th.text for th in principal.findall(".//th")]
    assert head == ["Mr/Mrs", "Family Name in Capital Letters", "Country", "Signature"]
    cells = [td.text for td in principal.findall(".//tbody/tr/td")]
    assert cells[:3] == ["Mr", "Pierre DUPONT", "France"]
    rows = cosponsors.findall(".//tbody/tr")
    assert [[td.text for td in row][:3] for row in rows] == [
        ["Mrs", "Anna SMITH", "Malta"], ["Mr", "Jan NOVÁK", "Czech Republic"]]
    assert JUSTIFICATION in out


@pytest.mark.parametrize(
    ("amendment_id", "instruction"),
    [
        ("am-11-implement", "In paragraph 11, after 'to ratify', insert 'and fully implement'"),
        ("am-16-banks", "In paragraph 16, delete 'credit card companies, banks,'"),
        ("am-16-basis", "In paragraph 16, replace 'national bases' with 'national basis'"),
        ("am-14-delete", "Delete paragraph 14"),
        ("am-13-rewrite", "Replace paragraph 13 with the following: 'Calls on participating "
                          "States to share information on convicted sex offenders;'"),
    ],
)
def test_each_form_words_its_amendment(
    ctx: ExportContext, amendment_id: str, instruction: str
) -> None:
    (form,) = sections(render_forms_html(ctx, [amendment_id]), "form")
    assert form.find_class("instruction")[0].text == instruction


def test_an_insertion_form_quotes_the_new_paragraph_without_control_characters(
    ctx: ExportContext,
) -> None:
    (form,) = sections(render_forms_html(ctx, ["am-11a-grooming"]), "form")
    text = form.find_class("instruction")[0].text
    assert text.startswith("After paragraph 11, insert a new paragraph: 'Urges participating")
    assert '"]]>"' in text and "\x07" not in text


def test_the_forms_format_has_every_amendment_by_number(ctx: ExportContext) -> None:
    out = get_exporter("forms").render(ctx).decode()
    labels = [s.find_class("am-number")[0].text for s in sections(out, "form")]
    assert labels == [f"AM {n}" for n in range(1, 9)]
    assert SCRIPT not in out and "&lt;SCRIPT&gt;" in out


def test_a_form_uses_the_base_the_amendment_was_drafted_on(ctx: ExportContext) -> None:
    old = paragraph(10).replace("Reiterates the call", "Calls")
    amendment = ctx.amendments["am-10-csam"]
    from consolidate.core.patching import make_patch

    moved = replace(amendment, patch=make_patch(old, old.replace("Calls", "Urgently calls")))
    context = ExportContext(ctx.consolidation, {**ctx.amendments, moved.id: moved},
                            bases={moved.id: old})
    (form,) = sections(render_forms_html(context, [moved.id]), "form")
    expected = "In paragraph 10, replace 'Calls' with 'Urgently calls'"
    assert form.find_class("instruction")[0].text == expected


def test_a_patch_that_does_not_fit_is_said_so(ctx: ExportContext) -> None:
    broken = replace(ctx.amendments["am-10-csam"], patch="@@ -1,4 +1,4 @@\n-Nope\n+Yes!\n")
    context = ExportContext(ctx.consolidation, {broken.id: broken})
    (form,) = sections(render_forms_html(context), "form")
    assert form.find_class("instruction")[0].text.startswith(
        "[paragraph 10: the amendment does not fit the text it names")


def test_unknown_amendment_and_format(ctx: ExportContext) -> None:
    with pytest.raises(KeyError):
        render_amendment_form(ctx, "nope", "html")
    with pytest.raises(ValueError, match="html, docx"):
        render_amendment_form(ctx, "am-10-csam", "pdf")


def test_the_sheet_puts_text_and_amendment_side_by_side(ctx: ExportContext) -> None:
    out = render_sheet_html(ctx)
    items = sections(out, "sheet-item")
    assert len(items) == 8
    first = items[0]
    assert [th.text for th in first.findall(".//th")] == ["Text proposed", "Amendment"]
    left, right = first.findall(".//tbody/tr/td")
    assert [b.text_content() for b in left.findall("b")] == ["pornography"]
    assert [b.text_content() for b in right.findall("b")] == ["sexual abuse material"]
    assert right.text_content() == paragraph(10).replace("child pornography",
                                                         "child sexual abuse material")
    deleted = items[4].findall(".//tbody/tr/td")
    assert deleted[0].text_content() == paragraph(14) and deleted[1].text_content() == "deleted"
    inserted = items[5].findall(".//tbody/tr/td")
    assert inserted[0].text_content() == "" and inserted[1].text_content().startswith("Urges")
    assert get_exporter("sheet").render(ctx).decode() == out


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode()


def test_form_and_sheet_docx_are_deterministic_and_hold_the_words(ctx: ExportContext) -> None:
    form = render_amendment_form(ctx, "am-10-csam", "docx")
    assert form == render_forms_docx(ctx, ["am-10-csam"])
    assert HEADING in docx_text(form) and "Family Name in Capital Letters" in docx_text(form)
    sheet = render_sheet_docx(ctx)
    assert sheet == render_sheet_docx(ctx)
    assert "<w:b/><w:i/>" in docx_text(sheet) or "<w:i/>" in docx_text(sheet)


@needs_pandoc
def test_pandoc_reads_the_form_docx(ctx: ExportContext, tmp_path: Path) -> None:
    path = tmp_path / "forms.docx"
    path.write_bytes(get_exporter("forms-docx").render(ctx))
    out = subprocess.run(["pandoc", "-t", "plain", "--wrap=none", str(path)],
                         capture_output=True, check=True).stdout.decode()
    assert out.count(HEADING) == 8
    assert "In paragraph 11, after 'to ratify', insert 'and fully implement'" in out
    assert "Principal Sponsor:" in out and "Co-sponsored by:" in out
    assert "Eve & <b> <SCRIPT>ALERT(1)</SCRIPT>" in out
