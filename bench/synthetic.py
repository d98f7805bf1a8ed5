"""A deterministic synthetic workload: 1,000 clauses, 10,000 amendments, half of them adopted.

    python bench/synthetic.py [--workdir DIR]   # builds it (or reuses DIR) and times build

Each clause has about 60 words drawn (with a fixed seed) from a small legal vocabulary in
several scripts. Each clause gets ten amendments: five change words far apart from each other
(they never collide, and are adopted), five change words at random places (they may collide
with the adopted ones; those fall when their neighbour is adopted).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import workspaces

CLAUSES = 1_000
PER_CLAUSE = 10
WORDS = ("the participating States shall ensure that all measures necessary to protect children "
         "against exploitation are taken without delay , and in accordance with national law ; "
         "Convention Council Europe государства-участники Конвенция Σύμβαση κράτη époux Union "
         "data controller processor personal processing lawful consent").split()
SEED = 2013


def clause_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 70))) + "."


def _changed(words: list[str], position: int, marker: str) -> str:
    changed = list(words)
    changed[position] = marker
    return " ".join(changed)


def plan(rng: random.Random) -> tuple[dict[str, str], list[dict], list[int]]:
    """Clause files, batch lines, and the line numbers of the amendments to adopt."""
    clauses: dict[str, str] = {}
    lines: list[dict] = []
    adopt: list[int] = []
    for number in range(1, CLAUSES + 1):
        text = clause_text(rng)
        clause_id = f"c{number:04d}"
        clauses[f"{clause_id}.txt"] = text
        words = text.split(" ")
        for k in range(PER_CLAUSE // 2):  # far apart: never collide
            adopt.append(len(lines))
            lines.append({"clause": clause_id, "proposed": _changed(words, 2 + 11 * k, f"ADOPTED{k}"),
                          "sponsor": f"Mr Member{k} NUMBER{number} (Country{k})"})
        for k in range(PER_CLAUSE // 2):  # anywhere: may collide
            position = rng.randrange(len(words) - 1)
            lines.append({"clause": clause_id, "proposed": _changed(words, position, f"OTHER{k}"),
                          "sponsor": f"Ms Member{k} RIVAL{number} (Country{k})"})
    return clauses, lines, adopt


def consolidate_cli(workspace: Path | None, *args: str) -> workspaces.Outcome:
    """``consolidate`` in a child process, as a user runs it (start-up included)."""
    return workspaces.expect(workspaces.in_subprocess(workspace, *args))


def build(root: Path) -> dict:
    rng = random.Random(SEED)
    clauses, lines, adopt = plan(rng)
    workspace, imported = workspaces.clauses_workspace(root, "synthetic", clauses, title="Synthetic",
                                                       run=workspaces.in_subprocess)
    figures = {"import": imported.seconds}
    ids, tabled = workspaces.table(workspace, lines, batch=root / "amendments.jsonl",
                                   run=workspaces.in_subprocess)
    figures["amend --batch (10,000)"] = tabled.seconds
    chosen = [ids[i] for i in adopt]
    adopted = workspaces.decide(workspace, "adopt", chosen, chunk=500, run=workspaces.in_subprocess)
    figures["adopt (5,000, 500 per call)"] = sum(outcome.seconds for outcome in adopted)
    (root / "built.json").write_text(json.dumps(figures, indent=2))
    return figures


def cached_synthetic(root: Path) -> Path:
    """The synthetic workspace in *root*, built the first time."""
    if not (root / "built.json").exists():
        if root.exists():
            import shutil

            shutil.rmtree(root)
        root.mkdir(parents=True)
        build(root)
    return root / "workspace"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/consolidate-bench/synthetic"))
    args = parser.parse_args(argv)
    workspace = cached_synthetic(args.workdir)
    print(json.loads((args.workdir / "built.json").read_text()))
    start = time.perf_counter()
    consolidate_cli(workspace, "build", "--format", "json", "--output", "/dev/null")
    print(f"build --format json: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
