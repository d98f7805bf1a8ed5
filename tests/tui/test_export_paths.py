"""One export path: every format the review app exports is, byte for byte, what
`consolidate build --format FORMAT` writes for the same recorded state."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from support import cli

from consolidate.app.exporting import FORMATS
from consolidate.core.procedure import voting_order
from consolidate.tui.screens import ExportRequest

from .helpers import TEXT, committed, loaded, run_async, wait_until


def built(workspace: Path, fmt: str, target: Path) -> bytes:
    cli(workspace, "build", "--text", TEXT, "--format", fmt, "--output", str(target), codes=(0,))
    return target.read_bytes()


async def export(pilot, fmt: str, target: Path) -> None:
    app = pilot.app
    app._export(ExportRequest(fmt, str(target)))  # what the dialog's Enter does
    await wait_until(pilot, lambda: f"Wrote {target}" in app.query_one("#status").message)


@run_async
async def test_every_format_from_the_app_is_what_build_writes(gated_app, workspace: Path,
                                                              tmp_path: Path):
    app, committer = gated_app
    exported = tmp_path / "app"
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        # A decision still being committed: the export waits for it.
        app.amendment_id = "am-013"
        await pilot.press("a", "y")
        app._export(ExportRequest("json", str(exported / "first.json")))
        await pilot.pause()
        assert "once the decisions being committed" in app.query_one("#status").message
        assert not (exported / "first.json").exists()
        committer.gate.set()
        await committed(pilot)
        await wait_until(pilot, lambda: (exported / "first.json").exists())
        # The voting list not computed yet (as just after loading): the export waits for it.
        snapshot = app.review.snapshot
        text_order = tuple(a.id for a in voting_order(snapshot.text,
                                                      list(snapshot.amendments.values())))
        assert text_order != snapshot.order
        app.review.snapshot = replace(snapshot, order=text_order, voting_list=False)
        app._export(ExportRequest("json", str(exported / "second.json")))
        await pilot.pause()
        assert not (exported / "second.json").exists()
        app._load_order()
        await wait_until(pilot, lambda: (exported / "second.json").exists())
        for fmt in FORMATS:
            await export(pilot, fmt, exported / f"export.{fmt}")
    cli_out = tmp_path / "cli"
    json_built = built(workspace, "json", cli_out / "build.json")
    assert (exported / "first.json").read_bytes() == json_built
    assert (exported / "second.json").read_bytes() == json_built
    for fmt in FORMATS:
        assert (exported / f"export.{fmt}").read_bytes() == \
            built(workspace, fmt, cli_out / f"build.{fmt}"), fmt
