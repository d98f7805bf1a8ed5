"""A shared remote and its clones: the shipped workspace in a bare repository."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import SHIPPED_TEXT as TEXT
from support import cli, ok

__all__ = ["TEXT", "amendments", "clause", "table"]


def clause(workspace: Path, clause_id: str) -> str:
    return (workspace / "texts" / TEXT / f"{clause_id}.txt").read_text(encoding="utf-8")


def table(workspace: Path, clause_id: str, old: str, new: str,
          sponsor: str = "Mr Jan NOVAK (Czech Republic)") -> str:
    """Table an amendment replacing *old* with *new* in the clause; its id."""
    proposed = clause(workspace, clause_id).replace(old, new, 1)
    outcome = cli(workspace, "amend", "--clause", clause_id, "--proposed", "-",
                  "--sponsor", sponsor, input=proposed)
    return ok(outcome).split()[-1]


def amendments(workspace: Path) -> dict[str, dict[str, Any]]:
    """Every amendment of the text as `list --json` gives it, by id."""
    return {a["id"]: a for a in json.loads(ok(cli(workspace, "list", "--json")))["amendments"]}


@pytest.fixture
def clones(shipped: Path, tmp_path: Path) -> Callable[[int], tuple[Path, list[Path]]]:
    """A bare remote holding the shipped workspace, and *n* clones of it."""
    def make(count: int) -> tuple[Path, list[Path]]:
        bare = tmp_path / "remote.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(shipped), str(bare)], check=True)
        made = []
        for index in range(count):
            clone = tmp_path / f"clone{index}"
            subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True)
            made.append(clone)
        return bare, made
    return make
