"""Helpers of the hardening tests, over the shared ones of tests/support.py: the command line in
process (``cli``) or as a real process where the process is the point (``process``: injected
faults that SIGKILL it, a planted sitecustomize), git, batches of amendments."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from support import SEED, Outcome, expect, git, process
from support import cli as in_process
from support import separate_amendments as separate_lines

__all__ = ["SEED", "cli", "git", "process", "separate_amendments"]


def cli(workspace: Path, *args: str, env: Mapping[str, str] | None = None, input: str | None = None,
        check: bool = False) -> Outcome:
    """``consolidate -C workspace args...`` in process; *check*: it must exit 0."""
    result = in_process(workspace, *args, input=input, env=env)
    return expect(result) if check else result


def separate_amendments(workspace: Path, count: int) -> Path:
    """A batch file of *count* amendments that do not collide (one word each, far apart)."""
    batch = workspace.parent / f"batch-{count}.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in separate_lines(workspace, count)))
    return batch
