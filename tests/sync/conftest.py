"""A shared remote and its clones: the shipped workspace in a bare repository."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from exporters.realworkspaces import copy_shipped_workspace

from consolidate.cli.main import cli

TEXT = "osce-2008-children"


def git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {result.stderr}")
    return result.stdout


def run(workspace: Path, *args: str, input: str | None = None) -> Result:
    """consolidate in process, on *workspace*."""
    return CliRunner().invoke(cli, ["-C", str(workspace), *args], input=input,
                              catch_exceptions=False)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def clause(workspace: Path, clause_id: str) -> str:
    return (workspace / "texts" / TEXT / f"{clause_id}.txt").read_text(encoding="utf-8")


def table(workspace: Path, clause_id: str, old: str, new: str,
          sponsor: str = "Mr Jan NOVAK (Czech Republic)") -> str:
    """Table an amendment replacing *old* with *new* in the clause; its id."""
    proposed = clause(workspace, clause_id).replace(old, new, 1)
    result = run(workspace, "amend", "--clause", clause_id, "--proposed", "-",
                 "--sponsor", sponsor, input=proposed)
    return ok(result).split()[-1]


def amendments(workspace: Path) -> dict[str, dict[str, object]]:
    """Every amendment of the text as `list --json` gives it, by id."""
    import json

    data = json.loads(ok(run(workspace, "list", "--json")))
    listed = data["amendments"] if isinstance(data, dict) else data
    return {a["id"]: a for a in listed}


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace repository holding the shipped workspace."""
    return copy_shipped_workspace(tmp_path_factory.mktemp("seed") / "workspace")


@pytest.fixture
def clones(seed: Path, tmp_path: Path) -> Callable[[int], tuple[Path, list[Path]]]:
    """A bare remote made from the seed, and *n* clones of it."""
    def make(count: int) -> tuple[Path, list[Path]]:
        bare = tmp_path / "remote.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(bare)], check=True)
        made = []
        for index in range(count):
            clone = tmp_path / f"clone{index}"
            subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True)
            made.append(clone)
        return bare, made
    return make
