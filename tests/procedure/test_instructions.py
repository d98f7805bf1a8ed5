"""Amending instructions both ways: every amendment written as an instruction reads back to
the same consolidated clause; instructions that do not match the text are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consolidate.app.session import Session
from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instruction_parse import InstructionError, read_instruction
from consolidate.core.model import (
    EMPTY_BLOB_ID,
    Action,
    Amendment,
    Clause,
    ClauseKind,
    Status,
    Text,
)
from consolidate.core.patching import make_patch

from .conftest import FIXTURES, TEXT
from .instruction_kit import blob, round_trip

GDPR = FIXTURES / "realdata" / "gdpr" / "amendments_sample_10_provisions.jsonl"


@pytest.fixture
def shipped_session(shipped_template: Path) -> Session:
    """The shipped workspace, as committed (read only)."""
    return Session.open(shipped_template, TEXT)


def test_every_amendment_of_the_shipped_workspace_reads_back_to_the_same_clause(shipped_session: Session):
    session = shipped_session
    assert len(session.amendments) >= 14
    for amendment in session.amendments:
        trip = round_trip(session.text, amendment, session.bases)
        assert trip.parsed == trip.made, trip.instruction


def test_the_shipped_amendments_are_worded_as_drafters_word_them(shipped_session: Session):
    session = shipped_session
    from consolidate.core.engine import read_edits
    from consolidate.core.instructions import amendment_instruction

    def words(number: str) -> str:
        amendment = session.amendment(number)
        drafted = read_edits(amendment, session.bases)
        return amendment_instruction(session.text, amendment, drafted.base, drafted.edits)

    assert words("2") == ("In paragraph 10, replace 'child pornography' with "
                          "'child sexual abuse material'")
    assert words("4") == "In paragraph 11, after 'to ratify', insert 'and fully implement'"
    assert words("7") == "In paragraph 16, delete 'credit card companies, banks,'"
    assert words("6") == "Delete paragraph 14"
    assert words("5").startswith("After paragraph 11, insert a new paragraph: 'Urges ")
    # drafted on paragraph 7 before it was corrected: worded on the text as tabled
    assert words("1") == ("In paragraph 7, after 'drafting assistance', insert ', training for "
                          "investigators'")


ABBREVIATIONS = {"Article": "art", "Recital": "rec", "paragraph": "par", "point": "pt"}


def clause_id(target: str) -> str:
    """'Article 6 – paragraph 1 – point f' -> 'art6-par1-ptf' (as tests/realdata names them)."""
    parts = []
    for part in target.split(" – "):
        words = part.split()
        parts.append(ABBREVIATIONS.get(words[0], words[0].lower()) + "".join(words[1:]))
    return "-".join(parts)


def _gdpr():
    rows = [json.loads(line) for line in GDPR.read_text(encoding="utf-8").splitlines() if line]
    english = [r for r in rows if r["original_language"] == "EN"]
    clauses: dict[str, str] = {}
    for row in english:
        clauses.setdefault(clause_id(row["target"]), row["old"])
    text = Text("gdpr", "GDPR", tuple(Clause(c, ClauseKind.ARTICLE, t) for c, t in clauses.items()))
    bases = {EMPTY_BLOB_ID: "", **{blob(t): t for t in clauses.values()}}
    amendments = []
    for row in english:
        cid = clause_id(row["target"])
        old = clauses[cid]
        if row["new"] == "deleted":
            action, proposed = Action.DELETE, ""
        else:
            action, proposed = Action.MODIFY, row["new"]
        amendments.append(Amendment(f"am-{row['number']}", str(row["number"]), "gdpr", cid,
                                    action, blob(old), Status.TABLED, make_patch(old, proposed)))
    return text, amendments, bases


def test_every_english_gdpr_amendment_reads_back_to_the_same_clause():
    text, amendments, bases = _gdpr()
    assert len(amendments) == 82
    forms = set()
    for amendment in amendments:
        trip = round_trip(text, amendment, bases)
        assert trip.parsed == trip.made, trip.instruction
        forms.add(trip.instruction.split(" ", 1)[0])
    assert forms == {"In", "Replace", "Delete"}  # partial changes, rewrites, deletions


# -- random edits of real paragraphs, apostrophes and punctuation included -----------------------

PARAGRAPHS = [
    "Les députés qui n'appartiennent à aucun groupe politique peuvent s'apparenter à un groupe "
    "de leur choix, avec l'agrément du bureau de ce groupe.",
    "Commending POLIS for creating an expert forum to facilitate access of participating "
    "States' law enforcement agencies to best practices and available investigative techniques "
    "or software, access to legislative drafting assistance and/or legislative models, and "
    "provide awareness-raising information and web links for the public,",
    "Calls on participating States to collect and store information, in accordance with "
    "national provisions on the protection of personal data, on persons convicted of child "
    "sexual exploitation or abuse in order to facilitate the apprehension of perpetrators;",
]
NEW_WORDS = ["l'Assemblée", "children's", "the", "and", "(new)", "—", "d'un", ",", "'quoted'",
             "« loi »", "X;", "\"as is\""]


@st.composite
def edited(draw):
    base = draw(st.sampled_from(PARAGRAPHS))
    words = base.split(" ")
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(words)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        new = draw(st.sampled_from(NEW_WORDS))
        if kind == "insert" or not words or position == len(words):
            words.insert(position, new)
        elif kind == "delete" and len(words) > 3:
            del words[position]
        else:
            words[position] = new
    return base, " ".join(words)


@given(edited())
@settings(max_examples=300, deadline=None)
def test_random_edits_of_real_paragraphs_read_back_exactly(case):
    base, proposed = case
    text = Text("t", "T", (Clause("p1", ClauseKind.OPERATIVE, base),))
    amendment = Amendment("am-1", "1", "t", "p1", Action.MODIFY, blob(base), Status.TABLED,
                          make_patch(base, proposed))
    trip = round_trip(text, amendment, {blob(base): base})
    assert trip.parsed == trip.made, trip.instruction


# -- reading ---------------------------------------------------------------------------------

P10 = ("Reiterates the call on participating States to ensure that the production, "
       "distribution, dissemination, importation, exportation, offering, selling, or possessing "
       "of child pornography (regardless of the intent to distribute) are punished;")


def _text() -> Text:
    return Text("t", "COMBATING CHILD ABUSE", (
        Clause("title", ClauseKind.HEADING, "COMBATING CHILD ABUSE"),
        Clause("p1", ClauseKind.PREAMBLE, "Recalling the children's rights,"),
        Clause("assembly", ClauseKind.FIXED, "The Assembly:"),
        Clause("p2", ClauseKind.OPERATIVE, P10),
    ))


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        ("In paragraph 2, replace 'child pornography' with 'child sexual abuse material'",
         P10.replace("child pornography", "child sexual abuse material")),
        ("in paragraph 2, for ‘child pornography’ substitute “child abuse material”.",
         P10.replace("child pornography", "child abuse material")),
        ("In paragraph 2, leave out 'selling, ' and insert 'sale, '",
         P10.replace("selling, ", "sale, ")),
        ("In paragraph 2, after 'or possessing', insert 'or viewing'",
         P10.replace("or possessing", "or possessing or viewing")),
        ("In paragraph 2, insert 'all' before 'participating States'",
         P10.replace("on participating", "on all participating")),
        ("In paragraph 2, delete 'exportation,'", P10.replace("exportation, ", "")),
        ("In paragraph 2, delete ' (regardless of the intent to distribute)'",
         P10.replace(" (regardless of the intent to distribute)", "")),
        ("In paragraph 2, at the end, add 'Welcomes progress.'", P10 + " Welcomes progress."),
        ("In paragraph 2, replace 'Reiterates' with 'Repeats'; delete 'importation,'; "
         "and after 'are punished', insert 'severely'",
         P10.replace("Reiterates", "Repeats").replace("importation, ", "")
         .replace("are punished", "are punished severely")),
        ("In paragraph 1, replace \"children's rights\" with 'rights of the child'",
         "Recalling the rights of the child,"),
        ("In the title, replace 'CHILD' with 'CHILDREN'S'", None),
        ("Replace paragraph 1 with the following: 'Recalling the rights of the child,'",
         "Recalling the rights of the child,"),
        ("Delete the text of paragraph 1", ""),
        ("Leave paragraph 1 unchanged", "Recalling the children's rights,"),
    ],
)
def test_instructions_in_several_forms_are_read(instruction: str, expected: str | None):
    parsed = amendment_from_instructions(_text(), [instruction])
    if expected is None:
        assert parsed.clause == "title" and parsed.proposed == "COMBATING CHILDREN'S ABUSE"
    else:
        assert parsed.action is Action.MODIFY
        assert parsed.proposed == expected


def test_whole_paragraph_instructions_are_read():
    text = _text()
    assert amendment_from_instructions(text, ["Delete paragraph 2."]).action is Action.DELETE
    new = amendment_from_instructions(text, ["After paragraph 1, insert a new paragraph: "
                                             "'Noting the reports of l'Assemblée;'"])
    assert (new.action, new.clause, new.proposed) == (Action.INSERT_AFTER, "p1",
                                                      "Noting the reports of l'Assemblée;")
    before = amendment_from_instructions(text, ["Before clause assembly, insert a new "
                                                "paragraph: 'Deploring abuse,'"])
    assert (before.action, before.new_kind) == (Action.INSERT_BEFORE, "preamble")


def test_several_instructions_on_one_paragraph_make_one_amendment():
    parsed = amendment_from_instructions(_text(), [
        "In paragraph 2, replace 'Reiterates' with 'Repeats'",
        "In paragraph 2, delete 'importation,'",
    ])
    assert parsed.proposed == P10.replace("Reiterates", "Repeats").replace("importation, ", "")


@pytest.mark.parametrize(
    ("instructions", "reason"),
    [
        (["In paragraph 2, replace 'child porn' with 'x'"],
         "'child porn' is not in paragraph 2 as whole words (only inside longer words)"),
        (["In paragraph 2, replace 'Child pornography' with 'x'"],
         "'Child pornography' is not in paragraph 2: the text has 'child pornography'"),
        (["In paragraph 2, delete 'the sale'"], "'the sale' is not in paragraph 2"),
        (["In paragraph 2, replace 'the' with 'a'"],
         "'the' occurs 3 times in paragraph 2: the anchor is ambiguous"),
        (["In paragraph 2, after 'of', insert 'all'"],
         "'of' occurs 2 times in paragraph 2: the anchor is ambiguous"),
        (["In paragraph 7, delete 'x'"],
         "there is no paragraph 7: the text's paragraphs are numbered 1 to 2"),
        (["Delete paragraph 3"], "there is no paragraph 3: the text's paragraphs are numbered 1 to 2"),
        (["In article 9, delete 'x'"], "there is no paragraph or clause called 'article 9'"),
        (["In clause assembly, delete 'The'"], "'The Assembly:' is a fixed line"),
        (["In paragraph 2, replace 'child pornography' with 'x'; delete 'pornography'"],
         "the changes to 'child pornography' and 'pornography' overlap"),
        (["In paragraph 2, replace 'child pornography' with 'x'", "Delete paragraph 1"],
         "the instructions change several clauses (p1, p2)"),
        (["In paragraph 2, frobnicate 'x'"], "cannot read the instruction at 'frobnicate 'x''"),
        (["Please fix paragraph 2"], "the instruction is not understood"),
        (["In paragraph 2, replace 'child with 'x'"], "cannot read the instruction"),
        (["After paragraph 1, insert a new paragraph: 'x' and more"], "cannot read"),
    ],
)
def test_instructions_that_do_not_match_the_text_are_refused_with_the_reason(
        instructions: list[str], reason: str):
    with pytest.raises(InstructionError) as caught:
        amendment_from_instructions(_text(), instructions)
    assert reason in caught.value.message


def test_a_second_instruction_is_named_in_the_reason():
    with pytest.raises(InstructionError) as caught:
        amendment_from_instructions(_text(), ["In paragraph 2, delete 'Reiterates'",
                                              "In paragraph 9, delete 'x'"])
    assert caught.value.message.startswith("instruction 2: there is no paragraph 9")


def test_reading_keeps_apostrophes_inside_quotations():
    read = read_instruction("In paragraph 3, replace 'l'Assemblée' with 'le Sénat'; "
                            "delete 'd'un'")
    assert [(c.kind, c.phrase, c.new) for c in read.changes] == [
        ("replace", "l'Assemblée", "le Sénat"), ("delete", "d'un", "")]
