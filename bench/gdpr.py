"""Benchmark: the 2,783 real amendments tabled in LIBE to the GDPR proposal (March 2013).

    python bench/gdpr.py [--workdir DIR] [--data FILE.jsonl.gz] [--repeat 3] [--profile]

Builds a workspace (in a temporary directory, or in --workdir, which must not exist yet), tables
every amendment with ONE ``consolidate amend --batch``, adopts half of them with ONE ``consolidate
adopt``, then times, wall clock, best of --repeat, in a subprocess (so start-up is included):
``consolidate conflicts --json``, ``consolidate build --format json`` and ``consolidate --help``.
Prints a table of figures in seconds against the targets. With --profile (or when a target is
missed) the library calls behind the slow commands are profiled and the top functions printed.

How the real data becomes a workspace (see bench/README.md):
- one clause per distinct target that has a Commission text ("old"), in document order: title,
  chapter headings, recitals, articles, annexes; within an article: title, introductory part,
  paragraphs, points, "a"/"bis" suffixes after their number (chapter headings are put before all
  articles: the data do not say which article opens which chapter);
- clause text = the most frequent "old" text of the target. Amendments tabled in another language
  (DE, ES, FR...) quote the Commission text in that language: they are diffed against the
  English text anyway (a near-total rewrite of the clause), and counted in the figures;
- old == "" (a "(new)" provision): an insertion, placed after the clause of the nearest preceding
  target in document order (before the first clause when there is none); new clauses inserted
  at one place follow the voting order. Each insertion gets its own new clause id;
- new == "deleted": a deletion of the clause; anything else: a modification (proposed = new).

As a library (bench/formats.py uses it): ``build_workspace(root)`` builds the workspace in
``root/workspace`` and returns a :class:`Built`; ``cached_workspace(workdir)`` builds it once
and reuses it on later runs (``workdir/built.json`` records a finished build).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import workspaces

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata" / "ep-gdpr-libe-2013" / "amendments_all_2783.jsonl.gz"
TEXT_ID = "gdpr"
TARGETS = {"conflicts --json": 3.0, "build --format json": 3.0, "--help": 0.3}
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "consolidate bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
                "GIT_COMMITTER_NAME": "consolidate bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}

# -- document order ----------------------------------------------------------------------------

PART_RANK = {"title": 0, "citation": 1, "recital": 2, "chapter": 3, "section": 3, "article": 4,
             "annex": 5}
LEVEL_RANK = {"title": 0, "introductory": 1, "section": 1, "subparagraph": 2, "paragraph": 2,
              "point": 3, "poin": 3}
SUFFIX_RANK = {"bis": 1, "ter": 2, "quater": 3, "quinquies": 4, "sexies": 5}
ABBREVIATIONS = {"article": "art", "recital": "rec", "paragraph": "par", "subparagraph": "sub",
                 "point": "pt", "chapter": "ch", "section": "sec", "introductory": "intro",
                 "citation": "cit", "annex": "annex", "title": "title", "poin": "pt"}


def _number(word: str) -> int:
    """'12' -> 12; a point letter 'f' -> 6."""
    if word.isdigit():
        return int(word)
    if len(word) == 1 and word.isalpha():
        return ord(word.lower()) - ord("a") + 1
    return 0


def _suffix(words: list[str]) -> int:
    """'a' / 'bis' -> 1, 'b' / 'ter' -> 2 ...: the provisions inserted after a number."""
    rank = 0
    for word in words:
        if word in SUFFIX_RANK:
            rank = rank * 10 + SUFFIX_RANK[word]
        elif len(word) == 1 and word.isalpha():
            rank = rank * 10 + _number(word)
    return rank


def _parts(target: str) -> list[list[str]]:
    clean = target.replace("(new)", " ")
    return [part.split() for part in re.split(r"\s+–\s+", clean.strip()) if part.split()]


def document_key(target: str) -> tuple:
    """A sort key putting targets in the order of the regulation."""
    parts = _parts(target)
    key = []
    for position, words in enumerate(parts):
        kind = words[0].lower()
        ranks = PART_RANK if position == 0 else LEVEL_RANK
        number = _number(words[1]) if len(words) > 1 else 0
        key.append((ranks.get(kind, 9), number, _suffix(words[2:])))
    return tuple(key), target


def slug(target: str) -> str:
    """'Article 6 – paragraph 1 – point f' -> 'art6-par1-ptf' (for readable clause ids)."""
    out = []
    for words in _parts(target):
        head = ABBREVIATIONS.get(words[0].lower(), re.sub(r"\W", "", words[0].lower()))
        out.append(head + "".join(re.sub(r"\W", "", w) for w in words[1:]))
    return "-".join(out)


# -- the workspace -------------------------------------------------------------------------------

def load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def plan_clauses(rows: list[dict]) -> tuple[dict[str, str], dict[str, str], dict]:
    """Clause id and text per target with a Commission text, in document order."""
    olds: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row["old"]:
            olds[row["target"]][row["old"]] += 1
    ordered = sorted(olds, key=document_key)
    ids, texts = {}, {}
    for position, target in enumerate(ordered, start=1):
        clause = f"{position:04d}-{slug(target)}"
        ids[target] = clause
        texts[clause] = olds[target].most_common(1)[0][0]
    other_old = sum(1 for row in rows if row["old"] and row["old"] != texts[ids[row["target"]]])
    return ids, texts, {"clauses": len(ids), "amendments on another old text": other_old}


def anchor_for(target: str, ids: dict[str, str], ordered: list[tuple]) -> tuple[str, str]:
    """(action, clause) for a new provision: after the nearest preceding clause in document order."""
    key = document_key(target)
    preceding = [t for k, t in ordered if k < key]
    if preceding:
        return "insert-after", ids[preceding[-1]]
    return "insert-before", ids[ordered[0][1]]


def sponsors(authors: str) -> tuple[str | None, list[str]]:
    from consolidate.core.sponsors import SponsorError, parse_sponsor

    names = []
    for name in (n.strip() for n in authors.split(",")):
        try:
            parse_sponsor(name)
        except SponsorError:
            continue
        names.append(name)
    return (names[0] if names else None), names[1:]


def batch_lines(rows: list[dict], ids: dict[str, str]) -> tuple[list[dict], Counter]:
    ordered = sorted((document_key(t), t) for t in ids)
    kinds: Counter = Counter()
    lines = []
    for row in rows:
        principal, cosponsors = sponsors(row["authors"])
        line = {"number": str(row["number"]), "sponsor": principal, "cosponsors": cosponsors,
                "justification": row["justification"][:2000], "tabled": _date(row["date"])}
        if row["old"] == "":
            action, anchor = anchor_for(row["target"], ids, ordered)
            line.update(action=action, clause=anchor, proposed=row["new"],
                        new_id=f"{slug(row['target'])}-am{row['number']}")
            kinds["insert"] += 1
        elif row["new"] == "deleted":
            line.update(action="delete", clause=ids[row["target"]])
            kinds["delete"] += 1
        else:
            line.update(action="modify", clause=ids[row["target"]], proposed=row["new"])
            kinds["modify"] += 1
        lines.append(line)
    return lines, kinds


def _date(value: str) -> str:
    match = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", value or "")
    return f"{match.group(3)}-{match.group(2)}-{match.group(1)}" if match else ""


# -- running the CLI -----------------------------------------------------------------------------

def environment() -> dict[str, str]:
    """What the commands run with: a git identity where the machine has none, no colours."""
    return {**{name: os.environ.get(name) or value for name, value in GIT_IDENTITY.items()},
            "NO_COLOR": "1"}


def run(workspace: Path | None, *args: str, ok: tuple[int, ...] = (0,)) -> tuple[workspaces.Outcome, float]:
    """``consolidate`` in a child process (start-up included), timed; exits on another code."""
    result = workspaces.in_subprocess(workspace, *args, env=environment())
    if result.returncode not in ok:
        shown = " ".join(args)[:200]
        raise SystemExit(f"`consolidate {shown}` exited {result.returncode}:\n{result.stderr[-3000:]}")
    return result, result.seconds


def subprocess_run(workspace: Path | None, *args: str, input: str | bytes | None = None,
                   env: dict[str, str | None] | None = None) -> workspaces.Outcome:
    """The builders' way to run a command here: a child process, as a user runs it."""
    return workspaces.in_subprocess(workspace, *args, input=input, env={**environment(), **(env or {})})


