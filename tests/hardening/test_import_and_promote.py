"""Imports that race or die, and stage names that git would misread: one text, one tag, or a
clear refusal with nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import SEED, cli, git, separate_amendments, table

from .test_no_lost_work import _state


@pytest.fixture
def workspace(seed_workspace: Path) -> Path:
    return seed_workspace


def _import(workspace: Path, text_id: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "consolidate", "-C", str(workspace), "import",
                             str(SEED), "--text", text_id], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("trials", [3, pytest.param(10, marks=pytest.mark.slow)])
def test_two_simultaneous_imports_of_one_id_one_wins(workspace: Path, trials: int):
    for trial in range(trials):
        text_id = f"race{trial}"
        racers = [_import(workspace, text_id) for _ in range(2)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in racers]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 2], results
        loser = next(err for code, err in results if code == 2)
        assert f"already has a text '{text_id}'" in loser and "Traceback" not in loser
        listed = {p.name for p in (workspace / "texts" / text_id).glob("*.txt")}
        manifest = (workspace / "texts" / text_id / "text.toml").read_text()
        assert all(f'id = "{name[:-4]}"' in manifest for name in listed)
    assert cli(workspace, "check", "--text", "race0").returncode == 0
    assert git(workspace, "status", "--porcelain", "--untracked-files=all") == ""


@pytest.mark.parametrize("fault", ["CONSOLIDATE_FAULT_AFTER_WRITES=3",
                                   "CONSOLIDATE_FAULT_BEFORE_COMMIT=1"])
def test_a_killed_import_leaves_nothing_that_blocks_the_retry(workspace: Path, fault: str):
    before = _state(workspace)
    name, value = fault.split("=")
    killed = _import(workspace, "second", {name: value})
    assert killed.wait(timeout=300) == -9
    assert cli(workspace, "list", "--text", "seed").returncode == 0  # recovers
    assert not (workspace / "texts" / "second").exists()
    assert _state(workspace) == before
    assert cli(workspace, "import", str(SEED), "--text", "second").returncode == 0
    assert cli(workspace, "check", "--text", "second").returncode == 0


def test_an_empty_folder_is_no_text(workspace: Path):
    (workspace / "texts" / "second").mkdir()
    done = cli(workspace, "import", str(SEED), "--text", "second")
    assert done.returncode == 0, done.stderr
    assert cli(workspace, "check", "--text", "second").returncode == 0


def test_a_folder_holding_files_is_refused(workspace: Path):
    (workspace / "texts" / "second").mkdir()
    (workspace / "texts" / "second" / "p1.txt").write_text("mine\n")
    done = cli(workspace, "import", str(SEED), "--text", "second")
    assert done.returncode == 2 and "already has a text 'second'" in done.stderr
    assert (workspace / "texts" / "second" / "p1.txt").read_text() == "mine\n"


@pytest.fixture
def promotable(workspace: Path) -> Path:
    ids = table(workspace, separate_amendments(workspace, 3))[0]
    cli(workspace, "adopt", *ids, codes=(0,))
    return workspace


@pytest.mark.parametrize("tag", ["-x", "--end-of-options", "HEAD", "main", "FETCH_HEAD",
                                 "ORIG_HEAD", "@", "a b", "x..y", "1" * 40, "origin/main"])
def test_a_stage_name_git_would_misread_is_refused_before_anything_is_written(promotable: Path,
                                                                             tag: str):
    git(promotable, "update-ref", "refs/remotes/origin/main", "HEAD")
    before = _state(promotable)
    done = cli(promotable, "promote", f"--tag={tag}")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and tag in done.stderr
    assert _state(promotable) == before
    assert git(promotable, "tag") == ""


def test_a_good_stage_name_still_works(promotable: Path):
    assert cli(promotable, "promote", "--tag", "seed/committee-2024").returncode == 0
    assert git(promotable, "tag").split() == ["seed/committee-2024"]
