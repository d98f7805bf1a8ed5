"""The standalone HTML redline."""

from __future__ import annotations

import lxml.html

from consolidate.exporters import ExportContext, get_exporter

from .helpers import SCRIPT


def parse(ctx: ExportContext):
    out = get_exporter("html").render(ctx).decode()
    return out, lxml.html.document_fromstring(out)


def test_html_is_a_standalone_document(ctx: ExportContext) -> None:
    out, tree = parse(ctx)
    assert out.startswith("<!DOCTYPE html>\n")
    assert tree.get("lang") == "en"
    assert tree.find(".//meta").get("charset") == "utf-8"
    style = tree.find(".//style").text
    assert "@media print" in style
    assert "line-through" in style and "underline" in style
    assert tree.findtext(".//h1") == "Combating the Sexual Exploitation of Children"
    assert not tree.xpath("//link|//script[@src]")


def test_every_change_is_attributed(ctx: ExportContext) -> None:
    _, tree = parse(ctx)
    marks = tree.xpath("//ins|//del")
    assert len(marks) == 8  # AM 1 and AM 4 substitute: a del and an ins each
    for mark in marks:
        assert mark.get("title")
        assert mark.get("data-amendment") in ctx.amendments
        assert mark.get("data-number") == ctx.amendments[mark.get("data-amendment")].number
    first = tree.xpath("//del[@data-amendment='am-10-csam']")[0]
    assert first.text == "pornography"
    assert first.get("title") == "AM 1 – Pierre DUPONT (France)"
    assert first.get("data-sponsor").startswith("Pierre DUPONT (France); Anna SMITH")
    assert first.getnext().tag == "ins" and first.getnext().text == "sexual abuse material"
    assert first.getnext().getnext().text == "AM 1"


def test_a_script_sponsor_stays_text(ctx: ExportContext) -> None:
    out, tree = parse(ctx)
    assert SCRIPT not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert not tree.xpath("//script|//b")
    ins = tree.xpath("//ins[@data-amendment='am-11-implement']")[0]
    assert SCRIPT in ins.get("title") and SCRIPT in ins.get("data-sponsor")


def test_whole_clauses_and_renumbering(ctx: ExportContext) -> None:
    _, tree = parse(ctx)
    deleted = tree.get_element_by_id("clause-p14")
    assert "deleted" in deleted.get("class")
    assert deleted.findtext("del").startswith("14. Requests")
    inserted = tree.get_element_by_id("clause-p11a")
    assert inserted.findtext("ins").startswith("12. Urges")
    assert ']]>' in inserted.findtext("ins") and "\x07" not in inserted.findtext("ins")
    number = tree.get_element_by_id("clause-p12").find("span")
    assert number.text == "13. " and number.get("data-original-number") == "12"


def test_the_legend_lists_every_amendment(ctx: ExportContext) -> None:
    _, tree = parse(ctx)
    rows = tree.xpath("//section[@class='legend']//tbody/tr")
    assert [r[0].text for r in rows] == [f"AM {n}" for n in range(1, 9)]
    assert rows[6][2].text == "rejected"
    assert rows[5][3].findtext("a") == "new, after paragraph 11"
    assert rows[5][3].find("a").get("href") == "#clause-p11a"
    assert tree.xpath("//p[@class='finding']")[0].text.startswith("AM 8 not applied")


def test_language_comes_from_the_text(ctx: ExportContext) -> None:
    from dataclasses import replace

    text = replace(ctx.consolidation.text, language="fr")
    consolidation = replace(ctx.consolidation, text=text)
    _, tree = parse(ExportContext(consolidation, ctx.amendments))
    assert tree.get("lang") == "fr"
