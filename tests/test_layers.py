"""The layers of DESIGN.md: core is pure, and the command line starts quickly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "src" / "consolidate" / "core"
FORBIDDEN = {"git", "gitdb", "rich", "textual", "click", "consolidate.store", "consolidate.cli",
             "consolidate.tui", "consolidate.exporters", "subprocess"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_git_rich_textual_click_or_outer_layer():
    for path in CORE.glob("*.py"):
        for name in _imports(path):
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (path.name, name)


def test_help_imports_neither_git_nor_rich_nor_textual():
    code = ("import sys; from click.testing import CliRunner; from consolidate.cli.main import cli; "
            "CliRunner().invoke(cli, ['--help']); "
            "print(sorted(m for m in ('git', 'rich', 'textual', 'lxml', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