def best_of(repeat: int, workspace: Path | None, *args: str) -> tuple[float, list[float]]:
    times = [run(workspace, *args, ok=(0, 1))[1] for _ in range(repeat)]
    return min(times), times


# -- adoption: a non-colliding half, picked with the library -------------------------------------

def pick_half(workspace: Path) -> tuple[list[str], dict]:
    """Every second amendment in voting order among those that can still be adopted.

    An amendment can be adopted when it collides with none picked before it, and is not
    identical to one picked before it (identical amendments are adopted together by `adopt`).
    The pick is then checked with the engine (``Session.what_if``): an amendment whose adoption
    (with its identical partners) would leave a blocking finding is dropped, until none is left.
    (This used to drop the groups of identical deletions, which the engine refused as a second
    deletion of a deleted clause; since 92117fb they are duplicates and nothing is dropped.)
    """
    from consolidate.app.session import Session
    from consolidate.core.model import Status

    session = Session.open(workspace, TEXT_ID)
    report = session.conflicts
    partners = {i: set(group) - {i} for group in report.identical for i in group}
    picked: list[str] = []
    blocked: set[str] = set()
    candidates = 0
    for amendment in session.voting_order():
        if amendment.id in blocked:
            continue
        candidates += 1
        if candidates % 2:
            continue  # every second one: skip the first, take the second ...
        picked.append(amendment.id)
        blocked |= set(report.colliding_with(amendment.id)) | partners.get(amendment.id, set())
    dropped = 0
    while True:
        adopted = set(picked).union(*(partners.get(i, set()) for i in picked))
        result = session.what_if({i: Status.ADOPTED for i in adopted})
        owner = {p: i for i in picked for p in {i} | partners.get(i, set())}
        offenders = {owner[f.amendment] for f in result.findings
                     if f.blocking and f.amendment in owner}
        if not offenders:
            break
        picked = [i for i in picked if i not in offenders]
        dropped += len(offenders)
    stats = {"collisions": len(report.collisions), "identical groups": len(report.identical),
             "adoptable candidates seen": candidates, "dropped after the engine check": dropped}
    return picked, stats


