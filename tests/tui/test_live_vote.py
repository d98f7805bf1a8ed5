"""The review app during a live vote at 80x24: what-if, export, messages, keys, numbering,
the decision's date and the redline from an earlier stage."""

from __future__ import annotations

import datetime
import re

from rich.console import Console
from rich.text import Text
from textual.widgets import Button, Input, OptionList, Static

from consolidate.app.session import Session
from consolidate.tui.app import build_app
from consolidate.tui.screens import DateScreen, StageScreen
from consolidate.tui.textview import TextView
from consolidate.tui.widgets import AmendmentTable, StatusLine

from .helpers import TEXT, committed, loaded, run_async, status_of, wait_until

SMALL = (80, 24)


def shown_bindings(app) -> dict[str, str]:
    """Key -> action of the bindings the footer shows now."""
    return {key: active.binding.action for key, active in app.screen.active_bindings.items()
            if active.binding.show}


# -- 80x24: what-if, export, long messages ---------------------------------------------------


@run_async
async def test_what_if_at_80x24_keeps_the_selected_row_and_its_collisions_in_sight(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-013"
        await pilot.press("x", "space")
        await wait_until(pilot, lambda: "▸" in app.frame.rows[
            app.query_one(AmendmentTable).cursor_row].status)
        table = app.query_one(AmendmentTable)
        assert not table.show_horizontal_scrollbar
        width = table.scrollable_content_region.width
        columns = list(table.columns.values())
        assert [str(c.label) for c in columns][3] == "Collides with"
        assert sum(c.get_render_width(table) for c in columns[:4]) <= width
        visible_rows = table.scrollable_content_region.height - table.header_height
        top = table.scroll_offset.y
        assert top <= table.cursor_row < top + visible_rows
        assert app.frame.rows[table.cursor_row].collisions == "×AM 12"


@run_async
async def test_the_export_dialog_fits_80x24_buttons_included(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen.region
        for button in app.screen.query(Button):
            assert button.region.height >= 1 and screen.contains_region(button.region), button.id
        path = app.screen.query_one("#path", Input)
        assert screen.contains_region(path.region) and path.value.endswith(".txt")


@run_async
async def test_a_long_refusal_is_shown_whole_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        app.amendment_id = "am-004"  # adopted: it cannot be rejected
        await pilot.press("r")
        await pilot.pause()
        status = app.query_one("#status", StatusLine)
        assert "only an amendment that is tabled can be" in status.message
        lines = Text(status.message).wrap(Console(), status.content_region.width)
        assert len(lines) > 1 and status.content_region.height >= len(lines)


# -- keys: the table, the filter fields, leaving -----------------------------------------------


@run_async
async def test_l_goes_to_the_amendments_table_and_back_to_the_text(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert isinstance(app.focused, TextView)
        await pilot.press("l")
        table = app.query_one(AmendmentTable)
        assert app.focused is table
        first = app.amendment_id
        await pilot.press("down")
        await wait_until(pilot, lambda: app.amendment_id != first)
        assert app.amendment_id == table.order[1]
        await pilot.press("l")
        assert isinstance(app.focused, TextView)


@run_async
async def test_q_in_a_filter_field_filters_and_the_footer_says_how_to_leave(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert shown_bindings(app).get("q") == "quit"
        await pilot.press("f", "tab", "q")
        assert app.focused.id == "f-who" and app.focused.value == "q"
        assert not app.closing and app.filters.who == "q"
        footer = shown_bindings(app)
        assert "q" not in footer  # typed, not bound
        assert footer.get("ctrl+q") == "quit" and footer.get("escape") == "app.clear_filters"
        await pilot.press("backspace", *"norway", "enter")
        assert app.focused is app.query_one(AmendmentTable)  # Enter: on to the filtered table
        assert [row.id for row in app.frame.rows] == ["am-013"]
        await pilot.press("f", "tab", "ctrl+q")
        assert app.closing


# -- one numbering: the redline's ------------------------------------------------------------


@run_async
async def test_table_panels_and_redline_number_a_paragraph_alike(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        # AM 5 (adopted) inserts a paragraph after 11: p13 is 14 in the redline, 13 before.
        block = next(b for b in app.query_one(TextView).blocks if b.key == "p13")
        assert block.text.plain.startswith("14. (was 13) ")
        rows = {row.id: row for row in app.frame.rows}
        assert rows["am-012"].clause == rows["am-013"].clause == "§14 (was 13)"
        assert rows["am-001"].clause == "§7"  # before the insertion: not renumbered
        await pilot.press("right_square_bracket")
        conflict = app.query_one("#conflict").content.plain
        assert "Collision 1 of 1 — §14 (was 13)" in conflict
        assert "paragraph" not in conflict and "p13" not in conflict
        detail = app.query_one("#detail").content.plain
        assert "Clause: §14 (was 13), modify — clause id p13" in detail
        app.query_one("#f-clause", Input).value = "14"
        await pilot.pause()
        assert {"am-012", "am-013"} <= {row.id for row in app.frame.rows}
        # What-if without AM 5: no insertion, no renumbering, on screen everywhere.
        app.query_one("#f-clause", Input).value = ""
        app.amendment_id = "am-005"
        await pilot.press("x", "space")
        await wait_until(pilot, lambda: next(
            b for b in app.query_one(TextView).blocks if b.key == "p13").text.plain
            .startswith("13. "))
        rows = {row.id: row for row in app.frame.rows}
        assert rows["am-012"].clause == "§13"
        app.amendment_id = "am-012"
        await pilot.pause()
        assert "Clause: §13, modify — clause id p13" in app.query_one("#detail").content.plain


# -- the decision's date; the redline from an earlier stage -------------------------------------


def decided_on(workspace, amendment: str) -> str:
    text = (workspace / "amendments" / TEXT / f"{amendment}.patch").read_text(encoding="utf-8")
    return re.search(r"^Decided: (\S+)$", text, re.M).group(1)


@run_async
async def test_the_decision_date_can_be_set_for_a_vote_recorded_later(make_app, workspace):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DateScreen)
        await pilot.press(*"2008-07-32", "enter")  # refused: the dialog says why and stays
        assert isinstance(app.screen, DateScreen)
        assert "is not a date" in str(app.screen.query_one("#date-error", Static).content)
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        app.screen.query_one("#date", Input).value = tomorrow
        await pilot.press("enter")
        assert "after today" in str(app.screen.query_one("#date-error", Static).content)
        app.screen.query_one("#date", Input).value = "2008-07-03"
        await pilot.press("enter")
        assert not isinstance(app.screen, DateScreen) and app.decision_date == "2008-07-03"
        assert "decisions dated 2008-07-03" in app.query_one(AmendmentTable).border_title
        app.amendment_id = "am-012"
        await pilot.press("a")
        assert "dated 2008-07-03" in str(app.screen.query_one("#question", Static).content)
        await pilot.press("y")
        await committed(pilot)
        await pilot.press("d")
        app.screen.query_one("#date", Input).value = ""  # back to today
        await pilot.press("enter")
        app.amendment_id = "am-010"
        await pilot.press("r")
        await committed(pilot)
    assert status_of(workspace, "am-012") == "adopted"
    assert decided_on(workspace, "am-012") == decided_on(workspace, "am-013") == "2008-07-03"
    assert decided_on(workspace, "am-010") == datetime.date.today().isoformat()


@run_async
async def test_after_a_promote_the_redline_can_start_from_an_earlier_stage(workspace):
    Session.open(workspace, TEXT).promote(tag="committee")
    app = build_app(Session.open(workspace, TEXT))
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        text = app.query_one(TextView)
        assert "[AM 4]" not in shown(app)  # incorporated by the promotion: part of the text
        await pilot.press("s")
        assert isinstance(app.screen, StageScreen)
        starts = app.screen.query_one(OptionList)
        ids = [starts.get_option_at_index(i).id for i in range(starts.option_count)]
        assert ids[1] == "committee" and len(ids) == 3  # now, the stage, the text as it came in
        starts.highlighted = 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.stage is not None)
        assert text.border_title == "Redline from the text as it came in (as recorded)"
        assert "ratify and fully implement[AM 4]" in shown(app).replace("\n", " ")
        # a decision taken now shows in it once committed
        app.amendment_id = "am-013"
        await pilot.press("a", "y")
        await committed(pilot)
        await wait_until(pilot, lambda: "[AM 13]" in shown(app))
        assert "[AM 4]" in shown(app)
        await pilot.press("s")
        await pilot.press("home", "enter")  # the text as it stands
        await pilot.pause()
        assert app.stage is None and text.border_title == "Redline"
        assert "[AM 4]" not in shown(app) and "[AM 13]" in shown(app)


def shown(app) -> str:
    return "\n".join(block.text.plain for block in app.query_one(TextView).blocks)
