"""`amend --batch` writes, byte for byte, the files one `amend` per amendment writes, and what
it remembers of the files it wrote (so that the next read does not parse them again) is what
reading them gives.

The amendments are 82 real ones tabled on the GDPR proposal (tests/fixtures/realdata/gdpr):
modifications, deletions and new clauses, with sponsors, co-sponsors and justifications.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from realdata.test_gdpr_sample import TEXT_ID, batch_line, clause_id, load
from support import clauses_workspace, cli, ok

from consolidate.app.session import Session
from consolidate.core.amendment_format import parse_amendment
from consolidate.core.model import Action
from consolidate.core.requests import AmendRequest
from consolidate.store.cache import CACHE_FOLDER


def _lines() -> list[dict]:
    """The batch lines, numbered in order (no number given: both roads number them 1, 2…),
    and new clauses: next to a clause, before one, and next to a clause the batch inserts."""
    lines = []
    for row in load():
        line = batch_line(row)
        del line["number"]
        lines.append(line)
    anchor = lines[0]["clause"]
    return [
        *lines,
        {"action": "insert-after", "clause": anchor, "new_id": "new-a",
         "proposed": "1. A new paragraph,\r\nwritten on Windows.\n\n",
         "sponsor": "Ms Eva LUND (Sweden)"},
        {"action": "insert-before", "clause": anchor, "new_id": "new-b",
         "proposed": "(a) before it", "cosponsors": ["Mr Jan NOWAK (Poland)"] * 9},
        {"action": "insert-after", "clause": "new-a", "new_id": "new-c",
         "proposed": "After the new one, with é in NFD: e\u0301."},
    ]


def _workspace(root: Path) -> Path:
    clauses = {f"{clause_id(r['target'])}.txt": r["old"] for r in load() if r["old"]}
    return clauses_workspace(root, TEXT_ID, clauses)[0]


def _single(workspace: Path, line: dict) -> None:
    """One `amend` with the line's values as options."""
    options = {"modify": "--clause", "delete": "--delete", "insert-after": "--insert-after",
               "insert-before": "--insert-before"}
    args = [options[line["action"]], line["clause"]]
    if line.get("new_id"):
        args += ["--new-id", line["new_id"]]
    if "proposed" in line:
        args += ["--proposed", "-"]
    if line.get("sponsor"):
        args += ["--sponsor", line["sponsor"]]
    for cosponsor in line.get("cosponsors", []):
        args += ["--cosponsor", cosponsor]
    if line.get("justification"):
        args += ["--justification", line["justification"]]
    ok(cli(workspace, "amend", *args, input=line.get("proposed", "").encode("utf-8")))


def _files(workspace: Path) -> list[str]:
    """Every amendment file's content without its Id line (ids are random), by number."""
    folder = workspace / "amendments" / TEXT_ID
    contents = [p.read_text(encoding="utf-8") for p in folder.glob("*.patch")]
    by_number = {parse_amendment(c).number: c for c in contents}
    return ["".join(line for line in by_number[n].splitlines(keepends=True)
                    if not line.startswith("Id: "))
            for n in sorted(by_number, key=int)]


def test_a_batch_writes_the_bytes_one_amend_per_amendment_writes(tmp_path: Path):
    lines = _lines()
    batched = _workspace(tmp_path / "batch")
    batch = tmp_path / "all.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    ok(cli(batched, "amend", "--batch", str(batch)))
    single = _workspace(tmp_path / "single")
    for line in lines:
        _single(single, line)
    assert len(_files(batched)) == len(lines) == 85
    assert _files(batched) == _files(single)


def test_what_a_batch_remembers_of_its_files_is_what_reading_them_gives(tmp_path: Path):
    workspace = _workspace(tmp_path)
    session = Session.open(workspace, TEXT_ID)
    requests = [AmendRequest(_action(line), line["clause"], line.get("proposed"),
                             new_id=line.get("new_id", "")) for line in _lines()]
    written = session.amend(requests).amendments
    remembered = session.amendments  # read after the commit: the files were not parsed again
    assert {a.id for a in remembered} == {a.id for a in written}
    for amendment in remembered:
        path = workspace / amendment.source
        assert amendment == parse_amendment(path.read_text(encoding="utf-8"), amendment.source)
    for kept in (workspace / ".git" / CACHE_FOLDER).glob("*"):
        kept.unlink()  # and what another process reads, without any cache, is the same
    assert Session.open(workspace, TEXT_ID).amendments == remembered


def _action(line: dict) -> Action:
    return Action(line["action"])


@pytest.mark.parametrize("count", [1, 3])
def test_the_files_a_batch_wrote_are_read_back_by_a_session_that_tabled_them(tmp_path: Path,
                                                                             count: int):
    """The same session tables again: numbers and inserted clauses of the first batch count."""
    workspace = _workspace(tmp_path)
    session = Session.open(workspace, TEXT_ID)
    line = _lines()[-3]
    for index in range(count):
        session.amend([AmendRequest(_action(line), line["clause"], line["proposed"],
                                    new_id=f"{line['new_id']}-{index}")])
    assert sorted(int(a.number) for a in session.amendments) == list(range(1, count + 1))
    assert Session.open(workspace, TEXT_ID).amendments == session.amendments


def test_new_clause_ids_are_checked_against_the_text_earlier_amendments_and_the_batch(
        tmp_path: Path):
    workspace = _workspace(tmp_path)
    anchor = _lines()[0]["clause"]
    new = {"action": "insert-after", "clause": anchor, "proposed": "New."}
    ok(cli(workspace, "amend", "--insert-after", anchor, "--new-id", "Earlier", "--proposed",
           "-", input=b"Earlier."))
    batch = tmp_path / "ids.jsonl"
    lines = [{**new, "new_id": "new-x"}, {**new, "new_id": "NEW-X"}, {**new, "new_id": "new-x"},
             {**new, "new_id": "EARLIER"}, {**new, "new_id": anchor.upper()},
             {**new, "new_id": "earlier"}]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = cli(workspace, "amend", "--batch", str(batch))
    assert result.returncode == 2
    assert [line.removeprefix("Error: ") for line in result.stderr.splitlines()
            if "ids.jsonl:" in line] == [
        f"{batch}:2: clause id 'NEW-X' differs from clause 'new-x' only by case: they would be "
        "one file on macOS and Windows",
        f"{batch}:3: clause id 'new-x' is already used",
        f"{batch}:4: clause id 'EARLIER' differs from clause 'Earlier' only by case: they "
        "would be one file on macOS and Windows",
        f"{batch}:5: clause id '{anchor.upper()}' differs from clause '{anchor}' only by case: "
        "they would be one file on macOS and Windows",
        f"{batch}:6: clause id 'earlier' differs from clause 'Earlier' only by case: they "
        "would be one file on macOS and Windows"], result.stderr
    assert len(list((workspace / "amendments" / TEXT_ID).glob("*.patch"))) == 1
