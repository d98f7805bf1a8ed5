"""Finding amendments: `list --sponsor/--country/--clause/--status` (combined, repeatable,
co-sponsors shown) and `consolidate search` printed as ripgrep prints matches."""

from __future__ import annotations

from pathlib import Path

from support import cli, ok, validate_json


def numbers(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines()[1:]]


def test_list_by_sponsor_finds_principal_sponsors_and_cosponsors_in_any_case(shipped: Path):
    # Anna SCHMIDT tables AM 4 and co-signs AM 2
    assert sorted(numbers(ok(cli(shipped, "list", "--sponsor", "schmidt")))) == ["2", "4"]
    assert numbers(ok(cli(shipped, "list", "--sponsor", "Anna Sch"))) == ["2", "4"]
    assert numbers(ok(cli(shipped, "list", "--sponsor", "de vries"))) == ["13"]


def test_list_shows_cosponsors(shipped: Path):
    out = ok(cli(shipped, "list", "--clause", "p10"))
    assert out.splitlines()[0].split()[-1] == "CO-SPONSORS"
    assert "Anna SCHMIDT (Germany); Luc PEETERS (Belgium)" in out


def test_list_filters_combine_and_repeat(shipped: Path):
    out = ok(cli(shipped, "list", "--clause", "13", "--clause", "p11", "--status", "tabled",
                 "--status", "adopted"))
    assert numbers(out) == ["4", "5", "13", "12"]
    assert numbers(ok(cli(shipped, "list", "--clause", "§13", "--sponsor", "hansen"))) == ["13"]
    assert numbers(ok(cli(shipped, "list", "--country", "france"))) == ["2"]
    assert numbers(ok(cli(shipped, "list", "--country", "Netherlands", "--status",
                          "tabled"))) == ["13"]
    data = validate_json(cli(shipped, "list", "--country", "Belgium", "--json"), "list")
    assert sorted(a["number"] for a in data["amendments"]) == ["2", "8"]  # PEETERS co-signs AM 2
    empty = cli(shipped, "list", "--sponsor", "nobody at all")
    assert empty.returncode == 0 and "No amendment matches" in empty.stderr


def test_list_by_an_unknown_clause_names_the_nearest_ids(shipped: Path):
    out = cli(shipped, "list", "--clause", "p1O")
    assert out.returncode == 2
    assert "there is no clause 'p1O'" in out.stderr and "did you mean 'p1'" in out.stderr


def test_search_prints_where_and_the_line_as_ripgrep_does(shipped: Path):
    out = ok(cli(shipped, "search", "found", "guilty"))
    assert out.splitlines() == [line for line in out.splitlines()
                                if line.startswith("AM 13 (am-013) p13:1:Calls on")]
    assert len(out.splitlines()) == 1  # only the amendment that inserts the words
    out = ok(cli(shipped, "search", "child", "SEXUAL", "abuse", "material"))
    lines = out.splitlines()
    assert lines[0].startswith("§10 p10:1:Reiterates the call")
    assert any(line.startswith("AM 2 (am-002) p10:1:") for line in lines)
    assert "\x1b" not in out


def test_search_finds_justifications_and_inserted_clauses_and_exits_1_on_nothing(
        shipped: Path):
    ok(cli(shipped, "amend", "--insert-after", "p12", "--proposed", "-", "--sponsor",
           "Mr Ivan PETROV (Bulgaria)", "--justification", "Closes a loophole.",
           input="Welcomes the xylophone clause;\n"))
    out = ok(cli(shipped, "search", "xylophone"))
    assert out.startswith("AM 15 (am-") and ":1:Welcomes the xylophone clause;" in out
    assert "justification:1:Closes a loophole." in ok(cli(shipped, "search", "LOOPHOLE"))
    assert cli(shipped, "search", "-s", "LOOPHOLE").returncode == 1
    nothing = cli(shipped, "search", "no such words anywhere")
    assert nothing.returncode == 1 and nothing.stdout == ""
