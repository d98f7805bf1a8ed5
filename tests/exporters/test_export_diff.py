"""The unified diff of the clause files, checked with ``git apply``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import git, git_run

from consolidate.core.model import ClauseKind, ClauseStatus, Consolidation
from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.unified import clause_path, split_lines

from .helpers import small_consolidation

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def checkout(tmp_path: Path, consolidation: Consolidation) -> Path:
    """A git repository holding the original clause files, committed."""
    repo = tmp_path / "ws"
    repo.mkdir()
    git(repo, "init", "-q")
    for clause in consolidation.clauses:
        if clause.kind is ClauseKind.FIXED or clause.status is ClauseStatus.INSERTED:
            continue
        path = repo / clause_path(consolidation.text.id, clause.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(clause.original.encode("utf-8"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "original")
    return repo


def apply_and_read(tmp_path: Path, consolidation: Consolidation) -> Path:
    repo = checkout(tmp_path, consolidation)
    patch = get_exporter("diff").render(ExportContext(consolidation, {}))
    check = git_run(repo, "apply", "--check", "-", input=patch)
    assert check.returncode == 0, check.stderr.decode()
    git(repo, "apply", "--index", "-", input=patch)
    return repo


def assert_consolidated(repo: Path, consolidation: Consolidation) -> None:
    for clause in consolidation.clauses:
        if clause.kind is ClauseKind.FIXED:
            continue
        path = repo / clause_path(consolidation.text.id, clause.id)
        if clause.status is ClauseStatus.DELETED:
            assert not path.exists(), clause.id
        else:
            assert path.read_bytes().decode("utf-8") == clause.text, clause.id


def test_git_apply_turns_the_original_files_into_the_consolidated_ones(
    tmp_path: Path, consolidation: Consolidation
) -> None:
    repo = apply_and_read(tmp_path, consolidation)
    assert_consolidated(repo, consolidation)
    status = git(repo, "status", "--porcelain")
    assert "A  texts/sc08-5/p11a.txt" in status and "D  texts/sc08-5/p14.txt" in status


def test_the_diff_headers(consolidation: Consolidation) -> None:
    out = get_exporter("diff").render(ExportContext(consolidation, {})).decode()
    assert out.startswith("diff --git a/texts/sc08-5/p10.txt b/texts/sc08-5/p10.txt\n")
    assert ("new file mode 100644\n--- /dev/null\n+++ b/texts/sc08-5/p11a.txt\n"
            "@@ -0,0 +1 @@\n") in out
    assert ("deleted file mode 100644\n--- a/texts/sc08-5/p14.txt\n+++ /dev/null\n"
            "@@ -1 +0,0 @@\n") in out
    assert "\n\\ No newline at end of file\n" in out
    assert "p9.txt" not in out and "assembly" not in out  # unchanged, fixed


@pytest.mark.parametrize(
    "rows",
    [
        [("a", "one\ntwo\nthree\n", "one\n2\nthree\n")],
        [("a", "one\ntwo", "one\ntwo\n"), ("b", "x\n", "x")],
        [("a", "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n", "L1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nL9\n")],
        [("a", "", "now text\n"), ("b", None, ""), ("c", "gone\n", None), ("d", "", None)],
        [("a", "page\x0cbreak\rcarriage\x07bell\n", "page\x0cbreak\rcarriage bell\n")],
        [("a", "Привет мир\n", "Привет, мир!\n"), ("b", None, "新条款")],
    ],
)
def test_git_apply_accepts_line_end_and_empty_file_cases(tmp_path: Path, rows) -> None:
    consolidation = small_consolidation(rows)
    repo = apply_and_read(tmp_path, consolidation)
    assert_consolidated(repo, consolidation)


def test_only_line_feeds_end_lines() -> None:
    assert split_lines("a\x0cb\rc\nd") == ["a\x0cb\rc\n", "d"]
    assert split_lines("") == []
    assert split_lines("x\n") == ["x\n"]
