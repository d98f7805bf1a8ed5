"""The registry of formats: lazy imports, bytes out, the same bytes on every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consolidate.exporters import FORMATS, ExportContext, UnknownFormatError, get_exporter

from .helpers import build_consolidation, seed_amendments, seed_text


def test_importing_the_exporters_imports_no_renderer_library() -> None:
    code = (
        "import sys, consolidate.exporters as e; e.get_exporter('docx');"
        "print(sorted(m for m in ('rich', 'lxml', 'docx') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_every_format_is_described() -> None:
    expected = {"text", "redline", "html", "critic", "md", "diff", "docx", "forms", "sheet"}
    assert expected <= set(FORMATS)
    for name, exporter in FORMATS.items():
        assert exporter.name == name
        assert exporter.suffix.startswith(".")
        assert exporter.description
        assert exporter.binary == exporter.suffix.endswith(".docx")


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(UnknownFormatError, match=r"choose one of: .*docx"):
        get_exporter("pdf")


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("color", [True, False])
def test_every_format_gives_the_same_bytes_on_every_run(name: str, color: bool) -> None:
    amendments = seed_amendments()
    first = ExportContext(build_consolidation(seed_text(), amendments), amendments, color=color)
    again = ExportContext(build_consolidation(seed_text(), seed_amendments()), seed_amendments(),
                          color=color)
    out = get_exporter(name).render(first)
    assert isinstance(out, bytes) and out
    assert get_exporter(name).render(again) == out


@pytest.mark.parametrize("name", sorted(n for n, e in FORMATS.items() if not e.binary))
def test_text_formats_are_utf8_and_end_with_a_newline(name: str, ctx: ExportContext) -> None:
    out = get_exporter(name).render(ctx).decode("utf-8")
    assert out.endswith("\n")
    assert "abuse material" in out


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_a_text_with_no_amendments(name: str) -> None:
    text = seed_text()
    consolidation = build_consolidation(text, seed_amendments())
    bare = type(consolidation)(text, consolidation.clauses, (), ())
    assert get_exporter(name).render(ExportContext(bare, {}))


def test_the_docx_is_the_same_in_another_process_hash_seed_and_time_zone() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from helpers import *;"
        "from consolidate.exporters import ExportContext, get_exporter;"
        "a = seed_amendments(); c = build_consolidation(seed_text(), a);"
        "sys.stdout.buffer.write(get_exporter('docx').render(ExportContext(c, a)))"
    )
    here = str(Path(__file__).parent)
    outputs = []
    for seed, zone in (("0", "UTC"), ("1", "Asia/Tokyo")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        result = subprocess.run([sys.executable, "-c", code, here], capture_output=True,
                                env=env, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0][:2] == b"PK"
