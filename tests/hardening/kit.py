"""Helpers of the hardening tests: the CLI in a subprocess, git, batches of amendments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed_resolution.txt"


def cli(workspace: Path, *args: str, env: dict | None = None, input: str | None = None,
        check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "consolidate", "-C", str(workspace), *args],
                            capture_output=True, text=True, input=input, timeout=300,
                            env={**os.environ, **(env or {})})
    if check:
        assert result.returncode == 0, result.stderr
    return result


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(workspace), *args], capture_output=True, text=True,
                          check=True).stdout


def separate_amendments(workspace: Path, count: int) -> Path:
    """A batch file of *count* amendments that do not collide (one word each, far apart)."""
    places = []
    for path in sorted((workspace / "texts" / "seed").glob("p*.txt")):
        words = path.read_text().split(" ")
        places += [(path.stem, words, position) for position in range(0, len(words), 3)]
    assert len(places) >= count
    lines = []
    for index, (clause, words, position) in enumerate(places[:count]):
        changed = list(words)
        changed[position] = f"W{index}"
        lines.append({"clause": clause, "proposed": " ".join(changed)})
    batch = workspace.parent / f"batch-{count}.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return batch
