"""Replay 34 real amending acts of the French Civil Code through the CLI (in process), and get the 2015 text.

The fixture (tests/fixtures/realdata/code_civil/, see its SOURCE.md) is Livre Ier, Titre V "Du
mariage" as one Markdown file per article: the 45 articles of 1803 (base/), the 34 successive
changes made by later acts as real git diffs (patches/001..034.patch: rewordings and new
articles; none of them removes a file), and the 94 articles in force in 2015 (final/).

Every patch becomes one batch of amendments, drafted against the consolidated text, and all of
them are adopted; at the end the consolidation must be the 2015 text, byte for byte.

How each patch is turned into amendments:
- the new content of every changed file is computed exactly by ``git apply`` on a scratch copy of
  the current article files;
- a changed file -> ``modify`` of its clause, ``"against": "consolidated"``;
- a removed file -> ``delete`` of its clause (the data set has none; the code is there for
  other histories);
- a new file -> an insertion placed by natural order among the current clauses: *before* the
  clause that follows it, or *after* the last clause when none follows. (Always inserting after
  the preceding clause is not enough: the engine puts a clause inserted "after X" after the
  clauses already inserted after X in earlier votes, so Article 162, inserted after Article 161
  by the 1927-era act 013, would land after Article 163, which act 012 had inserted after 161.)
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import decide, git, import_source, new_workspace, table

from consolidate.importers.plaintext import clause_id_from_name, natural_sort_key

from .conftest import FIXTURES, Outcome, run_cli

DATA = FIXTURES / "code_civil"
TEXT_ID = "code-civil-mariage"


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def natural(names) -> list[str]:
    """File names in the natural order the importer uses ('Article 9' < 'Article 10')."""
    return sorted(names, key=lambda n: (natural_sort_key(_stem(n)), n))


def read_articles(folder: Path) -> dict[str, bytes]:
    """File name -> exact bytes, for every file of *folder*."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def acts() -> list[tuple[str, str]]:
    """(patch number, amending act) from versions.tsv, in order."""
    rows = (DATA / "versions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(row.split("\t")[0], row.split("\t")[3]) for row in rows if row.strip()]


@dataclass
class Replay:
    workspace: Path
    build: dict
    check: Outcome
    amendments: dict[str, list[str]] = field(default_factory=dict)  # patch -> amendment ids
    kinds: dict[str, int] = field(default_factory=dict)  # modify / insert / delete -> count
    seconds: float = 0.0

    def save(self, path: Path) -> None:
        """Write the replay down, for another test process to :meth:`load`."""
        check = {"returncode": self.check.returncode, "stdout": self.check.stdout,
                 "stderr": self.check.stderr}
        record = {"workspace": str(self.workspace), "build": self.build, "check": check,
                  "amendments": self.amendments, "kinds": self.kinds, "seconds": self.seconds}
        path.write_text(json.dumps(record), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Replay:
        record = json.loads(path.read_text(encoding="utf-8"))
        check = Outcome(("check",), **record["check"])
        return cls(Path(record["workspace"]), record["build"], check, record["amendments"],
                   record["kinds"], record["seconds"])


class Scratch:
    """The current article files, in a scratch git repository, changed by ``git apply``."""

    def __init__(self, root: Path, base: Path) -> None:
        self.root = root
        root.mkdir()
        git(root, "init", "-q")
        for path in base.iterdir():
            (root / path.name).write_bytes(path.read_bytes())

    def files(self) -> dict[str, bytes]:
        return read_articles(self.root)

    def apply(self, patch: Path) -> None:
        git(self.root, "apply", "--whitespace=nowarn", str(patch))


def batch_lines(before: dict[str, bytes], after: dict[str, bytes], act: str) -> tuple[list[dict], dict[str, int]]:
    """The batch of amendments that turns the articles *before* into the articles *after*."""
    lines: list[dict] = []
    kinds = {"modify": 0, "insert": 0, "delete": 0}
    current = natural(before)
    for name in natural(set(before) | set(after)):
        clause = clause_id_from_name(name)
        common = {"justification": act, "against": "consolidated"}
        if name in before and name in after:
            if before[name] == after[name]:
                continue
            lines.append({"clause": clause, "action": "modify",
                          "proposed": after[name].decode("utf-8"), **common})
            kinds["modify"] += 1
        elif name in before:
            lines.append({"clause": clause, "action": "delete", **common})
            kinds["delete"] += 1
        else:
            lines.append(_insertion(name, after[name].decode("utf-8"), current, common))
            current = natural([*current, name])
            kinds["insert"] += 1
    return lines, kinds


def _insertion(name: str, content: str, current: list[str], common: dict) -> dict:
    key = (natural_sort_key(_stem(name)), name)
    following = [n for n in current if (natural_sort_key(_stem(n)), n) > key]
    if following:
        action, anchor = "insert-before", following[0]
    else:
        action, anchor = "insert-after", current[-1]
    return {"clause": clause_id_from_name(anchor), "action": action,
            "new_id": clause_id_from_name(name), "proposed": content, **common}


def replay(tmp: Path) -> Replay:
    started = time.perf_counter()
    workspace = new_workspace(tmp / "workspace")
    import_source(workspace, DATA / "base", TEXT_ID)
    scratch = Scratch(tmp / "scratch", DATA / "base")
    result_amendments: dict[str, list[str]] = {}
    totals = {"modify": 0, "insert": 0, "delete": 0}
    for number, act in acts():
        before = scratch.files()
        scratch.apply(DATA / "patches" / f"{number}.patch")
        lines, kinds = batch_lines(before, scratch.files(), act)
        assert lines, f"patch {number} changes nothing"
        ids, _ = table(workspace, lines, batch=tmp / f"batch-{number}.jsonl")
        decide(workspace, "adopt", ids)
        result_amendments[number] = ids
        for kind, count in kinds.items():
            totals[kind] += count
    assert scratch.files() == read_articles(DATA / "final"), "git apply did not give final/"
    check = run_cli(workspace, "check", ok_codes=(0, 1, 2))
    build = json.loads(run_cli(workspace, "build", "--format", "json", ok_codes=(0, 1)).stdout)
    return Replay(workspace, build, check, result_amendments, totals,
                  time.perf_counter() - started)


@pytest.fixture
def replayed(code_civil_replayed) -> Replay:
    """The replay, made once per session (tests/realdata/conftest.py) and shared."""
    return code_civil_replayed


def living(build: dict) -> list[dict]:
    return [c for c in build["clauses"] if c["status"] != "deleted"]


def final_articles() -> dict[str, bytes]:
    return {clause_id_from_name(name): content
            for name, content in read_articles(DATA / "final").items()}


def test_the_fixture_is_complete() -> None:
    assert len(read_articles(DATA / "base")) == 45
    assert len(read_articles(DATA / "final")) == 94
    assert [number for number, _ in acts()] == [f"{i:03d}" for i in range(1, 35)]


def test_every_patch_becomes_adopted_amendments(replayed: Replay) -> None:
    assert list(replayed.amendments) == [f"{i:03d}" for i in range(1, 35)]
    adopted = [a for a in replayed.build["amendments"] if a["status"] == "adopted"]
    created = [i for ids in replayed.amendments.values() for i in ids]
    assert sorted(a["id"] for a in adopted) == sorted(created)
    assert replayed.kinds["insert"] == 94 - 45
    assert replayed.kinds["modify"] > 30


def test_check_exits_0_after_the_replay(replayed: Replay) -> None:
    assert replayed.check.returncode == 0, replayed.check.stdout + replayed.check.stderr
    assert replayed.build["ok"] is True
    assert not [f for f in replayed.build["findings"] if f["blocking"]]
    created = sum(len(ids) for ids in replayed.amendments.values())
    assert len(replayed.build["applied"]) == created


def test_replay_gives_exactly_the_articles_of_2015_in_natural_order(replayed: Replay) -> None:
    expected = [clause_id_from_name(name) for name in natural(read_articles(DATA / "final"))]
    assert [c["id"] for c in living(replayed.build)] == expected


def differences(build: dict) -> dict[str, tuple[bytes, bytes]]:
    """Clause id -> (consolidated, 2015) for every article that is not byte-for-byte the same."""
    final = final_articles()
    return {c["id"]: (c["text"].encode("utf-8"), final.get(c["id"], b""))
            for c in living(build) if c["text"].encode("utf-8") != final.get(c["id"])}


def test_replay_gives_the_text_of_2015_byte_for_byte(replayed: Replay) -> None:
    wrong = differences(replayed.build)
    assert not wrong, f"{len(wrong)} articles differ, e.g. {next(iter(wrong.items()))}"
