"""The procedure from the command line, on a fresh clone of the shipped workspace: the voting
list, instructions both ways, adopt --next, the chair's order file, promote, --at, blame."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from support import ROOT, console, git
from support import cli as run

from consolidate.app.session import Session
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Status

from .conftest import TEXT


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def listed(workspace: Path) -> dict[str, dict]:
    return {a["id"]: a for a in json.loads(ok(run(workspace, "list", "--json")))["amendments"]}


def test_the_voting_list_as_json(shipped: Path):
    data = json.loads(ok(run(shipped, "votelist", "--json")))
    votes = [(v["clause"], v["amendments"], v["falls_if_adopted"]) for v in data["votes"]]
    assert votes == [
        ("p7", ["am-001"], []),
        ("p10", ["am-002"], ["am-003"]),
        ("p10", ["am-003"], []),
        ("p11", ["am-004"], []),
        ("p11a", ["am-005"], []),
        ("p12", ["am-010", "am-011"], []),  # identical: one vote
        ("p13", ["am-013"], ["am-012"]),  # 'found guilty' departs further than 'or suspected'
        ("p13", ["am-012"], []),
        ("p14", ["am-006"], []),
        ("p15", ["am-009"], []),
        ("p16", ["am-008"], []),
    ]
    assert "share of words changed" in data["measure"]
    assert data["votes"][4]["label"] == "new paragraph after paragraph 11"


def test_the_readme_shows_the_voting_list_of_the_shipped_workspace(shipped: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ consolidate votelist\n(.*?)```", readme, re.S)
    assert shown is not None
    assert shown.group(1) == ok(run(shipped, "votelist"))


def _procedure_blocks() -> list[list[tuple[str, str]]]:
    """The console blocks of the README's Procedure section: (command, output) pairs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Procedure\n(.*?)(?=^## )", readme, re.M | re.S)
    assert section is not None
    blocks = []
    for block in re.findall(r"```console\n(.*?)```", section.group(1), re.S):
        steps = []
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
        blocks.append(steps)
    return blocks


def _masked(text: str) -> str:
    """Commit ids and the random part of new amendment ids differ from run to run."""
    text = re.sub(r"\bam-[0-9a-z]{8}\b", "am-<id>", text)
    return re.sub(r"\b[0-9a-f]{10}\b", "<commit>", text)


@pytest.mark.parametrize("block", range(4))
def test_the_readme_procedure_examples_are_real(shipped: Path, block: int):
    steps = _procedure_blocks()[block]
    for command, shown in steps:
        done = console(command, shipped, merge_stderr=True)
        if not shown:
            continue
        assert _masked(done.stdout) == _masked(shown), command


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_voting_list_as_a_document(shipped: Path, fmt: str):
    out = shipped / f"votes.{fmt}"
    ok(run(shipped, "votelist", "--format", fmt, "-o", str(out)))
    if fmt == "docx":
        import docx

        table = docx.Document(io.BytesIO(out.read_bytes())).tables[0]
        assert len(table.rows) == 12  # the heading and 11 votes
        assert table.rows[7].cells[2].text == "AM 13"
        assert table.rows[7].cells[4].text == "AM 12"
    else:
        content = out.read_text(encoding="utf-8")
        assert "AM 10 = AM 11" in content and "new paragraph after paragraph 11" in content


@pytest.mark.parametrize("number", ["2", "4", "5", "6", "7", "9", "13"])
def test_an_instruction_written_and_read_back_gives_the_same_amendment(shipped: Path,
                                                                       number: str):
    words = ok(run(shipped, "instruction", number)).strip()
    new = ok(run(shipped, "amend", "--instruction-file", "-", "--sponsor",
                 "Ms Anna SCHMIDT (Germany)", input=words + "\n")).split()[-1]
    original = json.loads(ok(run(shipped, "show", number, "--json")))
    again = json.loads(ok(run(shipped, "show", new, "--json")))
    assert (again["action"], again["clause"], again["proposed_text"]) == (
        original["action"], original["clause"], original["proposed_text"])
    assert ok(run(shipped, "instruction", new)).strip() == words


