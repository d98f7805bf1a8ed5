"""Views, filters, search, navigation and what-if mode of the review app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from consolidate.tui.textview import TextView

from .helpers import git, head, loaded, run_async, status_of


def shown_text(app) -> str:
    return "\n".join(block.text.plain + ("\n" + block.right.plain if block.right else "")
                     for block in app.query_one(TextView).blocks)


def table_ids(app) -> list[str]:
    return [row.id for row in app.frame.rows]


@run_async
async def test_first_screen_shows_the_redline_outline_and_amendments(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        text = shown_text(app)
        assert "{+" not in text  # colours, not plain marks
        assert "sexual abuse material[AM 2]" in text.replace("pornography", "")
        assert ("! AM 12 and AM 13 collide on 'convicted'" in text
                or "! AM 13 and AM 12 collide on 'convicted'" in text)
        outline = {row.clause: row for row in app.frame.outline}
        assert outline["p10"].mark == "~" and outline["p11a"].mark == "+"
        assert outline["p11a"].number == "12." and outline["p12"].number == "13."
        assert outline["p13"].conflict and not outline["p12"].conflict
        assert [r.number for r in app.frame.rows][:2] == ["1", "14"]  # voting order
        first = app.frame.rows[0]
        assert (first.clause, first.sponsor, first.status) == (
            "§7", "Tomas NOVAK (Czech Republic)", "adopted")
        collides = {r.number: r.collisions for r in app.frame.rows}
        assert collides["12"] == "×AM 13" and collides["10"] == "=AM 11"


@run_async
async def test_outline_marks_inserted_and_deleted_clauses(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        marks = {row.mark for row in app.frame.outline}
        assert {"~", "+", " "} <= marks
        app.amendment_id = "am-006"  # the deletion of paragraph 14, rejected
        await pilot.press("x", "space")
        p14 = next(row for row in app.frame.outline if row.clause == "p14")
        assert p14.mark == "-" and p14.number == "14."  # its original number


@run_async
async def test_views_switch_from_the_keyboard(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        view = app.query_one(TextView)
        await pilot.press("2")
        assert app.view_name == "consolidated" and view.border_title == "Consolidated"
        text = shown_text(app)
        assert "sexual abuse material" in text and "[AM" not in text
        await pilot.press("3")
        text = shown_text(app)
        assert "child pornography (regardless" in text and "sexual abuse material" not in text
        await pilot.press("5")
        block = next(b for b in view.blocks if b.key == "p10")
        assert "pornography" in block.text.plain and "sexual abuse material" in block.right.plain
        app.amendment_id = "am-012"
        await pilot.press("4")
        text = shown_text(app)
        assert text.startswith("AM 12 — Hans MUELLER (Switzerland) — §14 (was 13) — tabled")
        assert "convicted" in text
        await pilot.press("1")
        assert app.view_name == "redline" and "[AM 1]" in shown_text(app)


@run_async
async def test_next_change_selects_its_amendment(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        assert app.amendment_id == "am-001"  # the first in voting order
        await pilot.press("n")
        assert app.amendment_id == "am-002"
        assert app.query_one("#detail").border_title == "AM 2"
        await pilot.press("n")
        assert app.amendment_id == "am-004"
        await pilot.press("p", "p")
        assert app.amendment_id == "am-001"


@run_async
async def test_clicking_a_change_shows_its_amendment(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        view = app.query_one(TextView)
        view.scroll_to_key("p16")
        await pilot.pause()
        for y in range(view.scrollable_content_region.height):
            segments = list(view.render_line(y))
            x = 0
            for segment in segments:
                if segment.style and segment.style.meta.get("amendment") == "am-008":
                    await pilot.click(TextView, offset=(x + 1 + view.gutter.left, y + 1))
                    assert app.amendment_id == "am-008"
                    return
                x += segment.cell_length
        raise AssertionError("AM 8's change is not on screen")


@run_async
async def test_clicking_a_row_selects_the_amendment(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        table = app.query_one("#table")
        await pilot.click("#table", offset=(3, 4))  # border, header, rows 0 and 1, then row 2
        assert app.amendment_id == table.order[table.cursor_row]
        assert app.amendment_id == "am-002"


@run_async
async def test_filters_by_status_sponsor_country_and_clause(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        app.query_one("#f-status", Select).value = "tabled"
        await pilot.pause()
        assert sorted(table_ids(app)) == ["am-010", "am-011", "am-012", "am-013"]
        app.query_one("#f-who", Input).value = "NORWAY"
        await pilot.pause()
        assert table_ids(app) == ["am-013"]
        await pilot.press("escape")
        assert len(table_ids(app)) == 14
        app.query_one("#f-clause", Input).value = "§10"
        await pilot.pause()
        assert sorted(table_ids(app)) == ["am-002", "am-003"]
        app.query_one("#f-clause", Input).value = "p1"
        await pilot.pause()
        assert set(table_ids(app)) >= {"am-002", "am-010", "am-012"}
        app.query_one("#f-clause", Input).value = ""
        app.query_one("#f-who", Input).value = "dupont"  # a co-sponsor too
        await pilot.pause()
        assert "am-002" in table_ids(app)
        assert app.query_one("#table").border_title == f"Amendments {len(table_ids(app))}/14"


@run_async
async def test_search_finds_words_in_the_text(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert app.focused.id == "f-search"
        await pilot.press(*"POLIS")
        assert app.query_one("#status").message == "3 matches for 'POLIS'"
        await pilot.press("enter")
        assert app.query_one("#status").message == "Match 1 of 3"
        await pilot.press("f3", "f3", "f3")
        assert app.query_one("#status").message == "Match 1 of 3"
        await pilot.press("shift+f3")
        assert app.query_one("#status").message == "Match 3 of 3"


@run_async
async def test_collision_navigation_says_which_words_collide(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("right_square_bracket")
        panel = app.query_one("#conflict").content.plain
        assert "Collision 1 of 1" in panel and "'convicted'" in panel
        assert "AM 13" in panel and "AM 12" in panel
        assert app.amendment_id in ("am-012", "am-013")
        await pilot.press("left_square_bracket")
        assert "Collision 1 of 1" in app.query_one("#conflict").content.plain


@run_async
async def test_what_if_previews_without_touching_the_files(make_app, workspace: Path):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        before = head(workspace)
        app.amendment_id = "am-012"
        await pilot.press("x", "space")
        assert app.query_one("#banner").display
        p13 = app.frame.consolidation.clause("p13")
        assert p13.amendments == ("am-012",)
        assert next(r for r in app.frame.rows if r.id == "am-012").status == "tabled ▸ adopted"
        app.amendment_id = "am-013"
        await pilot.press("space")  # both on: the engine refuses the second one
        blocking = [f for f in app.frame.consolidation.findings if f.blocking]
        assert [f.amendment for f in blocking] == ["am-013"] or [
            f.amendment for f in blocking] == ["am-012"]
        assert any(item.message for item in app.frame.conflicts)
        app.amendment_id = "am-001"
        await pilot.press("space")  # switch an adopted one off
        assert "am-001" not in app.frame.consolidation.applied
        await pilot.press("x")
        assert not app.query_one("#banner").display
        assert "am-001" in app.frame.consolidation.applied
        assert app.frame.consolidation.clause("p13").amendments == ()
    assert head(workspace) == before
    assert git(workspace, "status", "--porcelain") == ""
    assert status_of(workspace, "am-012") == "tabled"


@run_async
async def test_f_goes_to_the_filters_and_escape_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        assert app.focused.id == "f-status"
        await pilot.press("tab", *"Norway")
        assert app.focused.id == "f-who"
        assert table_ids(app) == ["am-013"]
        await pilot.press("escape")
        assert isinstance(app.focused, TextView) and len(table_ids(app)) == 14


@run_async
async def test_an_empty_text_shows_no_amendment(template, tmp_path):
    import shutil

    from consolidate.app.session import Session
    from consolidate.tui.app import build_app

    root = tmp_path / "ws"
    shutil.copytree(template, root)
    for patch in (root / "amendments" / "osce-2008-children").glob("*.patch"):
        patch.unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "No amendments")
    app = build_app(Session.open(root, "osce-2008-children"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.frame.rows == [] and app.amendment_id == ""
        assert "No amendment selected" in app.query_one("#detail").content.plain
        await pilot.press("a", "n", "right_square_bracket", "u")
        assert "Nothing to undo" in app.query_one("#status").message
