"""The git layer: commits of exactly the paths written, whatever their number or message."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hardening.kit import fake_git

from consolidate.core.errors import GitFailed, InvalidInput
from consolidate.store import gitrepo as gitrepo_module
from consolidate.store.gitrepo import GitRepo, TreeEntry, text_blob_id


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def test_commit_takes_a_message_longer_than_a_command_line_argument(tmp_path: Path):
    repo = GitRepo.init(tmp_path)
    (tmp_path / "a.txt").write_text("a")
    message = "Adopt AM 1\n\n" + "AM 2 fallen: " + "words " * 40_000  # about 240 KB
    repo.commit(["a.txt"], message)
    assert _git(tmp_path, "log", "-1", "--format=%B").strip() == message.strip()


def test_commit_takes_thousands_of_paths_and_only_those(tmp_path: Path):
    repo = GitRepo.init(tmp_path)
    names = [f"amendments/t/am-{i:05d}-{'x' * 60}.patch" for i in range(3000)]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    (tmp_path / "other.txt").write_text("not mine")
    repo.commit(names, "Table 3000 amendments")
    committed = _git(tmp_path, "ls-files").split()
    assert len(committed) == 3000 and "other.txt" not in committed
    assert _git(tmp_path, "status", "--porcelain").strip() == "?? other.txt"


def test_blob_id_is_gits(tmp_path: Path):
    (tmp_path / "f").write_text("Призывает государства;\n", encoding="utf-8")
    expected = subprocess.run(["git", "hash-object", str(tmp_path / "f")], capture_output=True,
                              text=True, check=True).stdout.strip()
    assert text_blob_id("Призывает государства;\n") == expected


def test_commit_without_a_git_identity_uses_the_documented_fallback(tmp_path: Path, monkeypatch):
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    root = tmp_path / "ws"
    repo = GitRepo.init(root)
    (root / "a.txt").write_text("a")
    repo.commit(["a.txt"], "First")
    assert _git(root, "log", "-1", "--format=%an <%ae>").strip() == "consolidate <consolidate@localhost>"


def test_dirty_paths_compare_the_working_tree_with_head_without_git_status(tmp_path: Path):
    repo = GitRepo.init(tmp_path)
    for name in ("a", "b", "c"):
        (tmp_path / "texts" / f"{name}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "texts" / f"{name}.txt").write_text(name)
    repo.commit(["texts/a.txt", "texts/b.txt", "texts/c.txt"], "First")
    assert repo.dirty_paths("texts") == []
    (tmp_path / "texts" / "a.txt").write_text("changed")
    (tmp_path / "texts" / "b.txt").unlink()
    (tmp_path / "texts" / "new.txt").write_text("new")
    (tmp_path / "texts" / "new.swp").write_text("editor")
    (tmp_path / ".gitignore").write_text("*.swp\n")
    os.mkfifo(tmp_path / "texts" / "pipe.txt")
    assert repo.dirty_paths("texts") == ["texts/a.txt", "texts/b.txt", "texts/new.txt",
                                         "texts/pipe.txt"]
    # Touching a file without changing it is no change (git status would agree).
    (tmp_path / "texts" / "c.txt").write_text("c")
    assert "texts/c.txt" not in repo.dirty_paths("texts")


def test_a_clean_filter_and_a_monitor_named_by_the_repository_never_run(tmp_path: Path):
    repo = GitRepo.init(tmp_path)
    marker = tmp_path.parent / f"{tmp_path.name}-marker"
    _git(tmp_path, "config", "filter.evil.clean", f"touch {marker}; cat")
    _git(tmp_path, "config", "filter.evil.process", f"touch {marker}")
    _git(tmp_path, "config", "core.fsmonitor", f"touch {marker}")
    (tmp_path / ".gitattributes").write_text("* filter=evil\n")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("a\n")
    repo.commit(["texts/a.txt"], "First")
    (tmp_path / "texts" / "a.txt").write_text("b\n")
    assert repo.dirty_paths("texts") == ["texts/a.txt"]
    assert not marker.exists()
    # What was committed is the file as it is, not what a filter would make of it.
    assert _git(tmp_path, "cat-file", "blob", "HEAD:texts/a.txt") == "a\n"


# -- a git that fails is never a "no" -------------------------------------------------------------

def test_a_git_that_fails_is_not_taken_for_a_missing_head_or_ref(repo: GitRepo, tmp_path: Path,
                                                                 monkeypatch):
    """rev-parse, merge-base --is-ancestor and check-ignore answer "no" by exiting 1 in
    silence; a git that fails otherwise must be an error, or a check would see every file as
    new and recovery would undo a change that landed."""
    head = repo.head_sha()
    assert head is not None and repo.ref_id("refs/tags/none") is None
    assert repo.is_ancestor(head, head) and repo.dirty_paths("texts") == []
    monkeypatch.setenv("PATH", fake_git(tmp_path / "bin", (
        "case \"$SUB\" in rev-parse|merge-base|check-ignore) "
        "echo 'fatal: simulated failure' >&2; exit 1;; esac"))["PATH"])
    for ask in (repo.head_sha, lambda: repo.ref_id("refs/tags/none"),
                lambda: repo.is_ancestor(head, head), lambda: repo.dirty_paths("texts")):
        with pytest.raises(GitFailed, match="simulated failure"):
            ask()


def test_an_empty_repository_has_no_head(tmp_path: Path):
    assert GitRepo.init(tmp_path / "new").head_sha() is None


def test_a_tree_and_a_merge_commit_keep_the_modes_given(repo: GitRepo):
    head = repo.head_sha()
    assert head is not None
    run, link = repo.store_blobs([b"#!/bin/sh\n", b"a.txt"])
    tree = repo.build_tree(head, {"bin/run": TreeEntry("blob", run, "100755"),
                                  "texts/t/link": TreeEntry("blob", link, "120000"),
                                  "texts/t/b.txt": None})
    side = repo.build_commit(tree, head, "side")
    merge = repo.build_commit(tree, [head, side], "merge")
    listing = repo.ls_tree(merge, "", recursive=True)
    assert listing["bin/run"].mode == "100755" and listing["texts/t/link"].mode == "120000"
    assert "texts/t/b.txt" not in listing and repo.head_sha() == head  # HEAD did not move
    parents = repo.text("rev-list", "--parents", "-n", "1", merge).split()[1:]
    assert parents == [head, side]


@pytest.mark.parametrize("named", [64, 0], ids=["paths named", "folders listed"])
def test_ids_in_answers_as_looking_each_path_up_in_the_commit_does(
        tmp_path: Path, named: int, monkeypatch: pytest.MonkeyPatch):
    """One ls-tree of the paths (or of their folders, for many paths) gives every path's blob
    id, as `git cat-file HEAD:path` does path by path: files, a missing file, a missing
    folder, a folder, a link, names that would be patterns, non-ASCII names, a file at the
    top, a path under a file."""
    monkeypatch.setattr(gitrepo_module, "_NAMED_PATHS", named)
    repo = GitRepo.init(tmp_path)
    files = ["top.txt", "a/one.patch", "a/two.patch", "a/*.patch", "a/[x].patch", "a/é.patch",
             "a b/c d.txt", "deep/er/still.txt"]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    os.symlink("one.patch", tmp_path / "a/link.patch")
    repo.commit([*files, "a/link.patch"], "files")
    asked = [*files, "a/link.patch", "a/missing.patch", "nowhere/x.patch", "a", "deep/er",
             "top.txt/under", "a/one.patch", "missing-top"]
    expected = {}
    for path in asked:
        line = subprocess.run(["git", "-C", str(tmp_path), "cat-file",
                               "--batch-check=%(objectname) %(objecttype)"],
                              input=f"HEAD:{path}\n", capture_output=True, text=True,
                              check=True).stdout
        sha, _, kind = line.strip().partition(" ")
        expected[path] = sha if kind == "blob" else None
    assert repo.ids_in(repo.head_sha(), asked) == expected
    assert sum(sha is not None for sha in expected.values()) == len(files) + 1
    assert GitRepo.init(tmp_path / "empty").ids_in(None, ["a/b"]) == {"a/b": None}


ODD_PATHS = ["texts/t/plain.txt", 'texts/t/quote"d.txt', "texts/t/back\\slash.txt",
             "texts/t/new\nline.txt", "texts/t/tab\there.txt", "texts/t/é ü 条.txt",
             '"starts with a quote.txt', "texts/t/\x7fdel.txt"]


def test_a_change_in_one_process_is_the_tree_and_commit_of_the_index_route(tmp_path: Path):
    """commit_change (fast-import) gives the tree that a temporary index gives for the same
    files, with commit-tree's identities and message, whatever the paths hold."""
    repo = GitRepo.init(tmp_path)
    first = repo.commit_change(None, {p: p.encode() for p in ODD_PATHS}, "first\n")
    second_files = {ODD_PATHS[0]: b"changed", ODD_PATHS[1]: None, "never/there.txt": None,
                    "amendments/t/am-1.patch": b"x\0y"}
    second = repo.commit_change(first, second_files, "Adopt AM 1 \u00e9\n\nbody")
    ids = {p: text_blob_id(p) for p in ODD_PATHS} | {
        ODD_PATHS[0]: text_blob_id("changed"), ODD_PATHS[1]: None,
        "amendments/t/am-1.patch": text_blob_id("x\0y")}
    repo.store_blobs([b"changed", b"x\0y", *(p.encode() for p in ODD_PATHS)])
    by_index = repo.build_tree(None, {p: sha for p, sha in ids.items() if sha})
    assert _git(tmp_path, "rev-parse", f"{second}^{{tree}}").strip() == by_index
    assert _git(tmp_path, "rev-parse", f"{second}^").strip() == first
    assert _git(tmp_path, "rev-list", "--count", first).strip() == "1"  # a first commit
    assert _git(tmp_path, "log", "-1", "--format=%B", second) == "Adopt AM 1 \u00e9\n\nbody\n"
    by_commit_tree = repo.build_commit(by_index, first, "same")
    assert _git(tmp_path, "log", "-1", "--format=%an <%ae>|%cn <%ce>", second) == \
        _git(tmp_path, "log", "-1", "--format=%an <%ae>|%cn <%ce>", by_commit_tree)


