"""The README's "Output formats" examples are real: each command prints what is shown.

Every ``console`` block of that section is run, command by command, in a fresh clone of the
shipped workspace (``consolidate`` in process, the rest of each pipeline in bash), and what it
prints must be what the README shows under it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import ROOT as REPO
from support import console

TOOLS = ("bash", "grep", "sed", "pandoc", "unzip", "git")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason=f"the README's examples need {', '.join(TOOLS)}",
)


def examples() -> list[list[tuple[str, str]]]:
    """Each console block of the "Output formats" section: its (command, output) pairs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Output formats\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    if match is None:
        return []
    blocks = []
    for block in re.findall(r"```console\n(.*?)```", match.group(1), re.DOTALL):
        steps = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
        blocks.append(steps)
    return blocks


BLOCKS = examples()


def test_the_section_shows_every_format() -> None:
    from consolidate.exporters import FORMATS

    shown = {m for block in BLOCKS for command, _ in block
             for m in re.findall(r"--format (\S+)", command)}
    assert shown == set(FORMATS)


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0][0] for block in BLOCKS])
def test_the_examples_print_what_the_readme_shows(
    shipped: Path, block: list[tuple[str, str]]
) -> None:
    for command, expected in block:  # in order: a later command may read an earlier file
        result = console(command, shipped)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert result.stdout == expected, command
