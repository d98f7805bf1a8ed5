"""Many clerks, many clones: tabling merges without conflict, `sync` integrates, reconciles
numbers, says what people must decide, and survives a remote that moves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from support import cli as run
from support import git, git_run, ok, validate_json

from .conftest import TEXT, amendments, clause, table

WORKER = Path(__file__).with_name("worker.py")


def numbers(workspace: Path) -> Counter[str]:
    return Counter(str(a["number"]) for a in amendments(workspace).values())


def remote_patches(bare: Path) -> set[str]:
    listing = git(bare, "ls-tree", "--name-only", "HEAD", f"amendments/{TEXT}/")
    return {Path(p).stem for p in listing.split() if p.endswith(".patch")}


def sync(workspace: Path) -> str:
    return ok(run(workspace, "sync"))


@pytest.mark.parametrize("each", [10, pytest.param(25, marks=pytest.mark.slow)])
def test_four_clones_table_in_parallel_and_end_with_one_workspace(clones, each: int):
    bare, made = clones(4)
    shipped = remote_patches(bare)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    outputs = [clone.parent / f"ids{i}.json" for i, clone in enumerate(made)]
    workers = [subprocess.Popen([sys.executable, str(WORKER), str(clone), str(i), str(out),
                                 str(each)],
                                env=env, stderr=subprocess.PIPE, text=True)
               for i, (clone, out) in enumerate(zip(made, outputs))]
    for worker in workers:
        _, errors = worker.communicate(timeout=600)
        assert worker.returncode == 0, errors
    for _ in range(2):  # a last round: everyone has everything
        for clone in made:
            sync(clone)
    results = [json.loads(out.read_text()) for out in outputs]
    tabled = [i for result in results for i in result["tabled"]]
    assert len(tabled) == len(set(tabled)) == 4 * each
    assert remote_patches(bare) == shipped | set(tabled)
    trees = {git(clone, "rev-parse", "HEAD^{tree}").strip() for clone in made}
    assert trees == {git(bare, "rev-parse", "HEAD^{tree}").strip()}
    builds = {ok(run(clone, "build", "--format", "json")) for clone in made}
    assert len(builds) == 1
    counts = numbers(made[0])
    assert all(count == 1 for count in counts.values()), counts.most_common(3)
    listed = amendments(made[0])
    assert not any(a.get("provisional") for a in listed.values())
    (adopted,) = results[0]["adopted"].items()
    assert listed[adopted[0]]["number"] == adopted[1] and listed[adopted[0]]["status"] == "adopted"
    for repo in (bare, *made):
        git(repo, "fsck", "--strict", "--no-progress")
    for clone in made:
        assert git(clone, "status", "--porcelain") == ""


def test_plain_git_pull_and_push_while_tabling_never_conflict(clones):
    _, (one, two) = clones(2)
    first = table(one, "p12", "Encourages", "Urges")
    second = table(two, "p12", "Encourages", "Invites", "Ms Eva LUND (Sweden)")
    third = table(two, "p13", "Calls", "Asks", "Ms Eva LUND (Sweden)")
    git(one, "push", "-q")
    git(two, "pull", "-q", "--no-rebase", "--no-edit")
    git(two, "push", "-q")
    fourth = table(one, "p11", "ratify", "sign and ratify")
    git(one, "pull", "-q", "--rebase")
    git(one, "push", "-q")
    git(two, "pull", "-q", "--no-rebase", "--no-edit")
    for clone in (one, two):
        assert git(clone, "status", "--porcelain") == ""
        listed = run(clone, "list")
        assert listed.returncode == 0, listed.output
        assert "provisional number" in listed.stderr  # a shared number, until reconciled
        assert {first, second, third, fourth} <= set(amendments(clone))
    assert run(one, "check").returncode == 0
    shared = amendments(one)[first]["number"]
    refused = run(one, "show", str(shared))
    assert refused.returncode == 2 and "provisional number of several" in refused.stderr
    sync(one)
    sync(two)
    assert all(count == 1 for count in numbers(two).values())
    assert git(one, "rev-parse", "HEAD^{tree}") != ""


def test_a_duplicate_number_written_by_hand_is_still_refused(clones):
    _, (one,) = clones(1)
    path = one / "amendments" / TEXT / "am-012.patch"
    path.write_text(path.read_text().replace("Number: 12", "Number: 13"))
    result = run(one, "list")
    assert result.returncode == 2 and "amendment number 13 is used by" in result.stderr


def test_decisions_on_different_amendments_integrate_silently(clones):
    _, (one, two) = clones(2)
    ok(run(one, "adopt", "13"))  # AM 12 falls with it
    ok(run(two, "reject", "10", "11"))
    sync(one)
    sync(two)
    statuses = {a["number"]: a["status"] for a in amendments(two).values()}
    assert (statuses["13"], statuses["12"], statuses["10"], statuses["11"]) == (
        "adopted", "fallen", "rejected", "rejected")


def _refused_sync(workspace: Path) -> str:
    head = git(workspace, "rev-parse", "HEAD")
    result = run(workspace, "sync")
    assert result.returncode == 1, result.stdout + result.stderr
    assert git(workspace, "rev-parse", "HEAD") == head  # nothing changed here
    assert git(workspace, "status", "--porcelain") == ""
    for path in (workspace / "amendments" / TEXT).glob("*.patch"):
        assert "<<<<<<<" not in path.read_text()
    return result.stderr


def test_one_amendment_decided_differently_in_two_clones_needs_a_person(clones):
    _, (one, two) = clones(2)
    ok(run(one, "reject", "13"))
    ok(run(two, "withdraw", "13"))
    sync(one)
    message = _refused_sync(two)
    assert "AM 13 (am-013) was withdrawn" in message and "here" in message
    data = validate_json(run(two, "sync", "--json"), "sync")
    assert not data["ok"] and data["problems"] and not data["sent"]
    assert "rejected" in message and "on origin" in message


def test_a_withdrawal_here_of_what_was_adopted_there_needs_a_person(clones):
    _, (one, two) = clones(2)
    ok(run(one, "adopt", "10"))  # AM 11 is identical: adopted with it
    ok(run(two, "withdraw", "10"))
    sync(one)
    message = _refused_sync(two)
    assert "AM 10 (am-010) was withdrawn" in message and "adopted" in message


def test_colliding_adoptions_in_two_clones_need_a_person_and_say_which_came_second(clones):
    _, (one, two) = clones(2)
    mine = table(one, "p16", "Internet service providers", "online service providers")
    theirs = table(two, "p16", "Internet service providers", "network operators",
                   "Ms Eva LUND (Sweden)")
    ok(run(one, "adopt", mine))
    ok(run(two, "adopt", theirs))
    sync(one)
    message = _refused_sync(two)
    assert f"({theirs}), adopted here, collides with" in message
    assert f"({mine}), adopted on origin" in message
    assert "came second" in message


def test_two_clones_syncing_at_the_same_moment_both_land(clones):
    bare, (one, two) = clones(2)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nsleep 1\n")  # holds each push, so that the two overlap
    hook.chmod(0o755)
    mine = table(one, "p12", "Encourages", "Urges")
    theirs = table(two, "p13", "Calls", "Asks", "Ms Eva LUND (Sweden)")
    results: list[subprocess.CompletedProcess[str]] = []

    def push(clone: Path) -> None:
        results.append(subprocess.run([sys.executable, "-m", "consolidate", "-C", str(clone),
                                       "sync"], capture_output=True, text=True, timeout=120))

    threads = [threading.Thread(target=push, args=(clone,)) for clone in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert {mine, theirs} <= remote_patches(bare)


def test_an_unreachable_remote_has_its_own_exit_code_and_loses_nothing(clones):
    _, (one,) = clones(1)
    mine = table(one, "p12", "Encourages", "Urges")
    git(one, "remote", "set-url", "origin", str(one.parent / "gone.git"))
    result = run(one, "sync")
    assert result.returncode == 3 and "cannot fetch from 'origin'" in result.stderr
    assert mine in amendments(one) and git(one, "status", "--porcelain") == ""


def test_a_file_left_with_conflict_markers_says_what_to_run(clones):
    _, (one, two) = clones(2)
    ok(run(one, "reject", "13"))
    ok(run(two, "withdraw", "13"))
    sync(one)
    git_run(two, "pull", "-q", "--no-rebase", "--no-edit")  # stops on the conflict
    result = run(two, "list")
    assert result.returncode == 2
    assert "am-013.patch" in result.stderr and "conflict markers" in result.stderr
    assert "git merge --abort" in result.stderr and "consolidate sync" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_numbers_are_final_once_shared(clones):
    _, (one, two) = clones(2)
    mine = table(one, "p12", "Encourages", "Urges")
    assert amendments(one)[mine]["provisional"] is True
    assert "15*" in ok(run(one, "list"))
    sync(one)
    assert amendments(one)[mine]["provisional"] is False
    theirs = table(two, "p12", "Encourages", "Invites", "Ms Eva LUND (Sweden)")
    assert amendments(two)[theirs]["number"] == "15"  # it did not know of AM 15 yet
    data = validate_json(run(two, "sync", "--json"), "sync")
    assert data["ok"] and data["sent"]
    assert data["renumbered"] == [{"id": theirs, "from": "15", "to": "16"}]
    assert amendments(two)[mine]["number"] == "15"  # published first: it keeps its number
    sync(one)
    assert amendments(one)[theirs]["number"] == "16"
    assert clause(one, "p12") == clause(two, "p12")


def test_a_decision_makes_a_provisional_number_final(clones):
    _, (one,) = clones(1)
    mine = table(one, "p12", "Encourages", "Urges")
    assert amendments(one)[mine]["provisional"] is True
    ok(run(one, "adopt", mine))
    adopted = amendments(one)[mine]
    assert adopted["provisional"] is False and adopted["status"] == "adopted"
    assert "Provisional" not in (one / "amendments" / TEXT / f"{mine}.patch").read_text()


def _commit_edit(workspace: Path, path: str, old: str, new: str) -> None:
    file = workspace / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    git(workspace, "commit", "-qam", f"Edit {path}")


def test_other_files_changed_on_both_sides_merge_by_lines(clones):
    _, (one, two) = clones(2)
    toml = f"texts/{TEXT}/text.toml"
    _commit_edit(one, toml, '"Original: ENGLISH"', '"Original: ENGLISH (corrected)"')
    _commit_edit(two, toml, '"ASTANA, 29 JUNE - 3 JULY 2008"', '"ASTANA, 29 JUNE - 4 JULY 2008"')
    sync(one)
    sync(two)
    merged = (two / toml).read_text(encoding="utf-8")
    assert "ENGLISH (corrected)" in merged and "4 JULY 2008" in merged
    ok(run(two, "check"))


def test_a_clause_changed_on_both_sides_in_the_same_place_needs_a_person(clones):
    _, (one, two) = clones(2)
    path = f"texts/{TEXT}/p12.txt"
    _commit_edit(one, path, "Encourages", "Urges")
    _commit_edit(two, path, "Encourages", "Invites")
    head = git(two, "rev-parse", "HEAD")
    sync(one)
    message = _refused_sync(two)
    assert f"{path} was changed here and on origin, in the same place" in message
    assert git(two, "rev-parse", "HEAD") == head and git(two, "status", "--porcelain") == ""
    assert "Invites" in clause(two, "p12")
