"""One way from a proposal to a patch: the bytes of a clause never depend on the road taken.

`amend --proposed`, `amend --batch`, `amend --instruction`, an edit of the clause file and
the application's own requests (what Word import produces) all give the same amendment file;
a clause's final newline follows the clause it is measured against, a clause inserted by
another amendment included.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import clauses_workspace, cli, ok

from consolidate.app.session import Session
from consolidate.core.amendment_format import parse_amendment
from consolidate.core.engine import read_edits
from consolidate.core.instruction_parse import quote
from consolidate.core.model import Action
from consolidate.core.patching import apply_edits
from consolidate.core.requests import AmendRequest

ARTICLES = {"Article 1.md": "Article 1\n\nFirst words of the law.\n",
            "Article 2.md": "Article 2\n\nSecond article.\n",
            "Article 3.md": "Article 3 without a final newline"}
TEXT = "code"


@pytest.fixture
def code(tmp_path: Path) -> Path:
    return clauses_workspace(tmp_path, TEXT, ARTICLES, title="Code")[0]


def amend(workspace: Path, *args: str, input: str | bytes | None = None) -> str:
    """The id of the amendment `consolidate amend args` tables (its last line)."""
    return ok(cli(workspace, "amend", *args, input=input)).split()[-1]


def amendment(workspace: Path, amendment_id: str):
    path = workspace / "amendments" / TEXT / f"{amendment_id}.patch"
    return parse_amendment(path.read_text(encoding="utf-8"), str(path))


def new_text(workspace: Path, amendment_id: str) -> str:
    """The text of the clause as the amendment proposes it."""
    session = Session.open(workspace, TEXT)
    found = session.amendment(amendment_id)
    drafted = read_edits(found, session.bases)
    assert drafted.finding is None, drafted.finding
    return apply_edits(drafted.base or "", drafted.edits)


# -- item 1: a new clause next to a new clause ---------------------------------------------------

NEW_A = "Article 1-1\n\nA new article.\n"
NEW_B = "Article 1-2\n\nAnother new article.\n"


def _chain_by_single_amend(ws: Path) -> list[str]:
    first = amend(ws, "--insert-after", "Article-1", "--new-id", "Article-1-1",
               "--proposed", "-", input=NEW_A)
    second = amend(ws, "--insert-after", "Article-1-1", "--new-id", "Article-1-2",
                "--proposed", "-", input=NEW_B)
    return [first, second]


def _chain_by_batch(ws: Path) -> list[str]:
    batch = ws.parent / "chain.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in [
        {"clause": "Article-1", "action": "insert-after", "new_id": "Article-1-1",
         "proposed": NEW_A},
        {"clause": "Article-1-1", "action": "insert-after", "new_id": "Article-1-2",
         "proposed": NEW_B}]))
    return ok(cli(ws, "amend", "--batch", str(batch))).split()


def _chain_by_instructions(ws: Path) -> list[str]:
    first = amend(ws, "--instruction", "After clause Article-1, insert a new paragraph: "
               + quote(NEW_A.rstrip("\n")), "--new-id", "Article-1-1")
    second = amend(ws, "--instruction", "After clause Article-1-1, insert a new "
                   "paragraph: " + quote(NEW_B.rstrip("\n")), "--new-id", "Article-1-2")
    return [first, second]


def _chain_on_an_adopted_anchor(ws: Path) -> list[str]:
    first = amend(ws, "--insert-after", "Article-1", "--new-id", "Article-1-1",
               "--proposed", "-", input=NEW_A)
    ok(cli(ws, "adopt", first))
    second = amend(ws, "--insert-after", "Article-1-1", "--new-id", "Article-1-2",
                "--proposed", "-", input=NEW_B.rstrip("\n"))
    return [first, second]


@pytest.mark.parametrize("chain", [_chain_by_single_amend, _chain_by_batch,
                                   _chain_by_instructions, _chain_on_an_adopted_anchor],
                         ids=["amend", "batch", "instruction", "adopted-anchor"])
def test_a_clause_inserted_after_an_inserted_clause_keeps_its_final_newline(code: Path, chain):
    first, second = chain(code)
    assert new_text(code, first) == NEW_A
    assert new_text(code, second) == NEW_B
    for amendment_id in (first, second):
        if amendment(code, amendment_id).status.value == "tabled":
            ok(cli(code, "adopt", amendment_id))
    built = json.loads(ok(cli(code, "build", "--format", "json")))
    texts = {c["id"]: c["text"] for c in built["clauses"]}
    assert texts["Article-1-1"] == NEW_A and texts["Article-1-2"] == NEW_B


def test_the_final_newline_follows_the_clause_both_ways(code: Path):
    """An editor's newline is dropped where the clause has none; a missing one is added."""
    dropped = amend(code, "--clause", "Article-3", "--proposed", "-",
                 input="Article 3 amended\n")
    added = amend(code, "--clause", "Article-2", "--proposed", "-",
               input="Article 2\n\nSecond article, amended.")
    assert new_text(code, dropped) == "Article 3 amended"
    assert new_text(code, added) == "Article 2\n\nSecond article, amended.\n"
    nothing = amend(code, "--insert-after", "Article-3", "--proposed", "-",
                 input="New\n")
    assert new_text(code, nothing) == "New"  # next to a clause without one


