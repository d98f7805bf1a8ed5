"""Export, help, command palette, outline, themes, NO_COLOR and reload in the review app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from consolidate.app.exporting import default_path
from consolidate.tui.actions import COMMANDS
from consolidate.tui.app import ReviewApp
from consolidate.tui.screens import ExportScreen, HelpScreen, help_text
from consolidate.tui.textview import TextView

from .helpers import TEXT, git, loaded, run_async, wait_until


def test_every_command_has_a_key_and_an_action_method():
    keys = {(binding.action, binding.key) for binding in ReviewApp.BINDINGS}
    assert ("quit", "ctrl+c") in keys
    for command in COMMANDS:
        assert (command.action, command.keys) in keys
        name = command.action.split("(")[0]
        assert callable(getattr(ReviewApp, f"action_{name}")), name


@run_async
async def test_the_palette_offers_every_action(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {c.title for c in COMMANDS} <= set(titles)
        assert titles.count("Quit") == 1
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Side by side view")
        command.callback()
        await pilot.pause()
        assert app.view_name == "side"


@run_async
async def test_the_palette_opens_and_runs_a_command(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"original view")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.view_name == "original"


def test_help_lists_every_action_with_its_keys():
    text = help_text().plain
    for command in COMMANDS:
        assert command.title in text
    assert "~ amended" in text and "committed to git" in text


@run_async
async def test_question_mark_opens_the_help_and_escape_closes_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_default_export_paths_follow_the_format():
    assert default_path("t", "text") == "out/t.txt"
    assert default_path("t", "docx") == "out/t.docx"
    assert default_path("t", "html") == "out/t.html"
    assert default_path("t", "sheet") == "out/t-sheet.html"  # html has out/t.html


@run_async
async def test_export_writes_the_default_file(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        formats = app.screen.query_one(OptionList)
        formats.highlighted = [o.id for o in formats.options].index("json")
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == f"out/{TEXT}.json"
        await pilot.click("#go")
        await pilot.pause()
        await wait_until(pilot, lambda: "Wrote" in app.query_one("#status").message)
    data = json.loads((workspace / "out" / f"{TEXT}.json").read_text(encoding="utf-8"))
    assert data  # the consolidation as JSON
    assert git(workspace, "status", "--porcelain", "--", "texts", "amendments") == ""


@run_async
async def test_export_to_a_typed_path_in_docx(make_app, tmp_path: Path):
    target = tmp_path / "exported" / "redline.docx"
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        formats = app.screen.query_one(OptionList)
        formats.highlighted = [o.id for o in formats.options].index("docx")
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        path.focus()
        path.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Wrote" in app.query_one("#status").message)
    assert target.read_bytes()[:2] == b"PK"


@run_async
async def test_outline_jumps_to_a_clause_and_can_be_hidden(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        outline = app.query_one("#outline", OptionList)
        index = [o.id for o in outline.options].index("p16")
        await pilot.click("#outline", offset=(5, 1 + index))
        await pilot.pause()
        assert app.query_one(TextView).visible_key() == "p16" or \
            app.query_one(TextView).scroll_offset.y > 0
        await pilot.press("o")
        assert not outline.display
        await pilot.press("o")
        assert outline.display


@run_async
async def test_small_terminal_hides_the_outline_until_asked(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        outline = app.query_one("#outline")
        assert not outline.display
        await pilot.press("o")
        assert outline.display


@run_async
async def test_theme_switches_between_dark_and_light(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"


@run_async
async def test_no_color_shows_plain_marks(make_app, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        assert app.no_color
        text = "\n".join(b.text.plain for b in app.query_one(TextView).blocks)
        assert "[-pornography-]{+sexual abuse material+}[AM 2]" in text


@run_async
async def test_reload_reads_changes_made_elsewhere(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        patch = workspace / "amendments" / TEXT / "am-010.patch"
        patch.write_text(patch.read_text(encoding="utf-8").replace(
            "Status: tabled", "Status: withdrawn"), encoding="utf-8")
        before = app.review
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.review is not before)
        assert next(r for r in app.frame.rows if r.id == "am-010").status == "withdrawn"
