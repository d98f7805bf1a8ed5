"""Snapshots of the main screens at 80x24 and 160x50 (update: pytest --snapshot-update)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from .helpers import loaded

SMALL, LARGE = (80, 24), (160, 50)


def prepare(amendment: str | None = None, *keys: str) -> Callable[..., Awaitable[None]]:
    """Wait for the workspace, select *amendment*, press *keys*."""

    async def run_before(pilot) -> None:
        await loaded(pilot)
        if amendment:
            pilot.app.amendment_id = amendment
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_main_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare())


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_side_by_side(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare("am-002", "5"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_amendment_view(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare("am-012", "4"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_collision_panel(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=prepare(None, "right_square_bracket"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_adoption_asks_who_falls(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare("am-012", "a"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_what_if_mode(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=prepare("am-012", "x", "space"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_help_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare(None, "question_mark"))


def test_export_dialog(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=prepare(None, "e"))


def test_light_theme(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=LARGE, run_before=prepare(None, "ctrl+t"))


def test_no_color(snap_compare, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=prepare("am-002", "n"))
