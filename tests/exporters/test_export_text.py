"""The ``text`` format and the terminal redline."""

from __future__ import annotations

import re

from rich.console import Console

from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.redline import render_rich

from .helpers import NEW_CLAUSE_TEXT, document, paragraph

ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def test_text_is_the_consolidated_document(ctx: ExportContext) -> None:
    out = get_exporter("text").render(ctx).decode()
    assert out == document(ctx.consolidation, original=False)
    assert out.startswith("SC (08) 5 E\nOriginal: ENGLISH\n")
    assert "\n\nCombating the Sexual Exploitation of Children\n\n1. Acknowledging" in out
    assert "\n\nThe OSCE Parliamentary Assembly:\n\n9. Condemns" in out
    assert f"\n\n12. {NEW_CLAUSE_TEXT}\n\n13. Encourages" in out
    assert "Requests the OSCE Secretariat" not in out  # the deleted paragraph
    assert out.endswith("on the Internet.\n") and not out.endswith("\n\n")


def test_plain_redline_marks_every_change_with_its_amendment(plain_ctx: ExportContext) -> None:
    out = get_exporter("redline").render(plain_ctx).decode()
    assert "\x1b" not in out
    assert "child [-pornography-]{+sexual abuse material+}[AM 1] (regardless" in out
    assert "to ratify{+ and fully implement+}[AM 2] the Council" in out
    assert "national [-bases-]{+basis+}[AM 4] but" in out
    assert "providers,[- credit card companies, banks,-][AM 3] and other" in out
    assert f"[-14. {paragraph(14)}-][AM 5]" in out
    assert "{+12. Urges participating States" in out
    assert "13. (was 12) Encourages" in out
    assert "! AM 8 not applied" in out
    assert "\x07" not in out  # control characters never reach the terminal


def test_colour_redline_strikes_deletions_and_underlines_insertions(ctx: ExportContext) -> None:
    out = get_exporter("redline").render(ExportContext(ctx.consolidation, ctx.amendments,
                                                       width=60)).decode()
    assert "\x1b[9;31mpornography\x1b[0m" in out  # strike + red
    assert "\x1b[4;32msexual abuse material\x1b[0m" in out  # underline + green
    plain = ANSI_RE.sub("", out)
    assert "[AM 1]" in plain and "[-" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 60
    assert "\x07" not in out


def test_render_rich_prints_on_any_console(ctx: ExportContext) -> None:
    console = Console(record=True, width=100, color_system=None, force_terminal=False)
    console.print(render_rich(ctx))
    text = console.export_text()
    assert "sexual abuse material[AM 1]" in text.replace("\n", " ")
