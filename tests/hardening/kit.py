"""Helpers of the hardening tests, over the shared ones of tests/support.py: the command line in
process (``cli``) or as a real process where the process is the point (``process``: injected
faults that SIGKILL it, a planted sitecustomize), git, batches of amendments, a fake ``git``
first on the PATH that fails or hangs at a chosen call, amendment statuses at a revision."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from support import SEED, Outcome, expect, git, process
from support import cli as in_process
from support import separate_amendments as separate_lines

__all__ = ["SEED", "cli", "fake_git", "git", "many_amendments", "process", "separate_amendments",
           "statuses"]


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


def many_amendments(workspace: Path, count: int) -> Path:
    """A batch file of *count* amendments (one word each; several may change the same word)."""
    places = []
    for path in sorted((workspace / "texts" / "seed").glob("p*.txt")):
        words = path.read_text().split(" ")
        places += [(path.stem, words, position) for position in range(len(words))]
    lines = []
    for index in range(count):
        clause, words, position = places[index % len(places)]
        changed = list(words)
        changed[position] = f"W{index}"
        lines.append({"clause": clause, "proposed": " ".join(changed)})
    batch = workspace.parent / f"many-{count}.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return batch


REAL_GIT = shutil.which("git") or "/usr/bin/git"


def fake_git(folder: Path, script: str) -> dict[str, str]:
    """A `git` first on the PATH that runs *script* (sh) before the real git; $SUB is the git
    subcommand (after the -c options consolidate gives), $REAL the real git. Returns the env."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"REAL='{REAL_GIT}'\n"
        "SUB=''\nskip=0\n"
        "for a in \"$@\"; do\n"
        "  if [ $skip = 1 ]; then skip=0; continue; fi\n"
        "  case \"$a\" in -c|-C) skip=1;; -*) ;; *) SUB=\"$a\"; break;; esac\n"
        "done\n"
        f"{script}\n"
        "exec \"$REAL\" \"$@\"\n")
    wrapper.chmod(0o755)
    return {"PATH": f"{folder}:{os.environ['PATH']}"}


def statuses(workspace: Path, rev: str | None = None) -> dict[str, str]:
    """Amendment id -> status, from the working tree or from a commit."""
    if rev is None:
        files = {p.stem: p.read_text() for p in (workspace / "amendments/seed").glob("*.patch")}
    else:
        listing = [line.split() for line in
                   git(workspace, "ls-tree", rev, "amendments/seed/").splitlines()]
        blobs = {entry[3].rsplit("/", 1)[-1][:-6]: entry[2] for entry in listing
                 if entry[3].endswith(".patch")}
        out = subprocess.run(["git", "-C", str(workspace), "cat-file", "--batch"],
                             input="".join(f"{sha}\n" for sha in blobs.values()).encode(),
                             capture_output=True, check=True).stdout
        files, position = {}, 0
        for name in blobs:
            end = out.index(b"\n", position)
            size = int(out[position:end].split()[2])
            files[name] = out[end + 1:end + 1 + size].decode()
            position = end + 1 + size + 1
    return {name: next(line.split(":", 1)[1].strip() for line in text.splitlines()
                       if line.startswith("Status:")) for name, text in files.items()}
