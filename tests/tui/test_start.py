"""The start of the review app: what it keeps for the next start, and what it shows first."""

from __future__ import annotations

import gc
import io
import shutil
import sys
import threading
from pathlib import Path

import pytest

from consolidate.app.session import Session
from consolidate.core.model import Amendment
from consolidate.store import cache as read_cache
from consolidate.tui import widgets
from consolidate.tui.app import ReviewApp, build_app
from consolidate.tui.starting import read_session, reading_notice
from consolidate.tui.textview import TextView
from consolidate.tui.widgets import AmendmentTable, Outline

from .helpers import TEXT, loaded, run_async, wait_until


@run_async
async def test_the_read_cache_is_kept_while_the_app_runs(make_app, workspace: Path):
    # A closed terminal ends the app without the saving at exit: it is kept once loaded.
    shutil.rmtree(workspace / ".git" / read_cache.CACHE_FOLDER, ignore_errors=True)
    kept = read_cache.cache_path(workspace / ".git", TEXT)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, kept.exists, timeout=20)
        found = read_cache.load_cache(workspace / ".git", TEXT)
        assert found.parsed and found.engine
        assert read_cache.load_cache(workspace / ".git", TEXT).heavy()


@run_async
async def test_the_outline_and_the_table_of_a_long_text_fill_after_the_first_paint(
        make_app, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(widgets, "FIRST_ROWS", 3)  # the demo text as if it were long
    monkeypatch.setattr(widgets, "FIRST_OUTLINE_ROWS", 3)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        outline = app.query_one(Outline)
        table = app.query_one(AmendmentTable)
        rows = app.frame.outline
        assert len(rows) > 3
        assert [o.id for o in outline.options] == [r.clause for r in rows]
        assert [o.prompt.plain for o in outline.options] == [Outline._prompt(r).plain for r in rows]
        assert table.row_count == len(app.frame.rows) > 3
        shown = outline.highlighted
        outline.show_rows(list(reversed(rows)))  # a new list: what a screen shows comes first
        assert len(outline.options) == 3
        await pilot.pause()
        assert [o.id for o in outline.options] == [r.clause for r in reversed(rows)]
        assert outline.highlighted == shown


@run_async
async def test_a_choice_made_before_the_voting_order_arrives_is_kept(
        make_app, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(widgets, "FIRST_ROWS", 3)  # the demo text as if it were long
    app = make_app()
    gate = threading.Event()
    voting_order = app.session.voting_order

    def later() -> list[Amendment]:
        gate.wait(30)
        return voting_order()

    app.session.voting_order = later  # type: ignore[method-assign]
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, lambda: app.review is not None)
        assert not app.review.snapshot.voting_list
        await pilot.press("l", *["down"] * 9)  # AM 13: a row up in voting order
        await pilot.pause()
        chosen, table = app.amendment_id, app.query_one(AmendmentTable)
        assert chosen and table.order[table.cursor_row] == chosen
        text = app.query_one(TextView)
        place, selected = text.scroll_offset.y, text._selected_key()
        gate.set()
        await loaded(pilot)
        assert app.amendment_id == chosen
        assert table.order[table.cursor_row] == chosen
        assert text._selected_key() == selected and text.scroll_offset.y == place
        assert app.query_one("#detail").border_title == app.review.snapshot.amendments[chosen].label


@run_async
async def test_collections_resume_after_the_first_screen_when_the_command_stopped_them(make_app):
    app = make_app()
    gc.disable()  # as `consolidate review` starts
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await loaded(pilot)
            await wait_until(pilot, gc.isenabled, timeout=10)
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


@run_async
async def test_a_session_read_before_the_app_starts_is_shown_without_the_loader(
        workspace: Path, monkeypatch: pytest.MonkeyPatch):
    session = Session.open(workspace, TEXT)
    app = build_app(session, snapshot=read_session(session))
    loads: list[str] = []
    monkeypatch.setattr(ReviewApp, "_load", lambda self: loads.append("loader"))
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        assert len(app.frame.rows) == len(app.review.snapshot.order) == 14
        assert app.query_one(TextView).blocks
        assert loads == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_says_what_is_read_until_the_app_takes_the_screen(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with reading_notice("gdpr"):
        assert terminal.getvalue() == "Reading gdpr..."
    assert terminal.getvalue() == "Reading gdpr...\r\x1b[K"  # erased
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with reading_notice("gdpr"):
        pass
    assert piped.getvalue() == ""
