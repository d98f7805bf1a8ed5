"""The amendment file: header, folding, patch body; every refusal names its line."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consolidate.core.amendment_format import (
    KEYS,
    AmendmentFormatError,
    parse_amendment,
    readback_problem,
    render_amendment,
)
from consolidate.core.ids import is_valid_id
from consolidate.core.model import EMPTY_BLOB_ID, Action, Amendment, ClauseKind, Sponsor, Status
from consolidate.core.patching import make_patch

BLOB = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"
PATCH = make_patch("The cat sat on the mat.", "The dog sat on the mat.")

# Lines 1-10 are the header, line 11 is blank, the patch starts on line 12.
VALID = [
    "Id: am-1",
    "Number: 1",
    "Text: osce",
    "Action: modify",
    "Clause: p1",
    f"Base: {BLOB}",
    "Status: tabled",
    "Sponsor: Mr Pierre DUPONT (France)",
    "Tabled: 2008-06-29",
    "Justification: Because.",
    "",
    *PATCH.rstrip("\n").split("\n"),
]


def _file(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _replace(number: int, line: str) -> str:
    lines = list(VALID)
    lines[number - 1] = line
    return _file(lines)


def _insert(number: int, line: str) -> str:
    lines = list(VALID)
    lines.insert(number - 1, line)
    return _file(lines)


def _drop(number: int) -> str:
    lines = list(VALID)
    del lines[number - 1]
    return _file(lines)


def _insertion(*extra: str, base: str = EMPTY_BLOB_ID) -> str:
    lines = [line for line in VALID[:10] if not line.startswith(("Action", "Base"))]
    header = ["Action: insert-after", f"Base: {base}", *extra, *lines]
    return _file([*header, ""])


def test_a_valid_file_is_read() -> None:
    amendment = parse_amendment(_file(VALID), "amendments/osce/am-1.patch")
    assert amendment == Amendment(
        id="am-1",
        number="1",
        text_id="osce",
        clause="p1",
        action=Action.MODIFY,
        base=BLOB,
        status=Status.TABLED,
        patch=PATCH,
        sponsor=Sponsor("DUPONT", "Pierre", "Mr", "France"),
        tabled="2008-06-29",
        justification="Because.",
        source="amendments/osce/am-1.patch",
    )


def test_a_no_op_amendment_has_an_empty_patch() -> None:
    assert parse_amendment(_file(VALID[:11])).patch == ""


def test_an_insertion_names_its_new_clause() -> None:
    amendment = parse_amendment(_insertion("New-Clause: p1a", "New-Kind: operative"))
    assert (amendment.action, amendment.clause, amendment.new_clause) == (
        Action.INSERT_AFTER,
        "p1",
        "p1a",
    )
    assert amendment.new_kind == "operative"
    assert amendment.target == "p1a"


def test_folded_values_are_read_back() -> None:
    content = _file(
        [
            *VALID[:7],
            "Cosponsors: Mrs Anna SCHMIDT (Germany);",
            " Ms Adina-Ioana VĂLEAN (Romania)",
            "Justification: First line.",
            " .",
            " Third line.",
            " ..",
            "",
        ]
    )
    amendment = parse_amendment(content)
    assert [s.family_name for s in amendment.cosponsors] == ["SCHMIDT", "VĂLEAN"]
    assert amendment.justification == "First line.\n\nThird line.\n."


def test_render_writes_keys_in_canonical_order() -> None:
    amendment = parse_amendment(_insertion("Order: 2", "Compromise: yes", "New-Clause: p1a"))
    keys = [line.split(":")[0] for line in render_amendment(amendment).split("\n\n")[0].split("\n")]
    assert keys == sorted(keys, key=KEYS.index)
    assert keys[:6] == ["Id", "Number", "Text", "Action", "Clause", "New-Clause"]


def test_render_folds_an_empty_line_as_a_dot() -> None:
    amendment = parse_amendment(_file(VALID))
    changed = dataclasses.replace(amendment, justification="One.\n\nTwo.")
    assert "Justification: One.\n .\n Two.\n\n@@" in render_amendment(changed)


# (case, content, line, words in the message)
ERRORS = [
    ("malformed header line", _replace(3, "Text osce"), 3, "not a 'Key: value'"),
    ("unknown key", _insert(4, "Colour: red"), 4, "unknown header key 'Colour'"),
    ("key in the wrong case", _replace(9, "tabled: 2008-06-29"), 9, "unknown header key"),
    ("duplicated key", _insert(9, "Number: 2"), 9, "Number is given twice (first on line 2)"),
    ("missing required key", _drop(6), 1, "Base is missing"),
    ("empty required value", _replace(2, "Number:"), 2, "Number is empty"),
    ("id with a slash", _replace(1, "Id: a/b"), 1, "not a valid id"),
    ("id with a backslash", _replace(1, "Id: a\\b"), 1, "not a valid id"),
    ("id with dot-dot", _replace(1, "Id: a..b"), 1, "not a valid id"),
    ("text id going up", _replace(3, "Text: .."), 3, "not a valid id"),
    ("clause id with a path", _replace(5, "Clause: ../p1"), 5, "not a valid id"),
    ("short base", _replace(6, "Base: 3b18e51"), 6, "not a git blob id"),
    ("upper-case base", _replace(6, f"Base: {BLOB.upper()}"), 6, "not a git blob id"),
    ("unknown status", _replace(7, "Status: approved"), 7, "unknown status 'approved'"),
    ("unknown action", _replace(4, "Action: replace"), 4, "unknown action 'replace'"),
    ("bad order", _insert(8, "Order: three"), 8, "not a whole number"),
    ("bad compromise", _insert(8, "Compromise: maybe"), 8, "neither yes nor no"),
    ("date not ISO", _replace(9, "Tabled: 29/06/2008"), 9, "not a date"),
    ("impossible date", _replace(9, "Tabled: 2008-02-30"), 9, "not a date"),
    ("bad decided date", _insert(10, "Decided: 2008-7-1"), 10, "not a date"),
    ("garbled sponsor", _replace(8, "Sponsor: Mr DUPONT (France"), 8, "Sponsor:"),
    ("garbled cosponsors", _insert(9, "Cosponsors: Mr A (B);;"), 9, "Cosponsors:"),
    ("New-Clause on a modification", _insert(6, "New-Clause: p2"), 6, "only for insertions"),
    ("New-Kind on a modification", _insert(6, "New-Kind: operative"), 6, "only for insertions"),
    ("insertion without New-Clause", _insertion(), 1, "needs a New-Clause"),
    ("insertion on a clause base", _insertion("New-Clause: p1a", base=BLOB), 2, "empty text"),
    ("bad New-Clause id", _insertion("New-Clause: a/b"), 3, "not a valid id"),
    ("unknown New-Kind", _insertion("New-Clause: x", "New-Kind: annex"), 4, "unknown new-kind"),
    ("single-line key continued", _insert(3, " 2"), 3, "cannot go on over several lines"),
    ("continuation before any key", " Id: am-1\n" + _file(VALID), 1, "before any key"),
    ("no blank line, no patch", _file(VALID[:10]), 10, "ends inside the header"),
    ("no final newline, no blank", "\n".join(VALID[:10]), 10, "ends inside the header"),
    ("patch right after header", _drop(11), 11, "not a 'Key: value'"),
    ("bad patch line", _replace(14, "*cat"), 14, "the patch does not parse"),
    ("bad hunk header", _replace(12, "@@ -x +1 @@"), 12, "the patch does not parse"),
    ("patch text before a hunk", _insert(12, "hello"), 12, "the patch does not parse"),
    ("byte-order mark", "\ufeff" + _file(VALID), 1, "starts with a byte-order mark"),
    ("CRLF line ends", _file(VALID).replace("\n", "\r\n"), 1, "carriage return"),
    ("lone CR", _replace(5, "Clause: p1\r"), 5, "carriage return"),
    ("NUL byte", _replace(10, "Justification: a\x00b"), 10, "NUL byte"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [pytest.param(content, line, words, id=case) for case, content, line, words in ERRORS],
)
def test_a_broken_file_is_refused_with_its_line(content: str, line: int, words: str) -> None:
    with pytest.raises(AmendmentFormatError) as raised:
        parse_amendment(content, "amendments/osce/am-1.patch")
    problem = raised.value.problem
    assert words in problem.message
    assert problem.line == line
    assert problem.path == "amendments/osce/am-1.patch"
    assert problem.hint
    assert str(raised.value).startswith(f"amendments/osce/am-1.patch:{line}: ")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(AmendmentFormatError, match="empty"):
        parse_amendment("", "x.patch")


def test_an_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(AmendmentFormatError) as raised:
        parse_amendment(_insert(4, "Cosponsor: Mr A (B)"))
    assert "did you mean 'Cosponsors'" in raised.value.problem.hint


def test_the_error_is_a_value_error() -> None:
    assert issubclass(AmendmentFormatError, ValueError)


# -- round trip ---------------------------------------------------------------------------

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,12}\Z").filter(is_valid_id)
free_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=80
)
multiline_text = st.one_of(
    free_text,
    st.lists(st.sampled_from(["", ".", "..", " ", "Paragraphe 1.", "Абзац", "政策", "  x"]))
    .map("\n".join),
)
SPONSORS = [
    Sponsor("DUPONT", "Pierre", "Mr", "France"),
    Sponsor("VĂLEAN", "Adina-Ioana", "Ms", "Romania"),
    Sponsor("LE PEN", "Jean-Marie", "Mr", "France"),
    Sponsor("Alvaro", "Alexander"),
    Sponsor("ПЕТРОВ", "Иван", "", "Россия"),
    Sponsor("LIZIN", "Anne-Marie", "Senator", "Belgium"),
]
dates = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))


@st.composite
def amendments(draw: st.DrawFn) -> Amendment:
    action = draw(st.sampled_from(list(Action)))
    inserts = action.inserts
    before = "" if inserts else draw(free_text)
    return Amendment(
        id=draw(ids),
        number=draw(st.from_regex(r"\A[0-9]{1,4}[a-z]?\Z")),
        text_id=draw(ids),
        clause=draw(ids),
        action=action,
        base=EMPTY_BLOB_ID if inserts else draw(st.from_regex(r"\A[0-9a-f]{40}\Z")),
        status=draw(st.sampled_from(list(Status))),
        patch=make_patch(before, draw(free_text)),
        sponsor=draw(st.one_of(st.none(), st.sampled_from(SPONSORS))),
        cosponsors=tuple(draw(st.lists(st.sampled_from(SPONSORS), max_size=6))),
        tabled=draw(dates),
        decided=draw(dates),
        justification=draw(multiline_text),
        new_clause=draw(ids) if inserts else "",
        new_kind=draw(st.sampled_from(["", *(k.value for k in ClauseKind)])) if inserts else "",
        order=draw(st.one_of(st.none(), st.integers(-5, 10**6))),
        compromise=draw(st.booleans()),
        reason=draw(multiline_text),
    )


@given(amendments())
def test_render_then_parse_gives_the_amendment_back(amendment: Amendment) -> None:
    content = render_amendment(amendment)
    assert parse_amendment(content, "a.patch") == dataclasses.replace(amendment, source="a.patch")


@given(amendments())
def test_render_is_stable(amendment: Amendment) -> None:
    content = render_amendment(amendment)
    assert render_amendment(parse_amendment(content)) == content


# -- write only what reads back ---------------------------------------------------------------

any_text = st.text(st.characters(), max_size=20)


@given(amendments(), any_text, any_text, any_text, any_text, any_text)
@settings(max_examples=300)
def test_readback_problem_says_whether_a_file_reads_back_and_never_fails(
        amendment: Amendment, number: str, justification: str, new_clause: str,
        given_names: str, family: str) -> None:
    hostile = dataclasses.replace(
        amendment, number=number or "1", justification=justification,
        new_clause=new_clause if amendment.action.inserts else "",
        sponsor=Sponsor(family or "X", given_names))
    problem = readback_problem(hostile)
    if problem is None:
        content = render_amendment(hostile)
        assert dataclasses.replace(parse_amendment(content.encode("utf-8").decode("utf-8"), ""),
                                   source="") == hostile
    else:
        assert problem.message and not problem.path
