"""A read command asks git only what it needs: HEAD once, and the history only when the text
has a stage (each git process costs milliseconds of every command)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli

from consolidate.store import gitrepo


@pytest.fixture
def git_commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The git subcommands (and their arguments) the command runs, in order."""
    seen: list[list[str]] = []
    execute = gitrepo.GitRepo._execute

    def recorded(self, args, stdin, env, index):  # type: ignore[no-untyped-def]
        seen.append(list(args))
        return execute(self, args, stdin, env, index)

    monkeypatch.setattr(gitrepo.GitRepo, "_execute", recorded)
    return seen


def _heads(commands: list[list[str]]) -> list[list[str]]:
    return [c for c in commands if c[0] == "rev-parse" and any("HEAD" in a for a in c)]


@pytest.mark.parametrize("args", [("check",), ("list", "--json"), ("votelist", "--json")])
def test_a_read_command_resolves_head_once_and_reads_no_history_without_a_stage(
        shipped: Path, git_commands: list[list[str]], args: tuple[str, ...]) -> None:
    # The shipped text has rejected and fallen amendments: whether they were settled at an
    # earlier stage is asked (there is none).
    cli(shipped, *args, codes=[0, 1])
    assert len(_heads(git_commands)) == 1, git_commands
    assert not [c for c in git_commands if c[0] == "log"], git_commands


def test_with_a_stage_the_history_is_read_at_the_commit_the_files_were_read_at(
        shipped: Path, git_commands: list[list[str]]) -> None:
    assert "am-006" in cli(shipped, "votelist", "--json", codes=[0]).stdout  # rejected
    cli(shipped, "promote", "--tag", "committee", codes=[0])
    git_commands.clear()
    out = cli(shipped, "votelist", "--json", codes=[0])
    heads = _heads(git_commands)
    logs = [c for c in git_commands if c[0] == "log"]
    assert len(heads) == 1 and logs, git_commands
    head = heads[0]
    assert head[-1] == "HEAD^{commit}"
    # The history is read from the commit id HEAD named, not from HEAD again.
    assert all("HEAD" not in " ".join(c) for c in logs), logs
    # Rejected at the earlier stage: not on this stage's voting list.
    assert "am-006" not in out.stdout
