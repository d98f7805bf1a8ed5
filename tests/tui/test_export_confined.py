"""The review app's export never writes outside the workspace because of what it contains."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from consolidate.tui.screens import ExportScreen

from .helpers import TEXT, git, loaded, run_async, wait_until


@run_async
async def test_export_refuses_a_committed_link_out_of_the_workspace(make_app, workspace: Path,
                                                                   tmp_path: Path):
    """A workspace that commits out/<text>.json as a link to a file elsewhere: e, Enter,
    Enter must not overwrite that file."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n")
    (workspace / "out").mkdir(exist_ok=True)
    (workspace / "out" / f"{TEXT}.json").symlink_to(victim)
    git(workspace, "add", "--sparse", "-f", f"out/{TEXT}.json")  # a sparse clone
    git(workspace, "commit", "-q", "-m", "A link out")
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        formats = app.screen.query_one(OptionList)
        formats.highlighted = [o.id for o in formats.options].index("json")
        await pilot.pause()
        await pilot.click("#go")
        await wait_until(pilot, lambda: "Export failed" in app.query_one("#status").message)
        assert "symbolic link" in app.query_one("#status").message
    assert victim.read_text() == "someone else's file\n"
    assert (workspace / "out" / f"{TEXT}.json").is_symlink()
