"""Input that cannot be stored and read back is refused before anything is written.

Each case: exit 2, a message naming the batch line, the option or the file, and how to fix
it; no traceback; HEAD and every file of the workspace unchanged; and the next command works.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SEED, cli, head, make_seed_workspace, ok

from consolidate.core.errors import InvalidInput
from consolidate.core.requests import checked
from consolidate.importers.batch import FIELDS, BatchError, read_batch

P11 = "Calls on participating States to ratify"


@pytest.fixture
def seed(seed_workspace: Path) -> Path:
    return seed_workspace


def snapshot(workspace: Path) -> tuple[str, dict[str, bytes]]:
    """HEAD and every file of texts/ and amendments/: what a refusal must leave as it was."""
    files = {p.relative_to(workspace).as_posix(): p.read_bytes()
             for folder in ("texts", "amendments") for p in (workspace / folder).rglob("*")
             if p.is_file()}
    return head(workspace), files


def proposal(seed: Path) -> str:
    return (seed / "texts/seed/p11.txt").read_text(encoding="utf-8").replace("ratify", "sign")


def refused(workspace: Path, *args: str, input: str | bytes | None = None,
            names: str = "") -> str:
    before = snapshot(workspace)
    result = cli(workspace, *args, input=input)
    assert result.returncode == 2, result.output
    usage = "Invalid value" in result.stderr  # click's own usage errors have no hint
    assert "To fix" in result.stderr or usage, result.stderr
    assert names in result.stderr, result.stderr
    assert snapshot(workspace) == before, "something was written"
    assert cli(workspace, "check").returncode == 0  # the workspace still reads
    return result.stderr


# -- batch lines: every field checked, with its line ------------------------------------------

GOOD = {"clause": "p11", "proposed": "__P11__"}
BAD_LINES = [
    ("blank number", {"number": " "}, "number ' ' has spaces"),
    ("number with a newline", {"number": "12\n"}, "has spaces at its start or end"),
    ("number equal to another once trimmed", {"number": " 1"}, "spaces at its start or end"),
    ("number ²", {"number": "²"}, "amendment number '²' has characters"),
    ("number as a list", {"number": [1]}, "'number' must be a string or a whole number"),
    ("number as true", {"number": True}, "'number' must be a string or a whole number"),
    ("order as a string", {"order": "3"}, "'order' must be a whole number, not a string"),
    ("order as a fraction", {"order": 1.5}, "'order' must be a whole number"),
    ("order as true", {"order": True}, "'order' must be a whole number"),
    ("tabled as a number", {"tabled": 20080702}, "'tabled' must be a string"),
    ("tabled not a date", {"tabled": "2008-13-01"}, "is not a date"),
    ("tabled with a newline", {"tabled": "2008-07-02\n"}, "is not a date"),
    ("new_id as a number", {"action": "insert-after", "new_id": 5}, "'new_id' must be a string"),
    ("new_id with a newline", {"action": "insert-after", "new_id": "p11a\n"},
     "'p11a\\n' is not a valid clause id"),
    ("new_id reserved", {"action": "insert-after", "new_id": "con"}, "device name"),
    ("new_id on a modification", {"new_id": "p11a"}, "only for an insertion"),
    ("sponsor as a number", {"sponsor": 5}, "'sponsor' must be a string, not a number"),
    ("sponsor as a list", {"sponsor": ["Mr A B (C)"]}, "'sponsor' must be a string, not a list"),
    ("cosponsors of numbers", {"cosponsors": [1, 2]}, "must be a list of strings, but it holds"),
    ("cosponsors as an object", {"cosponsors": {"a": 1}}, "'cosponsors' must be a list"),
    ("unknown action", {"action": "replace"}, "unknown action 'replace'"),
    ("unknown kind", {"action": "insert-after", "new_kind": "annex"}, "unknown clause kind"),
    ("status decided", {"status": "adopted"}, "unknown status 'adopted'"),
    ("compromise as yes", {"compromise": "yes"}, "'compromise' must be true or false"),
    ("against unknown", {"against": "latest"}, "unknown against 'latest'"),
    ("proposed as a number", {"proposed": 7}, "'proposed' must be a string"),
    ("proposed missing", {"proposed": None}, "'proposed' (the proposed text of the clause) is"),
    ("proposed on a deletion", {"action": "delete", "proposed": "x"}, "a deletion has no"),
    ("justification with CR", {"justification": "a\rb"}, "the justification holds the control"),
    ("justification with NUL", {"justification": "a\x00b"}, "U+0000"),
    ("lone surrogate in the justification", {"justification": "a\ud800b"}, "UTF-16"),
    ("lone surrogate in the proposal", {"proposed": "__P11__\ud800"}, "UTF-16"),
    ("lone surrogate in a sponsor", {"sponsor": "Mr A\udc80 B (C)"}, "UTF-16"),
    ("clause with a newline", {"clause": "p11\n"}, "is not a valid clause id"),
    ("clause as a number", {"clause": 11}, "'clause' must be a string"),
    ("text as a number", {"text": 1}, "'text' must be a string"),
    ("a NUL in the proposal", {"proposed": "__P11__\x00"}, "NUL"),
]


def _line(seed: Path, fields: dict) -> str:
    data = {**GOOD, **fields}
    data = {k: v for k, v in data.items() if v is not None or k != "proposed"}
    if data.get("proposed") is None:
        data.pop("proposed", None)
    text = json.dumps(data)
    return text.replace("__P11__", proposal(seed).replace('"', '\\"'))


@pytest.mark.parametrize(("name", "fields", "message"), BAD_LINES,
                         ids=[case[0] for case in BAD_LINES])
def test_a_batch_line_with_a_wrong_type_or_form_is_refused_whole(seed: Path, name: str,
                                                                 fields: dict, message: str):
    ok(cli(seed, "amend", "--clause", "p10", "--proposed", "-", input="Changed."))  # AM 1
    batch = seed.parent / "batch.jsonl"
    good = _line(seed, {"clause": "p12", "proposed": "Other."})
    batch.write_text(good + "\n" + _line(seed, fields) + "\n", encoding="utf-8")
    output = refused(seed, "amend", "--batch", str(batch), names="batch.jsonl:2")
    assert message in output, output


@pytest.mark.parametrize(("line", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"a": ' * 3000 + "1" + "}" * 3000, "nested too deeply"),
    ('{"clause": "p11", "proposed": "\\ud800"', "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"clause": "p11", "proposed": "x", "colour": "red"}', "unknown field colour"),
], ids=["deep lists", "deep objects", "unterminated", "a list", "an unknown field"])
def test_a_batch_line_that_is_not_a_json_object_is_refused(seed: Path, line: str, message: str):
    batch = seed.parent / "batch.jsonl"
    batch.write_text(line + "\n", encoding="utf-8")
    assert message in refused(seed, "amend", "--batch", str(batch), names="batch.jsonl:1")


def test_every_bad_line_of_a_batch_is_named(seed: Path):
    batch = seed.parent / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in [
        {"clause": "p11", "proposed": "x", "order": "1"},
        {"clause": "p12", "proposed": "y"},
        {"clause": "p13", "proposed": "z", "sponsor": 3}]) + "\n", encoding="utf-8")
    output = refused(seed, "amend", "--batch", str(batch), names="batch.jsonl:1")
    assert "batch.jsonl:3" in output and "batch.jsonl:2" not in output


# -- options and ids ------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (("--insert-after", "p11", "--new-id", "p1a\n"), "'p1a\\n' is not a valid clause id"),
    (("--insert-after", "p11", "--new-id", "NUL"), "device name"),
    (("--insert-after", "p11", "--new-id", "P11"), "differs from clause 'p11' only by case"),
    (("--insert-after", "p11", "--new-id", "q" * 250), "250 characters long"),
    (("--insert-after", "p11", "--new-id", "x."), "ends with '.'"),
    (("--clause", "p11\n"), "is not a valid clause id"),
    (("--clause", "p11", "--justification", "a\rb"), "the justification holds the control"),
    (("--clause", "p11", "--justification", "a\x00b"), "U+0000"),
    (("--clause", "p11", "--tabled", "2008-07-02\n"), "is not a date"),
    (("--clause", "p11", "--sponsor", "Mr A\x00B (C)"), "the sponsor holds the control"),
])
def test_an_option_that_cannot_be_stored_is_refused(seed: Path, args: tuple[str, ...],
                                                    message: str):
    assert message in refused(seed, "amend", *args, "--proposed", "-", input=proposal(seed))


@pytest.mark.parametrize(("text_id", "message"), [
    ("abc\n", "is not a valid text id"), ("con", "device name"), ("NUL", "device name"),
    ("aux", "device name"), ("com1", "device name"), ("x.", "ends with '.'"),
    ("t" * 300, "300 characters long"), ("SEED", "differs from it only by case"),
])
def test_import_refuses_text_ids_that_are_not_portable(seed: Path, text_id: str, message: str):
    output = refused(seed, "import", str(SEED), "--text", text_id)
    assert message in output
    assert not any(p.name != "seed" for p in (seed / "texts").iterdir() if p.is_dir())


def test_import_refuses_files_whose_names_make_case_twins_or_device_names(tmp_path: Path):
    seed = make_seed_workspace(tmp_path / "ws")
    for files, message in (({"Article 1.md": "a\n", "article 1.md": "b\n"}, "differ only by case"),
                           ({"CON.md": "a\n"}, "device name")):
        folder = tmp_path / f"folder-{len(message)}"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
        assert message in refused(seed, "import", str(folder), "--text", f"t{len(message)}",
                                  "--title", "T")


def test_a_clause_id_too_long_for_a_file_system_never_reaches_promote(seed: Path):
    """A hand-written amendment naming a 250-character new clause is refused by every reader."""
    am = ok(cli(seed, "amend", "--insert-after", "p11", "--new-id", "p11a", "--proposed", "-",
                input="Urges more.")).split()[-1]
    ok(cli(seed, "adopt", am))
    path = seed / "amendments/seed" / f"{am}.patch"
    path.write_text(path.read_text().replace("New-Clause: p11a", "New-Clause: " + "n" * 250))
    for command in (("check",), ("promote",), ("build",)):
        result = cli(seed, *command)
        assert result.returncode == 2 and "250 characters long" in result.stderr, result.output
    assert not list((seed / "texts/seed").glob("n" * 50 + "*"))


# -- bytes that are not UTF-8 ---------------------------------------------------------------------

LATIN1 = "Calls on participating States to ratify the Convention, Jérôme".encode("latin-1")


@pytest.mark.parametrize("option", ["--proposed", "--batch", "--instruction-file"])
def test_a_file_that_is_not_utf8_is_refused_with_its_name_line_and_byte(seed: Path, option: str):
    path = seed.parent / "input.txt"
    path.write_bytes(b"first line\n" + LATIN1)
    args = ("--clause", "p11") if option == "--proposed" else ()
    output = refused(seed, "amend", *args, option, str(path), names="input.txt:2")
    assert "is not UTF-8" in output
    output = refused(seed, "amend", *args, option, "-", input=b"first line\n" + LATIN1)
    assert "is not UTF-8" in output and "standard input:2" in output


def test_texts_that_differ_only_by_case_are_reported_when_read(seed: Path):
    shutil.copytree(seed / "texts/seed", seed / "texts/Seed")
    result = cli(seed, "check", "--text", "seed")
    assert result.returncode == 2 and "differ only by case" in result.stderr


# -- anything a batch line can hold: a refusal with its line, never a crash ----------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
    st.text(st.characters(), max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=6)
batch_lines = st.dictionaries(st.sampled_from([*FIELDS, "colour"]), json_values, max_size=8)


@given(st.lists(batch_lines, min_size=1, max_size=4))
@settings(max_examples=500, deadline=None)
def test_any_batch_line_is_read_or_refused_with_its_line(lines: list[dict]):
    data = "\n".join(json.dumps(line) for line in lines).encode("utf-8", "surrogatepass")
    try:
        requests = read_batch(data, "b.jsonl", text_id="seed", against="original",
                              today="2008-07-02")
    except BatchError as error:
        assert all(p.path == "b.jsonl" and p.line for p in error.problems)
        return
    for request in requests:
        try:
            made = checked(request)
        except InvalidInput as error:
            assert error.problem.message
            continue
        assert made.justification.count("\r") == 0
