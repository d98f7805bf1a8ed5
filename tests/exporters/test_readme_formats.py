"""The README's "Output formats" examples are real: each command prints what is shown.

Every ``console`` block of that section is run, command by command, with bash in a copy of
the shipped workspace (``consolidate`` is this interpreter's ``-m consolidate``), and what it
prints must be what the README shows under it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .realworkspaces import REPO, copy_shipped_workspace

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
    tmp_path: Path, block: list[tuple[str, str]]
) -> None:
    workspace = copy_shipped_workspace(tmp_path / "workspace")
    prelude = f'consolidate() {{ {shlex.quote(sys.executable)} -m consolidate "$@"; }}\n'
    for command, expected in block:  # in order: a later command may read an earlier file
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", prelude + command], cwd=workspace,
            capture_output=True, text=True, encoding="utf-8", check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert result.stdout == expected, command