def adopt(workspace: Path, ids: list[str], chunk: int) -> tuple[float, int, int]:
    """Adopt *ids* in calls of *chunk* ids; a refused call is redone one id at a time, and the
    refused ids are skipped. Returns (seconds, calls, skipped).

    Not one call for all: a refused call is redone one id at a time, which costs less in
    chunks. (One call for all used to die with "Argument list too long" when git got the long
    commit message as an argument; since 92117fb it gets it through a file.)
    """
    seconds, calls, skipped = 0.0, 0, 0
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        result, spent = run(workspace, "adopt", *part, ok=(0, 1, 2))
        seconds, calls = seconds + spent, calls + 1
        if result.returncode == 0:
            continue
        print(f"adopt refused ({result.stderr.strip().splitlines()[-1][:160]}); "
              "adopting this chunk one by one", file=sys.stderr)
        for one in part:
            single, spent = run(workspace, "adopt", one, ok=(0, 1, 2))
            seconds, calls = seconds + spent, calls + 1
            skipped += single.returncode != 0
    return seconds, calls, skipped


# -- profiling -----------------------------------------------------------------------------------

def profile(workspace: Path, top: int) -> None:
    from consolidate.app.session import Session
    from consolidate.exporters import jsondoc

    def conflicts() -> None:
        session = Session.open(workspace, TEXT_ID)
        session.require_valid()
        amendments = {a.id: a for a in session.amendments}
        jsondoc.dumps(jsondoc.conflicts_json(session.conflicts, amendments))
        session.consolidation  # noqa: B018 - the command reads it for its exit code

    def build() -> None:
        session = Session.open(workspace, TEXT_ID)
        session.require_valid()
        session.render("json")

    for name, call in (("conflicts --json", conflicts), ("build --format json", build)):
        profiler = cProfile.Profile()
        profiler.enable()
        call()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        print(f"\n== profile of `consolidate {name}` (library calls, cumulative) ==")
        print(_trim(out.getvalue()))


