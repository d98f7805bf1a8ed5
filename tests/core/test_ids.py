"""The one id rule: ids are whole, portable file names; numbers are one line a person reads."""

from __future__ import annotations

import pytest

from consolidate.core.amendment_format import AmendmentFormatError, parse_amendment
from consolidate.core.ids import (
    MAX_ID_LENGTH,
    case_twin,
    case_twins,
    id_problem,
    is_valid_id,
    number_problem,
)
from consolidate.core.text_format import TextFormatError, parse_manifest


@pytest.mark.parametrize("value", ["p1", "p11a", "Article-75-1", "am-007", "osce-2008.v2", "a_b",
                                   "1", "console", "com10", "lpt", "nul1", "x" * MAX_ID_LENGTH])
def test_portable_ids_are_accepted(value: str) -> None:
    assert id_problem(value) is None and is_valid_id(value)


@pytest.mark.parametrize(("value", "reason"), [
    ("p1a\n", "characters other than"),  # matched whole: a final newline is not the end
    ("abc\n", "characters other than"),
    ("", "is empty"),
    ("../p1", "characters other than"),
    ("p\\1", "characters other than"),
    ("a b", "characters other than"),
    ("é", "characters other than"),
    ("a..b", "holds '..'"),
    ("x.", "ends with '.'"),
    ("con", "device name"),
    ("NUL", "device name"),
    ("aux", "device name"),
    ("com1", "device name"),
    ("LPT9", "device name"),
    ("Con.txt", "device name"),
    ("x" * (MAX_ID_LENGTH + 1), "characters long"),
    ("y" * 250, "characters long"),
])
def test_ids_that_are_not_portable_file_names_are_refused(value: str, reason: str) -> None:
    problem = id_problem(value)
    assert problem is not None and reason in problem
    assert not is_valid_id(value)


def test_case_twins_are_found() -> None:
    assert case_twin("P1", ["p2", "p1"]) == "p1"
    assert case_twin("p1", ["p1", "p2"]) is None  # the same id is not a twin
    assert case_twins(["a", "B", "b", "A", "c"]) == [("B", "b"), ("a", "A")]


@pytest.mark.parametrize("value", ["1", "12a", "12/rev", "COMP 3", "A-1.2", "12 (rev)", "x" * 32])
def test_numbers_a_chair_reads_out_are_accepted(value: str) -> None:
    assert number_problem(value) is None


@pytest.mark.parametrize(("value", "reason"), [
    ("", "is empty"), (" ", "spaces at its start or end"), (" 1", "spaces at its start or end"),
    ("1\n", "spaces at its start or end"), ("1\n2", "characters other than"),
    ("²", "characters other than"), ("١٢", "characters other than"), ("1  2", "characters"),
    ("#1", "characters other than"), ("1:2", "characters other than"), ("x" * 33, "long"),
])
def test_numbers_that_cannot_be_read_back_or_typed_are_refused(value: str, reason: str) -> None:
    problem = number_problem(value)
    assert problem is not None and reason in problem


HEADER = ("Id: {id}\nNumber: {number}\nText: t\nAction: modify\nClause: {clause}\n"
          "Base: e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\nStatus: tabled\n\n")


@pytest.mark.parametrize(("fields", "message"), [
    ({"clause": "con"}, "Clause 'con' is not a valid id: it is CON"),
    ({"clause": "x."}, "Clause 'x.' is not a valid id"),
    ({"id": "a" * 120}, "is not a valid id: it is 120 characters long"),
    ({"number": "²"}, "Number '²' has characters"),
])
def test_the_amendment_reader_uses_the_rule(fields: dict[str, str], message: str) -> None:
    values = {"id": "am-1", "number": "1", "clause": "p1", **fields}
    with pytest.raises(AmendmentFormatError) as caught:
        parse_amendment(HEADER.format(**values), "a.patch")
    assert message in caught.value.problem.message


def test_the_manifest_reader_refuses_reserved_names_and_case_twins() -> None:
    head = 'title = "T"\n'
    with pytest.raises(TextFormatError, match="device name"):
        parse_manifest(head + '[[clauses]]\nid = "aux"\nkind = "article"\n', "text.toml")
    twins = head + ''.join(f'[[clauses]]\nid = "{i}"\nkind = "article"\n' for i in ("p1", "P1"))
    with pytest.raises(TextFormatError, match="differ only by case") as caught:
        parse_manifest(twins, "text.toml")
    assert caught.value.problem.line == 6  # the second id
