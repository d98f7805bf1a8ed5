"""consolidate against the tools a user would otherwise pick, on every workload, in one table.

    python bench/peers.py [--workdir DIR] [--quick]

Workloads: the shipped workspace; the 2,783 GDPR amendments (built once by bench/gdpr.py and
cached in DIR/gdpr); the French National Assembly's rules in 37 versions, as stages (built
with `consolidate promote` when this installation has it); a deterministic synthetic text of
1,000 clauses with 10,000 amendments (cached in DIR/synthetic).

Peers, measured in the same run on the same data:
- `redlines` (PyPI) on the same old/new pairs, for redline rendering;
- diff-match-patch's own fuzzy `patch_apply`, for speed and for how often its result is wrong;
- `git merge-file` run pair by pair on word tokens (one token a line), for collision detection:
  speed, and agreement on the pairs whose word ranges are clearly separate (three unchanged
  words or more between) or clearly overlapping (a base word changed by both).
Targets: rendering 10x faster than redlines; collision detection 100x faster than git
merge-file per pair; the synthetic build in 5 s and 500 MB at most (/usr/bin/time -v).
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from consolidate.app.session import Session  # noqa: E402
from consolidate.core.engine import read_edits  # noqa: E402
from consolidate.core.model import Status  # noqa: E402
from consolidate.core.patching import apply_edits, tokenize, word_diff  # noqa: E402
from consolidate.core.ranges import TokenIndex  # noqa: E402


@dataclass
class Row:
    workload: str
    measure: str
    ours: str
    peer: str
    ratio: str
    target: str = ""
    met: str = ""


# -- the pairs each workload gives -------------------------------------------------------------

def amendment_pairs(session: Session) -> list[tuple[str, str, object]]:
    """(base text, proposed text, amendment) of every amendment whose patch reads."""
    pairs = []
    for amendment in session.amendments:
        drafted = read_edits(amendment, session.bases, session.cache)
        if drafted.finding is None and drafted.base is not None:
            pairs.append((drafted.base, apply_edits(drafted.base, drafted.edits), amendment))
    return pairs


# -- rendering: ours against redlines ----------------------------------------------------------

def our_redline(old: str, new: str) -> str:
    out = []
    for op, text in word_diff(old, new):
        out.append(text if op == 0 else (f"[-{text}-]" if op < 0 else f"{{+{text}+}}"))
    return "".join(out)


def bench_rendering(name: str, pairs, quick: bool) -> Row:
    """Diffing each old/new pair from scratch and marking it (what tabling does)."""
    from redlines import Redlines

    sample = pairs[:300] if quick else pairs
    start = time.perf_counter()
    for old, new, _ in sample:
        our_redline(old, new)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for old, new, _ in sample:
        _ = Redlines(old, new).output_markdown
    peer = time.perf_counter() - start
    return Row(name, f"diff + redline of {len(sample)} amendment old/new pairs", f"{ours:.3f} s",
               f"redlines {peer:.3f} s", f"{peer / ours:.1f}x", "", "")


def bench_redline_output(name: str, session: Session) -> Row:
    """The redline as `consolidate redline` renders it, from the engine's attributed changes,
    against redlines on the same pairs (each clause as tabled, and as consolidated)."""
    from redlines import Redlines

    from consolidate.exporters.redline import render_plain

    consolidation = session.consolidation
    pairs = [(c.original, c.text) for c in consolidation.clauses]
    context = session.export_context()
    start = time.perf_counter()
    render_plain(context)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for old, new in pairs:
        _ = Redlines(old, new).output_markdown
    peer = time.perf_counter() - start
    return Row(name, f"redline of the consolidation ({len(pairs)} clauses)",
               f"{ours:.3f} s", f"redlines {peer:.3f} s", f"{peer / ours:.0f}x", ">= 10x",
               "yes" if peer / ours >= 10 else "NO")


# -- applying: ours (exact) against patch_apply (fuzzy) ----------------------------------------

def bench_apply(name: str, session: Session) -> Row:
    """Adopt every live amendment: the engine applies what it can exactly and refuses the rest;
    patch_apply applies each patch in the same order and says whether it succeeded."""
    from diff_match_patch import diff_match_patch

    everything = {a.id: Status.ADOPTED for a in session.amendments if a.status in (Status.TABLED, Status.ADOPTED)}
    start = time.perf_counter()
    exact = session.what_if(everything)
    ours = time.perf_counter() - start
    applied = set(exact.applied)
    dmp = diff_match_patch()
    order = [a for a in session.voting_order() if a.id in everything and not a.action.inserts]
    texts = {c.id: c.text for c in session.text.clauses}
    claimed_but_refused = 0
    start = time.perf_counter()
    for amendment in order:
        if amendment.clause not in texts:
            continue
        patches = dmp.patch_fromText(amendment.patch)
        texts[amendment.clause], results = dmp.patch_apply(patches, texts[amendment.clause])
        if all(results) and amendment.id not in applied:
            claimed_but_refused += 1
    peer = time.perf_counter() - start
    wrong = sum(1 for c in exact.clauses if c.id in texts and c.status.value != "deleted"
                and texts[c.id] != c.text)
    considered = sum(1 for c in exact.clauses if c.id in texts)
    return Row(name, f"apply {len(order)} amendments to {considered} clauses",
               f"{ours:.3f} s, 0 wrong", f"patch_apply {peer:.3f} s, {wrong} clauses wrong, "
               f"{claimed_but_refused} 'succeeded' where the exact answer is a collision",
               f"{peer / ours:.1f}x")


# -- collisions: ours against git merge-file ---------------------------------------------------

def _changed_tokens(base: str, proposed: str) -> tuple[set[int], list[tuple[int, int]]]:
    index = TokenIndex(base)
    edits = index.to_tokens([e for e in _edits(base, proposed)])
    changed = {i for e in edits for i in range(e.start, e.end)}
    return changed, [(e.start, e.end) for e in edits]


def _edits(base: str, proposed: str):
    from consolidate.core.patching import word_edits

    return word_edits(base, proposed)


def classify(base: str, one: str, other: str) -> str:
    """'overlap', 'separate' (3+ unchanged words between all edits) or 'unclear'."""
    tokens = tokenize(base)
    a_changed, a_ranges = _changed_tokens(base, one)
    b_changed, b_ranges = _changed_tokens(base, other)
    if a_changed & b_changed:
        return "overlap"
    for (s1, e1), (s2, e2) in itertools.product(a_ranges, b_ranges):
        low, high = (e1, s2) if e1 <= s2 else (e2, s1)
        if sum(1 for t in tokens[low:high] if not t.isspace()) < 3:
            return "unclear"
    return "separate"


def git_merge_conflicts(base: str, one: str, other: str, folder: Path) -> bool:
    for name, text in (("base", base), ("one", one), ("other", other)):
        (folder / name).write_text("\n".join(t.replace("\n", "\\n") for t in tokenize(text)) + "\n")
    result = subprocess.run(["git", "merge-file", "-p", str(folder / "one"), str(folder / "base"),
                             str(folder / "other")], capture_output=True)
    return result.returncode != 0


def bench_collisions(name: str, session: Session, pairs, quick: bool) -> list[Row]:
    from consolidate.core.cache import EngineCache
    from consolidate.core.collisions import analyse

    start = time.perf_counter()
    report = analyse(session.text, session.amendments, session.bases, cache=EngineCache())
    cold = time.perf_counter() - start
    by_clause: dict[str, list] = {}
    for base, proposed, amendment in pairs:
        if amendment.status in (Status.TABLED, Status.ADOPTED) and not amendment.action.inserts:
            by_clause.setdefault(amendment.target, []).append((base, proposed, amendment))
    all_pairs = [pair for members in by_clause.values() for pair in itertools.combinations(members, 2)
                 if pair[0][0] == pair[1][0]]
    found = {frozenset((c.first, c.second)) for c in report.collisions}
    identical = {frozenset(p) for g in report.identical for p in itertools.combinations(g, 2)}
    rng = random.Random(7)
    sample = rng.sample(all_pairs, min(len(all_pairs), 60 if quick else 400))
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        verdicts = [git_merge_conflicts(a[0], a[1], b[1], Path(folder)) for a, b in sample]
        git_per_pair = (time.perf_counter() - start) / max(len(sample), 1)
    start = time.perf_counter()
    for a, b in sample:  # the same three texts git is given, diffed and compared
        index = TokenIndex(a[0])
        one, other = index.to_tokens(_edits(a[0], a[1])), index.to_tokens(_edits(b[0], b[1]))
        any(index.collide(x, y) for x in one for y in other)
    from_texts = (time.perf_counter() - start) / max(len(sample), 1)
    edits = {id(pair): (TokenIndex(pair[0][0]), TokenIndex(pair[0][0]).to_tokens(_edits(pair[0][0], pair[0][1])),
                        TokenIndex(pair[0][0]).to_tokens(_edits(pair[1][0], pair[1][1]))) for pair in sample}
    start = time.perf_counter()
    for index, one, other in edits.values():  # the step that decides, on stored edits
        any(index.collide(x, y) for x in one for y in other)
    decide = (time.perf_counter() - start) / max(len(sample), 1)
    agree = checked = 0
    for (a, b), git_says in zip(sample, verdicts):
        key = frozenset((a[2].id, b[2].id))
        if key in identical or a[1] == b[1] or classify(a[0], a[1], b[1]) == "unclear":
            continue
        checked += 1
        agree += (key in found) == git_says
    per_pair = cold / max(len(all_pairs), 1)

    def row(measure: str, seconds: float) -> Row:
        ratio = git_per_pair / seconds if seconds else float("inf")
        return Row(name, measure, f"{seconds * 1e6:.1f} us/pair", f"git merge-file {git_per_pair * 1e3:.2f} ms/pair",
                   f"{ratio:.0f}x", ">= 100x", "yes" if ratio >= 100 else "NO")

    return [row(f"collisions, whole `conflicts` analysis from the patches ({len(all_pairs)} pairs)", per_pair),
            row(f"collisions, from the three texts ({len(sample)} pairs)", from_texts),
            row("collisions, deciding on the amendments' edits", decide),
            Row(name, f"agreement on {checked} clear pairs (of {len(sample)} sampled)",
                f"{agree}/{checked}", "git merge-file", f"{100 * agree / max(checked, 1):.0f}%")]


# -- workloads ---------------------------------------------------------------------------------

def shipped_workspace(workdir: Path) -> Path:
    target = workdir / "shipped"
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    return target


def gdpr_workspace(workdir: Path) -> Path:
    from gdpr import cached_workspace

    built, _reused = cached_workspace(workdir / "gdpr")
    return Path(built.workspace)


def synthetic_workspace(workdir: Path) -> Path:
    from synthetic import cached_synthetic

    return cached_synthetic(workdir / "synthetic")


def bench_synthetic_build(workspace: Path) -> Row:
    out = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "consolidate", "-C", str(workspace),
                          "build", "--format", "json", "--output", "/dev/null"],
                         capture_output=True, text=True)
    elapsed = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", out.stderr)
    seconds = (int(elapsed.group(1) or 0) * 3600 + int(elapsed.group(2)) * 60 + float(elapsed.group(3))) if elapsed else float("nan")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    met = seconds <= 5 and rss <= 500
    return Row("synthetic", "build --format json (1,000 clauses, 10,000 amendments)",
               f"{seconds:.2f} s, {rss:.0f} MB peak", "", "", "<= 5 s, <= 500 MB", "yes" if met else "NO")


def run_workload(name: str, workspace: Path, quick: bool) -> list[Row]:
    session = Session.open(workspace)
    pairs = amendment_pairs(session)
    rows = [bench_redline_output(name, session), bench_rendering(name, pairs, quick),
            bench_apply(name, session)]
    rows += bench_collisions(name, session, pairs, quick)
    return rows


def print_table(rows: list[Row]) -> None:
    headers = Row("workload", "measure", "consolidate", "peer", "ratio", "target", "met")
    columns = list(vars(headers))
    widths = {c: max(len(str(getattr(r, c))) for r in [headers, *rows]) for c in columns}
    for row in [headers, *rows]:
        print("  ".join(str(getattr(row, c)).ljust(widths[c]) for c in columns).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "consolidate-bench")
    parser.add_argument("--quick", action="store_true", help="samples instead of every pair")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    rows += run_workload("shipped", shipped_workspace(args.workdir), args.quick)
    rows += run_workload("gdpr", gdpr_workspace(args.workdir), args.quick)
    synthetic = synthetic_workspace(args.workdir)
    rows.append(bench_synthetic_build(synthetic))
    rows += run_workload("synthetic", synthetic, args.quick)
    try:
        from stages import bench_stages
    except ImportError:
        bench_stages = None
    if bench_stages is not None:
        rows += bench_stages(args.workdir)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
