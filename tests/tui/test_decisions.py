"""Decisions from the keyboard: written to the amendment files, committed, undone; refusals."""

from __future__ import annotations

from pathlib import Path

from consolidate.tui.screens import ConfirmAdoption
from consolidate.tui.widgets import AmendmentTable

from .helpers import TEXT, committed, git, head, loaded, run_async, status_of, subject, wait_until


def select(app, amendment: str) -> None:
    app.amendment_id = amendment


def table_status(app, amendment: str) -> str:
    row = next(r for r in app.frame.rows if r.id == amendment)
    return row.status


@run_async
async def test_reject_writes_the_file_and_commits_with_the_cli_message(gated_app, workspace: Path):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-010")
        await pilot.press("r")
        assert table_status(app, "am-010") == "rejected …"  # on screen before git
        assert status_of(workspace, "am-010") == "tabled"
        committer.gate.set()
        await committed(pilot)
        assert table_status(app, "am-010") == "rejected"
        assert "Committed" in app.query_one("#status").message
    assert status_of(workspace, "am-010") == "rejected"
    assert subject(workspace) == "Reject AM 10 (am-010)"
    assert git(workspace, "status", "--porcelain") == ""


@run_async
async def test_adoption_shows_who_falls_and_asks_first(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        select(app, "am-012")
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmAdoption)
        question = app.screen.question.plain
        assert "AM 13 falls" in question and "convicted" in question
        assert head(workspace) == before  # nothing written while asking
        await pilot.press("y")
        assert table_status(app, "am-013").startswith("fallen")
        await committed(pilot)
    assert status_of(workspace, "am-012") == "adopted"
    assert status_of(workspace, "am-013") == "fallen"
    assert subject(workspace) == "Adopt AM 12 (am-012)"
    assert "AM 13 (am-013) fallen" in git(workspace, "log", "-1", "--format=%b")


@run_async
async def test_cancelled_adoption_writes_nothing(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        select(app, "am-012")
        await pilot.press("a", "n")
        await pilot.pause()
        assert not app.review.pending
        assert table_status(app, "am-012") == "tabled"
    assert head(workspace) == before and status_of(workspace, "am-012") == "tabled"


@run_async
async def test_adoption_updates_text_and_collision_markers_at_once(gated_app):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        assert any(row.conflict for row in app.frame.outline)
        assert len(app.frame.conflicts) == 1
        select(app, "am-013")
        await pilot.press("a", "y")
        # Predicted, and painted after the next refreshes, while the commit waits at the gate:
        await wait_until(pilot, lambda: not any(row.conflict for row in app.frame.outline))
        assert app.review.pending
        assert app.frame.conflicts == []
        p13 = app.frame.consolidation.clause("p13")
        assert "am-013" in p13.amendments
        committer.gate.set()
        await committed(pilot)
        assert app.frame.consolidation.clause("p13").amendments == p13.amendments


@run_async
async def test_withdraw_and_table_again(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-014")
        await pilot.press("w")
        await committed(pilot)
        assert status_of(workspace, "am-014") == "withdrawn"
        await pilot.press("t")
        await committed(pilot)
    assert status_of(workspace, "am-014") == "tabled"
    assert subject(workspace) == "Table AM 14 (am-014)"


@run_async
async def test_undo_puts_the_files_back_and_commits(gated_app, workspace: Path):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-012")
        await pilot.press("a", "y")
        assert table_status(app, "am-013") == "fallen …"
        await pilot.press("u")  # undo before the adoption is even committed
        assert table_status(app, "am-013") == "tabled …"
        committer.gate.set()
        await committed(pilot)
        assert table_status(app, "am-012") == "tabled"
    assert status_of(workspace, "am-012") == "tabled"
    assert status_of(workspace, "am-013") == "tabled"
    log = git(workspace, "log", "-2", "--format=%s").splitlines()
    assert log == ["Undo: Adopt AM 12 (am-012)", "Adopt AM 12 (am-012)"]


@run_async
async def test_undo_with_nothing_to_undo_says_so(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        await pilot.press("u")
        assert "Nothing to undo" in app.query_one("#status").message
    assert head(workspace) == before


@run_async
async def test_a_decision_the_procedure_forbids_is_refused_at_once(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        select(app, "am-001")  # adopted already
        await pilot.press("w")
        status = app.query_one("#status")
        assert status.error and "AM 1 (am-001) is adopted" in status.message
        assert not app.review.pending
    assert head(workspace) == before


@run_async
async def test_a_decision_git_refuses_is_reverted_on_screen(gated_app, workspace: Path):
    (workspace / "texts" / TEXT / "p1.txt").write_text("Changed by hand.\n", encoding="utf-8")
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-010")
        await pilot.press("r")
        assert table_status(app, "am-010") == "rejected …"
        committer.gate.set()
        await committed(pilot)
        assert table_status(app, "am-010") == "tabled"
        status = app.query_one("#status")
        assert status.error and "uncommitted changes" in status.message
    assert status_of(workspace, "am-010") == "tabled"


@run_async
async def test_quit_waits_for_the_decision_being_committed(gated_app, workspace: Path):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-011")
        await pilot.press("r", "q")
        assert app.is_running and "before quitting" in app.query_one("#status").message
        committer.gate.set()
        await wait_until(pilot, lambda: not app.is_running, timeout=30)
    assert status_of(workspace, "am-011") == "rejected"
    assert subject(workspace) == "Reject AM 11 (am-011)"


@run_async
async def test_ctrl_c_quits_and_keeps_the_decision(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        select(app, "am-010")
        await pilot.press("w", "ctrl+c")
        await wait_until(pilot, lambda: app.closing, timeout=5)
    assert status_of(workspace, "am-010") == "withdrawn"


@run_async
async def test_decisions_are_refused_in_what_if_mode(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        select(app, "am-010")
        await pilot.press("x", "r")
        assert "What-if mode records nothing" in app.query_one("#status").message
    assert head(workspace) == before


@run_async
async def test_a_decision_shows_its_own_row_at_once_and_the_other_rows_after_the_paint(gated_app):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        table = app.query_one(AmendmentTable)
        assert str(table.get_cell("am-012", "Collides with")) == "×AM 13"
        select(app, "am-013")
        await pilot.pause()
        every_row: list[str] = []
        rows = app.painter.rows
        app.painter.rows = lambda *args, **kwargs: every_row.append("") or rows(*args, **kwargs)
        app.action_reject()
        assert str(table.get_cell("am-013", "Status")) == table_status(app, "am-013") \
            == "rejected …"
        assert app.query_one("#detail").border_title == "AM 13"
        assert not every_row  # its partner's collision goes with the text, after the paint
        assert str(table.get_cell("am-012", "Collides with")) == "×AM 13"
        await wait_until(pilot, lambda: str(table.get_cell("am-012", "Collides with")) == "")
        committer.gate.set()
        await committed(pilot)
        assert str(table.get_cell("am-013", "Status")) == "rejected"
