"""What the review app announces is what the commit records: its prediction and the
application's decision are one rule (core/decisions.plan_decision), checked here on every
tabled amendment of the shipped workspace and of 82 real GDPR amendments (3 to 12 competing
for each provision), before and after earlier decisions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from realdata.test_gdpr_sample import TEXT_ID as GDPR
from realdata.test_gdpr_sample import batch_line, clause_id, load
from support import cli, git, ok

from consolidate.app.session import Session
from consolidate.core.decisions import Decision
from consolidate.core.errors import ConsolidateError
from consolidate.core.model import Status
from consolidate.tui.state import DECISIONS, Refused, ReviewState, Snapshot

from .helpers import TEXT


def invoke(workspace: Path | None, *args: str) -> str:
    return ok(cli(workspace, *args))


def outcome(session: Session, verb: str, amendment_id: str) -> tuple[Decision, ...] | str:
    """The decisions the commit recorded (read back from the files), or the refusal."""
    start = session.current_commit()
    try:
        result = session.decide([amendment_id], DECISIONS[verb])
    except ConsolidateError as error:
        assert session.current_commit() == start  # nothing recorded
        problem = error.problem
        return problem.message + (f" — {problem.hint}" if problem.hint else "")
    on_disk = {a.id: a for a in Session.open(session.workspace.root, session.text_id).amendments}
    for decision in result.decisions:
        assert (on_disk[decision.amendment].status, on_disk[decision.amendment].reason) == \
            (decision.after, decision.reason)
    git(session.workspace.root, "reset", "-q", "--hard", start or "")
    session.reload()
    return result.decisions


def compare_every_tabled(workspace: Path, text_id: str, verb: str = "adopt") -> int:
    """Predict, then commit, *verb* on each tabled amendment in turn; return how many fell."""
    session = Session.open(workspace, text_id)
    state = ReviewState(Snapshot.read(session))
    fallen = 0
    for amendment in [a for a in session.amendments if a.status is Status.TABLED]:
        try:
            predicted: tuple[Decision, ...] | str = state.predict(verb, amendment.id).decisions
        except Refused as refused:
            predicted = str(refused)
        recorded = outcome(session, verb, amendment.id)
        assert predicted == recorded, amendment.id
        fallen += isinstance(recorded, tuple) and sum(d.after is Status.FALLEN for d in recorded)
    return fallen


def test_the_prediction_is_the_commit_on_the_shipped_workspace(workspace: Path):
    assert compare_every_tabled(workspace, TEXT) == 2  # AM 12 and AM 13, each by the other
    compare_every_tabled(workspace, TEXT, "reject")
    # After an adoption, with an amendment tabled against it (its adoption is refused).
    session = Session.open(workspace, TEXT)
    session.decide(["am-013"], Status.ADOPTED)
    p13 = (workspace / "texts" / TEXT / "p13.txt").read_text(encoding="utf-8")
    proposed = workspace / "proposed.txt"
    proposed.write_text(p13.replace("persons convicted of", "people sentenced for"),
                        encoding="utf-8")
    invoke(workspace, "amend", "--clause", "p13", "--proposed", str(proposed))
    compare_every_tabled(workspace, TEXT)


@pytest.fixture(scope="module")
def gdpr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 82 GDPR amendments tabled on the Commission text of their 10 provisions."""
    tmp = tmp_path_factory.mktemp("gdpr-prediction")
    rows = load()
    clauses = tmp / "gdpr"
    clauses.mkdir()
    for row in rows:
        if row["old"]:
            (clauses / f"{clause_id(row['target'])}.txt").write_text(row["old"], encoding="utf-8")
    workspace = tmp / "workspace"
    invoke(None, "init", str(workspace))
    invoke(workspace, "import", str(clauses), "--text", GDPR)
    batch = tmp / "amendments.jsonl"
    batch.write_text("".join(json.dumps(batch_line(r), ensure_ascii=False) + "\n" for r in rows),
                     encoding="utf-8")
    invoke(workspace, "amend", "--batch", str(batch))
    return workspace


def copy(workspace: Path, to: Path) -> Path:
    subprocess.run(["cp", "-a", str(workspace), str(to)], check=True)
    return to


def test_the_prediction_is_the_commit_on_82_competing_gdpr_amendments(gdpr: Path,
                                                                      tmp_path: Path):
    assert compare_every_tabled(copy(gdpr, tmp_path / "gdpr"), GDPR) > 40


@pytest.mark.slow
def test_the_prediction_is_the_commit_on_gdpr_amendments_left_after_votes(gdpr: Path,
                                                                         tmp_path: Path):
    workspace = copy(gdpr, tmp_path / "gdpr")
    for _ in range(4):
        invoke(workspace, "adopt", "--next")
    compare_every_tabled(workspace, GDPR)
