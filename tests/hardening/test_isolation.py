"""Code named by a workspace never runs: its hooks, its file-system monitor, its filters.

A workspace is data that may come from anyone (a clone, a shared drive). Its .git/config and
.gitattributes can name programs; consolidate's git calls must run none of them, for reads
and for writes, and what it commits must be the files as they are.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import cli, expect, git, separate_amendments, table

HOOKS = ("post-index-change", "reference-transaction", "pre-commit", "post-commit",
         "commit-msg", "prepare-commit-msg", "post-checkout", "pre-auto-gc", "post-rewrite")


def _script(path: Path, marker: Path, tail: str = "") -> None:
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\n{tail}")
    path.chmod(0o755)


@pytest.fixture
def hostile(seed_workspace: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seed workspace with tabled amendments, whose config names programs everywhere."""
    workspace = seed_workspace
    table(workspace, separate_amendments(workspace, 6))
    markers = tmp_path / "markers"
    markers.mkdir()
    hooks = workspace / ".git" / "hooks"
    elsewhere = tmp_path / "hooks"
    elsewhere.mkdir()
    for hook in HOOKS:
        _script(hooks / hook, markers / f"hook-{hook}")
        _script(elsewhere / hook, markers / f"hooks-path-{hook}")
    programs = tmp_path / "programs"
    programs.mkdir()
    _script(programs / "fsmonitor", markers / "fsmonitor", "exit 1\n")
    _script(programs / "clean", markers / "filter-clean", "cat\n")
    _script(programs / "smudge", markers / "filter-smudge", "cat\n")
    _script(programs / "process", markers / "filter-process")
    _script(programs / "textconv", markers / "textconv", "cat \"$1\"\n")
    for key, value in (("core.hooksPath", str(elsewhere)),
                       ("core.fsmonitor", str(programs / "fsmonitor")),
                       ("filter.evil.clean", str(programs / "clean")),
                       ("filter.evil.smudge", str(programs / "smudge")),
                       ("filter.evil.process", str(programs / "process")),
                       ("filter.evil.required", "true"),
                       ("diff.evil.textconv", str(programs / "textconv")),
                       ("gc.auto", "1"), ("core.pager", f"touch {markers / 'pager'}; cat")):
        git(workspace, "config", key, value)
    (workspace / ".gitattributes").write_text("* filter=evil diff=evil\n")
    return workspace, markers


def _run(workspace: Path, *args: str) -> int:
    return expect(cli(workspace, *args), (0, 1)).returncode


READS = [("check",), ("conflicts",), ("build",), ("build", "-f", "json"), ("redline",),
         ("blame",), ("stages",), ("list",), ("show", "1"), ("votelist",), ("instruction", "1"),
         ("build", "--at", "HEAD")]


def test_no_code_named_by_the_workspace_runs_on_a_read(hostile):
    workspace, markers = hostile
    head = git(workspace, "rev-parse", "HEAD")
    for command in READS:
        _run(workspace, *command)
        assert sorted(p.name for p in markers.iterdir()) == [], command
    assert git(workspace, "rev-parse", "HEAD") == head


def test_no_code_named_by_the_workspace_runs_on_a_write_and_the_commits_are_right(hostile,
                                                                                   tmp_path):
    workspace, markers = hostile
    proposed = tmp_path / "p11.txt"
    proposed.write_text((workspace / "texts/seed/p11.txt").read_text().replace("ratify", "sign"))
    _run(workspace, "amend", "--clause", "p11", "--proposed", str(proposed))
    _run(workspace, "adopt", "1", "3", "7")
    _run(workspace, "reject", "2")
    _run(workspace, "promote", "--tag", "stage-1")
    assert sorted(p.name for p in markers.iterdir()) == []
    log = git(workspace, "log", "--format=%s").splitlines()
    assert log[0] == "Promote text 'seed' to stage stage-1" and len(log) == 7
    assert git(workspace, "rev-parse", "stage-1^{commit}") == git(workspace, "rev-parse", "HEAD")
    # The commits hold the files byte for byte (no clean filter applied), and git's index
    # agrees with them: once the hostile attributes are gone, git status is clean.
    for path in ("texts/seed/p11.txt", *(f"amendments/seed/{p.name}" for p in
                                         (workspace / "amendments" / "seed").glob("*.patch"))):
        assert git(workspace, "cat-file", "blob", f"HEAD:{path}") == (workspace / path).read_text()
    (workspace / ".gitattributes").unlink()
    status = subprocess.run(["git", "-C", str(workspace), "-c", "core.hooksPath=/dev/null",
                             "-c", "core.fsmonitor=false", "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
