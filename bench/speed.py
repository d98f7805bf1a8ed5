"""Every row of "instant on large texts", each beside the floor measured in the same run.

    python bench/speed.py --workdir /tmp/speed-bench [--repeat 3] [--skip review,synthetic]

The floor is what no command can avoid: starting Python, importing click and
diff-match-patch, and reading every file under ``texts/`` and ``amendments/`` (median of 5).
Each row is a whole process (``consolidate`` as installed, start-up included), median of
``--repeat`` runs, printed with its ratio to the floor and the target. The first run of a
read command is also shown on its own ("first"): it is the run that finds no cache.

Workspaces (built once in ``--workdir`` and reused; every run works on a copy):

- ``gdpr/``: the 2,783 GDPR amendments, half adopted (``gdpr.py``'s ``cached_workspace``);
- ``tabling/``: the same 625 clauses with no amendment, for ``amend --batch`` of all 2,783;
- ``code/``: a civil code of 2,788 clauses with 468 tabled amendments, each on its own
  clause, all adopted in one ``adopt`` call (the German Civil Code row of the issue; the
  real code is not among the shipped data, so its size is reproduced: 2,788 clauses of
  60 to 120 words);
- ``synthetic/``: 1,000 clauses x 10,000 amendments, half adopted (``synthetic.py``):
  ``build --format json`` with its peak memory (``/usr/bin/time``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
import workspaces
from gdpr import GIT_IDENTITY, TEXT_ID, cached_workspace

from consolidate.store.known_files import SETTLED_SECONDS

BIN = Path(sys.executable).parent
CONSOLIDATE = [str(BIN / "consolidate")] if (BIN / "consolidate").exists() else [
    sys.executable, "-m", "consolidate"]
FLOOR_SCRIPT = (
    "import os, click, diff_match_patch\n"
    "for top in ('texts', 'amendments'):\n"
    "    for folder, _, names in os.walk(top):\n"
    "        for name in names:\n"
    "            with open(os.path.join(folder, name), 'rb') as f: f.read()\n")
CODE_CLAUSES, CODE_AMENDMENTS = 2_788, 468


@dataclass(frozen=True)
class Row:
    """One figure: what was timed, the seconds (median), and the target as a ratio or seconds."""

    name: str
    seconds: float
    runs: tuple[float, ...]
    ratio_target: float | None = None
    seconds_target: float | None = None
    extra: str = ""


def environment() -> dict[str, str]:
    env = {**os.environ, **{k: os.environ.get(k) or v for k, v in GIT_IDENTITY.items()}}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(workspaces.TERMINAL)
    # As installed by the README, Python keeps the package's bytecode; an environment that
    # forbids writing it (container images often do) would time compiling every module.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_run(argv: Sequence[str], cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> float:
    """Seconds of one whole process; its exit code must be in *ok*."""
    started = time.perf_counter()
    done = subprocess.run(list(argv), cwd=cwd, capture_output=True, env=environment())
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)[:200]} exited {done.returncode}:\n"
                         f"{done.stderr.decode(errors='replace')[-2000:]}")
    return seconds


def floor(workspace: Path, times: int = 5) -> float:
    runs = [timed_run([sys.executable, "-c", FLOOR_SCRIPT], cwd=workspace) for _ in range(times)]
    return statistics.median(runs)


def consolidate(workspace: Path, *args: str) -> list[str]:
    return [*CONSOLIDATE, "-C", str(workspace), *args]


def git(workspace: Path, *args: str) -> str:
    return workspaces.git(workspace, *args)


def reset(workspace: Path, head: str) -> None:
    """Back to *head*: the working tree and the index as they were (the cache under .git stays)."""
    git(workspace, "reset", "-q", "--hard", head)
    git(workspace, "clean", "-qfd", "--", "texts", "amendments")


def settle(workspace: Path) -> None:
    """A copied workspace as a clerk's is: git's index up to date with the copied files (a
    ``reset`` would otherwise write every file again), and the files older than the moment
    they are read (a file changed in the last seconds is read again at every command:
    store/known_files.py)."""
    git(workspace, "update-index", "-q", "--refresh")
    time.sleep(SETTLED_SECONDS + 0.5)


def repeated(repeat: int, once: Callable[[], float], after: Callable[[], None] = lambda: None) -> list[float]:
    runs = []
    for _ in range(repeat):
        runs.append(once())
        after()
    return runs


# -- the rows ----------------------------------------------------------------------------------

READS = [
    ("list --json", ("list", "--json"), 3.5),
    ("votelist --json", ("votelist", "--json"), 3.5),
    ("redline --no-color", ("redline", "--no-color"), 3.5),
    ("check", ("check",), 3.5),
    ("conflicts --json", ("conflicts", "--json"), 3.5),
    ("show AM", ("show", "{am}"), 3.5),
    ("build --format json", ("build", "--format", "json", "--output", "{out}/b.json"), 5.0),
    ("build --format docx", ("build", "--format", "docx", "--output", "{out}/b.docx"), 8.0),
]


def tabled_ids(workspace: Path) -> list[str]:
    done = subprocess.run(consolidate(workspace, "list", "--json"), capture_output=True,
                          env=environment(), check=True)
    data = json.loads(done.stdout)
    return [a["id"] for a in data["amendments"] if a["status"] == "tabled"]


def read_rows(workspace: Path, out: Path, repeat: int) -> list[Row]:
    shown = tabled_ids(workspace)[0]
    rows = []
    for name, args, target in READS:
        argv = consolidate(workspace, *(a.format(am=shown, out=out) for a in args))
        runs = [timed_run(argv) for _ in range(repeat + 1)]
        rows.append(Row(name, statistics.median(runs[1:]), tuple(runs[1:]), target,
                        extra=f"first {runs[0]:.2f}"))
    return rows


def adopt_rows(workspace: Path, repeat: int) -> list[Row]:
    head = git(workspace, "rev-parse", "HEAD").strip()
    tabled = tabled_ids(workspace)
    fifty = tabled[:: max(len(tabled) // 50, 1)][:50]
    many = repeated(repeat, lambda: timed_run(consolidate(workspace, "adopt", *fifty)),
                    lambda: reset(workspace, head))
    one = repeated(repeat, lambda: timed_run(consolidate(workspace, "adopt", tabled[len(tabled) // 2])),
                   lambda: reset(workspace, head))
    return [Row("adopt of 50 amendments in one call", statistics.median(many), tuple(many)),
            Row("adopt of one amendment", statistics.median(one), tuple(one), 3.5)]


def tabling_workspace(workdir: Path, gdpr: Path) -> tuple[Path, Path]:
    """The GDPR clauses with no amendment (built once), and the batch of all 2,783."""
    root = workdir / "tabling"
    batch = gdpr.parent / "amendments.jsonl"
    if not (root / "ready").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        clauses = {p.name: p.read_text(encoding="utf-8") for p in sorted((gdpr.parent / "clauses").iterdir())}
        workspaces.clauses_workspace(root, TEXT_ID, clauses, run=workspaces.in_subprocess)
        (root / "ready").write_text("")
    return root / "workspace", batch


def tabling_row(workdir: Path, gdpr: Path, repeat: int, scratch: Path) -> Row:
    built, batch = tabling_workspace(workdir, gdpr)
    copies = iter(range(repeat))

    def once() -> float:
        # Each run on a copy of its own, removed only after the last: resetting one copy would
        # delete the 2,783 files of the run before, and the file system's work on the deleted
        # files (ext4 frees them lazily) would be timed with the next run, not this command.
        workspace = scratch / f"tabling-{next(copies)}"
        shutil.copytree(built, workspace, symlinks=True)
        return timed_run(consolidate(workspace, "amend", "--batch", str(batch)), ok=(0,))

    runs = repeated(repeat, once)
    return Row("amend --batch of all 2,783", statistics.median(runs), tuple(runs), 17.0)


def code_workspace(workdir: Path) -> tuple[Path, list[str]]:
    """2,788 clauses, 468 tabled amendments each on its own clause (built once)."""
    root = workdir / "code"
    if not (root / "ids.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        rng = random.Random(1896)
        clauses = {f"p{n:04d}.txt": " ".join(rng.choice(synthetic.WORDS) for _ in range(rng.randint(60, 120)))
                   for n in range(1, CODE_CLAUSES + 1)}
        workspace, _ = workspaces.clauses_workspace(root, "code", clauses, run=workspaces.in_subprocess)
        chosen = sorted(rng.sample(range(1, CODE_CLAUSES + 1), CODE_AMENDMENTS))
        lines = []
        for n in chosen:
            words = clauses[f"p{n:04d}.txt"].split(" ")
            words[rng.randrange(len(words))] = "geändert"
            lines.append({"clause": f"p{n:04d}", "proposed": " ".join(words),
                          "sponsor": f"Mr Member NUMBER{n} (Germany)"})
        ids, _ = workspaces.table(workspace, lines, batch=root / "batch.jsonl", run=workspaces.in_subprocess)
        (root / "ids.json").write_text(json.dumps(ids))
    return root / "workspace", json.loads((root / "ids.json").read_text())


def code_row(workdir: Path, repeat: int, scratch: Path) -> Row:
    built, ids = code_workspace(workdir)
    workspace = scratch / "code"
    shutil.copytree(built, workspace, symlinks=True)
    settle(workspace)
    head = git(workspace, "rev-parse", "HEAD").strip()
    runs = repeated(repeat, lambda: timed_run(consolidate(workspace, "adopt", *ids), ok=(0,)),
                    lambda: reset(workspace, head))
    return Row(f"code of {CODE_CLAUSES} clauses: adopt {CODE_AMENDMENTS} in one call",
               statistics.median(runs), tuple(runs), seconds_target=2.0)


def synthetic_row(workdir: Path, repeat: int, scratch: Path) -> Row:
    workspace = synthetic.cached_synthetic(workdir / "synthetic")
    runs, peaks = [], []
    for _ in range(repeat):
        report = scratch / "time.txt"
        seconds = timed_run(["/usr/bin/time", "-f", "%M", "-o", str(report),
                             *consolidate(workspace, "build", "--format", "json", "--output", os.devnull)])
        runs.append(seconds)
        peaks.append(int(report.read_text().split()[-1]) / 1024)
    return Row("synthetic 1,000 x 10,000: build --format json", statistics.median(runs), tuple(runs),
               seconds_target=2.0, extra=f"peak {max(peaks):.0f} MB (target < 300)")


def review_rows(workspace: Path, repeat: int) -> list[Row]:
    import review

    # As for the read rows, the first run (the one that finds no cache) is shown apart.
    screens = [review.terminal_first_screen(workspace) for _ in range(repeat + 1)]
    done = [s for s in screens[1:] if s is not None]
    first = f"first {screens[0]:.2f}" if screens[0] is not None else "first: no screen"
    rows = [Row("review app, first screen (tmux)", statistics.median(done), tuple(done),
                seconds_target=0.8, extra=first)] if done else []
    timings = asyncio.run(review.decisions(workspace, 6))
    shown = [row for _, row, _, _ in timings]
    rows.append(Row("review app, a decision on screen", statistics.median(shown), tuple(shown),
                    seconds_target=0.050, extra=f"worst {max(shown) * 1000:.0f} ms"))
    return rows


# -- the table ---------------------------------------------------------------------------------


def verdict(row: Row, base: float) -> str:
    if row.ratio_target is not None:
        return f"<= {row.ratio_target:g}x  {'yes' if row.seconds / base <= row.ratio_target else 'NO'}"
    if row.seconds_target is not None:
        return f"< {row.seconds_target:g} s  {'yes' if row.seconds < row.seconds_target else 'NO'}"
    return ""


def print_table(rows: list[Row], base: float) -> None:
    print(f"\nfloor (python + click + diff-match-patch + reading texts/ and amendments/, "
          f"median of 5): {base:.3f} s; load {os.getloadavg()[0]:.1f}\n")
    print("| row | seconds | x floor | target | runs | |")
    print("|---|---:|---:|---|---|---|")
    for row in rows:
        runs = ", ".join(f"{r:.2f}" for r in row.runs)
        print(f"| {row.name} | {row.seconds:.3f} | {row.seconds / base:.1f} | {verdict(row, base)} "
              f"| {runs} | {row.extra} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "consolidate-bench-speed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated: reads, adopt, tabling, code, review, synthetic")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    built, _ = cached_workspace(args.workdir / "gdpr")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="consolidate-speed-") as temp:
        scratch = Path(temp)
        workspace = scratch / "gdpr"
        shutil.copytree(built.workspace, workspace, symlinks=True)
        settle(workspace)
        base = floor(workspace)
        print(f"floor: {base:.3f} s", file=sys.stderr)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("reads", lambda: read_rows(workspace, scratch, args.repeat)),
            ("adopt", lambda: adopt_rows(workspace, args.repeat)),
            ("tabling", lambda: [tabling_row(args.workdir, built.workspace, args.repeat, scratch)]),
            ("code", lambda: [code_row(args.workdir, args.repeat, scratch)]),
            ("review", lambda: review_rows(workspace, args.repeat)),
            ("synthetic", lambda: [synthetic_row(args.workdir, args.repeat, scratch)]),
        ]
        for name, step in steps:
            if name not in skip:
                rows.extend(step())
                print(f"{name} done", file=sys.stderr, flush=True)
        after = floor(workspace)
        print(f"floor again at the end: {after:.3f} s", file=sys.stderr)
        print_table(rows, (base + after) / 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
