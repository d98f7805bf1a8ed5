"""Messages a clerk reads: a "To fix" line that is a fix (or none), singular and plural,
decided votes without "if adopted", unknown clauses answered with the nearest ids, `init` on
a workspace saying so, a path that is not a workspace shown absolute."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hardening.kit import fake_git
from support import cli, ok

from consolidate.core.wording import counted


def test_a_refused_decision_gives_a_fix_or_no_to_fix_line(shipped: Path):
    out = cli(shipped, "withdraw", "1")
    assert "AM 1 (am-001) is adopted: only an amendment that is draft or tabled can be " \
           "withdrawn" in out.stderr
    assert "To fix: to take the decision back: `consolidate undo 1`" in out.stderr
    out = cli(shipped, "adopt", "14")  # a draft
    assert "To fix: table it first (`consolidate table 14`)" in out.stderr
    out = cli(shipped, "table", "10")  # tabled already: nothing to fix
    assert out.returncode == 2 and "AM 10 (am-010) is tabled" in out.stderr
    assert "To fix" not in out.stderr


def test_counts_are_singular_or_plural():
    assert counted(1, "amendment") == "1 amendment"
    assert counted(2, "amendment") == "2 amendments"
    assert counted(0, "moved passage") == "0 moved passages"


def test_a_batch_with_one_unknown_field_says_field(shipped: Path, tmp_path: Path):
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"clause": "p10", "proposed": "x", "colour": "red"}\n', encoding="utf-8")
    out = cli(shipped, "amend", "--batch", str(batch))
    assert out.returncode == 2 and "unknown field colour" in out.stderr


def test_the_voting_list_says_fell_for_decided_votes(shipped: Path):
    out = ok(cli(shipped, "votelist"))
    line = next(line for line in out.splitlines() if " AM 2 " in line)
    assert line.endswith("— AM 3 fell") and "if adopted" not in line
    assert "— if adopted, AM 12 falls" in out  # AM 13 is still to be voted
    ok(cli(shipped, "reject", "13"))
    line = next(line for line in ok(cli(shipped, "votelist")).splitlines() if " AM 13 " in line)
    assert "fall" not in line


def test_an_unknown_clause_is_answered_with_the_nearest_ids(shipped: Path):
    out = cli(shipped, "amend", "--clause", "P10", "--proposed", "-", input="x")
    assert out.returncode == 2 and "did you mean 'p10'" in out.stderr
    out = cli(shipped, "amend", "--insert-after", "p1l", "--proposed", "-", input="x")
    assert out.returncode == 2 and "there is no clause 'p1l' to insert next to" in out.stderr
    assert "To fix: did you mean 'p1'" in out.stderr


def test_init_on_an_existing_workspace_says_so(shipped: Path, tmp_path: Path):
    out = ok(cli(None, "init", str(shipped)))
    assert out.strip() == f"{shipped} is already a consolidate workspace: nothing to do"
    fresh = tmp_path / "fresh"
    assert "Initialised a consolidate workspace in" in ok(cli(None, "init", str(fresh)))


def test_a_directory_that_is_not_a_workspace_is_named_by_its_absolute_path(tmp_path: Path):
    (tmp_path / "plain").mkdir()
    out = cli(Path("plain"), "list", cwd=tmp_path)
    assert out.returncode == 2
    assert f"{(tmp_path / 'plain').resolve()} is not a consolidate workspace" in out.stderr


def test_a_bare_repository_or_a_git_message_in_another_language_is_still_no_workspace(
        tmp_path: Path):
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "bare.git")], check=True)
    out = cli(tmp_path / "bare.git", "list", env={"LANG": "de_DE.UTF-8", "LC_ALL": ""})
    assert out.returncode == 2
    assert "bare.git is not a consolidate workspace" in out.stderr


def test_a_git_that_fails_while_the_workspace_is_found_is_not_taken_for_no_workspace(
        seed_workspace: Path, tmp_path: Path):
    env = fake_git(tmp_path / "bin", 'if [ "$SUB" = rev-parse ]; then '
                                     "echo 'fatal: simulated failure' >&2; exit 1; fi")
    out = cli(seed_workspace, "list", env=env)
    assert out.returncode == 2
    assert "simulated failure" in out.stderr and "not a consolidate workspace" not in out.stderr


def test_a_git_that_fails_on_a_revision_is_not_taken_for_a_wrong_name(seed_workspace: Path,
                                                                        tmp_path: Path):
    env = fake_git(tmp_path / "bin", 'case "$*" in *stage-x*) '
                                     "echo 'fatal: simulated failure' >&2; exit 128;; esac")
    out = cli(seed_workspace, "redline", "--from", "stage-x", env=env)
    assert out.returncode == 2
    assert "simulated failure" in out.stderr and "not a revision" not in out.stderr
    out = cli(seed_workspace, "redline", "--from", "stage-y")
    assert out.returncode == 2 and "'stage-y' is not a revision of this workspace" in out.stderr
