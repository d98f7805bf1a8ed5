"""Benchmark of decisions on the 2,783 GDPR amendments: many at once, and the review app's
prediction of one.

    python bench/decisions.py [--workdir DIR] [--predictions 100]

Builds the GDPR workspace of ``bench/gdpr.py`` with every amendment tabled and none adopted
(in a temporary directory, or in --workdir, reused when it holds one), picks the same
non-colliding half as ``bench/gdpr.py`` (``pick_half``), then times, wall clock:

- ``consolidate adopt`` of every picked id in ONE call (a subprocess: start-up included); the
  decisions follow the voting list, so the identical amendments are adopted with them and the
  colliding ones fall; ``consolidate check`` must then exit 0;
- the review app's prediction of an adoption (``ReviewState.predict``, the rule the commit
  applies: core/decisions.plan_decision) on tabled amendments, median and maximum (target
  < 100 ms: it runs on a key press, before the dialog opens).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gdpr import DATA, TEXT_ID, batch_lines, load, pick_half, plan_clauses, run

PREDICTION_TARGET = 0.100
MARKER = "tabled.json"


def tabled_workspace(root: Path) -> tuple[Path, list[str]]:
    """Every GDPR amendment tabled in ``root/workspace``; the ids ``pick_half`` picks."""
    marker = root / MARKER
    if marker.exists():
        return root / "workspace", json.loads(marker.read_text(encoding="utf-8"))
    rows = load(DATA)
    ids, texts, _ = plan_clauses(rows)
    clauses = root / "clauses"
    clauses.mkdir(parents=True)
    for clause, text in texts.items():
        (clauses / f"{clause}.txt").write_text(text, encoding="utf-8")
    workspace = root / "workspace"
    run(None, "init", str(workspace))
    run(workspace, "import", str(clauses), "--text", TEXT_ID)
    lines, _ = batch_lines(rows, ids)
    batch = root / "amendments.jsonl"
    batch.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                     encoding="utf-8")
    run(workspace, "amend", "--batch", str(batch))
    subprocess.run(["git", "-C", str(workspace), "tag", "tabled"], check=True)
    picked, _ = pick_half(workspace)
    marker.write_text(json.dumps(picked), encoding="utf-8")
    return workspace, picked


def predictions(workspace: Path, count: int) -> list[float]:
    """Seconds of each prediction of an adoption, on the first *count* tabled amendments."""
    from consolidate.app.session import Session
    from consolidate.core.model import Status
    from consolidate.tui.state import Refused, ReviewState, Snapshot

    session = Session.open(workspace, TEXT_ID)
    state = ReviewState(Snapshot.read(session))
    tabled = [a.id for a in session.amendments if a.status is Status.TABLED][:count]
    times = []
    for amendment_id in tabled:
        started = time.perf_counter()
        try:
            state.predict("adopt", amendment_id)
        except Refused:
            pass
        times.append(time.perf_counter() - started)
    return times


def bench(root: Path, count: int) -> int:
    workspace, picked = tabled_workspace(root)
    subprocess.run(["git", "-C", str(workspace), "reset", "-q", "--hard", "tabled"], check=True)
    times = predictions(workspace, count)
    result, seconds = run(workspace, "adopt", *picked)
    decided = result.stdout.count(" -> ")
    fallen = result.stdout.count(" -> fallen")
    check, _ = run(workspace, "check", ok=(0, 1, 2))
    subprocess.run(["git", "-C", str(workspace), "reset", "-q", "--hard", "tabled"], check=True)
    median, worst = statistics.median(times), max(times)
    print(f"GDPR LIBE 2013: {len(picked)} amendments adopted in one `consolidate adopt`: "
          f"{decided} decisions ({fallen} fallen); check exit {check.returncode}: "
          f"{check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr}")
    print()
    print(f"{'step':<52}{'seconds':>9}  target")
    print(f"{f'adopt {len(picked)} ids (1 call)':<52}{seconds:>9.3f}")
    print(f"{f'review app: predict an adoption, median of {len(times)}':<52}{median:>9.3f}"
          f"  < {PREDICTION_TARGET}{'' if median < PREDICTION_TARGET else '  MISSED'}")
    print(f"{'review app: predict an adoption, worst':<52}{worst:>9.3f}")
    return 0 if check.returncode == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None,
                        help="build the workspace here once, and reuse it on later runs")
    parser.add_argument("--predictions", type=int, default=100)
    args = parser.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return bench(args.workdir, args.predictions)
    with tempfile.TemporaryDirectory(prefix="consolidate-bench-decisions-") as tmp:
        return bench(Path(tmp), args.predictions)


if __name__ == "__main__":
    raise SystemExit(main())
