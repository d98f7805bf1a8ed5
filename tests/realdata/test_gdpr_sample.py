"""82 real, competing amendments to the GDPR proposal: are collisions and identical groups right?

The fixture (tests/fixtures/realdata/gdpr/, see its SOURCE.md) holds 82 amendments tabled in the
European Parliament's LIBE committee in March 2013, on 10 provisions of the Commission proposal,
3 to 12 amendments per provision, each with the Commission text ("old") and the amended text
("new"; "deleted" when the provision is struck out).

One clause per provision (its text: the Commission text), every amendment tabled in one
``amend --batch``, then ``consolidate conflicts --json`` is checked against an independent
reading of the same data:
- identical groups: same provision and same new text, computed from the JSON data;
- every collision reported is explained by a word diff (difflib on word tokens, no white space):
  the two amendments' changed token ranges on the Commission text overlap or touch;
- every pair whose difflib ranges share a Commission word changed by both is reported (as a
  collision, or as identical).
"""

from __future__ import annotations

import difflib
import json
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pytest
from support import clauses_workspace, table

from consolidate.app.session import Session
from consolidate.core.engine import read_edits
from consolidate.core.patching import apply_edits
from consolidate.core.sponsors import SponsorError, parse_sponsor

from .conftest import FIXTURES, run_cli

DATA = FIXTURES / "gdpr"
TEXT_ID = "gdpr"
WORD_RE = re.compile(r"\w+|[^\w\s]")
ABBREVIATIONS = {"Article": "art", "Recital": "rec", "paragraph": "par", "point": "pt",
                 "subparagraph": "sub"}


