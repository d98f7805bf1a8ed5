"""A large batch makes its patches and reads its files back in worker processes: the same
commit, files and messages as one process makes, and a problem still named where it is."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from support import cli, git

from consolidate.app import drafting, taken


@pytest.fixture
def same_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids drawn from a counter: two runs of the same batch make the same files."""
    counter = itertools.count()
    monkeypatch.setattr(taken.secrets, "token_bytes",
                        lambda size: next(counter).to_bytes(size, "big"))


def _batch(workspace: Path, extra: Sequence[dict[str, object]] = ()) -> Path:
    lines: list[dict[str, object]] = []
    for path in sorted((workspace / "texts" / "seed").glob("p*.txt")):
        words = path.read_text(encoding="utf-8").split(" ")
        for index in range(0, min(len(words), 6)):
            changed = list(words)
            changed[index] = changed[index].upper()
            lines.append({"clause": path.stem, "proposed": " ".join(changed),
                          "sponsor": "Mr Jan NOVAK (Czech Republic)"})
    lines.append({"clause": "p11", "action": "insert-after", "new_id": "p11a",
                  "proposed": "Calls for more."})
    lines.extend(extra)
    batch = workspace.parent / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return batch


def _run(workspace: Path, parallel_from: int, extra: Sequence[dict[str, object]] = ()):
    """The batch, in workers from *parallel_from* amendments; asserts whether workers ran."""
    ran: list[bool] = []
    in_workers = drafting._in_workers

    def spied(drafts, workers):  # type: ignore[no-untyped-def]
        done = in_workers(drafts, workers)
        ran.append(done is not None)
        return done

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(drafting, "PARALLEL_FROM", parallel_from)
        patched.setattr(drafting, "_cpus", lambda: 2)
        patched.setattr(drafting, "_in_workers", spied)
        outcome = cli(workspace, "amend", "--batch", str(_batch(workspace, extra)))
    assert ran == ([True] if parallel_from < 10**9 else [])
    return outcome


def test_workers_make_the_same_commit_as_one_process(seed_workspace: Path, tmp_path: Path,
                                                      same_ids: None):
    other = tmp_path / "other"
    shutil.copytree(seed_workspace, other, symlinks=True)
    alone = _run(seed_workspace, 10**9)
    assert alone.returncode == 0, alone.stderr
    ids = alone.stdout.split()
    assert len(ids) > 20
    with pytest.MonkeyPatch.context() as patched:  # the same ids again, from the start
        counter = itertools.count()
        patched.setattr(taken.secrets, "token_bytes",
                        lambda size: next(counter).to_bytes(size, "big"))
        workers = _run(other, 2)
    assert (workers.returncode, workers.stdout, workers.stderr) == \
        (alone.returncode, alone.stdout, alone.stderr)
    tree = "HEAD^{tree}"
    assert git(other, "rev-parse", tree) == git(seed_workspace, "rev-parse", tree)


def test_a_problem_found_by_a_worker_is_reported_in_its_place(seed_workspace: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    head = git(seed_workspace, "rev-parse", "HEAD")
    real = drafting.amendment_file

    def refused_for_p5(amendment):  # type: ignore[no-untyped-def]
        found = real(amendment)
        if amendment.clause != "p5":
            return found
        from dataclasses import replace

        from consolidate.core.model import Problem
        return replace(found, parsed=None, problem=Problem("does not read back", None, None,
                                                           "a hint"))

    monkeypatch.setattr(drafting, "amendment_file", refused_for_p5)
    refused = _run(seed_workspace, 2, extra=[{"clause": "p99", "proposed": "x"}])
    assert refused.returncode == 2
    lines = [line for line in refused.stderr.splitlines() if "does not read back" in line
             or "p99" in line]
    assert lines and "p99" in lines[-1]  # the last line of the batch comes last
    assert git(seed_workspace, "rev-parse", "HEAD") == head
