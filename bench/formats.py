"""Benchmark: every output format on the 2,783-amendment GDPR workspace, half adopted.

    python bench/formats.py --workdir /tmp/gdpr-bench [--repeat 3] [--formats docx,forms]
                            [--rebuild] [--profile] [--top 25]

The workspace is the one ``bench/gdpr.py`` builds (its ``cached_workspace``): the first run
with a --workdir builds it there (a few minutes, almost all of it ``adopt``), later runs reuse
it. Without --workdir it is built in a temporary directory and removed at the end.

Then, for each format of the registry (``consolidate.exporters.FORMATS``):

1. ``consolidate -C WORKSPACE build --format F --output FILE``, wall clock in a subprocess
   (start-up, reading the workspace, consolidating, rendering, writing), best of --repeat,
   against the target of 5 s; with the size of the file written;
2. the export part alone, in this process: the session is opened and consolidated once
   (timed separately), then ``session.render(F)`` (what ``build`` calls after the
   consolidation: the export context and the renderer) is timed, first call (which imports
   the renderer's libraries) and best of --repeat. The terminal redline in colour (what
   ``build --format redline`` prints on a terminal) is timed too.

A format that misses its target, or every format with --profile, is profiled (cProfile of
``Session.render``, cumulative, top --top functions). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gdpr

TARGET = 5.0  # seconds, wall clock through the CLI, for every format


@dataclass
class Figure:
    """One format through the CLI."""

    name: str
    seconds: float
    runs: list[float]
    size: int

    @property
    def met(self) -> bool:
        return self.seconds < TARGET


def formats() -> list[str]:
    """The registry's formats, in its order."""
    from consolidate.exporters.base import FORMATS

    return list(FORMATS)


def time_cli(workspace: Path, name: str, out_dir: Path, repeat: int) -> Figure:
    """``consolidate build --format NAME --output FILE``: best of *repeat*, and the size."""
    from consolidate.exporters.base import get_exporter

    out = out_dir / f"gdpr-{name}{get_exporter(name).suffix}"
    runs = []
    for _ in range(repeat):
        if out.exists():
            out.unlink()
        _, seconds = gdpr.run(workspace, "build", "--format", name, "--output", str(out),
                              ok=(0, 1))
        runs.append(seconds)
    return Figure(name, min(runs), runs, out.stat().st_size)


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def time_export(workspace: Path, names: list[str], repeat: int) -> tuple[dict[str, float], list]:
    """Open and consolidate once, then time each format's rendering in this process.

    Returns the set-up steps (name -> seconds) and rows (format, first, best).
    """
    from consolidate.app.session import Session

    steps: dict[str, float] = {}
    started = time.perf_counter()
    session = Session.open(workspace, gdpr.TEXT_ID)
    session.require_valid()
    steps["open the workspace (read and parse every file)"] = time.perf_counter() - started
    steps["consolidate (the engine)"] = _timed(lambda: session.consolidation)
    rows = []
    variants = [(name, name, False) for name in names]
    if "redline" in names:
        variants.append(("redline (ANSI colour, as on a terminal)", "redline", True))
    for label, name, color in variants:
        def render(name: str = name, color: bool = color) -> object:
            return session.render(name, color=color)

        first = _timed(render)
        best = min(_timed(render) for _ in range(repeat))
        rows.append((label, first, best))
    return steps, rows


def profile_formats(workspace: Path, names: list[str], top: int) -> None:
    """cProfile of ``Session.render`` for each of *names* (the session consolidated first)."""
    from consolidate.app.session import Session

    session = Session.open(workspace, gdpr.TEXT_ID)
    session.require_valid()
    session.consolidation  # noqa: B018 - the engine is not what is profiled here
    for name in names:
        session.render(name, color=False)  # imports out of the profile
        profiler = cProfile.Profile()
        profiler.enable()
        session.render(name, color=False)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        print(f"\n== profile of rendering `{name}` (Session.render, cumulative) ==")
        print(gdpr._trim(out.getvalue()))


def report(built: gdpr.Built, reused: bool, figures: list[Figure], steps: dict[str, float],
           rows: list, repeat: int) -> None:
    print("\n".join(built.summary))
    how = "reused from the cache" if reused else "built now: " + ", ".join(
        f"{name} {seconds:.0f} s" for name, seconds in built.steps)
    print(f"Workspace: {built.workspace} ({how})")
    print()
    print(f"`consolidate build --format F --output FILE`, wall clock in a subprocess, "
          f"best of {repeat}:")
    print()
    print(f"| {'format':<10} | {'seconds':>7} | {'output bytes':>12} | target | met? |")
    print(f"|{'-' * 12}|{'-' * 8}:|{'-' * 13}:|{'-' * 8}|{'-' * 6}|")
    for f in figures:
        print(f"| {f.name:<10} | {f.seconds:7.2f} | {f.size:12,} | < {TARGET:g} s  | "
              f"{'yes' if f.met else 'NO':<4} |")
    print()
    print("The export part alone (in-process; the workspace opened and consolidated once):")
    print()
    for name, seconds in steps.items():
        print(f"  {name}: {seconds:.2f} s")
    print()
    width = max(len(label) for label, _, _ in rows)
    print(f"| {'render':<{width}} | first (imports) | best of {repeat} |")
    print(f"|{'-' * (width + 2)}|{'-' * 16}:|{'-' * 10}:|")
    for label, first, best in rows:
        print(f"| {label:<{width}} | {first:15.3f} | {best:9.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the workspace is built once and reused (default: a temp "
                             "dir, rebuilt every run)")
    parser.add_argument("--data", type=Path, default=gdpr.DATA,
                        help="amendments_all_2783.jsonl.gz")
    parser.add_argument("--chunk", type=int, default=50, help="ids per `consolidate adopt` call")
    parser.add_argument("--repeat", type=int, default=3, help="runs per format (best of)")
    parser.add_argument("--formats", default="",
                        help="comma-separated formats (default: every format of the registry)")
    parser.add_argument("--rebuild", action="store_true", help="build the workspace again")
    parser.add_argument("--profile", action="store_true", help="profile every format")
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.formats.split(",") if n.strip()] or formats()
    unknown = sorted(set(names) - set(formats()))
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}; known: {', '.join(formats())}")

    with tempfile.TemporaryDirectory(prefix="consolidate-formats-") as temp:
        workdir = args.workdir or Path(temp) / "gdpr"
        built, reused = gdpr.cached_workspace(workdir, args.data, args.chunk, args.rebuild)
        out_dir = Path(temp) / "out"
        out_dir.mkdir()
        figures = []
        for name in names:
            gdpr.progress(f"timing build --format {name}")
            figures.append(time_cli(built.workspace, name, out_dir, args.repeat))
        steps, rows = time_export(built.workspace, names, args.repeat)
        report(built, reused, figures, steps, rows, args.repeat)
        missed = [f.name for f in figures if not f.met]
        if missed:
            print(f"\nMissed: {', '.join(missed)}")
        if args.profile or missed:
            profile_formats(built.workspace, names if args.profile else missed, args.top)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
