"""The transaction and its journal: a change is its files and its commit, or none of it.

A crash is simulated in process by a :class:`Crash` raised at a chosen step with the
in-process settling switched off, so the journal stays behind exactly as after a kill; the
crash tests with real processes are in tests/hardening/test_no_lost_work.py.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from support import git

from consolidate.core.errors import ConsolidateError, GitFailed, InvalidInput
from consolidate.store import transaction as tx
from consolidate.store.gitrepo import GitRepo, text_blob_id
from consolidate.store.transaction import JOURNAL, RecoveryPending, recover, transaction


class Crash(BaseException):
    """The process dies here."""


@pytest.fixture
def crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the journal is written leaves it, as a kill would."""
    monkeypatch.setattr(tx, "_settle_after", lambda repo, journal, error: None)


def _raise_crash(*args: object, **kwargs: object) -> None:
    raise Crash()


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in (root / "texts").rglob("*")
            if p.is_file()}


def _change(repo: GitRepo, **kwargs: str) -> str:
    with transaction(repo) as change:
        change.write("texts/t/a.txt", "Alpha, amended.\n")
        change.write("texts/new/c.txt", "Gamma.\n")
        change.delete("texts/t/b.txt")
        return change.commit("Change", **kwargs)


def test_a_change_is_its_files_and_one_commit_and_leaves_no_journal(repo: GitRepo):
    head = repo.head_sha()
    commit = _change(repo)
    assert git(repo.root, "rev-parse", "HEAD~1").strip() == head
    assert git(repo.root, "rev-parse", "HEAD").strip() == commit
    assert _files(repo.root) == {"texts/t/a.txt": "Alpha, amended.\n", "texts/new/c.txt": "Gamma.\n"}
    assert git(repo.root, "show", "--name-status", "--format=", "HEAD").split() == [
        "A", "texts/new/c.txt", "M", "texts/t/a.txt", "D", "texts/t/b.txt"]
    assert git(repo.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (repo.git_dir / JOURNAL).exists()
    assert not (repo.git_dir / "index.lock").exists()


def test_the_journal_names_head_the_commit_and_every_file_before_and_after(repo: GitRepo, crash,
                                                                           monkeypatch):
    head = repo.head_sha()
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    journal = json.loads((repo.git_dir / JOURNAL).read_text())
    assert journal["head"] == head and journal["version"] == 2
    assert journal["files"] == {
        "texts/t/a.txt": {"before": text_blob_id("Alpha.\n"), "after": text_blob_id("Alpha, amended.\n")},
        "texts/new/c.txt": {"before": None, "after": text_blob_id("Gamma.\n")},
        "texts/t/b.txt": {"before": text_blob_id("Beta.\n"), "after": None},
    }
    assert journal["folders"] == ["texts/new"]
    # The commit is built before any file is written, and HEAD has not moved.
    assert git(repo.root, "cat-file", "-t", journal["commit"]).strip() == "commit"
    assert repo.head_sha() == head


def test_a_change_killed_before_its_commit_is_undone_by_the_next_command(repo: GitRepo, crash,
                                                                        monkeypatch):
    before = _files(repo.root)
    head = repo.head_sha()
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    assert _files(repo.root) != before  # killed with its files written
    monkeypatch.undo()
    assert recover(GitRepo(repo.root)) is True
    assert _files(repo.root) == before and repo.head_sha() == head
    assert not (repo.root / "texts" / "new").exists()  # the folder it made is gone too
    assert git(repo.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (repo.git_dir / JOURNAL).exists()


def test_a_change_killed_after_its_commit_gets_its_tag_and_index_from_the_next_command(
        repo: GitRepo, crash, monkeypatch):
    original = repo.move_head

    def lands_without_its_tag(new: str, old: str | None, message: str, **kwargs: object) -> None:
        original(new, old, message)
        raise Crash()

    monkeypatch.setattr(repo, "move_head", lands_without_its_tag)
    with pytest.raises(Crash):
        _change(repo, tag="stage-1", tag_message="consolidate stage of text 't'")
    assert git(repo.root, "tag") == ""
    monkeypatch.undo()
    assert recover(GitRepo(repo.root)) is True
    assert git(repo.root, "rev-parse", "stage-1^{commit}") == git(repo.root, "rev-parse", "HEAD")
    assert git(repo.root, "tag", "-l", "--format=%(contents:subject)", "stage-1").strip() == \
        "consolidate stage of text 't'"
    assert git(repo.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert _files(repo.root)["texts/t/a.txt"] == "Alpha, amended.\n"


def test_a_failed_commit_is_rolled_back_at_once(repo: GitRepo, monkeypatch):
    before = _files(repo.root)
    head = repo.head_sha()

    def fails(*args: object, **kwargs: object) -> None:
        raise GitFailed("git update-ref failed: simulated")

    monkeypatch.setattr(repo, "move_head", fails)
    with pytest.raises(GitFailed):
        _change(repo)
    assert _files(repo.root) == before and repo.head_sha() == head
    assert not (repo.git_dir / JOURNAL).exists()
    assert not [p for p in repo.root.rglob("*.tmp")]


def test_a_rollback_that_fails_keeps_its_journal_and_the_next_command_finishes_it(
        repo: GitRepo, monkeypatch):
    before = _files(repo.root)
    head = repo.head_sha()

    def fails(*args: object, **kwargs: object) -> None:
        raise GitFailed("git update-ref failed: No space left on device")

    monkeypatch.setattr(repo, "move_head", fails)
    monkeypatch.setattr(tx, "_WRITES", [0])
    monkeypatch.setenv("CONSOLIDATE_FAULT_ENOSPC", "3")  # the change's 2 writes pass, the undo's fail
    with pytest.raises(RecoveryPending) as raised:
        _change(repo)
    assert "could not be undone" in raised.value.problem.message
    assert "No space left" in raised.value.problem.message
    assert (repo.git_dir / JOURNAL).exists()
    monkeypatch.delenv("CONSOLIDATE_FAULT_ENOSPC")
    monkeypatch.undo()
    assert recover(GitRepo(repo.root)) is True
    assert _files(repo.root) == before and repo.head_sha() == head
    assert not (repo.git_dir / JOURNAL).exists()


def test_recovery_never_overwrites_a_file_changed_since_the_crash(repo: GitRepo, crash,
                                                                 monkeypatch):
    before = _files(repo.root)
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    monkeypatch.undo()
    edited = repo.root / "texts" / "t" / "a.txt"
    edited.write_text("The user's own edit, made after the crash.\n")
    crashed = _files(repo.root)
    with pytest.raises(InvalidInput) as raised:
        recover(GitRepo(repo.root))
    assert raised.value.problem.path == "texts/t/a.txt"
    assert "changed after it was interrupted" in raised.value.problem.message
    assert "git checkout -- texts/t/a.txt" in raised.value.problem.hint
    assert _files(repo.root) == crashed  # nothing was put back, the edit is intact
    assert (repo.git_dir / JOURNAL).exists()
    git(repo.root, "checkout", "--", "texts/t/a.txt")  # what the message says to do
    assert recover(GitRepo(repo.root)) is True
    assert _files(repo.root) == before


@pytest.mark.parametrize("path", ["/tmp/consolidate-outside/x.txt", "../outside.txt",
                                  "texts/../../outside.txt", ".git/config", "texts//a.txt", ""])
def test_a_journal_naming_a_path_outside_the_workspace_is_refused(repo: GitRepo, path: str):
    journal = {"version": 2, "head": repo.head_sha(), "commit": "1" * 40, "tag": "",
               "tag_object": "", "token": "consolidate 1 x", "folders": [],
               "files": {path: {"before": text_blob_id("Alpha.\n"), "after": None}}}
    (repo.git_dir / JOURNAL).write_text(json.dumps(journal))
    config = (repo.git_dir / "config").read_text()
    with pytest.raises(InvalidInput) as raised:
        recover(GitRepo(repo.root))
    assert "cannot be used" in raised.value.problem.message
    assert not Path("/tmp/consolidate-outside").exists()
    assert not (repo.root.parent / "outside.txt").exists()
    assert (repo.git_dir / "config").read_text() == config


def test_a_journal_of_the_old_format_or_garbage_is_refused_and_nothing_is_written(
        repo: GitRepo, tmp_path: Path):
    outside = tmp_path / "victim.txt"
    for planted in (json.dumps({"head": repo.head_sha(), "files": {str(outside): "pwned"}}),
                    "not json", json.dumps([1, 2]), json.dumps({"version": 2})):
        (repo.git_dir / JOURNAL).write_text(planted)
        with pytest.raises(InvalidInput):
            recover(GitRepo(repo.root))
        assert not outside.exists()


def test_a_journal_naming_a_file_behind_a_link_out_of_the_workspace_writes_nothing(
        repo: GitRepo, tmp_path: Path, crash, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("someone else's file\n")
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    monkeypatch.undo()
    # After the crash, texts/t becomes a link to a folder out of the workspace.
    (repo.root / "texts" / "t").rename(tmp_path / "moved")
    (repo.root / "texts" / "t").symlink_to(elsewhere)
    with pytest.raises(InvalidInput):
        recover(GitRepo(repo.root))
    assert (elsewhere / "a.txt").read_text() == "someone else's file\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["a.txt"]


def test_a_hand_edit_is_never_swept_into_a_commit(repo: GitRepo):
    edited = repo.root / "texts" / "t" / "a.txt"
    edited.write_text("Edited by hand.\n")
    head = repo.head_sha()
    with pytest.raises(InvalidInput) as raised, transaction(repo) as change:
        change.write("texts/t/a.txt", "Written by consolidate.\n")
        change.commit("Would sweep the hand edit")
    assert raised.value.problem.path == "texts/t/a.txt"
    assert "not committed" in raised.value.problem.message
    assert edited.read_text() == "Edited by hand.\n" and repo.head_sha() == head
    # A change of another file goes ahead, and leaves the hand edit uncommitted.
    with transaction(repo) as change:
        change.write("texts/t/b.txt", "Beta, amended.\n")
        change.commit("Another file")
    assert git(repo.root, "show", "--name-only", "--format=", "HEAD").split() == ["texts/t/b.txt"]
    assert git(repo.root, "status", "--porcelain").split() == ["M", "texts/t/a.txt"]


def test_writing_what_a_file_already_holds_is_no_hand_edit(repo: GitRepo):
    (repo.root / "texts" / "t" / "a.txt").write_text("Same.\n")
    with transaction(repo) as change:
        change.write("texts/t/a.txt", "Same.\n")
        change.commit("Same")
    assert git(repo.root, "show", "HEAD:texts/t/a.txt") == "Same.\n"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_out(path: Path) -> None:
    path.symlink_to("/etc/hostname")


def _directory(path: Path) -> None:
    path.mkdir()


def _folder_link(path: Path) -> None:
    path.parent.rename(path.parent.with_name("moved"))
    path.parent.symlink_to(path.parent.with_name("moved"))


@pytest.mark.parametrize("make", [_fifo, _link_out, _directory, _folder_link])
def test_a_write_through_a_link_or_onto_a_special_file_is_refused(repo: GitRepo, make, tmp_path):
    target = repo.root / "texts" / "t" / "c.txt"
    make(target)
    head = repo.head_sha()
    with pytest.raises(InvalidInput), transaction(repo) as change:
        change.write("texts/t/c.txt", "Gamma.\n")
        change.commit("Refused")
    assert repo.head_sha() == head and not (repo.git_dir / JOURNAL).exists()
    assert Path("/etc/hostname").read_text() != "Gamma.\n"


def test_a_foreign_index_lock_is_left_alone_by_a_change_and_by_recovery(repo: GitRepo, crash,
                                                                       monkeypatch):
    lock = repo.git_dir / "index.lock"
    lock.write_bytes(b"DIRC a user's git add in progress")
    commit = _change(repo)  # the commit lands; git's index is the user's to write
    assert repo.head_sha() == commit
    assert lock.read_bytes() == b"DIRC a user's git add in progress"
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash), transaction(repo) as change:
        change.write("texts/t/a.txt", "Alpha again.\n")
        change.commit("Killed")
    monkeypatch.undo()
    assert recover(GitRepo(repo.root)) is True
    assert lock.read_bytes() == b"DIRC a user's git add in progress"


def test_an_index_lock_left_by_a_killed_change_is_removed_by_recovery(repo: GitRepo, crash,
                                                                     monkeypatch):
    original = GitRepo.update_index

    def killed_holding_the_lock(self: GitRepo, changes: dict, token: str) -> bool:
        (self.git_dir / "index.lock").write_text(token)
        raise Crash()

    monkeypatch.setattr(GitRepo, "update_index", killed_holding_the_lock)
    with pytest.raises(Crash):
        _change(repo)
    assert (repo.git_dir / "index.lock").exists()
    monkeypatch.setattr(GitRepo, "update_index", original)
    assert recover(GitRepo(repo.root)) is True
    assert not (repo.git_dir / "index.lock").exists()
    assert git(repo.root, "status", "--porcelain", "--untracked-files=all") == ""


def test_temporary_files_of_an_interrupted_write_are_removed(repo: GitRepo, crash, monkeypatch):
    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    monkeypatch.undo()
    leftover = repo.root / "texts" / "t" / ".a.txt.k2j4h5.tmp"
    leftover.write_text("half")
    assert recover(GitRepo(repo.root)) is True
    assert not leftover.exists()


def test_a_branch_moved_by_someone_else_meanwhile_lands_nothing(repo: GitRepo, monkeypatch):
    before = _files(repo.root)
    original = repo.move_head

    def someone_commits_first(*args: object, **kwargs: object) -> None:
        git(repo.root, "commit", "--allow-empty", "-q", "-m", "Someone else's commit")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "move_head", someone_commits_first)
    with pytest.raises(GitFailed):
        _change(repo)
    assert git(repo.root, "log", "-1", "--format=%s").strip() == "Someone else's commit"
    assert _files(repo.root) == before
    assert not (repo.git_dir / JOURNAL).exists()


def test_ctrl_c_at_the_commit_point_finishes_the_change_then_interrupts(repo: GitRepo,
                                                                        monkeypatch):
    original = repo.move_head

    def interrupted(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "move_head", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _change(repo, tag="stage-1", tag_message="consolidate stage of text 't'")
    assert git(repo.root, "rev-parse", "stage-1^{commit}") == git(repo.root, "rev-parse", "HEAD")
    assert git(repo.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (repo.git_dir / JOURNAL).exists()


def test_ctrl_c_while_the_files_are_written_undoes_the_change(repo: GitRepo, monkeypatch):
    before = _files(repo.root)
    head = repo.head_sha()
    original = tx.write_file
    calls = []

    def interrupted_on_the_second(root: Path, rel: str, data: bytes, *more: object) -> None:
        calls.append(rel)
        if len(calls) == 2:
            raise KeyboardInterrupt()
        original(root, rel, data, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(tx, "write_file", interrupted_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        _change(repo)
    assert _files(repo.root) == before and repo.head_sha() == head
    assert not (repo.git_dir / JOURNAL).exists()
    assert not [p for p in repo.root.rglob("*.tmp")]


def test_recovery_waits_for_the_workspace_lock(repo: GitRepo, crash, monkeypatch):
    """A journal is settled only by whoever holds the lock (see test_files for the lock that
    git children inherit)."""
    from consolidate.store.files import workspace_lock

    monkeypatch.setattr(repo, "move_head", _raise_crash)
    with pytest.raises(Crash):
        _change(repo)
    monkeypatch.undo()
    with workspace_lock(repo.git_dir), pytest.raises(ConsolidateError) as raised:
        _other_process_recovers(repo.root)
    assert "locked" in str(raised.value)
    assert (repo.git_dir / JOURNAL).exists()


def _other_process_recovers(root: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        message = pool.apply(_recover_in_child, (str(root),))
    if message:
        raise ConsolidateError(message)


def _recover_in_child(root: str) -> str:
    from consolidate.store import files

    files.LOCK_TIMEOUT_SECONDS = 0.3
    try:
        recover(GitRepo(Path(root)))
    except ConsolidateError as error:
        return str(error)
    return ""


def test_a_small_change_syncs_its_files_and_folders_a_large_one_everything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Durable before HEAD names them, without flushing what other programs wrote."""
    synced: list[str] = []
    everything: list[bool] = []
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{handle}"))
        real_fsync(handle)

    monkeypatch.setattr(tx.os, "fsync", fsync)
    monkeypatch.setattr(tx.os, "sync", lambda: everything.append(True))
    repo = GitRepo.init(tmp_path)
    with transaction(repo) as change:
        change.write("amendments/t/am-1.patch", "one")
        change.write("texts/t/p1.txt", "text")
        change.commit("small")
    written = ("amendments/t/am-1.patch", "texts/t/p1.txt")
    folders = ("amendments/t", "amendments", "texts/t", "texts")
    assert {str(tmp_path / p) for p in written + folders} | {str(tmp_path)} <= set(synced)
    assert not everything
    synced.clear()
    with transaction(repo) as change:
        for n in range(100):
            change.write(f"amendments/t/am-{n}.patch", f"{n}")
        change.commit("large")
    assert everything == [True]
    assert not [p for p in synced if "/amendments/t/am-" in p]
