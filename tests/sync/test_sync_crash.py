"""A sync killed while it moves this clone's files to the integrated commit is settled by the
next command like any other interrupted change: undone whole, and the next sync does it."""

from __future__ import annotations

from pathlib import Path

from support import cli, git, ok, process

from .conftest import TEXT, table

JOURNAL = ".git/consolidate-journal.json"


def _status(workspace: Path) -> str:
    return git(workspace, "status", "--porcelain", "--", "texts", "amendments")


def test_a_sync_killed_while_it_moves_the_files_is_undone_whole_then_done(clones):
    _, (one, two) = clones(2)
    theirs = table(two, "p12", "Encourages", "Urges")
    ok(cli(two, "sync"))
    before = git(one, "rev-parse", "HEAD").strip()
    killed = process(one, "sync", env={"CONSOLIDATE_FAULT_BEFORE_COMMIT": "1"})
    assert killed.returncode == -9  # the files were written, HEAD not moved yet
    arrived = one / "amendments" / TEXT / f"{theirs}.patch"
    assert arrived.exists() and (one / JOURNAL).exists()
    ok(cli(one, "list"))  # settles the journal: the move is undone whole
    assert git(one, "rev-parse", "HEAD").strip() == before
    assert not arrived.exists() and not (one / JOURNAL).exists() and _status(one) == ""
    ok(cli(one, "sync"))
    assert git(one, "rev-parse", "HEAD").strip() == git(two, "rev-parse", "HEAD").strip()
    assert arrived.exists() and _status(one) == ""
