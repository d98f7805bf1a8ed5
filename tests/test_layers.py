"""The layers of docs/architecture.md hold: the contracts pass, fail when crossed, core is
pure, there is no import cycle, and the command line starts quickly."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "consolidate"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# What core may import besides itself: the standard library without files, processes or
# network, and the pure libraries it is built on.
CORE_ALLOWED = {
    "__future__", "bisect", "collections", "dataclasses", "datetime", "difflib", "enum",
    "functools", "hashlib", "itertools", "json", "math", "re", "string", "textwrap", "tomllib",
    "typing", "unicodedata", "diff_match_patch", "fast_diff_match_patch", "tomli_w",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _lint_imports(root: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"),
                           "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(source)})


def test_core_imports_only_core_the_pure_standard_library_and_pure_libraries():
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            assert name.startswith("consolidate.core") or top in CORE_ALLOWED, (path.name, name)


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("core/model.py", "from consolidate.store import workspace", "core is pure"),
    ("core/engine.py", "import os", "core is pure"),
    ("store/files.py", "from consolidate.app import session", "over core"),
    ("cli/output.py", "from consolidate.store import files", "never through the store"),
    ("tui/state.py", "import consolidate.cli.base", "over core"),
])
def test_a_contract_fails_when_a_layer_is_crossed(tmp_path: Path, module: str, line: str,
                                                  broken: str):
    copy = tmp_path / "src" / "consolidate"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    report = " ".join(result.stdout.split("Broken contracts", 1)[1].split())
    assert broken in report and line.split()[-1].split(".")[-1] in report


def test_there_is_no_import_cycle_in_the_package():
    graph = grimp.build_graph("consolidate")
    modules = sorted(graph.modules)
    cycles = [m for m in modules
              for imported in graph.find_modules_directly_imported_by(m)
              if graph.chain_exists(imported, m)]
    assert cycles == []


def test_help_imports_neither_git_nor_rich_nor_textual():
    code = ("import sys; from click.testing import CliRunner; from consolidate.cli.main import cli; "
            "CliRunner().invoke(cli, ['--help']); "
            "print(sorted(m for m in ('git', 'rich', 'textual', 'lxml', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Imported only when a command writes, or to explain a mistake: a read command never pays
# for them at start-up (issue: "import only what a command needs").
WRITING_ONLY = ("tempfile", "secrets", "tomli_w", "difflib", "shutil", "importlib.resources")


def test_a_read_command_imports_only_what_reading_needs_and_runs_without_the_collector(
        seed_workspace: Path):
    # Run twice: the first run saves the read cache (which imports tempfile to write it).
    code = ("import sys, gc; from consolidate.cli.main import main; sys.argv = ['consolidate', "
            "'list', '--json']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print({WRITING_ONLY!r} and sorted(m for m in {WRITING_ONLY!r} if m in sys.modules), "
            "gc.isenabled(), file=sys.stderr)")
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=seed_workspace, check=True)
    assert out.stderr.strip().splitlines()[-1] == "[] False"
