"""Control characters and markup in workspace text: stored exactly where they can be, never
acted on by a terminal, never read as markup by CriticMarkup, Markdown or HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from exporters.helpers import collapse_blank_lines, document, resolve_critic, small_consolidation
from hypothesis import given, settings
from hypothesis import strategies as st
from support import clauses_workspace, cli, ok

from consolidate.exporters import ExportContext, get_exporter

OSC = "\x1b]0;pwned\x07"  # sets the terminal's title
ESC_RE = re.compile("[\x1b\x9b\x07\r]")


@pytest.fixture
def seed(seed_workspace: Path) -> Path:
    return seed_workspace


def amend(workspace: Path, clause: str, proposed: str, *extra: str) -> str:
    """Table an amendment of *clause*; its id."""
    return ok(cli(workspace, "amend", "--clause", clause, "--proposed", "-", *extra,
                  input=proposed)).split()[-1]


def test_an_escape_sequence_in_a_justification_is_stored_and_shown_escaped(seed: Path):
    p11 = (seed / "texts/seed/p11.txt").read_text()
    am = amend(seed, "p11", p11.replace("ratify", "sign"), "--justification", f"Why{OSC} not",
               "--sponsor", "Mr Pierre DUPONT (France)")
    shown = ok(cli(seed, "show", am, "--no-color"))
    assert not ESC_RE.search(shown) and "\\x1b]0;pwned\\x07" in shown
    listed = cli(seed, "show", am, "--json")
    assert _amendment(listed.json())["justification"] == f"Why{OSC} not"  # read back exactly
    assert "\x1b" not in listed.stdout  # JSON escapes it


def _amendment(data: dict) -> dict:
    """The amendment of a `show --json` document."""
    return data.get("amendment", data)


@pytest.mark.parametrize("justification", ["a\rb", "a\x00b"])
def test_a_justification_that_would_brick_the_file_is_refused(seed: Path, justification: str):
    p11 = (seed / "texts/seed/p11.txt").read_text()
    result = cli(seed, "amend", "--clause", "p11", "--proposed", "-", "--justification",
                 justification, input=p11.replace("ratify", "sign"))
    assert result.returncode == 2 and "justification" in result.stderr
    assert not list((seed / "amendments/seed").glob("*.patch"))
    assert cli(seed, "check").returncode == 0


def test_a_justification_with_crlf_line_ends_is_stored_with_lf(seed: Path):
    p11 = (seed / "texts/seed/p11.txt").read_text()
    am = amend(seed, "p11", p11.replace("ratify", "sign"), "--justification", "One.\r\nTwo.")
    assert _amendment(cli(seed, "show", am, "--json").json())["justification"] == "One.\nTwo."


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles whose text holds escape sequences and CriticMarkup, with adopted amendments:
    built once for the module; copy it, never change it."""
    ws, _ = clauses_workspace(tmp_path_factory.mktemp("hostile"), "code", {
        "Article 1.md": f"Article 1\n\nThe law{OSC} says {{++ this ~> that ++}}.\n",
        "Article 2.md": "Article 2\n\nKeep {-- all --} of {== it ==} {>> here <<}.\n"},
        title="Code")
    am1 = amend(ws, "Article-1", f"Article 1\n\nThe law{OSC} says {{++ these ~> those ++}}.\n")
    am2 = amend(ws, "Article-2", "Article 2\n\nKeep {-- most --} of {~~ it ~~}.\n")
    ok(cli(ws, "adopt", am1, am2))
    ok(cli(ws, "amend", "--insert-after", "Article-2", "--proposed", "-",
           input=f"Article 3\n\nNew{OSC} text.\n"))
    return ws


