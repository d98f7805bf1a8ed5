"""Benchmark: what "write only what you can read back" costs, on the 2,783 GDPR amendments.

    python bench/readback.py [--workdir DIR] [--repeat 3]

Every amendment is rendered and read back with the amendment reader before it is written
(``core.amendment_format.readback_problem``, run once when the amendment is made and once
more by ``Workspace.write_amendments``), and every proposal takes the one road
(``core.normalise.clause_proposal``). This prints, for the GDPR workspace of ``bench/gdpr.py``
(built in --workdir, or reused from it): the time of one read-back of all the amendments, of
the one road for all their proposed texts, and the ``amend --batch`` call that tabled them, so
that the share of the checks in tabling is a measured figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gdpr import TEXT_ID, cached_workspace

from consolidate.app.session import Session
from consolidate.core.amendment_format import readback_problem
from consolidate.core.engine import read_edits
from consolidate.core.normalise import clause_proposal
from consolidate.core.patching import apply_edits


def best(repeat: int, work: Callable[[], object]) -> float:
    """The best wall-clock time of *repeat* runs of *work*, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="consolidate-readback-")) / "gdpr"
    built, _ = cached_workspace(workdir)
    session = Session.open(built.workspace, TEXT_ID)
    amendments = session.amendments
    proposals = []
    for amendment in amendments:
        drafted = read_edits(amendment, session.bases, session.cache)
        if drafted.finding is None:
            proposals.append((apply_edits(drafted.base or "", drafted.edits), drafted.base or ""))
    readback = best(options.repeat, lambda: [readback_problem(a) for a in amendments])
    road = best(options.repeat, lambda: [clause_proposal(p, b) for p, b in proposals])
    batch = next((s for name, s in built.steps if name.startswith("amend --batch")), float("nan"))
    checks = 2 * readback + road
    print(f"{'GDPR workspace':<48} {len(amendments)} amendments")
    print(f"{'read back every amendment file once':<48} {readback:8.3f} s "
          f"({readback / len(amendments) * 1e6:.0f} us each)")
    print(f"{'the one road for every proposal':<48} {road:8.3f} s")
    print(f"{'amend --batch that tabled them (one call)':<48} {batch:8.3f} s")
    print(f"{'checks while tabling (2 read-backs + the road)':<48} {checks:8.3f} s "
          f"({checks / batch:.0%} of the call)")


if __name__ == "__main__":
    main()
