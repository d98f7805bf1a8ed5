"""Fault injection at every step of a change, with real processes: kill -9, Ctrl+C, a git that
dies, hangs or outlives consolidate, a full disk. After each fault and the next command, the
change happened whole or not at all, nothing lost, nothing half-written, no traceback.

Loops are bounded in the default run; `-m slow` runs the long ones.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import cli, git, process, separate_amendments, table

from .kit import fake_git, many_amendments, statuses
from .test_no_lost_work import _assert_whole_or_nothing, _state


@pytest.fixture
def workspace(seed_workspace: Path) -> Path:
    return seed_workspace


def _popen(workspace: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "consolidate", "-C", str(workspace), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)


def _tabled(workspace: Path, count: int) -> list[str]:
    return table(workspace, separate_amendments(workspace, count))[0]


def _amendment_file(workspace: Path, number: str) -> Path:
    """The amendment file with this number (ids are random)."""
    return next(p for p in sorted((workspace / "amendments" / "seed").glob("*.patch"))
                if f"\nNumber: {number}\n" in p.read_text())


def _consistent(workspace: Path) -> None:
    """What `list` shows is what HEAD holds."""
    assert cli(workspace, "list").returncode == 0
    assert statuses(workspace) == statuses(workspace, "HEAD")


# -- a git that outlives the consolidate that started it -------------------------------------------

@pytest.mark.parametrize("operation", ["adopt", "amend --batch"])
def test_recovery_waits_for_a_git_the_killed_command_left_running(workspace: Path,
                                                                  tmp_path: Path, operation):
    """git runs in its own session, so it outlives a consolidate killed with kill -9; the next
    command must not undo the files while that git is still moving HEAD."""
    if operation == "adopt":
        command = ["adopt", *_tabled(workspace, 30)]
    else:
        command = ["amend", "--batch", str(many_amendments(workspace, 400))]
    before = _state(workspace)
    moving, given = tmp_path / "moving", tmp_path / "stdin"
    # The git that moves HEAD takes what consolidate gives it (the refs to move) before it is
    # seen moving: kill -9 then never lands before consolidate has handed git the change.
    env = fake_git(tmp_path / "bin", f"case \"$SUB\" in update-ref|commit) cat > '{given}'; "
                                     f"touch '{moving}'; sleep 3; exec \"$REAL\" \"$@\" "
                                     f"< '{given}';; esac")
    process = _popen(workspace, *command, env=env)
    _wait_for(moving, process)
    process.kill()  # consolidate dies; its git sleeps on, then moves HEAD
    process.wait()
    assert _assert_whole_or_nothing(workspace, before) == "whole"
    _consistent(workspace)


# -- a git that fails at any call ---------------------------------------------------------------

def _fail_at(tmp_path: Path, call: int) -> dict[str, str]:
    counter = tmp_path / "calls"
    return fake_git(tmp_path / f"bin-{call}", (
        f"n=$(cat '{counter}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{counter}'; "
        f"if [ $n = {call} ]; then echo 'fatal: simulated failure' >&2; exit 1; fi"))


@pytest.mark.parametrize("call", [pytest.param(n, marks=pytest.mark.slow) if n % 4 else n
                                  for n in range(1, 17)])
def test_a_git_that_fails_at_any_call_of_a_decision(workspace: Path, tmp_path: Path, call: int):
    ids = _tabled(workspace, 12)
    before = _state(workspace)
    done = process(workspace, "adopt", *ids, env=_fail_at(tmp_path, call))
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert "simulated failure" in done.stderr
    outcome = _assert_whole_or_nothing(workspace, before)
    assert outcome == ("whole" if done.returncode == 0 else "nothing")
    _consistent(workspace)


def test_a_git_that_hangs_gives_way_to_a_second_ctrl_c(workspace: Path, tmp_path: Path):
    ids = _tabled(workspace, 10)
    before = _state(workspace)
    moving = tmp_path / "moving"
    env = fake_git(tmp_path / "bin", f"case \"$SUB\" in update-ref) touch '{moving}'; "
                                     "sleep 600;; esac")
    process = _popen(workspace, "adopt", *ids, env=env)
    _wait_for(moving, process)
    process.send_signal(signal.SIGINT)  # held back: the commit point is not left half done
    time.sleep(0.5)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)  # the second one abandons the change
    assert process.wait(timeout=60) != 0
    assert "Traceback" not in process.stderr.read()
    assert _assert_whole_or_nothing(workspace, before) == "nothing"


# -- kill -9 and Ctrl+C at any moment -----------------------------------------------------------------

def _interrupt_at(workspace: Path, command: list[str], delay: float, sig: int) -> str:
    before = _state(workspace)
    process = _popen(workspace, *command)
    time.sleep(delay)
    process.send_signal(sig)
    process.wait(timeout=300)
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    return _assert_whole_or_nothing(workspace, before)


@pytest.mark.parametrize("delays, size", [
    ([0.6, 1.2], 1000),
    pytest.param([0.4, 0.8, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0], 3000, marks=pytest.mark.slow),
])
def test_a_large_batch_killed_at_any_moment_happened_whole_or_not_at_all(workspace: Path,
                                                                         delays, size):
    batch = many_amendments(workspace, size)
    outcomes = set()
    for delay in delays:
        outcomes.add(_interrupt_at(workspace, ["amend", "--batch", str(batch)], delay,
                                   signal.SIGKILL))
        git(workspace, "reset", "--quiet", "--hard", "HEAD")  # start again from the same tree
        if git(workspace, "rev-list", "--count", "HEAD").strip() != "2":
            git(workspace, "reset", "--quiet", "--hard", "HEAD~1")
    assert outcomes <= {"whole", "nothing"}


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("delays", [[0.5, 1.0],
                                    pytest.param([0.3, 0.6, 0.9, 1.2, 1.5, 2.0], marks=pytest.mark.slow)])
def test_decisions_interrupted_at_any_moment_happened_whole_or_not_at_all(workspace: Path, sig,
                                                                           delays):
    ids = _tabled(workspace, 40)
    for delay in delays:
        decided = _interrupt_at(workspace, ["adopt", *ids], delay, sig)
        _consistent(workspace)
        if decided == "whole":
            return


def _promotable(workspace: Path) -> list[str]:
    ids = _tabled(workspace, 20)
    cli(workspace, "adopt", *ids, codes=(0,))
    return ["promote", "--tag", "stage-1"]


@pytest.mark.parametrize("delays", [[0.5, 0.9, 1.3],
                                    pytest.param([0.2 + 0.06 * i for i in range(40)],
                                                 marks=pytest.mark.slow)])
def test_ctrl_c_during_promote_never_leaves_a_promotion_without_its_tag(workspace: Path, delays):
    command = _promotable(workspace)
    for delay in delays:
        outcome = _interrupt_at(workspace, command, delay, signal.SIGINT)
        tags = git(workspace, "tag").split()
        if outcome == "whole":
            assert tags == ["stage-1"]
            assert git(workspace, "rev-parse", "stage-1^{commit}") == \
                git(workspace, "rev-parse", "HEAD")
            return
        assert tags == []


def test_ctrl_c_during_a_batch_leaves_no_temporary_file(workspace: Path):
    batch = many_amendments(workspace, 1500)
    for delay in (0.8, 1.5):
        _interrupt_at(workspace, ["amend", "--batch", str(batch)], delay, signal.SIGINT)
        assert not [p for p in workspace.rglob("*.tmp")]
        if git(workspace, "rev-list", "--count", "HEAD").strip() != "2":
            git(workspace, "reset", "--quiet", "--hard", "HEAD~1")


# -- a full disk ----------------------------------------------------------------------------------

def test_a_rollback_that_fails_on_a_full_disk_keeps_its_journal_for_the_next_command(
        workspace: Path, tmp_path: Path):
    """The commit fails (git exits 1), then the undo's own writes fail (disk full)."""
    ids = _tabled(workspace, 150)
    before = _state(workspace)
    env = {**_fail_at(tmp_path, 10**6), **fake_git(
        tmp_path / "bin", "case \"$SUB\" in update-ref) echo 'fatal: No space left on device' >&2; "
                          "exit 1;; esac"), "CONSOLIDATE_FAULT_ENOSPC": "151"}
    done = process(workspace, "adopt", *ids, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "could not be undone yet" in done.stderr and "journal" in done.stderr
    assert (workspace / ".git" / "consolidate-journal.json").exists()
    # Space is back: the next command (any) finishes the undo before it reads.
    listed = cli(workspace, "list", "--json")
    assert listed.returncode == 0
    assert statuses(workspace) == statuses(workspace, "HEAD")
    assert set(statuses(workspace).values()) == {"tabled"}
    assert _assert_whole_or_nothing(workspace, before) == "nothing"


@pytest.mark.parametrize("failing_write", [1, 75, 150])
def test_a_disk_that_fills_while_the_files_are_written(workspace: Path, failing_write: int):
    ids = _tabled(workspace, 150)
    before = _state(workspace)
    done = process(workspace, "adopt", *ids, env={"CONSOLIDATE_FAULT_ENOSPC": str(failing_write)})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "No space left" in done.stderr
    assert _assert_whole_or_nothing(workspace, before) == "nothing"
    _consistent(workspace)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A mounted tmpfs of 8 MB, unmounted afterwards; skipped where mounting is impossible
    (not root, no CAP_SYS_ADMIN): the injected-ENOSPC tests above cover that case."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(filler, "wb") as out:
        out.write(b"\0" * max(free - leave, 0))
    return filler


# KB left free: git's objects fail first, then its temporary index, the files, the index; the
# 150 rewritten files need little (each replaces the old one). Slow: every 4 KB up to 200.
@pytest.mark.parametrize("leave", [k * 1024 if k in (0, 64, 72, 88, 160) else
                                   pytest.param(k * 1024, marks=pytest.mark.slow)
                                   for k in sorted({0, 64, 72, 88, 160, *range(4, 200, 4)})])
def test_150_decisions_on_a_disk_that_is_full(workspace: Path, small_disk: Path, leave: int):
    ids = _tabled(workspace, 150)
    root = small_disk / "ws"
    subprocess.run(["cp", "-a", str(workspace), str(root)], check=True)
    before = _state(root)
    filler = _fill(small_disk, leave)
    done = process(root, "adopt", *ids)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr and "Internal error" not in done.stderr
    filler.unlink()  # space is freed; then the next command
    assert _assert_whole_or_nothing(root, before) == ("whole" if done.returncode == 0
                                                      else "nothing")
    _consistent(root)


# -- edits made by hand -------------------------------------------------------------------------------

def test_recovery_stops_rather_than_overwrite_an_edit_made_after_the_crash(workspace: Path):
    ids = _tabled(workspace, 5)
    before = _state(workspace)
    killed = process(workspace, "adopt", *ids, env={"CONSOLIDATE_FAULT_BEFORE_COMMIT": "1"})
    assert killed.returncode == -9
    edited = _amendment_file(workspace, "2")
    rel = edited.relative_to(workspace).as_posix()
    mine = edited.read_text().replace("Status: adopted", "Status: tabled\nX-Note: mine")
    edited.write_text(mine)
    stopped = cli(workspace, "list")
    assert stopped.returncode == 2 and "Traceback" not in stopped.stderr
    assert rel in stopped.stderr and "changed after it was interrupted" in stopped.stderr
    assert f"git checkout -- {rel}" in stopped.stderr
    assert edited.read_text() == mine
    # Doing what it says: the interrupted change is undone whole.
    git(workspace, "checkout", "--", rel)
    assert _assert_whole_or_nothing(workspace, before) == "nothing"


def test_a_hand_edit_of_an_amendment_is_never_swept_into_a_decision(workspace: Path):
    _tabled(workspace, 3)
    edited = _amendment_file(workspace, "2")
    rel = edited.relative_to(workspace).as_posix()
    mine = edited.read_text().replace("Status: tabled", "Status: tabled\nJustification: mine")
    edited.write_text(mine)
    head = git(workspace, "rev-parse", "HEAD")
    refused = cli(workspace, "adopt", "2")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert rel in refused.stderr and "not committed" in refused.stderr
    assert git(workspace, "rev-parse", "HEAD") == head and edited.read_text() == mine
    # Deciding another amendment goes ahead, and leaves the edit uncommitted.
    assert cli(workspace, "adopt", "3").returncode == 0
    assert git(workspace, "show", "--name-only", "--format=", "HEAD").split() == [
        _amendment_file(workspace, "3").relative_to(workspace).as_posix()]
    assert edited.read_text() == mine


def test_a_foreign_index_lock_survives_recovery(workspace: Path):
    ids = _tabled(workspace, 5)
    lock = workspace / ".git" / "index.lock"
    assert process(workspace, "adopt", *ids,
                   env={"CONSOLIDATE_FAULT_BEFORE_COMMIT": "1"}).returncode == -9
    lock.write_bytes(b"a user's own `git add`, in progress")
    assert cli(workspace, "list").returncode == 0
    assert lock.read_bytes() == b"a user's own `git add`, in progress"
    assert set(statuses(workspace).values()) == {"tabled"}
    lock.unlink()
