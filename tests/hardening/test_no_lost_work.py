"""No lost work: concurrent decisions all land; a killed command happened fully or not at all."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
from pathlib import Path

import pytest

from .kit import cli, git, process, separate_amendments


def _decide_all(root: str, ids: list[str], status: str) -> None:
    from consolidate.app.session import Session
    from consolidate.core.model import Status

    session = Session.open(root)
    for amendment_id in ids:
        session.decide([amendment_id], Status(status))


@pytest.mark.parametrize("each", [30, pytest.param(100, marks=pytest.mark.slow)])
def test_two_processes_record_their_decisions_at_once_and_all_land(workspace: Path, each: int):
    ids = cli(workspace, "amend", "--batch", str(separate_amendments(workspace, 2 * each)), check=True).stdout.split()
    assert len(ids) == 2 * each
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_decide_all, args=(str(workspace), ids[0::2], "adopted")),
               context.Process(target=_decide_all, args=(str(workspace), ids[1::2], "rejected"))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0
    statuses = {a["id"]: a["status"] for a in json.loads(cli(workspace, "list", "--json").stdout)["amendments"]}
    assert [statuses[i] for i in ids[0::2]] == ["adopted"] * each
    assert [statuses[i] for i in ids[1::2]] == ["rejected"] * each
    assert cli(workspace, "check").returncode == 0
    assert git(workspace, "status", "--porcelain") == ""
    assert int(git(workspace, "rev-list", "--count", "HEAD")) == 3 + 2 * each
    subprocess.run(["git", "-C", str(workspace), "fsck", "--strict"], check=True, capture_output=True)


def _state(workspace: Path) -> tuple[str, dict[str, str]]:
    files = {p.relative_to(workspace).as_posix(): p.read_text()
             for folder in ("texts", "amendments") for p in (workspace / folder).rglob("*")
             if p.is_file()}
    return git(workspace, "rev-parse", "HEAD").strip(), files


def _assert_whole_or_nothing(workspace: Path, before: tuple[str, dict[str, str]]) -> str:
    """After a kill and the next command: either the change committed whole, or nothing changed."""
    assert cli(workspace, "check").returncode == 0
    fsck = subprocess.run(["git", "-C", str(workspace), "fsck", "--strict"], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
    assert git(workspace, "status", "--porcelain", "--untracked-files=all") == ""
    after = _state(workspace)
    if after[0] == before[0]:
        assert after[1] == before[1]
        return "nothing"
    assert git(workspace, "rev-parse", "HEAD~1").strip() == before[0]
    return "whole"


def _prepare(workspace: Path, operation: str) -> list[str]:
    """The command for *operation*, after whatever it needs in the workspace."""
    if operation == "amend":
        proposed = workspace.parent / "p11.txt"
        proposed.write_text((workspace / "texts/seed/p11.txt").read_text().replace("ratify", "sign"))
        return ["amend", "--clause", "p11", "--proposed", str(proposed)]
    if operation == "amend --batch":
        return ["amend", "--batch", str(separate_amendments(workspace, 60))]
    ids = cli(workspace, "amend", "--batch", str(separate_amendments(workspace, 30)), check=True).stdout.split()
    return ["adopt", *ids]


@pytest.mark.parametrize("operation, fault", [
    ("amend", "CONSOLIDATE_FAULT_AFTER_WRITES=1"),
    ("amend", "CONSOLIDATE_FAULT_BEFORE_COMMIT=1"),
    ("amend --batch", "CONSOLIDATE_FAULT_AFTER_WRITES=1"),
    ("amend --batch", "CONSOLIDATE_FAULT_AFTER_WRITES=20"),
    ("amend --batch", "CONSOLIDATE_FAULT_BEFORE_COMMIT=1"),
    ("adopt", "CONSOLIDATE_FAULT_AFTER_WRITES=1"),
    ("adopt", "CONSOLIDATE_FAULT_AFTER_WRITES=20"),
    ("adopt", "CONSOLIDATE_FAULT_BEFORE_COMMIT=1"),
])
def test_a_command_killed_midway_happened_fully_or_not_at_all(workspace: Path, operation, fault):
    command = _prepare(workspace, operation)
    before = _state(workspace)
    name, value = fault.split("=")
    killed = process(workspace, *command, env={name: value})
    assert killed.returncode == -9  # SIGKILL, as from the outside
    assert _assert_whole_or_nothing(workspace, before) == "nothing"
    # And the same command, run again, now happens whole.
    assert cli(workspace, *command).returncode == 0
    assert _assert_whole_or_nothing(workspace, before) == "whole"


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6, 0.8, 1.0])
def test_a_batch_killed_at_any_moment_happened_fully_or_not_at_all(workspace: Path, delay):
    import os
    import signal
    import sys
    import time

    batch = separate_amendments(workspace, 150)
    before = _state(workspace)
    process = subprocess.Popen([sys.executable, "-m", "consolidate", "-C", str(workspace), "amend",
                                "--batch", str(batch)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    _assert_whole_or_nothing(workspace, before)


def _promotable(workspace: Path) -> list[str]:
    ids = cli(workspace, "amend", "--batch", str(separate_amendments(workspace, 20)), check=True).stdout.split()
    cli(workspace, "adopt", *ids, check=True)
    return ["promote", "--tag", "stage-1"]


@pytest.mark.parametrize("fault", ["CONSOLIDATE_FAULT_AFTER_WRITES=1",
                                   "CONSOLIDATE_FAULT_AFTER_WRITES=10",
                                   "CONSOLIDATE_FAULT_BEFORE_COMMIT=1",
                                   "CONSOLIDATE_FAULT_BEFORE_TAG=1"])
def test_a_promote_killed_midway_happened_fully_or_not_at_all(workspace: Path, fault):
    command = _promotable(workspace)
    before = _state(workspace)
    name, value = fault.split("=")
    assert process(workspace, *command, env={name: value}).returncode == -9
    outcome = _assert_whole_or_nothing(workspace, before)
    tags = git(workspace, "tag").split()
    if outcome == "whole":  # killed after its commit: the next command finished the tag
        assert tags == ["stage-1"] and fault.endswith("TAG=1")
        assert git(workspace, "rev-parse", "stage-1^{commit}") == git(workspace, "rev-parse", "HEAD")
        return
    assert tags == []
    assert cli(workspace, *command).returncode == 0
    assert _assert_whole_or_nothing(workspace, before) == "whole"
    assert git(workspace, "tag").split() == ["stage-1"]
