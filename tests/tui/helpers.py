"""Helpers for the review app tests: waiting for the app, reading the workspace back."""

from __future__ import annotations

import asyncio
import functools
import re
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from support import git

from consolidate.tui.jobs import Committer, Job, Outcome

TEXT = "osce-2008-children"


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until *condition* holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time")
        await pilot.pause(0.02)
    await pilot.pause()


async def loaded(pilot) -> None:
    """Wait until the app has read the workspace, voting list included, and drawn it."""
    await wait_until(pilot, lambda: pilot.app.review is not None
                     and pilot.app.review.snapshot.voting_list)


async def committed(pilot) -> None:
    """Wait until every decision sent to git is committed (or refused)."""
    await wait_until(pilot, lambda: not pilot.app.review.pending)


def status_of(workspace: Path, amendment: str) -> str:
    """The Status header of an amendment file on disk."""
    text = (workspace / "amendments" / TEXT / f"{amendment}.patch").read_text(encoding="utf-8")
    return re.search(r"^Status: (\S+)$", text, re.M).group(1)


def head(workspace: Path) -> str:
    return git(workspace, "rev-parse", "HEAD").strip()


def subject(workspace: Path) -> str:
    return git(workspace, "log", "-1", "--format=%s").strip()



def run_async(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no async plugin needed); fixtures are kept."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class GatedCommitter(Committer):
    """A committer that waits for the test to open the gate: decisions stay pending till then."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    def run(self, job: Job) -> Outcome:
        self.gate.wait(30)
        return super().run(job)
