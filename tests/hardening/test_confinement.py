"""Nothing the workspace contains directs a read or a write outside it, and no file type makes a
command hang or crash: links (to files and to folders), a planted journal, FIFOs, folders where
files belong, clause files that text.toml does not list.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from support import cli, git, process, separate_amendments, table

from consolidate.app import exporting
from consolidate.core.errors import InvalidInput
from consolidate.store.workspace import Workspace

from .test_no_lost_work import _state

JOURNAL = ".git/consolidate-journal.json"


def run(workspace: Path, *args: str) -> tuple[int, str]:
    """Exit code and output (stdout and stderr) of a command, which never shows a traceback."""
    outcome = cli(workspace, *args)
    assert "Traceback" not in outcome.stderr
    return outcome.returncode, outcome.output


@pytest.fixture
def workspace(seed_workspace: Path) -> Path:
    return seed_workspace


@pytest.fixture
def tabled(workspace: Path) -> Path:
    table(workspace, separate_amendments(workspace, 3))
    return workspace


def _amendment_file(workspace: Path, number: str) -> str:
    """The path of the amendment file with this number (ids are random)."""
    for path in sorted((workspace / "amendments" / "seed").glob("*.patch")):
        if f"\nNumber: {number}\n" in path.read_text():
            return path.relative_to(workspace).as_posix()
    raise AssertionError(f"no amendment {number}")


# -- a planted journal ----------------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["current", "old"])
def test_a_planted_journal_naming_paths_outside_makes_no_command_write_them(tabled: Path,
                                                                           tmp_path: Path, shape):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    head = git(tabled, "rev-parse", "HEAD").strip()
    paths = [str(victim), "../victim.txt", "../../victim.txt", str(tmp_path / "new.txt")]
    if shape == "current":
        blob = git(tabled, "rev-parse", "HEAD:texts/seed/p1.txt").strip()
        planted = {"version": 2, "head": head, "commit": "1" * 40, "tag": "", "tag_object": "",
                   "token": "consolidate 1 x", "folders": [],
                   "files": {p: {"before": blob, "after": None} for p in paths}}
    else:  # the journal of earlier versions: path -> content
        planted = {"head": head, "files": {p: "pwned\n" for p in paths}, "tag": ""}
    (tabled / JOURNAL).write_text(json.dumps(planted))
    before = _state(tabled)
    code, output = run(tabled, "list")
    assert code == 2
    assert "consolidate-journal.json" in output and "cannot be used" in output
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "new.txt").exists()
    assert _state(tabled) == before


# -- links out of the workspace --------------------------------------------------------------------

def test_a_committed_link_never_directs_an_export_out_of_the_workspace(workspace: Path,
                                                                      tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (workspace / "out").mkdir()
    (workspace / "out" / "seed.txt").symlink_to(victim)
    git(workspace, "add", "-f", "out/seed.txt")
    git(workspace, "commit", "-q", "-m", "A link")
    for typed in (exporting.default_path("seed", "text"), str(workspace / "out" / "seed.txt")):
        with pytest.raises(InvalidInput, match="symbolic link"):
            exporting.write(b"consolidated", exporting.resolve(workspace, typed))
    assert victim.read_text() == "precious\n"
    # A folder link on the way is refused too; a path the user names outside is theirs.
    shutil.rmtree(workspace / "out")
    (workspace / "out").symlink_to(tmp_path)
    with pytest.raises(InvalidInput, match="symbolic link"):
        exporting.write(b"x", exporting.resolve(workspace, "out/victim.txt"))
    assert victim.read_text() == "precious\n"
    exporting.write(b"mine\n", exporting.resolve(workspace, str(tmp_path / "mine.txt")))
    assert (tmp_path / "mine.txt").read_text() == "mine\n"


def test_the_command_line_writes_where_the_user_says(workspace: Path, tmp_path: Path):
    """--output is the user's own choice: a link the user names is followed (docs)."""
    target = tmp_path / "real.txt"
    (tmp_path / "link.txt").symlink_to(target)
    assert run(workspace, "build", "-o", str(tmp_path / "link.txt"))[0] == 0
    assert target.read_text().strip()


@pytest.mark.parametrize("folder", ["amendments/seed", "texts/seed", "texts", "amendments"])
def test_a_folder_link_out_of_the_workspace_is_refused_for_reads(tabled: Path, tmp_path: Path,
                                                                 folder: str):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(tabled / folder), str(elsewhere))
    (tabled / folder).symlink_to(elsewhere)
    for command in (("list",), ("check",), ("build",)):
        code, output = run(tabled, *command)
        assert code == 2, output
        assert "leads outside the workspace" in output and folder in output


