"""Benchmark of the review app on the 2,783 GDPR amendments: first screen, and a decision.

    python bench/review.py [--workdir DIR] [--repeat 3] [--decisions 10] [--no-terminal]

The GDPR workspace is built once by ``bench/gdpr.py``'s ``cached_workspace`` (in ``--workdir``,
default ``$TMPDIR/consolidate-bench-gdpr``; the first build takes minutes) and copied before
anything is decided, so the cached workspace is never changed. Figures, wall clock:

- first screen, real command: ``consolidate review`` started in a pseudo-terminal (tmux,
  160x50) until the screen shows the amendments table filled (target < 2 s);
- first screen, in process: ``build_app(Session.open(...))`` under ``App.run_test`` until the
  text, outline and table are drawn; with the time of each session read behind it;
- a decision on screen: a key (reject, or adopt then confirm) until the screen shows the
  decided amendment's new status in its row, the status line and the amendment panel
  (before git has committed; target < 100 ms); then until the text and the collision
  markers are repainted (an adoption needs a new consolidation: ``Session.what_if``); and
  until the commit lands (in the background: the screen never waits for it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gdpr import GIT_IDENTITY, TEXT_ID, cached_workspace

FIRST_SCREEN_TARGET = 2.0
DECISION_TARGET = 0.100
SIZE = (160, 50)


def timed(label: str, call, figures: list[tuple[str, float]]):
    started = time.perf_counter()
    result = call()
    figures.append((label, time.perf_counter() - started))
    return result


def session_reads(workspace: Path) -> list[tuple[str, float]]:
    """What the loader reads, one part at a time, on a fresh session."""
    from consolidate.app.session import Session

    figures: list[tuple[str, float]] = []
    session = Session.open(workspace, TEXT_ID)
    timed("session: text + amendments", lambda: (session.text, session.amendments), figures)
    timed("session: bases", lambda: session.bases, figures)
    timed("session: consolidation", lambda: session.consolidation, figures)
    timed("session: conflicts", lambda: session.conflicts, figures)
    timed("session: voting_order()", session.voting_order, figures)
    timed("session: problems (the CLI checks them first)", lambda: session.problems, figures)
    return figures


async def first_screen(workspace: Path) -> tuple[float, float]:
    """(seconds to the first full screen, of which reading the session in the loader)."""
    from consolidate.app.session import Session
    from consolidate.tui.app import build_app

    started = time.perf_counter()
    app = build_app(Session.open(workspace, TEXT_ID))
    async with app.run_test(size=SIZE) as pilot:
        while app.review is None:
            await pilot.pause(0.005)
        loaded = time.perf_counter() - started
        await pilot.pause()
        drawn = time.perf_counter() - started
        assert app.frame is not None and len(app.frame.rows) == len(app.review.snapshot.order)
    return drawn, loaded


async def decisions(workspace: Path, count: int) -> list[tuple[str, float, float, float]]:
    """(what, seconds until its row is painted, until the text is, until committed).

    The key is posted as the terminal would (``App.simulate_key``), and the clock stops at
    the first screen update (``App._display``) after the widgets show the new state.
    """
    from consolidate.app.session import Session
    from consolidate.core.model import Status
    from consolidate.tui.app import build_app

    app = build_app(Session.open(workspace, TEXT_ID))
    stamps: dict[str, float] = {}
    painted: list[float] = []

    def stamped(name: str, call):
        def wrapper(*args, **kwargs):
            result = call(*args, **kwargs)
            stamps[name] = time.perf_counter()
            return result
        return wrapper

    def display(screen, renderable, _display=app._display) -> None:
        _display(screen, renderable)
        if renderable is not None:
            painted.append(time.perf_counter())

    async def paint_after(name: str) -> float:
        while True:
            if name in stamps:
                after = [p for p in painted if p >= stamps[name]]
                if after:
                    return after[0]
            await asyncio.sleep(0.0005)

    app._show_rows = stamped("row", app._show_rows)
    app.refresh_screen = stamped("text", app.refresh_screen)
    app._display = display
    out: list[tuple[str, float, float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        while app.review is None or not app.review.snapshot.voting_list:
            await pilot.pause(0.01)
        await pilot.pause()
        snapshot = app.review.snapshot
        tabled = [i for i in snapshot.order if snapshot.amendments[i].status is Status.TABLED]
        step = max(len(tabled) // max(count, 1), 1)
        for index, amendment in enumerate(tabled[::step][:count]):
            if app.review.shown()[amendment] is not Status.TABLED:
                continue  # fell with an earlier adoption
            app.amendment_id = amendment
            await pilot.pause()
            adopt = index % 2 == 1
            if adopt:
                await pilot.press("a")  # the confirmation says who falls; then:
                await pilot.pause()
            stamps.clear()
            painted.clear()
            started = time.perf_counter()
            app.simulate_key("y" if adopt else "r")
            row = await paint_after("row") - started
            text = await paint_after("text") - started
            shown = next(r for r in app.frame.rows if r.id == amendment).status
            assert shown.startswith("adopted" if adopt else "rejected"), shown
            while app.review.pending:
                await asyncio.sleep(0.002)
            out.append((f"{'adopt' if adopt else 'reject'} {snapshot.amendments[amendment].label}",
                        row, text, time.perf_counter() - started))
            await pilot.pause()
        await pilot.press("q")
    return out


def terminal_first_screen(workspace: Path) -> float | None:
    """Seconds from starting `consolidate review` in tmux until the table is on screen."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    socket = f"consolidate-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    consolidate = shutil.which("consolidate") or f"{sys.executable} -m consolidate"
    env = {**os.environ, **GIT_IDENTITY}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: Python keeps the bytecode
    base = [tmux, "-L", socket]
    try:
        started = time.perf_counter()
        subprocess.run([*base, "new-session", "-d", "-x", str(SIZE[0]), "-y", str(SIZE[1]), f"{consolidate} -C {workspace} review; sleep 30"],
                       check=True, env=env)
        while time.perf_counter() - started < 60:
            screen = subprocess.run([*base, "capture-pane", "-p"], capture_output=True,
                                    text=True).stdout
            if "Amendments 2783/2783" in screen and "Redline" in screen:
                return time.perf_counter() - started
            time.sleep(0.02)
        return None
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)


