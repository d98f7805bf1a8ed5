"""What a change costs: tabling a batch, and single decisions, each one commit with its journal.

    python bench/transactions.py [--amendments 2000] [--decisions 40] [--workdir DIR]

Runs against whichever ``consolidate`` is importable, so the same script measures two
versions (``/path/to/other/.venv/bin/python bench/transactions.py``). Prints wall-clock
seconds for ``amend --batch`` of N amendments (one commit of N files), the mean of single
decisions (``reject``, one commit each), and the git processes a decision starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

from consolidate.app.session import Session
from consolidate.cli.main import cli
from consolidate.core.model import Status

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed_resolution.txt"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"consolidate {' '.join(args)} failed: {result.output}")
    return result.output


def batch(root: Path, count: int) -> Path:
    """*count* amendments that do not collide: one word each, spread over the clauses."""
    places = []
    for path in sorted((root / "texts" / "seed").glob("p*.txt")):
        words = path.read_text().split(" ")
        places += [(path.stem, words, i) for i in range(len(words))]
    lines = []
    for index in range(count):
        clause, words, position = places[index % len(places)]
        changed = list(words)
        changed[position] = f"W{index}"
        lines.append(json.dumps({"clause": clause, "proposed": " ".join(changed)}))
    out = root.parent / "batch.jsonl"
    out.write_text("\n".join(lines) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amendments", type=int, default=2000)
    parser.add_argument("--decisions", type=int, default=40)
    parser.add_argument("--workdir", type=Path, default=None)
    options = parser.parse_args()
    base = options.workdir or Path(tempfile.mkdtemp(prefix="consolidate-tx-"))
    root = base / "ws"
    run("init", str(root))
    run("-C", str(root), "import", str(SEED), "--text", "seed")
    started = time.perf_counter()
    ids = run("-C", str(root), "amend", "--batch", str(batch(root, options.amendments))).split()
    tabled = time.perf_counter() - started
    session = Session.open(root)
    times = []
    spawned = []
    original = subprocess.run
    calls: list[str] = []

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0][0] if args else "")
        return original(*args, **kwargs)

    for amendment_id in ids[: options.decisions]:
        calls.clear()
        with mock.patch("subprocess.run", counting):
            started = time.perf_counter()
            session.decide([amendment_id], Status.REJECTED)
            times.append(time.perf_counter() - started)
        spawned.append(sum(1 for c in calls if c == "git"))
    print(f"amend --batch of {len(ids)} amendments (one commit)   {tabled:.2f} s")
    print(f"single decision, mean of {len(times)} (one commit each)      "
          f"{statistics.mean(times) * 1000:.0f} ms (median {statistics.median(times) * 1000:.0f} ms)")
    print(f"git processes per decision                           {statistics.mean(spawned):.1f}")


if __name__ == "__main__":
    main()