@pytest.mark.parametrize(
    ("instruction", "reason"),
    [
        ("In paragraph 10, replace 'child porn' with 'x'", "only inside longer words"),
        ("In paragraph 10, replace 'the' with 'a'", "the anchor is ambiguous"),
        ("In paragraph 17, delete 'x'", "there is no paragraph 17"),
        ("Delete paragraph 0", "there is no paragraph 0"),
    ],
)
def test_an_instruction_that_does_not_match_is_refused(shipped: Path, instruction: str,
                                                       reason: str):
    head = git(shipped, "rev-parse", "HEAD")
    result = run(shipped, "amend", "--instruction", instruction)
    assert result.returncode == 2
    assert "the instruction is refused" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr
    assert git(shipped, "rev-parse", "HEAD") == head


def test_adopt_next_follows_the_voting_list(shipped: Path):
    ok(run(shipped, "adopt", "--next"))  # AM 10 and AM 11, identical, voted together
    statuses = {i: a["status"] for i, a in listed(shipped).items()}
    assert statuses["am-010"] == statuses["am-011"] == "adopted"
    ok(run(shipped, "reject", "--next"))  # AM 13, the furthest on paragraph 13
    ok(run(shipped, "adopt", "--next"))  # then AM 12
    statuses = {i: a["status"] for i, a in listed(shipped).items()}
    assert (statuses["am-013"], statuses["am-012"]) == ("rejected", "adopted")
    done = run(shipped, "adopt", "--next")
    assert done.returncode == 2 and "no vote is left" in done.stderr


def test_the_chair_order_file_overrides_the_list_and_adopt_follows_it(shipped: Path):
    order = shipped / "amendments" / TEXT / "order.txt"
    order.write_text("# the chair puts AM 12 first\n12\n", encoding="utf-8")
    votes = json.loads(ok(run(shipped, "votelist", "--json")))["votes"]
    assert [v["amendments"] for v in votes if v["clause"] == "p13"] == [["am-012"], ["am-013"]]
    assert votes[6]["falls_if_adopted"] == ["am-013"] and votes[6]["chair_order"]
    ok(run(shipped, "adopt", "--next"))
    ok(run(shipped, "adopt", "--next"))
    statuses = {i: a["status"] for i, a in listed(shipped).items()}
    assert (statuses["am-012"], statuses["am-013"]) == ("adopted", "fallen")


def test_a_bad_order_file_is_invalid_input_with_its_line(shipped: Path):
    order = shipped / "amendments" / TEXT / "order.txt"
    order.write_text("am-012\nam-404\nam-012\n", encoding="utf-8")
    for command in (["votelist"], ["check"]):
        result = run(shipped, *command)
        assert result.returncode == 2
        assert f"amendments/{TEXT}/order.txt:2: 'am-404' is not an amendment" in result.stderr
        assert "order.txt:3: AM 12 (am-012) is listed twice (first on line 1)" in result.stderr


def test_promote_makes_the_consolidated_text_the_new_base(shipped: Path):
    before = ok(run(shipped, "build", "--format", "text"))
    out = ok(run(shipped, "promote", "--tag", "committee"))
    assert "6 amendments incorporated, 1 clause inserted" in out
    assert git(shipped, "tag", "--points-at", "HEAD").split() == ["committee"]
    assert git(shipped, "status", "--porcelain") == ""
    assert ok(run(shipped, "build", "--format", "text")) == before
    manifest = (shipped / "texts" / TEXT / "text.toml").read_text(encoding="utf-8")
    assert manifest.index('id = "p11a"') < manifest.index('id = "p12"')
    p11 = (shipped / "texts" / TEXT / "p11.txt").read_text(encoding="utf-8")
    assert "to ratify and fully implement the Council" in p11
    statuses = {i: a["status"] for i, a in listed(shipped).items()}
    assert statuses["am-004"] == "incorporated" and statuses["am-010"] == "tabled"
    ok(run(shipped, "check"))
    # paragraphs are renumbered: p12 is now paragraph 13; AM 10 still applies to it
    assert ok(run(shipped, "instruction", "10")).startswith("In paragraph 13, replace")
    new = ok(run(shipped, "amend", "--instruction",
                 "In paragraph 12, replace 'Urges' with 'Calls on'")).split()[-1]
    assert json.loads(ok(run(shipped, "show", new, "--json")))["clause"] == "p11a"
    # the stage before stays readable
    assert ok(run(shipped, "build", "--at", "committee~1", "--format", "text")) == before
    votes = json.loads(ok(run(shipped, "votelist", "--at", "committee~1", "--json")))["votes"]
    assert len(votes) == 11
    old = json.loads(ok(run(shipped, "check", "--at", "committee~1", "--json")))
    assert len(old["applied"]) == 6
    assert json.loads(ok(run(shipped, "conflicts", "--at", "committee", "--json")))["collisions"]