def _trim(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return "\n".join(head + lines[start:]).rstrip()


# -- the workspace, built once ----------------------------------------------------------------

@dataclass
class Built:
    """A built benchmark workspace: where it is, how it was made, and what it holds."""

    workspace: Path
    steps: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds)
    summary: list[str] = field(default_factory=list)  # lines describing the workload
    adopted: int = 0
    check_exit: int = -1


BUILT_MARKER = "built.json"
# Bump when the way the workspace is built changes: a cache of another recipe is rebuilt.
RECIPE_VERSION = 2
_OUR_FILES = frozenset({"clauses", "workspace", "amendments.jsonl", BUILT_MARKER})


def progress(message: str) -> None:
    print(f"[gdpr] {message}", file=sys.stderr, flush=True)


def build_workspace(root: Path, data: Path = DATA, chunk: int = 50) -> Built:
    """Build the benchmark workspace in ``root/workspace`` (``root`` exists and is empty).

    Tables every amendment with one ``amend --batch``, adopts a non-colliding half with
    ``adopt`` (``chunk`` ids per call), and runs ``check``. Takes a few minutes.
    """
    rows = load(data)
    ids, texts, stats = plan_clauses(rows)
    progress(f"importing {len(texts)} clauses into {root / 'workspace'}")
    workspace, imported = workspaces.clauses_workspace(
        root, TEXT_ID, {f"{clause}.txt": text for clause, text in texts.items()},
        run=subprocess_run)
    built = Built(workspace)
    built.steps.append((f"import ({len(texts)} clauses)", imported.seconds))

    lines, kinds = batch_lines(rows, ids)
    progress(f"tabling {len(lines)} amendments (one amend --batch)")
    created, tabled = workspaces.table(workspace, lines, batch=root / "amendments.jsonl",
                                       run=subprocess_run)
    assert len(created) == len(rows), (len(created), len(rows))
    built.steps.append((f"amend --batch ({len(created)} amendments, 1 call)", tabled.seconds))

    started = time.perf_counter()
    picked, pick_stats = pick_half(workspace)
    built.steps.append(("pick a non-colliding half (library)", time.perf_counter() - started))
    progress(f"adopting {len(picked)} amendments, {chunk} per call (this takes minutes)")
    seconds, calls, skipped = adopt(workspace, picked, chunk)
    built.steps.append((f"adopt ({len(picked)} amendments, {calls} call{'s' * (calls > 1)})",
                        seconds))

    check, _ = run(workspace, "check", "--json", ok=(0, 1, 2))
    check_data = json.loads(check.stdout)
    built.adopted, built.check_exit = len(picked), check_data["exit_code"]
    built.summary = [
        f"GDPR LIBE 2013: {len(rows)} amendments, {stats['clauses']} clauses "
        f"({kinds['modify']} modify, {kinds['insert']} insert, {kinds['delete']} delete; "
        f"{stats['amendments on another old text']} drafted on another 'old' text, diffed "
        f"against the clause anyway)",
        f"Conflicts before the vote: {pick_stats['collisions']} colliding pairs, "
        f"{pick_stats['identical groups']} identical groups",
        f"Adopted {len(picked)} (every second adoptable amendment in voting order; "
        f"{pick_stats['dropped after the engine check']} dropped after the engine check), "
        f"{skipped} refused; check: exit {check_data['exit_code']}, "
        f"{len(check_data['applied'])} applied, {len(check_data['findings'])} findings",
    ]
    return built


