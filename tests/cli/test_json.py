"""Every JSON output is one object with a schema_version, valid against the schema shipped in
the package; with --json, errors are JSON too, with the same exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from support import SHIPPED_TEXT, cli, git, ok, validate_json

from consolidate.cli.main import cli as command_group
from consolidate.schemas import SCHEMA_VERSION, load_schema, load_schemas, schema_names

# Every command that prints JSON: (arguments, schema). The shipped workspace, as committed.
READING = [
    (("list", "--json"), "list"),
    (("list", "--status", "adopted", "--json"), "list"),
    (("show", "4", "--json"), "show"),
    (("show", "am-005", "--json"), "show"),  # an insertion
    (("check", "--json"), "check"),
    (("conflicts", "--json"), "conflicts"),
    (("votelist", "--json"), "votelist"),
    (("votelist", "--format", "json"), "votelist"),
    (("votelist", "--preamble-last", "--json"), "votelist"),
    (("instruction", "--json"), "instruction"),
    (("instruction", "13", "--json"), "instruction"),
    (("stages", "--json"), "stages"),
    (("blame", "--json"), "blame"),
    (("blame", "11", "--json"), "blame"),
    (("build", "--format", "json"), "consolidation"),
    (("changes", "HEAD~3..HEAD", "--json"), "changes"),
]
DECIDING = [
    (("adopt", "13", "--json"), "decisions"),
    (("reject", "--next", "--json"), "decisions"),
    (("withdraw", "14", "--json"), "decisions"),
    (("table", "14", "--json"), "decisions"),
    (("undo", "--json"), "decisions"),
    (("promote", "--tag", "committee", "--json"), "promote"),
    (("stages", "--json"), "stages"),
    (("build", "--from", "committee~1", "--format", "json"), "consolidation"),
    (("blame", "--from", "committee~1", "--json"), "blame"),
    (("check", "--at", "committee~1", "--json"), "check"),
]


def test_the_schemas_are_valid_draft_2020_12_and_name_the_current_version():
    assert set(schema_names()) >= {"list", "show", "check", "conflicts", "decisions", "promote",
                                   "stages", "instruction", "blame", "votelist",
                                   "consolidation", "error", "defs"}
    for uri, schema in load_schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert uri == schema["$id"]
    pattern = load_schema("defs")["$defs"]["schema_version"]["pattern"]
    assert jsonschema.Draft202012Validator({"pattern": pattern}).is_valid(SCHEMA_VERSION)


@pytest.mark.parametrize(("args", "schema"), READING, ids=[" ".join(a) for a, _ in READING])
def test_every_reading_command_prints_one_object_valid_against_its_schema(shipped: Path, args, schema):
    result = cli(shipped, *args)
    assert result.returncode == 0, result.stderr
    data = validate_json(result, schema)
    assert isinstance(data, dict) and next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION


def test_every_deciding_command_prints_one_object_valid_against_its_schema(shipped: Path):
    for args, schema in DECIDING:
        result = cli(shipped, *args)
        assert result.returncode == 0, (args, result.stderr)
        validate_json(result, schema)
    assert [s["stage"] for s in json.loads(ok(cli(shipped, "stages", "--json")))["stages"]] == ["committee"]


def test_every_command_with_json_output_is_checked_here():
    with_json = {name for name, command in command_group.commands.items()
                 if any(p.name == "as_json" for p in command.params)}
    with_json |= {name for name, command in command_group.commands.items()
                  if any(p.name == "fmt" for p in command.params)}  # build/votelist --format json
    covered = {args[0] for args, _ in READING + DECIDING} | {"sync"}  # tests/sync
    assert with_json <= covered, with_json - covered


def test_list_is_an_object_holding_the_amendments_in_voting_order(shipped: Path):
    data = validate_json(cli(shipped, "list", "--json"), "list")
    assert data["text"] == SHIPPED_TEXT
    ids = [a["id"] for a in data["amendments"]]
    votes = [i for v in validate_json(cli(shipped, "votelist", "--json"), "votelist")["votes"]
             for i in v["amendments"]]
    assert [i for i in ids if i in votes] == votes
    assert data["problems"] == []


def _error(result) -> dict:
    return validate_json(result.stderr, "error")["error"]


def test_with_json_an_invalid_input_is_a_json_error_with_exit_2(shipped: Path, tmp_path: Path):
    cases = [
        (tmp_path, ("check", "--json"), "not a git repository"),
        (shipped, ("show", "am-999", "--json"), "no amendment 'am-999'"),
        (shipped, ("adopt", "am-999", "--json"), "no amendment 'am-999'"),
        (shipped, ("check", "--text", "nope", "--json"), "no text 'nope'"),
        (shipped, ("votelist", "--at", "no-such-stage", "--json"), "no-such-stage"),
    ]
    for workspace, args, message in cases:
        before = git(shipped, "rev-parse", "HEAD")
        result = cli(workspace, *args)
        assert result.returncode == 2, (args, result.stderr)
        error = _error(result)
        assert error["exit_code"] == 2 and message in error["message"], args
        assert error["kind"] in ("invalid-input", "git-failed") and error["hint"]
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert git(shipped, "rev-parse", "HEAD") == before


def test_with_json_a_usage_error_is_a_json_error_with_exit_2(shipped: Path):
    for args in (("list", "--json", "--bogus"), ("list", "--bogus", "--json"),
                 ("adopt", "--json"), ("list", "--status", "maybe", "--json")):
        result = cli(shipped, *args)
        assert result.returncode == 2, args
        error = _error(result)
        assert error["kind"] == "usage" and error["exit_code"] == 2, args
    plain = cli(shipped, "list", "--bogus")
    assert plain.returncode == 2 and plain.stderr.startswith("Usage:")


def test_with_json_a_refused_adoption_is_a_json_error_with_exit_1(shipped: Path):
    first = ok(cli(shipped, "amend", "--instruction", "In paragraph 16, replace 'banks' with 'lenders'")).split()[-1]
    second = ok(cli(shipped, "amend", "--instruction", "In paragraph 16, replace 'banks' with 'insurers'")).split()[-1]
    ok(cli(shipped, "adopt", first))
    path = shipped / "amendments" / SHIPPED_TEXT / f"{second}.patch"
    path.write_text(path.read_text(encoding="utf-8").replace("Status: fallen", "Status: tabled"),
                    encoding="utf-8")
    git(shipped, "commit", "-qam", "table it again by hand")
    result = cli(shipped, "adopt", second, "--json")
    assert result.returncode == 1, result.stderr
    error = _error(result)
    assert error["kind"] == "conflict" and error["exit_code"] == 1
    assert "cannot be adopted" in error["message"]


def test_with_json_an_internal_error_is_a_json_error_with_exit_70(shipped: Path, monkeypatch):
    from consolidate.app.state import TextState

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(TextState, "voting_order", broken)
    result = cli(shipped, "list", "--json")
    assert result.returncode == 70
    error = _error(result)
    assert (error["kind"], error["message"]) == ("internal", "RuntimeError: a bug")
    plain = cli(shipped, "list")
    assert plain.returncode == 70 and plain.stderr.startswith("Internal error: RuntimeError: a bug")


def test_with_json_a_file_that_breaks_the_format_is_reported_in_both_outputs(shipped: Path):
    path = shipped / "amendments" / SHIPPED_TEXT / "am-004.patch"
    path.write_text(path.read_text(encoding="utf-8").replace("Status: adopted", "Status: maybe"),
                    encoding="utf-8")
    listed = cli(shipped, "list", "--json")
    assert listed.returncode == 2
    data = validate_json(listed, "list")
    (problem,) = data["problems"]
    assert problem["file"] == f"amendments/{SHIPPED_TEXT}/am-004.patch" and problem["line"]
    assert "maybe" in problem["message"]
    assert _error(listed)["problems"] == data["problems"]
    checked = cli(shipped, "check", "--json")
    assert checked.returncode == 2
    report = validate_json(checked, "check")
    assert report["exit_code"] == 2 and report["problems"] == data["problems"]
    assert _error(checked)["file"] == problem["file"]


def test_the_json_of_the_review_app_export_and_of_build_is_the_same_document(shipped: Path):
    from consolidate import open_text

    built = ok(cli(shipped, "build", "--format", "json"))
    assert open_text(shipped).render("json").decode("utf-8") == built