def test_blame_and_a_redline_across_stages(shipped: Path):
    ok(run(shipped, "promote", "--tag", "committee"))
    ok(run(shipped, "adopt", "13"))
    blamed = json.loads(ok(run(shipped, "blame", "11", "--json")))["clauses"][0]
    assert blamed["clause"] == "p11"
    (inserted,) = [s for s in blamed["spans"] if s["source"] == "amendment"]
    assert (inserted["text"], inserted["amendment"], inserted["sponsor"], inserted["stage"]) == (
        "and fully implement ", "am-004", "Anna SCHMIDT (Germany)", "committee")
    p13 = json.loads(ok(run(shipped, "blame", "p13", "--json")))["clauses"][0]["spans"]
    assert [s["stage"] for s in p13 if s["source"] == "amendment"] == [None]  # not promoted
    text = ok(run(shipped, "blame", "p7"))
    assert "edit " in text  # paragraph 7 was corrected by a commit, outside the procedure
    assert "AM 1 · Tomas NOVAK (Czech Republic) · committee" in text
    imported = git(shipped, "log", "--format=%H", "--diff-filter=A", "--",
                   f"texts/{TEXT}/text.toml").split()[-1]
    redline = ok(run(shipped, "redline", "--from", imported, "--no-color"))
    assert "ratify{+ and fully implement+}[AM 4]" in redline
    assert "[AM 13]" in redline
    # from a revision where AM 4 was already adopted, only what was decided since shows
    since = ok(run(shipped, "redline", "--from", "committee~1", "--no-color"))
    assert "[AM 4]" not in since and "ratify and fully implement" in since
    assert "[AM 13]" in since
    stages = json.loads(ok(run(shipped, "stages", "--json")))["stages"]
    assert [s["stage"] for s in stages] == ["committee"]


def test_promote_is_refused_when_nothing_is_adopted_or_an_adoption_collides(shipped: Path):
    ok(run(shipped, "promote"))
    again = run(shipped, "promote")
    assert again.returncode == 2 and "nothing to promote" in again.stderr
    path = shipped / "amendments" / TEXT / "am-012.patch"
    ok(run(shipped, "adopt", "13"))
    path.write_text(path.read_text(encoding="utf-8").replace("Status: fallen",
                                                             "Status: adopted"),
                    encoding="utf-8")
    git(shipped, "commit", "-qam", "hand edit")
    clash = run(shipped, "promote")
    assert clash.returncode == 1 and "cannot be promoted" in clash.stderr
    assert git(shipped, "tag").split() == [f"{TEXT}/stage-1"]


def test_a_workspace_read_at_a_revision_cannot_decide(shipped: Path):
    session = Session.open(shipped, TEXT, at="HEAD")
    with pytest.raises(InvalidInput, match="read-only"):
        session.decide(["13"], Status.ADOPTED)


def test_promote_refuses_to_delete_a_clause_a_draft_still_amends(shipped: Path):
    deletion = ok(run(shipped, "amend", "--instruction", "Delete paragraph 9")).split()[-1]
    ok(run(shipped, "adopt", deletion))
    refused = run(shipped, "promote")
    assert refused.returncode == 2
    assert "clause 'p9' is deleted, but AM 14 (am-014) still refer to it" in refused.stderr
    ok(run(shipped, "withdraw", "14"))
    ok(run(shipped, "promote"))
    manifest = (shipped / "texts" / TEXT / "text.toml").read_text(encoding="utf-8")
    assert 'id = "p9"' not in manifest and not (shipped / "texts" / TEXT / "p9.txt").exists()
    ok(run(shipped, "check"))
    # paragraph 9 gone, paragraph 11a in: AM 10 (on p12) is still on paragraph 12
    assert ok(run(shipped, "instruction", "10")).startswith("In paragraph 12, replace")


def test_promoting_an_amended_title_renames_the_text(shipped: Path):
    title = ok(run(shipped, "amend", "--instruction",
                   "In the title, replace 'CHILDREN' with 'MINORS'")).split()[-1]
    ok(run(shipped, "adopt", title))
    ok(run(shipped, "promote"))
    manifest = (shipped / "texts" / TEXT / "text.toml").read_text(encoding="utf-8")
    assert 'title = "COMBATING THE SEXUAL EXPLOITATION OF MINORS"' in manifest
    built = ok(run(shipped, "build", "--format", "text"))
    assert built.count("COMBATING THE SEXUAL EXPLOITATION OF MINORS") == 1
