"""Benchmark: reading back the tracked-changes DOCX of the GDPR consolidation.

    python bench/word.py --workdir /tmp/word-bench [--repeat 3] [--check] [--profile]

The GDPR workspace is the one ``bench/gdpr.py`` builds (2,783 real LIBE amendments, half
adopted), in ``WORKDIR/gdpr`` (built on the first run, a few minutes, then reused). Then:

1. ``consolidate build --format docx``: the consolidation as a Word document, every adopted
   amendment a tracked change by its sponsor (timed once, for the record);
2. a workspace with the same base text and no amendment (``init`` and ``import`` of the same
   clause files, in ``WORKDIR/fresh``);
3. ``consolidate -C fresh amend --docx GDPR.docx --dry-run``, wall clock in a subprocess
   (start-up, reading the document, matching every paragraph, the amending instructions),
   best of --repeat, against the target of 5 s;
4. with --check: the document is tabled for real in a copy of ``fresh``, every amendment
   adopted in one ``adopt``, and the consolidated text compared with the GDPR workspace's
   (and the sponsors of each changed clause).

Prints a table of figures; exit status 1 when the target is missed or the check fails.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gdpr

TARGET = 5.0  # seconds, wall clock through the CLI


def fresh_workspace(workdir: Path, built: gdpr.Built) -> Path:
    """A workspace holding the GDPR text as imported, with no amendment (made once)."""
    fresh = workdir / "fresh"
    if (fresh / ".git").is_dir():
        return fresh
    if fresh.exists():
        shutil.rmtree(fresh)
    gdpr.run(None, "init", str(fresh))
    gdpr.run(fresh, "import", str(built.workspace.parent / "clauses"), "--text", gdpr.TEXT_ID)
    return fresh


def attributed(workspace: Path) -> Counter:
    """Each changed clause of the consolidation (status, text) with its amendments' sponsors."""
    from consolidate.app.session import Session

    session = Session.open(workspace, gdpr.TEXT_ID)
    sponsors = {a.id: a.sponsor.short if a.sponsor else None for a in session.amendments}
    return Counter((c.status.value, c.text, tuple(sorted(str(sponsors[i]) for i in c.amendments)))
                   for c in session.consolidation.clauses if c.changed)


def check(workdir: Path, fresh: Path, built: gdpr.Built, docx: Path) -> list[tuple[str, float, str]]:
    """Table the document for real, adopt everything, compare with the GDPR consolidation."""
    copy = workdir / "check"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(fresh, copy)
    result, tabling = gdpr.run(copy, "amend", "--docx", str(docx))
    ids = [line for line in result.stdout.split() if line.startswith("am-")]
    _, adopting = gdpr.run(copy, "adopt", *ids, ok=(0, 1))
    original, _ = gdpr.run(built.workspace, "build", "--format", "text", ok=(0, 1))
    read_back, _ = gdpr.run(copy, "build", "--format", "text", ok=(0, 1))
    same_text = original.stdout == read_back.stdout
    same_sponsors = attributed(copy) == attributed(built.workspace)
    return [
        (f"amend --docx, tabling for real ({len(ids)} amendments)", tabling, ""),
        (f"adopt ({len(ids)} amendments, 1 call)", adopting, ""),
        ("consolidated text read back equals the GDPR consolidation", 0.0,
         "yes" if same_text else "NO"),
        ("sponsors of every changed clause equal", 0.0, "yes" if same_sponsors else "NO"),
    ]


def profile(fresh: Path, docx: Path, top: int) -> None:
    from consolidate.app.session import Session
    from consolidate.app.word import describe, plan_docx

    profiler = cProfile.Profile()
    profiler.enable()
    session = Session.open(fresh, gdpr.TEXT_ID)
    describe(plan_docx(session, docx.read_bytes(), docx.name))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print("\n== profile of `amend --docx --dry-run` (library calls, cumulative) ==")
    print(gdpr._trim(out.getvalue()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True,
                        help="where the workspaces are built and kept")
    parser.add_argument("--data", type=Path, default=gdpr.DATA)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the timed command")
    parser.add_argument("--check", action="store_true",
                        help="also table, adopt and compare with the GDPR consolidation")
    parser.add_argument("--rebuild", action="store_true", help="build the GDPR workspace again")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    args.workdir.mkdir(parents=True, exist_ok=True)
    built, reused = gdpr.cached_workspace(args.workdir / "gdpr", args.data, rebuild=args.rebuild)
    docx = args.workdir / "gdpr.docx"
    _, building = gdpr.run(built.workspace, "build", "--format", "docx", "--output", str(docx),
                           ok=(0, 1))
    fresh = fresh_workspace(args.workdir, built)
    runs = []
    lines = 0
    for _ in range(args.repeat):
        result, seconds = gdpr.run(fresh, "amend", "--docx", str(docx), "--dry-run")
        runs.append(seconds)
        lines = len(result.stdout.splitlines())
    best = min(runs)
    figures = [
        (f"GDPR workspace ({'reused' if reused else 'built'}): {built.adopted} adopted", 0.0, ""),
        (f"build --format docx ({docx.stat().st_size / 1e6:.1f} MB)", building, ""),
        (f"amend --docx --dry-run ({lines} amendments; best of {args.repeat}: "
         f"{', '.join(f'{t:.2f}' for t in runs)})", best,
         f"< {TARGET:g}  {'ok' if best < TARGET else 'MISSED'}"),
    ]
    failed = best >= TARGET
    if args.check:
        checked = check(args.workdir, fresh, built, docx)
        figures += checked
        failed |= any(mark == "NO" for _, _, mark in checked)
    width = max(len(name) for name, _, _ in figures)
    print(f"{'step'.ljust(width)}  {'seconds':>8}  target")
    for name, seconds, mark in figures:
        print(f"{name.ljust(width)}  {seconds:8.3f}  {mark}")
    if args.profile or best >= TARGET:
        profile(fresh, docx, args.top)
    return 1 if failed else 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"\n(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    sys.exit(code)
