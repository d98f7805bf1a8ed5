"""The review app during a live vote at 80x24: what-if, export, messages, keys, numbering,
the decision's date and the redline from an earlier stage."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.widgets import Button, Input

from consolidate.tui.textview import TextView
from consolidate.tui.widgets import AmendmentTable, StatusLine

from .helpers import loaded, run_async, wait_until

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
