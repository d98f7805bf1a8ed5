"""The review app and commits made by others (another terminal, a script, a CI job): it never
decides on a stale state, words every message from what was committed, and undoes only what
it did itself."""

from __future__ import annotations

from pathlib import Path

from consolidate.app.session import Session
from consolidate.core.model import Status
from consolidate.tui.screens import ConfirmAdoption

from .helpers import TEXT, committed, git, head, loaded, run_async, status_of, wait_until


def elsewhere(workspace: Path) -> Session:
    """The workspace as another process opens it (`consolidate … ` in another terminal)."""
    return Session.open(workspace, TEXT)


def table_status(app, amendment: str) -> str:
    return next(r for r in app.frame.rows if r.id == amendment).status


def recorded(app, amendment: str) -> Status:
    return app.review.snapshot.amendments[amendment].status


@run_async
async def test_a_commit_by_another_process_is_read_before_deciding(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        elsewhere(workspace).decide(["am-012"], Status.REJECTED)
        app.amendment_id = "am-013"
        await pilot.press("a")
        # No dialog announcing that AM 12 falls: the state it would be predicted on is stale.
        assert not isinstance(app.screen, ConfirmAdoption)
        status = app.query_one("#status")
        assert status.error and "the workspace changed since it was read" in status.message
        await wait_until(pilot, lambda: recorded(app, "am-012") is Status.REJECTED
                         and app.review.snapshot.voting_list)
        assert table_status(app, "am-012") == "rejected"
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmAdoption)
        question = app.screen.question.plain
        assert "No other amendment falls" in question and "AM 12" not in question
        await pilot.press("y")
        await committed(pilot)
        message = app.query_one("#status").message
        assert message.startswith("Committed ") and message.endswith(": Adopt AM 13")
    assert status_of(workspace, "am-012") == "rejected"
    assert status_of(workspace, "am-013") == "adopted"


@run_async
async def test_a_decision_queued_when_another_process_commits_is_not_recorded(gated_app,
                                                                              workspace: Path):
    app, committer = gated_app
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-013"
        await pilot.press("a")
        assert "AM 12 falls" in app.screen.question.plain  # true when it is asked
        await pilot.press("y")
        assert table_status(app, "am-012") == "fallen …"
        other = elsewhere(workspace).decide(["am-012"], Status.REJECTED).commit
        committer.gate.set()
        await committed(pilot)
        status = app.query_one("#status")
        assert status.error and "Not recorded: Adopt AM 13" in status.message
        assert f"HEAD is now {other[:10]} ('Reject AM 12 (am-012)')" in status.message
        # The screen shows what is recorded, not what was predicted.
        assert table_status(app, "am-012") == "rejected"
        assert table_status(app, "am-013") == "tabled"
        assert not app.review.undo  # nothing of the app's to undo
    assert head(workspace) == other
    assert status_of(workspace, "am-013") == "tabled"


@run_async
async def test_the_committed_message_says_what_the_commit_did(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-010"
        await pilot.press("a", "y")
        await committed(pilot)
        assert app.query_one("#status").message.endswith(
            ": Adopt AM 10 (with AM 11, identical)")
        app.amendment_id = "am-013"
        await pilot.press("a", "y")
        await committed(pilot)
        assert app.query_one("#status").message.endswith(": Adopt AM 13 (AM 12 fell)")


@run_async
async def test_undo_refuses_to_overwrite_a_later_commit_on_the_same_amendments(make_app,
                                                                             workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-013"
        await pilot.press("a", "y")
        await committed(pilot)
        promoted = elsewhere(workspace).promote().commit  # `consolidate promote` elsewhere
        await pilot.press("u")
        await committed(pilot)
        status = app.query_one("#status")
        assert status.error and "Not recorded: Undo: Adopt AM 13" in status.message
        assert "AM 13 (am-013) is now incorporated by " + promoted[:10] in status.message
        assert "undoing it would overwrite that later change" in status.message
    assert head(workspace) == promoted
    assert status_of(workspace, "am-013") == "incorporated"
    assert not elsewhere(workspace).blocking_findings()


@run_async
async def test_undo_keeps_later_commits_on_other_amendments(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-013"
        await pilot.press("a", "y")
        await committed(pilot)
        elsewhere(workspace).decide(["am-010"], Status.REJECTED)
        await pilot.press("u")
        await committed(pilot)
        assert app.query_one("#status").message.startswith("Committed ")
    assert [status_of(workspace, a) for a in ("am-013", "am-012", "am-010", "am-011")] == \
        ["tabled", "tabled", "rejected", "rejected"]
    log = git(workspace, "log", "-3", "--format=%s").splitlines()
    assert log == ["Undo: Adopt AM 13 (am-013)", "Reject AM 10 (am-010)", "Adopt AM 13 (am-013)"]
