"""Word wrap by offsets agrees with Rich's wrapping of the same text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from support import ROOT

from consolidate.tui import wrap
from consolidate.tui.wrap import line_starts

from .helpers import TEXT

CLAUSES = sorted((ROOT / "texts" / TEXT).glob("*.txt"))


def rich_lines(plain: str, width: int) -> list[str]:
    console = Console(width=width)
    return [line.plain.rstrip() for line in Text(plain).wrap(console, width, overflow="fold")]


def our_lines(plain: str, width: int) -> list[str]:
    starts = line_starts(plain, width)
    ends = [*starts[1:], len(plain)]
    return [plain[a:b].rstrip("\n").rstrip() for a, b in zip(starts, ends)]


@pytest.mark.parametrize("width", [12, 20, 37, 52, 80, 100])
@pytest.mark.parametrize("path", CLAUSES, ids=lambda p: p.stem)
def test_clauses_wrap_like_rich(path: Path, width: int):
    plain = path.read_text(encoding="utf-8").rstrip("\n")
    assert our_lines(plain, width) == rich_lines(plain, width)


@pytest.mark.parametrize("plain, width, starts", [
    ("", 10, [0]),
    ("one two three", 7, [0, 8]),
    ("one two three", 6, [0, 4, 8]),
    ("one\ntwo", 80, [0, 4]),
    ("abcdefghij", 4, [0, 4, 8]),  # a word longer than the line is folded
    ("héllo wörld", 5, [0, 6]),
    ("中文中文", 4, [0, 2]),  # wide characters take two cells
])
def test_line_starts(plain: str, width: int, starts: list[int]):
    assert line_starts(plain, width) == starts


def word_by_word(plain: str, width: int) -> list[int]:
    starts, offset = [0], 0
    for number, paragraph in enumerate(plain.split("\n")):
        if number:
            starts.append(offset)
        wrap._word_starts(paragraph, offset, max(width, 1), starts)
        offset += len(paragraph) + 1
    return starts


def test_plain_paragraphs_are_cut_where_word_by_word_wrapping_cuts_them():
    # Plain ASCII paragraphs jump a line at a time; any other goes word by word: both agree.
    rng = random.Random(14)
    pieces = ["a", "bb", "word", "x" * 15, "longerword", " ", "  ", "\n", "é", "-", "\t", " \n",
              "’", "\xa0", "字", "e\u0301"]
    for _ in range(20_000):
        plain = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        width = rng.randint(0, 30)
        assert line_starts(plain, width) == word_by_word(plain, width), (plain, width)


def test_the_characters_measured_a_line_at_a_time_are_one_cell_and_no_space():
    plain = re.compile(f"[{wrap.PLAIN_CHARACTERS}]")
    for code in range(0x3000):
        if plain.fullmatch(chr(code)) and chr(code) != " ":
            assert cell_len(chr(code)) == 1 and not re.fullmatch(r"\s", chr(code)), hex(code)
