"""What `adopt`, `reject`, `table` and `withdraw` record (the files, the report, the
consolidated text) is what the decision gives when every amendment of the whole text is
compared, not only the neighbours of the decided clauses: on the shipped workspace with
insertions at one anchor, an insertion anchored on a new clause, amendments on an inserted
clause, a deletion, identical and colliding amendments."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from support import cli, head, ok, validate_json

from consolidate.app.session import Session
from consolidate.core.decisions import DecisionPlan, plan_decision
from consolidate.core.engine import consolidate
from consolidate.core.errors import ConsolidateError
from consolidate.core.model import Amendment, Status

from .conftest import TEXT

DATE = "2026-03-04"
VERBS = {"adopt": Status.ADOPTED, "reject": Status.REJECTED, "table": Status.TABLED,
         "withdraw": Status.WITHDRAWN}


def amend(workspace: Path, *args: str, proposed: str = "") -> str:
    out = ok(cli(workspace, "amend", *args, "--sponsor", "Ms Anna SMITH (Canada)",
                 *(["--proposed", "-"] if proposed else []), input=proposed or None))
    return out.split()[-1]


def clause(workspace: Path, clause_id: str) -> str:
    return (workspace / "texts" / TEXT / f"{clause_id}.txt").read_text(encoding="utf-8")


def varied(workspace: Path) -> dict[str, str]:
    """Amendments of every kind next to the shipped ones; their ids by a short name."""
    p11, p16 = clause(workspace, "p11"), clause(workspace, "p16")
    grooming = Session.open(workspace, TEXT).consolidation.clause("p11a").text  # type: ignore[union-attr]
    return {
        "same-anchor": amend(workspace, "--insert-after", "p11", "--new-id", "p11c",
                             proposed="Calls for a registry of offenders;"),
        "same-anchor-2": amend(workspace, "--insert-after", "p11", "--new-id", "p11d",
                               proposed="Calls for hotlines;"),
        "chained": amend(workspace, "--insert-after", "p11a", "--new-id", "p11b",
                         proposed="Urges awareness campaigns in schools;"),
        "on-inserted": amend(workspace, "--clause", "p11a", "--against", "consolidated",
                             proposed=grooming.replace("criminalize", "prohibit")),
        "on-inserted-2": amend(workspace, "--clause", "p11a", "--against", "consolidated",
                               proposed=grooming.replace("criminalize", "outlaw")),
        "delete": amend(workspace, "--delete", "p16"),
        "on-deleted": amend(workspace, "--clause", "p16",
                            proposed=p16.replace("banks", "payment providers")),
        "p11-words": amend(workspace, "--clause", "p11",
                           proposed=p11.replace("Calls on", "Urges")),
    }


def expected(workspace: Path, ids: list[str], decision: Status
             ) -> DecisionPlan | ConsolidateError:
    """The decision compared with the whole text, from the workspace as it stands."""
    session = Session.open(workspace, TEXT)
    try:
        return plan_decision(session.text, session.amendments, session.bases,
                             session.voting_ids(), [session.amendment(i).id for i in ids],
                             decision, DATE, whole_text=True)
    except ConsolidateError as error:
        return error


def recorded(amendment: Amendment) -> Amendment:
    return replace(amendment, source="")


def check_decision(workspace: Path, verb: str, ids: list[str]) -> None:
    before = Session.open(workspace, TEXT)
    start = head(workspace)
    plan = expected(workspace, ids, VERBS[verb])
    outcome = cli(workspace, verb, *ids, "--date", DATE, "--json")
    if isinstance(plan, ConsolidateError):
        error = validate_json(json.loads(outcome.stderr), "error")["error"]
        assert outcome.returncode == error["exit_code"] == plan.exit_code
        assert (error["message"], error["hint"] or "") == (plan.problem.message, plan.problem.hint)
        assert head(workspace) == start
        return
    report = validate_json(outcome, "decisions")
    assert [(d["amendment"], d["before"], d["after"], d["reason"] or "")
            for d in report["decisions"]] == [
        (d.amendment, d.before.value, d.after.value, d.reason) for d in plan.decisions]
    after = Session.open(workspace, TEXT)
    want = {a.id: a for a in before.amendments} | {a.id: a for a in plan.changed}
    assert {a.id: recorded(a) for a in after.amendments} == {
        key: recorded(a) for key, a in want.items()}
    whole = consolidate(before.text, list(want.values()), before.bases,
                        order=after.engine_order())
    assert [(c.id, c.text, c.status) for c in after.consolidation.clauses] == [
        (c.id, c.text, c.status) for c in whole.clauses]


def test_decisions_record_what_the_whole_text_gives(shipped: Path):
    made = varied(shipped)
    steps = [
        ("adopt", ["10", "12", "13"]),  # identical twins, a collision within the call
        ("adopt", [made["on-inserted"], made["on-inserted-2"]]),  # the second: refused
        ("adopt", [made["on-inserted"]]),
        ("adopt", [made["on-inserted-2"]]),  # refused: it changes the same words
        ("adopt", [made["same-anchor"], made["same-anchor-2"], made["chained"]]),
        ("adopt", [made["p11-words"]]),  # next to AM 4, adopted first
        ("adopt", [made["on-deleted"]]),
        ("adopt", [made["delete"]]),  # refused or falls with the amendment adopted before
        ("reject", ["14"]),  # a draft: refused
        ("table", ["3"]),  # fell with AM 2, still adopted: refused
        ("withdraw", [made["delete"]]),
        ("reject", [made["chained"]]),  # adopted: refused
    ]
    for verb, ids in steps:
        check_decision(shipped, verb, ids)
    now = {a.id: a.status for a in Session.open(shipped, TEXT).amendments}
    assert now[made["same-anchor"]] is now[made["chained"]] is Status.ADOPTED
    assert now[made["on-inserted"]] is Status.ADOPTED
    assert now["am-010"] is now["am-011"] is now["am-013"] is Status.ADOPTED