def copy_workspace(workspace: Path, into: Path) -> Path:
    target = into / "workspace"
    shutil.copytree(workspace, target, symlinks=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "consolidate-bench-gdpr",
                        help="where the GDPR workspace is built once and reused")
    parser.add_argument("--repeat", type=int, default=3, help="first-screen runs (best of)")
    parser.add_argument("--decisions", type=int, default=10, help="decisions timed")
    parser.add_argument("--no-terminal", action="store_true", help="skip the tmux measure")
    args = parser.parse_args(argv)
    os.environ.update({k: os.environ.get(k, v) for k, v in GIT_IDENTITY.items()})

    built, reused = cached_workspace(args.workdir)
    print(f"GDPR workspace: {built.workspace} ({'reused' if reused else 'built'})")
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="consolidate-review-bench-") as temp:
        workspace = copy_workspace(built.workspace, Path(temp))
        for name, seconds in session_reads(workspace):
            rows.append((name, seconds, ""))
        if not args.no_terminal:
            runs = [terminal_first_screen(workspace) for _ in range(args.repeat)]
            done = [r for r in runs if r is not None]
            if done:
                best = min(done)
                rows.append((f"first screen, `consolidate review` in tmux (best of "
                             f"{len(done)}: {', '.join(f'{r:.2f}' for r in done)})", best,
                             _mark(best, FIRST_SCREEN_TARGET)))
        screens = [asyncio.run(first_screen(workspace)) for _ in range(args.repeat)]
        best_drawn, best_loaded = min(screens)
        rows.append((f"first screen, in process (best of {args.repeat})", best_drawn,
                     _mark(best_drawn, FIRST_SCREEN_TARGET)))
        rows.append(("  of which the loader reading the session", best_loaded, ""))
        timings = asyncio.run(decisions(workspace, args.decisions))
    shown = [r for _, r, _, _ in timings]
    texts = [t for _, _, t, _ in timings]
    committed = [c for _, _, _, c in timings]
    for what, row, text, commit in timings:
        rows.append((f"  {what}: row on screen (text {text:.3f} s, committed {commit:.2f} s)",
                     row, ""))
    rows.append((f"decision on screen (its row, status, panel), median of {len(shown)}",
                 statistics.median(shown), _mark(statistics.median(shown), DECISION_TARGET)))
    rows.append((f"decision on screen (its row, status, panel), worst of {len(shown)}",
                 max(shown), _mark(max(shown), DECISION_TARGET)))
    rows.append(("text and collision markers updated, median", statistics.median(texts), ""))
    rows.append(("text and collision markers updated, worst", max(texts), ""))
    rows.append(("decision committed in git (background), median",
                 statistics.median(committed), ""))
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'step'.ljust(width)}  {'seconds':>8}  target")
    for name, seconds, target in rows:
        print(f"{name.ljust(width)}  {seconds:8.3f}  {target}")
    return 0


def _mark(seconds: float, target: float) -> str:
    return f"< {target:g}  {'ok' if seconds < target else 'MISSED'}"


if __name__ == "__main__":
    sys.exit(main())
