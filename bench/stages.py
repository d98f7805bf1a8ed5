"""The French National Assembly's rules of procedure in 37 versions (1959-2017), as stages.

    python bench/stages.py [--workdir DIR]

Each version is a text of one clause per paragraph. From one version to the next, the changed
paragraphs are tabled as amendments (modifications, deletions, insertions), adopted, and the
text promoted to a new stage (`consolidate promote`); the consolidated text must equal the next
version, paragraph for paragraph. Data: ../shared/realdata/fr-reglement-an-5e-rep (sources and
licence in ../shared/realdata/SOURCES.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import workspaces

from consolidate.app.session import Session
from consolidate.app.stages import promote
from consolidate.core.model import ClauseKind, Status
from consolidate.core.versions import version_requests

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata" / "fr-reglement-an-5e-rep"
TEXT = "reglement-an"


def paragraphs(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").strip("\n").split("\n\n") if p]


def kind(line: str) -> ClauseKind:
    if line.startswith("## "):
        return ClauseKind.ARTICLE
    return ClauseKind.HEADING if line.startswith("# ") else ClauseKind.PARAGRAPH


def make_workspace(root: Path, lines: list[str]) -> None:
    entries = [(f"c{index:05d}", kind(line).value, line) for index, line in enumerate(lines, start=1)]
    workspaces.manifest_workspace(root, TEXT, "Règlement de l'Assemblée nationale", entries,
                                  language="fr")


def replay(root: Path) -> dict:
    versions = sorted(DATA.glob("v[0-9][0-9][0-9].md"))
    make_workspace(root, paragraphs(versions[0]))
    figures = {"versions": len(versions), "amendments": 0, "equal": 0}
    start = time.perf_counter()
    for step, version in enumerate(versions[1:], start=1):
        session = Session.open(root, TEXT)
        target = paragraphs(version)
        result = session.amend(version_requests(session.text, target, kind, f"s{step:02d}n"))
        session.decide([a.id for a in result.amendments], Status.ADOPTED, date="2000-01-01")
        consolidated = [c.text for c in session.consolidation.clauses if c.status.value != "deleted"]
        figures["equal"] += consolidated == target
        figures["amendments"] += len(result.amendments)
        promote(session, tag=version.stem)
    figures["seconds"] = time.perf_counter() - start
    return figures


def bench_stages(workdir: Path) -> list:
    """Rows for bench/peers.py: the replay, and redline rendering of its amendments."""
    from peers import Row, amendment_pairs, bench_rendering

    root = workdir / "stages"
    if root.exists():
        shutil.rmtree(root)
    figures = replay(root)
    steps = figures["versions"] - 1
    rows = [Row("stages", f"{steps} steps: {figures['amendments']} amendments tabled, adopted, promoted",
                f"{figures['seconds']:.1f} s", "", "",
                "each stage = next version", f"{figures['equal']}/{steps}")]
    session = Session.open(root, TEXT)
    rows.append(bench_rendering("stages", amendment_pairs(session), quick=False))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/consolidate-bench"))
    args = parser.parse_args(argv)
    root = args.workdir / "stages"
    if root.exists():
        shutil.rmtree(root)
    print(replay(root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
