"""Conventions of a good command-line tool: the output format from -o, binary output kept off
a terminal, -V, -q, -v, --color with NO_COLOR and FORCE_COLOR, the pager, and the form
heading from the text's agenda item (`show ID --form` in plain text)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from support import SHIPPED_TEXT, cli, git, ok

from consolidate import __version__
from consolidate.cli import console

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def amended(seed_workspace: Path) -> Path:
    """The seed with one adopted amendment to p10 (AM 1, Mr Pierre DUPONT)."""
    p10 = (seed_workspace / "texts" / "seed" / "p10.txt").read_text(encoding="utf-8")
    am = ok(cli(seed_workspace, "amend", "--clause", "p10", "--proposed", "-", "--sponsor",
                "Mr Pierre DUPONT (France)", input=p10.replace("Reiterates", "Repeats"))).split()[-1]
    ok(cli(seed_workspace, "adopt", am))
    return seed_workspace


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output stands for a terminal."""
    monkeypatch.setattr(console, "stdout_is_terminal", lambda: True)


# -- build -o FILE infers the format ----------------------------------------------------------


def test_build_infers_docx_from_the_extension(amended: Path) -> None:
    target = amended / "out.docx"
    ok(cli(amended, "build", "-o", str(target)))
    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "Repeats" in xml


@pytest.mark.parametrize(("name", "mark"), [("out.html", "<ins"), ("out.md", "**Repeats**"),
                                            ("out.json", '"schema_version"'),
                                            ("out.txt", "10. Repeats"), ("out", "10. Repeats")])
def test_build_infers_text_formats_from_the_extension(amended: Path, name: str, mark: str) -> None:
    ok(cli(amended, "build", "-o", str(amended / name)))
    assert mark in (amended / name).read_text(encoding="utf-8")


def test_an_unknown_extension_is_refused_and_nothing_written(amended: Path) -> None:
    refused = cli(amended, "build", "-o", str(amended / "out.pdf"))
    assert refused.returncode == 2
    assert "no format is known by the extension '.pdf'" in refused.stderr
    assert "--format" in refused.stderr
    assert not (amended / "out.pdf").exists()


def test_an_explicit_format_wins_over_the_extension_with_a_warning(amended: Path) -> None:
    outcome = cli(amended, "build", "--format", "text", "-o", str(amended / "out.docx"))
    ok(outcome)
    assert (amended / "out.docx").read_text(encoding="utf-8").startswith("SC (08) 5 E")
    assert "Warning: writing the text format to" in outcome.stderr


def test_a_binary_format_is_refused_on_a_terminal(amended: Path, terminal: None) -> None:
    refused = cli(amended, "build", "--format", "docx")
    assert refused.returncode == 2
    assert "binary" in refused.stderr and "-o FILE.docx" in refused.stderr
    assert refused.stdout == ""
    form = cli(amended, "show", "1", "--form", "docx")
    assert form.returncode == 2 and "binary" in form.stderr


def test_a_binary_format_goes_to_a_pipe(amended: Path) -> None:
    piped = cli(amended, "build", "--format", "docx")
    ok(piped)
    assert piped.stdout_bytes.startswith(b"PK")


# -- the form heading from the text's item; show --form in plain text ---------------------------


def test_importing_the_seed_sets_the_item_of_the_form(seed_workspace: Path) -> None:
    manifest = (seed_workspace / "texts" / "seed" / "text.toml").read_text(encoding="utf-8")
    assert 'item = "Supplementary Item"' in manifest


def test_show_form_without_a_value_prints_the_form_as_plain_text(amended: Path) -> None:
    text = ok(cli(amended, "show", "1", "--form"))
    lines = text.splitlines()
    assert lines[0] == "AM 1"
    assert "AMENDMENT TO SUPPLEMENTARY ITEM" in lines
    assert "Principal Sponsor:" in lines
    assert any(re.fullmatch(r"  Mr\s+Pierre DUPONT\s+France", line) for line in lines)
    assert "paragraph 10" in text.casefold()
    html = ok(cli(amended, "show", "1", "--form", "html"))
    assert "<h1>AMENDMENT TO SUPPLEMENTARY ITEM</h1>" in html


def test_show_form_before_the_amendment_is_the_same_form(amended: Path) -> None:
    """``show --form 1``: the number is the amendment, not a format."""
    assert ok(cli(amended, "show", "--form", "1")) == ok(cli(amended, "show", "1", "--form"))
    assert ok(cli(amended, "show", "--form", "html", "1")) == \
        ok(cli(amended, "show", "1", "--form", "html"))
    refused = cli(amended, "show", "--form", "1", "2")
    assert refused.returncode == 2
    assert "Invalid value for '--form': '1' is not one of 'text', 'html', 'docx'" in refused.stderr
    missing = cli(amended, "show", "--form")
    assert missing.returncode == 2 and "Missing argument 'AMENDMENT_ID'" in missing.stderr


