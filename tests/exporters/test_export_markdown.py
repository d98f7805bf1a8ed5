"""The GitHub Markdown redline."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.markdown import md_escape

from .helpers import SCRIPT, small_consolidation


def markdown(ctx: ExportContext) -> str:
    return get_exporter("md").render(ctx).decode()


def test_markdown_reads_as_a_redline(ctx: ExportContext) -> None:
    out = markdown(ctx)
    assert "\n# Combating the Sexual Exploitation of Children\n" in out
    assert "\n\n10\\. Reiterates" in out  # numbered, but not a list GitHub renumbers
    assert "child ~~pornography~~**sexual abuse material**<sup>AM 1</sup> (regardless" in out
    assert "ratify **and fully implement**<sup>AM 2</sup> the" in out
    assert "providers, ~~credit card companies, banks,~~<sup>AM 3</sup> and" in out
    assert "\n~~14\\. Requests the OSCE" in out
    assert "13\\. <sup>(was 12)</sup> Encourages" in out
    assert "AM 8 not applied" not in out  # findings are for the drafter (`--notes`)
    assert "\n> AM 8 not applied" in markdown(replace(ctx, notes=True))


def test_a_table_of_amendments_ends_the_document(ctx: ExportContext) -> None:
    out = markdown(ctx)
    table = out[out.index("## Amendments") :].splitlines()
    assert table[2] == "| Amendment | Sponsors | Status | Clause |"
    assert table[4].startswith("| AM 1 | Pierre DUPONT (France); Anna SMITH (Malta)")
    assert len(table) == 4 + len(ctx.amendments)
    assert all(line.count(" | ") == 3 for line in table[4:])


def test_html_and_markdown_in_the_text_stay_text(ctx: ExportContext) -> None:
    out = markdown(ctx)
    assert SCRIPT not in out
    assert "\\<script\\>alert(1)\\</script\\>" in out
    assert '"\\]\\]\\>"' in out
    assert "\x07" not in out


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a *b* _c_ [d](e) `f`", "a \\*b\\* \\_c\\_ \\[d\\](e) \\`f\\`"),
        ("<g> | h ~ & i", "\\<g\\> \\| h \\~ \\& i"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("- not a bullet\n+ nor this", "\\- not a bullet  \n\\+ nor this"),
        ("back\\slash", "back\\\\slash"),
        ("Dépôt – ß", "Dépôt – ß"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_punctuation_changes_use_html_tags_where_delimiters_would_not_work() -> None:
    consolidation = small_consolidation([("a", "States, and", "States; and")])
    out = markdown(ExportContext(consolidation, {}))
    assert "States<del>,</del>**;**<sup>am-x</sup> and" in out
