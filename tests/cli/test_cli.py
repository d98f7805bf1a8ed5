"""The command line, in process: outputs, commits and exit codes (tests/cli/test_entry_point.py
runs the real entry point)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli as run
from support import git, shipped_clone


@pytest.fixture
def workspace(seed_workspace: Path) -> Path:
    return seed_workspace


def clause(workspace: Path, cid: str) -> str:
    return (workspace / "texts" / "seed" / f"{cid}.txt").read_text(encoding="utf-8")


def amend(workspace: Path, cid: str, old: str, new: str, sponsor: str = "Mr Pierre DUPONT (France)") -> str:
    proposed = clause(workspace, cid).replace(old, new)
    result = run(workspace, "amend", "--clause", cid, "--proposed", "-", "--sponsor", sponsor,
                 input=proposed)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_import_makes_one_clause_per_paragraph_and_commits(workspace: Path):
    manifest = (workspace / "texts" / "seed" / "text.toml").read_text()
    assert manifest.count('kind = "preamble"') == 8
    assert manifest.count('kind = "operative"') == 8
    assert "The OSCE Parliamentary Assembly:" in manifest
    assert clause(workspace, "p10").startswith("Reiterates the call")
    assert "AMENDMENT TO" not in "".join(p.read_text() for p in (workspace / "texts" / "seed").glob("*.txt"))
    assert git(workspace, "status", "--porcelain") == ""
    assert "Import text 'seed'" in git(workspace, "log", "-1", "--format=%s")


def test_amend_stores_a_patch_on_the_committed_blob_and_commits(workspace: Path):
    amendment_id = amend(workspace, "p10", "child pornography", "child sexual abuse material")
    path = workspace / "amendments" / "seed" / f"{amendment_id}.patch"
    content = path.read_text()
    blob = git(workspace, "rev-parse", "HEAD:texts/seed/p10.txt").strip()
    assert f"Base: {blob}" in content
    assert "Sponsor: Mr Pierre DUPONT (France)" in content
    assert "-pornography" in content and "+sexual abuse material" in content
    assert git(workspace, "status", "--porcelain") == ""
    assert amendment_id in git(workspace, "log", "-1", "--format=%s")


def test_amend_takes_a_working_tree_edit_and_restores_the_file(workspace: Path):
    path = workspace / "texts" / "seed" / "p11.txt"
    original = path.read_text()
    path.write_text(original.replace("to ratify", "to ratify and fully implement"))
    result = run(workspace, "amend", "--clause", "p11", "--sponsor", "Ms Anna SCHMIDT (Germany)")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == original
    assert git(workspace, "status", "--porcelain") == ""
    show = run(workspace, "show", result.stdout.split()[-1], "--no-color")
    assert "{+and fully implement +}" in show.stdout


def test_adopting_one_of_two_colliding_amendments_makes_the_other_fall(workspace: Path):
    first = amend(workspace, "p10", "child pornography", "child sexual abuse material")
    second = amend(workspace, "p10", "child pornography", "child abuse images", "Mrs Maria ROSSI (Italy)")
    conflicts = json.loads(run(workspace, "conflicts", "--json").stdout)
    assert conflicts["collisions"][0]["clause"] == "p10"
    assert set(conflicts["collisions"][0]["amendments"]) == {first, second}
    result = run(workspace, "adopt", first)
    assert result.returncode == 0, result.stderr
    listed = {a["id"]: a for a in json.loads(run(workspace, "list", "--json").stdout)["amendments"]}
    assert listed[first]["status"] == "adopted"
    assert listed[second]["status"] == "fallen"
    assert "falls" in listed[second]["reason"]
    message = git(workspace, "log", "-1", "--format=%B")
    assert f"Adopt AM 1 ({first})" in message and "fallen" in message


def test_adopting_an_amendment_that_collides_with_an_adopted_one_exits_1(workspace: Path):
    first = amend(workspace, "p11", "to ratify", "to sign")
    run(workspace, "adopt", first)
    # Drafted later against the same original words: it cannot apply over the first one.
    second = amend(workspace, "p11", "to ratify", "to accede to")
    head = git(workspace, "rev-parse", "HEAD").strip()
    result = run(workspace, "adopt", second)
    assert result.returncode == 1
    assert "cannot be adopted" in result.stderr and "AM 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert git(workspace, "rev-parse", "HEAD").strip() == head


def test_check_exits_1_when_an_adopted_amendment_collides(workspace: Path):
    first = amend(workspace, "p11", "to ratify", "to sign")
    second = amend(workspace, "p11", "to ratify", "to accede to")
    run(workspace, "adopt", first)
    path = workspace / "amendments" / "seed" / f"{second}.patch"
    path.write_text(path.read_text().replace("Status: fallen", "Status: adopted"))
    result = run(workspace, "check", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["findings"][0]["kind"] == "collision"
    # applied in voting-list order: the one further from the original (second) goes first
    finding = report["findings"][0]
    assert {finding["amendment"], *finding["others"]} == {first, second}


def test_check_exits_2_on_a_malformed_file_and_still_reports_the_rest(workspace: Path):
    good = amend(workspace, "p11", "to ratify", "to sign")
    bad = amend(workspace, "p12", "Encourages", "Urges")
    path = workspace / "amendments" / "seed" / f"{bad}.patch"
    path.write_text(path.read_text().replace("Status: tabled", "Status: maybe"))
    other = workspace / "amendments" / "seed" / f"{good}.patch"
    other.write_text(other.read_text().replace("Clause: p11", "Clause: p99"))
    result = run(workspace, "check")
    assert result.returncode == 2
    assert f"amendments/seed/{bad}.patch" in result.stderr and "maybe" in result.stderr
    assert "p99" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_exits_2_on_bytes_that_are_not_utf8(workspace: Path):
    path = workspace / "texts" / "seed" / "p3.txt"
    path.write_bytes(b"Deeply concerned\n\xe9t\xe9")
    result = run(workspace, "check")
    assert result.returncode == 2
    assert "texts/seed/p3.txt:2" in result.stderr and "UTF-8" in result.stderr


def test_amend_against_consolidated_builds_on_an_adopted_amendment(workspace: Path):
    first = amend(workspace, "p11", "to ratify", "to ratify and fully implement")
    run(workspace, "adopt", first)
    consolidated = json.loads(run(workspace, "build", "--format", "json").stdout)
    p11 = next(c for c in consolidated["clauses"] if c["id"] == "p11")["text"]
    result = run(workspace, "amend", "--clause", "p11", "--against", "consolidated",
                 "--proposed", "-", input=p11.replace("fully implement", "promptly implement"))
    assert result.returncode == 0, result.stderr
    second = result.stdout.split()[-1]
    assert run(workspace, "adopt", second).returncode == 0
    built = run(workspace, "build", "--format", "json")
    assert built.returncode == 0
    text = next(c for c in json.loads(built.stdout)["clauses"] if c["id"] == "p11")["text"]
    assert "to ratify and promptly implement the Council" in text
    # The base is kept in a committed file, so every clone has it.
    snapshot = list((workspace / "amendments" / "seed" / "bases").glob("*.txt"))
    assert len(snapshot) == 1
    assert git(workspace, "status", "--porcelain") == ""
    clone = shipped_clone(workspace.parent / "clone", workspace)
    assert run(clone, "check").returncode == 0


def test_batch_creates_all_in_one_commit_or_refuses_all(workspace: Path):
    p12 = clause(workspace, "p12")
    lines = [
        {"clause": "p12", "proposed": p12.replace("Encourages", "Urges"), "sponsor": "Mr Jan NOVAK (Czech Republic)"},
        {"clause": "p14", "action": "delete"},
        {"clause": "p11", "action": "insert-after", "new_id": "p11a", "proposed": "Calls for more.",
         "cosponsors": ["Ms Eva LUND (Sweden)"]},
    ]
    batch = workspace.parent / "batch.jsonl"
    bad = [*lines, {"clause": "p99", "proposed": "x"}]
    batch.write_text("\n".join(json.dumps(line) for line in bad) + "\n")
    head = git(workspace, "rev-parse", "HEAD").strip()
    refused = run(workspace, "amend", "--batch", str(batch))
    assert refused.returncode == 2
    assert ":4:" in refused.stderr and "p99" in refused.stderr
    assert git(workspace, "rev-parse", "HEAD").strip() == head
    assert not (workspace / "amendments" / "seed").exists() or not list((workspace / "amendments" / "seed").glob("*.patch"))
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = run(workspace, "amend", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert len(ids) == 3
    assert int(git(workspace, "rev-list", "--count", f"{head}..HEAD")) == 1


def test_no_op_amendment_is_accepted_with_a_warning(workspace: Path):
    result = run(workspace, "amend", "--clause", "p9", "--proposed", "-", input=clause(workspace, "p9"))
    assert result.returncode == 0
    assert "Warning" in result.stderr and "no-op" in result.stderr


def test_build_text_numbers_paragraphs_after_insertion_and_deletion(workspace: Path):
    delete = run(workspace, "amend", "--delete", "p14").stdout.split()[-1]
    insert = run(workspace, "amend", "--insert-after", "p11", "--proposed", "-",
                 input="Calls for more.").stdout.split()[-1]
    run(workspace, "adopt", delete, insert)
    text = run(workspace, "build", "--format", "text").stdout
    assert "12. Calls for more." in text
    assert "Requests the OSCE Secretariat to set up" not in text
    assert "16. Encourages participating States, in accordance" in text
    data = json.loads(run(workspace, "build", "--format", "json").stdout)
    statuses = {c["id"]: c["status"] for c in data["clauses"]}
    (new_id,) = [cid for cid, status in statuses.items() if status == "inserted"]
    assert statuses["p14"] == "deleted" and new_id.startswith("p11-")
    inserted = next(c for c in data["clauses"] if c["id"] == new_id)
    assert inserted["changes"][0]["amendment"] == insert


def test_redline_plain_marks_when_not_a_terminal(workspace: Path):
    first = amend(workspace, "p10", "child pornography", "child sexual abuse material")
    run(workspace, "adopt", first)
    result = run(workspace, "redline")
    assert result.returncode == 0
    assert "[-pornography-]{+sexual abuse material+}" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("args, message", [
    (("amend", "--clause", "p99", "--proposed", "-"), "p99"),
    (("amend", "--clause", "../p1", "--proposed", "-"), "not a valid clause id"),
    (("amend", "--clause", "p1", "--delete", "p2"), "exactly one"),
    (("adopt", "am-999"), "no amendment"),
    (("build", "--format", "pdf"), "unknown format"),
    (("check", "--text", "nope"), "no text 'nope'"),
])
def test_usage_errors_exit_2_with_a_message_and_no_traceback(workspace: Path, args, message):
    head = git(workspace, "rev-parse", "HEAD").strip()
    result = run(workspace, *args, input="text")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert git(workspace, "rev-parse", "HEAD").strip() == head


def test_a_directory_that_is_not_a_workspace_exits_2(tmp_path: Path):
    result = run(tmp_path, "check")
    assert result.returncode == 2
    assert "not a git repository" in result.stderr


def test_every_command_has_help():
    import click

    from consolidate.cli.main import cli

    names = cli.list_commands(click.Context(cli))
    assert len(names) >= 24
    for name in names:
        result = run(None, name, "--help")
        assert result.returncode == 0, name
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and (command.help or command.short_help), name
    assert "Exit codes" in run(None, "--help").stdout


def test_each_command_is_defined_where_the_group_loads_it_from():
    import importlib
    import pkgutil

    import consolidate.cli
    from consolidate.cli.base import COMMAND_MODULES, cli

    for module in pkgutil.iter_modules(consolidate.cli.__path__):
        importlib.import_module(f"consolidate.cli.{module.name}")
    defined = {name: command.callback.__module__.rsplit(".", 1)[-1]
               for name, command in cli.commands.items() if command.callback is not None}
    assert defined == COMMAND_MODULES


def test_the_shipped_workspace_is_consistent(shipped: Path):
    result = run(shipped, "check")
    assert result.returncode == 0, result.stderr
    listed = json.loads(run(shipped, "list", "--json").stdout)["amendments"]
    statuses = {a["status"] for a in listed}
    assert {"adopted", "rejected", "withdrawn", "tabled", "fallen"} <= statuses
    assert len(listed) >= 10
    assert len({a["sponsor"]["country"] for a in listed}) >= 5
    actions = {a["action"] for a in listed}
    assert {"modify", "insert-after", "delete"} <= actions


def test_a_decision_with_a_very_long_commit_message_is_committed(workspace: Path):
    p10 = clause(workspace, "p10")
    words = p10.split(" ")
    lines = [{"clause": "p10", "action": "delete", "justification": "x" * 3000}]
    for index in range(0, min(len(words), 70)):
        changed = list(words)
        changed[index] = changed[index].upper() + "Z"
        lines.append({"clause": "p10", "proposed": " ".join(changed),
                      "justification": "y" * 2000})
    batch = workspace.parent / "many.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    ids = run(workspace, "amend", "--batch", str(batch)).stdout.split()
    result = run(workspace, "adopt", ids[0])
    assert result.returncode == 0, result.stderr
    assert git(workspace, "status", "--porcelain") == ""
    listed = {a["id"]: a["status"] for a in json.loads(run(workspace, "list", "--json").stdout)["amendments"]}
    assert sum(status == "fallen" for status in listed.values()) == len(ids) - 1


def test_check_warns_about_uncommitted_edits_of_the_text(workspace: Path):
    path = workspace / "texts" / "seed" / "p5.txt"
    path.write_text(path.read_text().replace("Deploring", "Deplores"))
    result = run(workspace, "check")
    assert result.returncode == 0
    assert "Warning: texts/seed/p5.txt has uncommitted changes" in result.stderr
    report = json.loads(run(workspace, "check", "--json").stdout)
    assert report["warnings"] and "p5.txt" in report["warnings"][0]