def load() -> list[dict]:
    lines = (DATA / "amendments_sample_10_provisions.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in lines.splitlines() if line.strip()]


def clause_id(target: str) -> str:
    """'Article 3 – paragraph 1' -> 'art3-par1'; 'Article 6 – paragraph 1 – point f' -> 'art6-par1-ptf'."""
    parts = []
    for part in target.split(" – "):
        words = part.split()
        parts.append(ABBREVIATIONS.get(words[0], words[0].lower()) + "".join(words[1:]))
    return "-".join(parts)


def sponsors(authors: str) -> tuple[str | None, list[str]]:
    """The first author is the principal sponsor, the others co-sponsors (unreadable ones left out)."""
    names = []
    for name in (n.strip() for n in authors.split(",")):
        try:
            parse_sponsor(name)
        except SponsorError:
            continue
        names.append(name)
    return (names[0] if names else None), names[1:]


def batch_line(row: dict) -> dict:
    principal, cosponsors = sponsors(row["authors"])
    line = {"clause": clause_id(row["target"]), "number": str(row["number"]),
            "sponsor": principal, "cosponsors": cosponsors,
            "justification": row["justification"]}
    if row["new"] == "deleted":
        line["action"] = "delete"
    elif row["old"] == "":
        line.update(action="insert-after", proposed=row["new"],
                    new_id=f"{clause_id(row['target'])}-am{row['number']}")
    else:
        line.update(action="modify", proposed=row["new"])
    return line


@dataclass
class Tabled:
    workspace: Path
    rows: dict[str, dict]  # amendment id -> the JSON row
    report: dict  # conflicts --json
    exit_code: int


@pytest.fixture(scope="module")
def tabled(tmp_path_factory: pytest.TempPathFactory) -> Tabled:
    tmp = tmp_path_factory.mktemp("gdpr-sample")
    rows = load()
    clauses: dict[str, str] = {}
    for row in rows:
        if row["old"]:
            name = f"{clause_id(row['target'])}.txt"
            assert clauses.setdefault(name, row["old"]) == row["old"]
    workspace, _ = clauses_workspace(tmp, TEXT_ID, clauses)
    ids, _ = table(workspace, [batch_line(r) for r in rows])
    assert len(ids) == len(rows)
    conflicts = run_cli(workspace, "conflicts", "--json", ok_codes=(0, 1))
    return Tabled(workspace, dict(zip(ids, rows)), json.loads(conflicts.stdout),
                  conflicts.returncode)


# -- the independent reading ------------------------------------------------------------------

def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


Change = tuple[int, int, tuple[str, ...]]  # [start, end) of Commission word tokens, new tokens


def changed_ranges(row: dict) -> list[Change]:
    """What the amendment changes, by difflib on word tokens: ranges of Commission tokens.

    An insertion between two words is the empty range at its place; a deletion of the whole
    provision is the whole text.
    """
    old = words(row["old"])
    if row["new"] == "deleted":
        return [(0, len(old), ())]
    new = words(row["new"])
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, tuple(new[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def touch(a: Change, b: Change) -> bool:
    """No unchanged word token between the two ranges."""
    return max(a[0], b[0]) <= min(a[1], b[1])


def share_a_word(a: Change, b: Change) -> bool:
    """Both change at least one Commission word in common, and not in the very same way."""
    return max(a[0], b[0]) < min(a[1], b[1]) and a != b


def engine_ranges(session, amendment_id: str, row: dict) -> list[Change]:
    """The amendment's own edits (from its stored patch), as ranges of Commission word tokens.

    They are checked to be a true diff first: applied to the Commission text they give the
    amended text exactly.
    """
    amendment = session.amendment(amendment_id)
    drafted = read_edits(amendment, session.bases)
    assert drafted.finding is None and drafted.base == row["old"]
    expected = "" if row["new"] == "deleted" else row["new"]
    assert apply_edits(row["old"], drafted.edits) == expected
    starts = [m.start() for m in WORD_RE.finditer(row["old"])]
    return [(bisect_left(starts, e.start), bisect_left(starts, e.end), tuple(words(e.text)))
            for e in drafted.edits]


def identical_groups(rows: dict[str, dict]) -> set[frozenset[str]]:
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for amendment_id, row in rows.items():
        groups[(row["target"], row["new"])].add(amendment_id)
    return {frozenset(ids) for ids in groups.values() if len(ids) > 1}


def reported_pairs(report: dict) -> set[frozenset[str]]:
    return {frozenset(c["amendments"]) for c in report["collisions"]}


def identical_pairs(report: dict) -> set[frozenset[str]]:
    return {frozenset(pair) for group in report["identical"] for pair in combinations(group, 2)}


# -- the tests --------------------------------------------------------------------------------

def test_the_fixture_is_complete() -> None:
    rows = load()
    assert len(rows) == 82
    assert len({r["target"] for r in rows}) == 10
    assert len({r["number"] for r in rows}) == 82


def test_every_amendment_is_tabled_and_nothing_is_adopted(tabled: Tabled) -> None:
    assert len(tabled.rows) == 82
    assert tabled.exit_code == 0
    assert tabled.report["findings"] == []
    assert set(tabled.report["falls_if_adopted"]) == set(tabled.rows)


def test_the_five_word_for_word_identical_groups_are_found(tabled: Tabled) -> None:
    expected = identical_groups(tabled.rows)
    assert len(expected) == 5
    assert {frozenset(group) for group in tabled.report["identical"]} == expected


def test_identical_amendments_are_not_reported_as_colliding(tabled: Tabled) -> None:
    assert not reported_pairs(tabled.report) & identical_pairs(tabled.report)


def test_collisions_are_reported_once_on_the_clause_of_both(tabled: Tabled) -> None:
    collisions = tabled.report["collisions"]
    assert len(reported_pairs(tabled.report)) == len(collisions)
    for collision in collisions:
        a, b = collision["amendments"]
        assert tabled.rows[a]["target"] == tabled.rows[b]["target"]
        assert collision["clause"] == clause_id(tabled.rows[a]["target"])


def test_every_collision_names_the_words_in_question(tabled: Tabled) -> None:
    empty = [c["amendments"] for c in tabled.report["collisions"] if not c["words"].strip()]
    assert not empty, f"collisions with no words: {empty}"


def test_every_collision_reported_is_explained_by_a_word_diff(tabled: Tabled) -> None:
    """difflib's alignment explains most collisions; where a long rewrite is aligned otherwise
    (e.g. AM 943 rewrites all of Article 6(4): diff-match-patch turns its "(e)" into "(c)",
    difflib keeps it), the amendment's own edits, checked to be a true diff, explain it."""
    session = Session.open(tabled.workspace)
    unexplained, by_own_edits = [], []
    for collision in tabled.report["collisions"]:
        a, b = collision["amendments"]
        if any(touch(x, y) for x in changed_ranges(tabled.rows[a])
               for y in changed_ranges(tabled.rows[b])):
            continue
        own_a = engine_ranges(session, a, tabled.rows[a])
        own_b = engine_ranges(session, b, tabled.rows[b])
        if any(touch(x, y) for x in own_a for y in own_b):
            by_own_edits.append((a, b))
        else:
            unexplained.append((a, b, collision["words"], own_a, own_b))
    assert not unexplained, f"{len(unexplained)} collisions without overlap: {unexplained[:3]}"
    assert len(by_own_edits) <= len(tabled.report["collisions"]) // 10, by_own_edits


def test_every_pair_changing_the_same_words_is_reported(tabled: Tabled) -> None:
    reported = reported_pairs(tabled.report) | identical_pairs(tabled.report)
    missed = []
    for a, b in combinations(sorted(tabled.rows), 2):
        row_a, row_b = tabled.rows[a], tabled.rows[b]
        if row_a["target"] != row_b["target"]:
            continue
        overlap = any(share_a_word(x, y)
                      for x in changed_ranges(row_a) for y in changed_ranges(row_b))
        if overlap and frozenset((a, b)) not in reported:
            missed.append((a, b, row_a["target"]))
    assert not missed, f"{len(missed)} overlapping pairs not reported: {missed[:5]}"


def test_whoever_is_adopted_makes_the_colliding_tabled_amendments_fall(tabled: Tabled) -> None:
    falls = tabled.report["falls_if_adopted"]
    for collision in tabled.report["collisions"]:
        a, b = collision["amendments"]
        assert b in falls[a] and a in falls[b]
