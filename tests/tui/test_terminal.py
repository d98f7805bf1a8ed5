"""The real `consolidate review` in a terminal (tmux): read the screen, decide, quit, hang up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import TEXT, git, status_of

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
# The table's title once the voting order is in: keys sent before it may be undone when the
# rows are put in voting order (the title then reads "(text order; voting order coming)").
ORDERED = "Amendments 14/14─"

# Generous: on a busy machine the first screen (a fresh interpreter importing Textual, then a
# worker reading the workspace) and each repaint can take many seconds. Every check of the
# screen waits for what it expects, never reads the screen once: parts of it paint later.
WAIT = 120.0


class Terminal:
    """One tmux server of our own (its own socket), holding one window."""

    def __init__(self) -> None:
        self.socket = f"consolidate-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, env=os.environ).stdout

    def start(self, command: str, width: int, height: int) -> None:
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def wait_for_any(self, *texts: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(text in screen for text in texts):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"none of {texts!r} appeared on screen:\n{self.screen()}")

    def app_pid(self) -> int:
        """The process running in the window: the child of its shell."""
        shell = self.tmux("display-message", "-p", "#{pane_pid}").strip()
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def close(self) -> None:
        self.tmux("kill-server")


def gone(pid: int, timeout: float = WAIT) -> bool:
    """True once process *pid* has ended (it is ours: started by this test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    yield term
    term.close()


def review_command(workspace: Path) -> str:
    return (f"{sys.executable} -m consolidate -C {workspace} review --text {TEXT}; "
            "echo EXITED $?; sleep 30")


def wait_for_commit(workspace: Path, subject_start: str, timeout: float = WAIT) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        subject = git(workspace, "log", "-1", "--format=%s").strip()
        if subject.startswith(subject_start):
            return subject
        time.sleep(0.1)
    raise AssertionError(f"no commit '{subject_start}…'")


def test_review_shows_the_redline_records_a_decision_and_quits(workspace: Path, terminal):
    terminal.start(review_command(workspace), 100, 30)
    terminal.wait_for(ORDERED)
    terminal.wait_for("? Help")
    terminal.wait_for("1. Acknowledging that")
    screen = terminal.wait_for("Tomas NOVAK")  # the table's rows come last
    assert "Redline" in screen
    terminal.keys("]")
    screen = terminal.wait_for("Collision 1 of 1")
    chosen = "am-012" if "AM 12 " in screen.split("Collision 1 of 1")[1][:200] else "am-013"
    terminal.keys("r")
    terminal.wait_for("Committed")
    subject = wait_for_commit(workspace, "Reject AM")
    rejected = [a for a in ("am-012", "am-013") if status_of(workspace, a) == "rejected"]
    assert len(rejected) == 1 and subject.endswith(f"({rejected[0]})")
    assert chosen in ("am-012", "am-013")
    terminal.keys("q")
    terminal.wait_for("EXITED 0")
    assert git(workspace, "status", "--porcelain") == ""


def test_review_at_80x24_shows_help_on_question_mark(workspace: Path, terminal):
    terminal.start(review_command(workspace), 80, 24)
    terminal.wait_for(ORDERED)
    terminal.keys("?")
    screen = terminal.wait_for("Esc closes")
    assert "Adopt" in screen and "Withdraw" in screen
    terminal.keys("Escape", "C-c")
    terminal.wait_for("EXITED 0")


def test_closing_the_terminal_keeps_the_decision(workspace: Path, terminal):
    terminal.start(review_command(workspace), 100, 30)
    terminal.wait_for(ORDERED)
    terminal.keys("]")
    terminal.wait_for("Collision 1 of 1")
    terminal.wait_for_any("AM 12  (am-012)", "AM 13  (am-013)")  # the colliding one is selected
    app = terminal.app_pid()
    terminal.keys("w")
    terminal.wait_for("Withdraw AM")  # "Committing: …" or "Committed …"
    terminal.close()  # the terminal goes away, maybe while git is committing
    wait_for_commit(workspace, "Withdraw AM")
    assert gone(app), "the app still runs after its terminal closed"
    assert git(workspace, "status", "--porcelain") == ""
