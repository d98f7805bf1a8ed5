"""Stages on real data: the French National Assembly's rules of procedure, three versions.

The text is imported as it was on 18/12/1959 (one clause per paragraph: headings, article
headings, paragraphs). Each step to the next version (05/12/1960, then 04/05/1961) is tabled
as amendments: a reworded paragraph is a modification, a new one an insertion after its
neighbour, a gone one a deletion. They are adopted and promoted; the consolidated text must
be the next version exactly, and each stage stays readable, blamed and redlined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from support import cli as run
from support import git, manifest_workspace

from consolidate.app.session import Session
from consolidate.app.stages import lineage, promote, stage_redline
from consolidate.core.engine import read_edits
from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instructions import amendment_instruction
from consolidate.core.model import Action, ClauseKind, Status
from consolidate.core.versions import version_requests

from .conftest import FIXTURES

DATA = FIXTURES / "realdata" / "reglement_an"
VERSIONS = ["v002", "v003", "v004"]
TEXT = "reglement-an"


def paragraphs(version: str) -> list[str]:
    content = (DATA / f"{version}.md").read_text(encoding="utf-8")
    assert content.endswith("\n") and "\n\n\n" not in content
    return content[:-1].split("\n\n")


def kind(line: str) -> ClauseKind:
    if line.startswith("## "):
        return ClauseKind.ARTICLE
    if line.startswith("# "):
        return ClauseKind.HEADING
    return ClauseKind.PARAGRAPH


def make_workspace(root: Path) -> None:
    lines = paragraphs(VERSIONS[0])
    entries = [(f"c{index:04d}", kind(line).value, line) for index, line in enumerate(lines, start=1)]
    manifest_workspace(root, TEXT, "Règlement de l'Assemblée nationale", entries, language="fr")


def consolidated_lines(session: Session) -> list[str]:
    return [c.text for c in session.consolidation.clauses if c.status.value != "deleted"]


@dataclass
class Staged:
    root: Path
    tabled: dict[str, list[str]]  # stage name -> the amendments tabled for it


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Staged:
    root = tmp_path_factory.mktemp("reglement") / "ws"
    make_workspace(root)
    tabled: dict[str, list[str]] = {}
    for step, version in enumerate(VERSIONS[1:], start=1):
        session = Session.open(root, TEXT)
        target = paragraphs(version)
        result = session.amend(version_requests(session.text, target, kind, f"s{step}n"))
        ids = [a.id for a in result.amendments]
        session.decide(ids, Status.ADOPTED, date="1960-12-05" if step == 1 else "1961-05-04")
        assert session.consolidation.ok, session.blocking_findings()
        assert consolidated_lines(session) == target
        promote(session, tag=version)
        tabled[version] = ids
    return Staged(root, tabled)


def test_each_step_is_tabled_adopted_and_promoted_to_the_next_version(staged: Staged):
    root = staged.root
    assert len(staged.tabled["v003"]) >= 15 and len(staged.tabled["v004"]) == 4
    for version in VERSIONS[1:]:
        at = Session.open(root, TEXT, at=version)
        assert [c.text for c in at.text.clauses] == paragraphs(version)
        assert {a.status for a in at.amendments if a.id in staged.tabled[version]} == {
            Status.INCORPORATED}
    files = sorted(p.name for p in (root / "texts" / TEXT).glob("*.txt"))
    assert len(files) == len(paragraphs("v004"))
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "tag").split() == ["v003", "v004"]


def test_the_workspace_at_each_stage_builds_and_checks_from_the_cli(staged: Staged):
    for version in VERSIONS[1:]:
        built = run(staged.root, "build", "--at", version, "--format", "text")
        assert built.returncode == 0, built.stderr
        assert all(line in built.stdout for line in paragraphs(version)[-3:])
        assert run(staged.root, "check", "--at", version).returncode == 0
    assert run(staged.root, "build", "--at", "no-such-stage").returncode == 2


def test_the_words_of_each_stage_are_blamed_on_their_amendment_and_stage(staged: Staged):
    history = lineage(staged.root, TEXT)
    assert history.stages == ("v003", "v004")
    origins = {}
    for clause_id, _, pieces in history.lineage.blame():
        for text, origin in pieces:
            if origin.kind == "amendment":
                origins.setdefault(origin.stage, set()).add(origin.amendment)
            assert origin.kind != "edit", (clause_id, text)
    assert origins["v003"] <= set(staged.tabled["v003"])
    assert origins["v004"] == set(staged.tabled["v004"])
    blamed = {cid: pieces for cid, _, pieces in history.lineage.blame()}
    seconde = [o for text, o in blamed["c0041"] if "seconde" in text]  # "première" -> "seconde"
    assert [o.stage for o in seconde] == ["v004"]


def test_a_redline_between_two_stages_gives_one_from_the_other(staged: Staged):
    redline = stage_redline(staged.root, TEXT, "v003", "v004")
    kept = [c for c in redline.clauses]
    before = ["".join(s.text for s in c.spans if s.kind.value != "insert") for c in kept
              if c.status.value != "inserted"]
    after = [c.text for c in kept if c.status.value != "deleted"]
    assert before == paragraphs("v003")  # the first paragraph is empty in the source
    assert after == paragraphs("v004")
    assert set(redline.applied) == set(staged.tabled["v004"])
    imported = git(staged.root, "rev-list", "--reverse", "HEAD", "--", f"texts/{TEXT}").split()[0]
    whole = stage_redline(staged.root, TEXT, imported)
    assert [c.text for c in whole.clauses if c.status.value != "deleted"] == paragraphs("v004")


def test_each_real_amendment_reads_back_from_its_instruction(staged: Staged):
    session = Session.open(staged.root, TEXT, at="v003~1")  # the v003 amendments, adopted
    text = session.text
    for amendment in session.amendments:
        drafted = read_edits(amendment, session.bases)
        words = amendment_instruction(text, amendment, drafted.base, drafted.edits)
        parsed = amendment_from_instructions(text, [words])
        assert (parsed.action, parsed.clause) == (amendment.action, amendment.clause), words
        if amendment.action is Action.MODIFY:
            assert parsed.proposed == session.consolidation.clause(amendment.clause).text, words
