"""Progress: the application reports (done, total) through a callback; the command line draws
it with rich.progress on a terminal only, never in a pipe, and not with -q."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli, ok, separate_amendments

from consolidate import Status, open_text
from consolidate.app.requests import batch_requests
from consolidate.app.setup import import_text, init_workspace
from consolidate.cli import console


def _batch(workspace: Path, count: int) -> Path:
    path = workspace.parent / "batch.jsonl"
    lines = separate_amendments(workspace, count)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_the_application_reports_each_amendment_of_a_batch(seed_workspace: Path) -> None:
    session = open_text(str(seed_workspace))
    with _batch(seed_workspace, 25).open("rb") as batch:
        requests = batch_requests(batch, session.text_id, "original")
    calls: list[tuple[int, int]] = []
    result = session.amend(requests, lambda done, total: calls.append((done, total)))
    assert len(result.amendments) == 25
    assert calls == [(done, 25) for done in range(26)]
    steps: list[tuple[int, int]] = []
    session.decide([a.id for a in result.amendments], Status.ADOPTED,
                   progress=lambda done, total: steps.append((done, total)))
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    promoted: list[tuple[int, int]] = []
    session.promote(progress=lambda done, total: promoted.append((done, total)))
    assert promoted[0] == (0, 4) and promoted[-1] == (4, 4)


def test_importing_a_folder_reports_each_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(1, 31):
        (folder / f"Article {n}.txt").write_text(f"Article {n} text.", encoding="utf-8")
    init_workspace(tmp_path / "ws")
    calls: list[tuple[int, int]] = []
    import_text(tmp_path / "ws", folder, text_id="law",
                progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 30) and calls[-1] == (30, 30) and len(calls) == 31


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error stands for a terminal; the bar shows at once."""
    monkeypatch.setattr(console, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)


def test_a_batch_shows_a_bar_on_a_terminal(seed_workspace: Path, terminal: None) -> None:
    outcome = cli(seed_workspace, "amend", "--batch", str(_batch(seed_workspace, 30)))
    assert len(ok(outcome).split()) == 30
    assert "Tabling" in outcome.stderr and "30/30" in outcome.stderr
    assert "Tabling" not in outcome.stdout  # the ids alone on standard output


def test_no_bar_in_a_pipe(seed_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    outcome = cli(seed_workspace, "amend", "--batch", str(_batch(seed_workspace, 30)))
    ok(outcome)
    assert "Tabling" not in outcome.stderr and "\x1b" not in outcome.stderr


def test_no_bar_when_quiet(seed_workspace: Path, terminal: None) -> None:
    outcome = cli(seed_workspace, "-q", "amend", "--batch", str(_batch(seed_workspace, 30)))
    ok(outcome)
    assert "Tabling" not in outcome.stderr


def test_build_and_adopting_many_show_a_bar_on_a_terminal(seed_workspace: Path,
                                                          terminal: None) -> None:
    ids = ok(cli(seed_workspace, "amend", "--batch", str(_batch(seed_workspace, 30)))).split()
    adopted = cli(seed_workspace, "adopt", *ids)
    assert "Recording the decision (adopt)" in ok(adopted) + adopted.stderr
    built = cli(seed_workspace, "build", "-o", str(seed_workspace / "out.docx"))
    ok(built)
    assert "Writing docx" in built.stderr and "2/2" in built.stderr