def test_without_an_item_the_form_is_headed_by_the_title(amended: Path) -> None:
    manifest = amended / "texts" / "seed" / "text.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'item = "Supplementary Item"\n', ""), encoding="utf-8")
    git(amended, "commit", "-qam", "No item")
    text = ok(cli(amended, "show", "1", "--form"))
    assert "AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN" in text


def test_the_shipped_workspace_carries_the_item(shipped: Path) -> None:
    manifest = (shipped / "texts" / SHIPPED_TEXT / "text.toml").read_text(encoding="utf-8")
    assert 'item = "Supplementary Item"' in manifest
    assert "AMENDMENT TO SUPPLEMENTARY ITEM" in ok(cli(shipped, "show", "1", "--form"))


# -- -V, -q, -v ---------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    assert __version__ in ok(cli(None, flag))


def test_quiet_keeps_informational_messages_off_but_warnings_on(seed_workspace: Path) -> None:
    p10 = (seed_workspace / "texts" / "seed" / "p10.txt").read_text(encoding="utf-8")
    said = cli(seed_workspace, "amend", "--clause", "p10", "--proposed", "-", "--sponsor",
               "Mr Pierre DUPONT (France)", input=p10.replace("Reiterates", "Repeats"))
    assert "committed" in ok(said) + said.stderr
    quiet = cli(seed_workspace, "-q", "amend", "--clause", "p11", "--proposed", "-",
                input="Urges all.")
    assert ok(quiet).strip().startswith("am-")
    assert "committed" not in quiet.stderr
    assert "tabled without a sponsor" in quiet.stderr  # a warning is not information
    built = cli(seed_workspace, "--quiet", "build", "-o", str(seed_workspace / "x.txt"))
    assert ok(built) == "" and built.stderr == ""


def test_verbose_shows_the_git_commands(seed_workspace: Path) -> None:
    outcome = cli(seed_workspace, "-v", "list")
    ok(outcome)
    assert re.search(r"^consolidate: git \S+", outcome.stderr, re.M)
    assert "consolidate: git" not in cli(seed_workspace, "list").stderr


# -- colour -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # asked for explicitly
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "0"}, False),
    ],
)
def test_color_follows_the_option_then_no_color_and_force_color(
        amended: Path, options: tuple[str, ...], env: dict[str, str], coloured: bool) -> None:
    clean = {"NO_COLOR": None, "FORCE_COLOR": None} | env
    out = ok(cli(amended, *options, "redline", env=clean))
    assert bool(ANSI.search(out)) is coloured
    assert "Repeats" in ANSI.sub("", out)


def test_color_auto_on_a_terminal_and_not_with_no_color(amended: Path, terminal: None) -> None:
    assert ANSI.search(ok(cli(amended, "--no-pager", "redline",
                              env={"NO_COLOR": None, "FORCE_COLOR": None})))
    assert not ANSI.search(ok(cli(amended, "--no-pager", "redline",
                                  env={"NO_COLOR": "1", "FORCE_COLOR": None})))


# -- the pager ----------------------------------------------------------------------------------


def _pager_to(path: Path) -> str:
    """A $PAGER that writes what it is given to *path*."""
    return (f'{sys.executable} -c "import sys; open(sys.argv[1], \'w\').write(sys.stdin.read())" '
            f"{path}")


def test_long_output_on_a_terminal_goes_through_the_pager(amended: Path, terminal: None,
                                                           tmp_path: Path) -> None:
    paged_to = tmp_path / "paged.txt"
    env = {"PAGER": _pager_to(paged_to), "LINES": "10", "COLUMNS": "100",
           "NO_COLOR": "1"}
    outcome = cli(amended, "build", env=env)
    ok(outcome)
    assert outcome.stdout == ""
    assert "10. Repeats the call" in paged_to.read_text(encoding="utf-8")
    direct = cli(amended, "--no-pager", "build", env=env)
    assert "10. Repeats the call" in ok(direct)


def test_short_output_and_pipes_are_not_paged(amended: Path, tmp_path: Path) -> None:
    paged_to = tmp_path / "paged.txt"
    env = {"PAGER": _pager_to(paged_to), "LINES": "10"}
    assert "10. Repeats the call" in ok(cli(amended, "build", env=env))  # a pipe
    assert not paged_to.exists()


def test_short_output_on_a_terminal_is_printed(amended: Path, terminal: None,
                                               tmp_path: Path) -> None:
    paged_to = tmp_path / "paged.txt"
    env = {"PAGER": _pager_to(paged_to), "LINES": "500"}
    assert "Pierre DUPONT (France)" in ok(cli(amended, "list", env=env))
    assert not paged_to.exists()


def test_the_help_documents_completion_and_the_global_options() -> None:
    text = ok(cli(None, "--help"))
    for option in ("--color", "--no-pager", "-q, --quiet", "-v, --verbose", "-V, --version",
                   "_CONSOLIDATE_COMPLETE=bash_source consolidate"):
        assert option in text