def test_a_write_through_a_folder_link_inside_the_workspace_is_refused(tabled: Path):
    shutil.move(str(tabled / "amendments" / "seed"), str(tabled / "amendments" / "real"))
    (tabled / "amendments" / "seed").symlink_to("real")
    head = git(tabled, "rev-parse", "HEAD")
    code, output = run(tabled, "adopt", "1")
    assert code == 2 and "symbolic link" in output
    assert git(tabled, "rev-parse", "HEAD") == head


def test_files_that_are_links_inside_the_workspace_are_read_through_them(tabled: Path):
    before = run(tabled, "build", "--format", "json")
    clause, amendment = tabled / "texts" / "seed" / "p5.txt", tabled / _amendment_file(tabled, "2")
    for path in (clause, amendment):  # the file moves to a folder of its own; a link stays
        (tabled / "kept").mkdir(exist_ok=True)
        shutil.move(str(path), str(tabled / "kept" / path.name))
        path.symlink_to(Path("..") / ".." / "kept" / path.name)
    assert run(tabled, "build", "--format", "json") == before


def test_a_listed_file_that_became_a_link_out_since_the_listing_is_refused(tabled: Path,
                                                                           tmp_path: Path):
    clause = tabled / "texts" / "seed" / "p5.txt"
    (tmp_path / "secret.txt").write_text("not the workspace's\n", encoding="utf-8")
    clause.unlink()
    clause.symlink_to(tmp_path / "secret.txt")
    workspace = Workspace(tabled)
    with pytest.raises(InvalidInput, match="leads outside the workspace"):
        workspace._read_listed(clause, "texts/seed/p5.txt", False)  # listed as a plain file


# -- file types ------------------------------------------------------------------------------------

def _cli_with_timeout(workspace: Path, *args: str):  # a real process: a hang is a timeout
    return process(workspace, *args, timeout=120)


def test_a_fifo_named_like_a_clause_is_refused_and_nothing_hangs(tabled: Path):
    clause = tabled / "texts" / "seed" / "p3.txt"
    clause.unlink()
    os.mkfifo(clause)
    for command in (("list",), ("check",), ("build",), ("adopt", "1")):
        done = _cli_with_timeout(tabled, *command)
        assert done.returncode == 2, done.stderr
        assert "texts/seed/p3.txt" in done.stderr and "named pipe" in done.stderr


def test_a_fifo_named_like_an_amendment_or_the_order_file_is_refused(tabled: Path):
    os.mkfifo(tabled / "amendments" / "seed" / "am-009.patch")
    done = _cli_with_timeout(tabled, "list")
    assert done.returncode == 2 and "am-009.patch" in done.stderr
    (tabled / "amendments" / "seed" / "am-009.patch").unlink()
    os.mkfifo(tabled / "amendments" / "seed" / "order.txt")
    done = _cli_with_timeout(tabled, "votelist")
    assert done.returncode == 2 and "order.txt" in done.stderr


@pytest.mark.parametrize("where", ["texts/seed/p3.txt", "amendment 2", "texts/seed/text.toml"])
def test_a_folder_where_a_file_belongs_is_refused_clearly(tabled: Path, where: str):
    if where.startswith("amendment"):
        where = _amendment_file(tabled, where.split()[1])
    (tabled / where).unlink()
    (tabled / where).mkdir()
    code, output = run(tabled, "check")
    assert code == 2, output
    assert where in output or "no text" in output


def test_a_clause_file_that_text_toml_does_not_list_is_refused(tabled: Path):
    stray = tabled / "texts" / "seed" / "p99.txt"
    stray.write_text("A clause nobody listed.\n")
    code, output = run(tabled, "check")
    assert code == 2
    assert "texts/seed/p99.txt is not a clause listed in texts/seed/text.toml" in output
    git(tabled, "add", "texts/seed/p99.txt")
    git(tabled, "commit", "-q", "-m", "A stray clause, committed")
    stray.unlink()
    git(tabled, "checkout", "--", "texts/seed/p99.txt")
    assert run(tabled, "build", "--at", "HEAD")[0] == 2


def test_editor_files_beside_the_clauses_are_not_clauses(tabled: Path):
    (tabled / "texts" / "seed" / ".p3.txt.swp").write_text("vim")
    (tabled / "texts" / "seed" / "notes.md").write_text("mine")
    assert run(tabled, "build")[0] == 0