def recipe(data: Path, chunk: int) -> dict:
    """What a cached workspace must have been built from to be reused."""
    return {"version": RECIPE_VERSION, "data": str(data.resolve()),
            "data_bytes": data.stat().st_size, "chunk": chunk}


def save_built(root: Path, built: Built, made_from: dict) -> None:
    """Record a finished build in ``root/built.json`` (what :func:`cached_workspace` reads)."""
    record = {"recipe": made_from, **asdict(built), "workspace": str(built.workspace)}
    (root / BUILT_MARKER).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def cached_workspace(workdir: Path, data: Path = DATA, chunk: int = 50,
                     rebuild: bool = False) -> tuple[Built, bool]:
    """The benchmark workspace in *workdir*, built on the first call and reused after.

    Returns (built, reused). A directory holding an unfinished build of this script, or one
    of another recipe, is cleared and built again; a directory holding anything else is
    refused (nothing of it is removed).
    """
    made_from = recipe(data, chunk)
    marker = workdir / BUILT_MARKER
    if marker.exists() and not rebuild:
        record = json.loads(marker.read_text(encoding="utf-8"))
        if record.get("recipe") == made_from and (workdir / "workspace" / ".git").is_dir():
            steps = [(name, seconds) for name, seconds in record["steps"]]
            built = Built(workdir / "workspace", steps, record["summary"], record["adopted"],
                          record["check_exit"])
            return built, True
    if workdir.exists():
        strangers = {p.name for p in workdir.iterdir()} - _OUR_FILES
        if strangers:
            raise SystemExit(f"{workdir} holds files this benchmark did not make "
                             f"({', '.join(sorted(strangers)[:3])}); give another --workdir")
        for name in _OUR_FILES:
            path = workdir / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    workdir.mkdir(parents=True, exist_ok=True)
    built = build_workspace(workdir, data, chunk)
    save_built(workdir, built, made_from)
    return built, False


def bench(args, root: Path) -> int:
    built = build_workspace(root, args.data, args.chunk)
    save_built(root, built, recipe(args.data, args.chunk))
    workspace = built.workspace
    figures: list[tuple[str, float, str]] = [(name, seconds, "") for name, seconds in built.steps]

    timed = {}
    for name, argv, where in (("conflicts --json", ["conflicts", "--json"], workspace),
                              ("build --format json", ["build", "--format", "json"], workspace),
                              ("--help", ["--help"], None)):
        best, times = best_of(args.repeat, where, *argv)
        timed[name] = best
        mark = "ok" if best < TARGETS[name] else "MISSED"
        figures.append((f"{name} (best of {args.repeat}: {', '.join(f'{t:.2f}' for t in times)})",
                        best, f"< {TARGETS[name]:g}  {mark}"))

    print("\n".join(built.summary))
    print()
    width = max(len(name) for name, _, _ in figures)
    print(f"{'step'.ljust(width)}  {'seconds':>8}  target")
    for name, seconds, target in figures:
        print(f"{name.ljust(width)}  {seconds:8.3f}  {target}")
    missed = [name for name, best in timed.items() if best >= TARGETS[name]]
    if missed:
        print(f"\nMissed: {', '.join(missed)}")
    if args.profile or set(missed) - {"--help"}:
        profile(workspace, args.top)
    return 0


# -- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="amendments_all_2783.jsonl.gz")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="build the workspace here (must not exist); default: a temp dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timed command (best of)")
    parser.add_argument("--profile", action="store_true", help="always profile the library calls")
    parser.add_argument("--chunk", type=int, default=50, help="ids per `consolidate adopt` call")
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    args = parser.parse_args(argv)

    temp = None
    if args.workdir is None:
        temp = tempfile.TemporaryDirectory(prefix="consolidate-bench-")
        root = Path(temp.name)
    else:
        root = args.workdir
        if root.exists():
            parser.error(f"{root} exists; give a new directory")
        root.mkdir(parents=True)
    try:
        return bench(args, root)
    finally:
        if temp is not None:
            temp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