@pytest.fixture
def hostile(hostile_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the hostile workspace."""
    return Path(shutil.copytree(hostile_template, tmp_path / "hostile", symlinks=True))


@pytest.mark.parametrize("command", [
    ("build", "--format", "text"), ("build", "--format", "critic"), ("build", "--format", "md"),
    ("build", "--format", "html"), ("build", "--format", "json"), ("redline", "--no-color"),
    ("blame",), ("list",), ("show", "1", "--no-color"), ("check",), ("votelist",),
    ("conflicts",), ("instruction",), ("instruction", "1"), ("instruction", "3"),
    ("instruction", "--json"), ("show", "3", "--no-color"),
])
def test_no_control_character_of_the_workspace_reaches_the_terminal(hostile: Path,
                                                                    command: tuple[str, ...]):
    result = cli(hostile, *command)
    assert result.returncode in (0, 2), result.output
    assert not ESC_RE.search(result.output), (command, result.output)


def test_an_instruction_that_cannot_carry_its_text_says_so(hostile: Path):
    result = cli(hostile, "instruction", "3")
    assert result.returncode == 2 and "control characters" in result.stderr
    words = json.dumps(cli(hostile, "instruction", "3", "--json").json())
    assert json.dumps(OSC)[1:-1] in words  # exact in JSON, as an escape


def test_build_to_a_file_keeps_the_text_exactly(hostile: Path, tmp_path: Path):
    out = tmp_path / "out.txt"
    ok(cli(hostile, "build", "--format", "text", "-o", str(out)))
    assert OSC in out.read_text(encoding="utf-8")


def test_criticmarkup_in_the_text_does_not_break_accept_and_reject(hostile: Path, tmp_path: Path):
    critic = tmp_path / "out.critic"
    ok(cli(hostile, "build", "--format", "critic", "-o", str(critic)))
    markup = critic.read_text(encoding="utf-8")
    text = tmp_path / "out.txt"
    ok(cli(hostile, "build", "--format", "text", "-o", str(text)))
    accepted = collapse_blank_lines(resolve_critic(markup, accept=True))
    assert accepted == text.read_text(encoding="utf-8")
    rejected = collapse_blank_lines(resolve_critic(markup, accept=False))
    assert "{++ this ~> that ++}" in rejected and "{-- all --} of {== it ==} {>> here <<}" in \
        rejected


MARKS = ["{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{>>", "<<}", "{==", "==}", "{", "}",
         "+", "-", "~", ">", "<", "=", "a", "b", " "]
marked = st.lists(st.sampled_from(MARKS), min_size=1, max_size=8).map("".join).filter(
    lambda t: t.strip())


@given(marked, marked, marked, marked)
@settings(max_examples=400, deadline=None)
def test_accepting_or_rejecting_criticmarkup_gives_the_exact_texts(old: str, new: str,
                                                                   gone: str, added: str):
    consolidation = small_consolidation([("a", old, new), ("b", gone, None), ("c", None, added)])
    out = get_exporter("critic").render(ExportContext(consolidation, {})).decode()
    for accept, original in ((True, False), (False, True)):
        resolved = collapse_blank_lines(resolve_critic(out, accept=accept)).rstrip("\n") + "\n"
        assert resolved == document(consolidation, original=original)


def test_the_voting_list_in_markdown_escapes_html(tmp_path: Path):
    ws, _ = clauses_workspace(tmp_path, "code", {"Article 1.md": "Article 1\n\nText.\n"},
                              title="Code <script>alert(1)</script>")
    amend(ws, "Article-1", "Article 1\n\nNew text.\n", "--sponsor",
          "Mr <script>alert+2</script> EVIL (Nowhere)")
    out = tmp_path / "votes.md"
    ok(cli(ws, "votelist", "--format", "md", "-o", str(out)))
    markdown = out.read_text(encoding="utf-8")
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    if shutil.which("pandoc"):
        page = subprocess.run(["pandoc", "-f", "gfm", "-t", "html", str(out)], check=True,
                              capture_output=True, text=True).stdout
        assert "<script>" not in page and "&lt;script&gt;alert+2" in page