def test_a_working_tree_edit_that_only_adds_a_final_newline_is_no_proposal(code: Path):
    path = code / "texts" / TEXT / "Article-3.txt"
    path.write_bytes(path.read_bytes() + b"\n")  # what an editor does on save
    result = cli(code, "amend", "--clause", "Article-3")
    assert result.returncode == 2 and "unchanged" in result.stderr


# -- every road gives the same file --------------------------------------------------------------

LINES = ["Le mariage", "ne peut être contracté", "l'officier de l'état civil", "« nul »",
         "it's \"quoted\"", "a\u00a0:", "  indented", "trailing  ", "", "x"]
proposals = st.tuples(
    st.lists(st.sampled_from(LINES), min_size=1, max_size=5).map("\n".join),
    st.sampled_from(["", "\n", "\n\n"]),  # no final newline, one, two
    st.sampled_from(["", "crlf", "nfd"]),  # forms that are normalised, with a warning
).map(lambda parts: _form(parts[0] + parts[1], parts[2])).filter(
    lambda text: text.strip().strip("\n") and "x" in text)
_counter = itertools.count(1)


def _form(text: str, form: str) -> str:
    if form == "crlf":
        return text.replace("\n", "\r\n")
    if form == "nfd":
        return text.replace("é", "e\u0301")
    return text


def _by_option(ws: Path, action: Action, clause: str, proposed: str) -> str:
    option = "--clause" if action is Action.MODIFY else "--insert-after"
    return amend(ws, option, clause, "--proposed", "-",
              input=proposed.encode("utf-8"))


def _by_batch(ws: Path, action: Action, clause: str, proposed: str) -> str:
    batch = ws.parent / f"one-{next(_counter)}.jsonl"
    batch.write_text(json.dumps({"clause": clause, "action": action.value,
                                 "proposed": proposed}) + "\n", encoding="utf-8")
    return amend(ws, "--batch", str(batch))


def _by_instruction(ws: Path, action: Action, clause: str, proposed: str) -> str:
    if action is Action.MODIFY:
        words = f"Replace clause {clause} with the following: {quote(proposed)}"
    else:
        words = f"After clause {clause}, insert a new paragraph: {quote(proposed)}"
    return amend(ws, "--instruction", words)


def _by_instruction_file(ws: Path, action: Action, clause: str, proposed: str) -> str:
    if action is Action.MODIFY:
        words = f"Replace clause {clause} with the following: {quote(proposed)}"
    else:
        words = f"After clause {clause}, insert a new paragraph: {quote(proposed)}"
    return amend(ws, "--instruction-file", "-",
              input=(words + "\n").encode("utf-8"))


def _by_working_tree(ws: Path, action: Action, clause: str, proposed: str) -> str | None:
    """An edit of the clause file; a file in the workspace with CR line ends is refused
    (docs/bad-input.md), so that form goes by the other roads only."""
    if action is not Action.MODIFY or "\r" in proposed:
        return None
    (ws / "texts" / TEXT / f"{clause}.txt").write_bytes(proposed.encode("utf-8"))
    return amend(ws, "--clause", clause)


def _by_request(ws: Path, action: Action, clause: str, proposed: str) -> str:
    """What a Word import does: an AmendRequest handed to Session.amend."""
    result = Session.open(ws, TEXT).amend([AmendRequest(action, clause, proposed)])
    return result.amendments[0].id


ROADS = [_by_option, _by_batch, _by_instruction, _by_instruction_file, _by_working_tree,
         _by_request]


@given(proposed=proposals, clause=st.sampled_from(["Article-2", "Article-3"]),
       action=st.sampled_from([Action.MODIFY, Action.INSERT_AFTER]))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_road_from_a_proposal_gives_the_same_amendment_file(code: Path, proposed: str,
                                                                  clause: str, action: Action):
    made = [road(code, action, clause, proposed) for road in ROADS]
    files = [amendment(code, i) for i in made if i is not None]
    assert len({(a.action, a.clause, a.base, a.patch) for a in files}) == 1, \
        [(a.id, a.patch) for a in files]
    text = new_text(code, files[0].id)
    reference = (code / "texts" / TEXT / f"{clause}.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") == reference.endswith("\n")
    assert "\r" not in text and "e\u0301" not in text