def test_a_first_commit_has_no_parent_whatever_a_change_that_never_landed_left(tmp_path: Path):
    repo = GitRepo.init(tmp_path)
    stray = repo.commit_change(None, {"a.txt": b"a"}, "never landed")
    assert _git(tmp_path, "rev-parse", "refs/consolidate/pending").strip() == stray
    first = repo.commit_change(None, {"b.txt": b"b"}, "first")
    assert _git(tmp_path, "rev-list", "--count", first).strip() == "1"
    repo.move_head(first, None, "first")
    assert repo.head_sha() == first
    assert "refs/consolidate/pending" not in _git(tmp_path, "for-each-ref")  # dropped with it
    assert _git(tmp_path, "ls-tree", "-r", "--name-only", "HEAD").split() == ["b.txt"]


def test_a_name_git_would_refuse_stops_the_commit_with_gits_reason(tmp_path: Path,
                                                                   monkeypatch):
    for variable in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(variable, raising=False)
    repo = GitRepo.init(tmp_path)
    _git(tmp_path, "config", "user.name", "...")
    with pytest.raises(InvalidInput) as refused:
        repo.commit_change(None, {"a.txt": b"a"}, "first")
    assert "disallowed characters" in str(refused.value) and "user.name" in str(refused.value)
    assert "refs/consolidate/pending" not in _git(tmp_path, "for-each-ref")
