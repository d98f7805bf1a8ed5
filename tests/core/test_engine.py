"""The engine, by tables: what is applied, what collides, what is reported, and who did what."""

from __future__ import annotations

from dataclasses import replace

import pytest
from enginekit import Amendments, blob, make_text

from consolidate.core.collisions import analyse
from consolidate.core.engine import consolidate
from consolidate.core.model import Action, ChangeKind, ClauseStatus, FindingKind, Status

P11 = ("Calls on participating States to ratify the Council of Europe Convention on the "
       "Protection of Children against Sexual Exploitation and Sexual Abuse;")
P10 = ("Reiterates the call on participating States to ensure that the production of child "
       "pornography is covered, and that child pornography is punished;")
MULTILINE = "Article 213\n----\nLes époux assurent ensemble\nla direction morale.\n"
RUSSIAN = "Призывает государства-участники ратифицировать Конвенцию Совета Европы;"
GREEK = "Καλεί τα συμμετέχοντα κράτη να κυρώσουν τη Σύμβαση του Συμβουλίου της Ευρώπης;"
CHINESE = "呼吁参与国批准欧洲委员会公约，并全面执行。"


def _consolidated(base: str, *proposals: str):
    text = make_text(base)
    amendments = Amendments()
    for proposal in proposals:
        amendments.add("p1", base, proposal)
    return consolidate(text, amendments.items, amendments.bases)


# Non-colliding amendments on one clause, in any script: all applied, exactly.
@pytest.mark.parametrize(
    "base, proposals, expected",
    [
        (P11, [P11.replace("to ratify", "to ratify and fully implement"),
               P11.replace("Sexual Abuse;", "Sexual Abuse (Lanzarote Convention);")],
         P11.replace("to ratify", "to ratify and fully implement").replace(
             "Sexual Abuse;", "Sexual Abuse (Lanzarote Convention);")),
        (MULTILINE, [MULTILINE.replace("ensemble", "ensemble, d'un commun accord,"),
                     MULTILINE.replace("morale.", "morale et matérielle de la famille.")],
         "Article 213\n----\nLes époux assurent ensemble, d'un commun accord,\nla direction "
         "morale et matérielle de la famille.\n"),
        (RUSSIAN, [RUSSIAN.replace("ратифицировать", "ратифицировать и выполнять")],
         RUSSIAN.replace("ратифицировать", "ратифицировать и выполнять")),
        (GREEK, [GREEK.replace("κυρώσουν", "κυρώσουν και να εφαρμόσουν"),
                 GREEK.replace("Ευρώπης;", "Ευρώπης χωρίς καθυστέρηση;")],
         GREEK.replace("κυρώσουν", "κυρώσουν και να εφαρμόσουν").replace(
             "Ευρώπης;", "Ευρώπης χωρίς καθυστέρηση;")),
        (CHINESE, [CHINESE.replace("全面执行", "立即全面执行")], CHINESE.replace("全面执行", "立即全面执行")),
        (P11, [P11], P11),
    ],
    ids=["english", "multi-line", "russian", "greek", "chinese", "no-op"],
)
def test_separate_amendments_are_all_applied(base, proposals, expected):
    result = _consolidated(base, *proposals)
    assert result.clauses[0].text == expected
    assert result.ok


# Amendments whose edits overlap or touch: the second in voting order is refused, named.
@pytest.mark.parametrize(
    "first, second",
    [
        (P11.replace("ratify", "sign"), P11.replace("ratify", "accede to")),  # same word
        (P11.replace("to ratify", "to ratify and fully implement"), P11.replace("ratify", "sign")),
        (P11.replace("ratify the", "sign the"), P11.replace("the Council", "that Council")),
        (P11.replace("Council of Europe", "Council"), P11.replace("Europe Convention", "Europe Treaty")),
        (P11.replace("States ", "States, "), P11.replace("to ratify", "in order to ratify")),  # touch
    ],
    ids=["same-word", "insert-next-to-change", "overlap", "overlap-2", "touching"],
)
def test_colliding_amendment_is_refused_and_names_the_first(first, second):
    result = _consolidated(P11, first, second)
    assert result.clauses[0].text == first
    (finding,) = result.findings
    assert finding.kind is FindingKind.COLLISION
    assert finding.amendment == "am-2" and finding.others == ("am-1",)
    assert not result.ok


def test_one_unchanged_word_between_two_changes_keeps_them_apart():
    first = P11.replace("participating States", "all participating States")
    second = P11.replace("to ratify", "to sign")
    assert _consolidated(P11, first, second).ok


def test_identical_edits_are_duplicates_not_collisions():
    changed = P10.replace("pornography is covered", "sexual abuse material is covered")
    result = _consolidated(P10, changed, changed)
    assert result.ok
    assert result.clauses[0].text == changed
    assert [f.kind for f in result.findings] == [FindingKind.DUPLICATE]


def test_an_amendment_is_never_half_applied():
    first = P10.replace("production of", "production or sale of")
    # The second changes a separate word AND a word the first changed: none of it applies.
    second = P10.replace("production of", "making of").replace("punished", "severely punished")
    result = _consolidated(P10, first, second)
    assert result.clauses[0].text == first
    assert "severely" not in result.clauses[0].text


def test_repeated_phrase_changes_the_right_occurrence():
    proposal = P10.replace("child pornography is punished", "child sexual abuse material is punished")
    result = _consolidated(P10, proposal)
    assert result.clauses[0].text == proposal
    assert result.clauses[0].text.count("child pornography") == 1


def test_every_change_is_attributed_to_its_amendment():
    first = P11.replace("to ratify", "to ratify and fully implement")
    second = P11.replace("Sexual Abuse", "sexual abuse")
    result = _consolidated(P11, first, second)
    changes = [(s.kind, s.text, s.amendment) for s in result.clauses[0].spans if s.kind is not ChangeKind.EQUAL]
    assert changes == [
        (ChangeKind.INSERT, "and fully implement ", "am-1"),
        (ChangeKind.DELETE, "Sexual Abuse", "am-2"),
        (ChangeKind.INSERT, "sexual abuse", "am-2"),
    ]
    original = "".join(s.text for s in result.clauses[0].spans if s.kind is not ChangeKind.INSERT)
    assert original == P11


def test_voting_order_decides_which_of_two_colliding_amendments_applies():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("ratify", "sign"), order=2)
    amendments.add("p1", P11, P11.replace("ratify", "accede to"), order=1)
    result = consolidate(text, amendments.items, amendments.bases)
    assert "accede to" in result.clauses[0].text
    assert result.findings[0].amendment == "am-1"


def test_amendment_on_an_older_base_is_rebased_three_way():
    older = P11.replace("Calls on", "Invites")
    text = make_text(P11)  # the clause was corrected since the amendment was drafted
    amendments = Amendments()
    amendments.add("p1", older, older.replace("Sexual Abuse;", "Sexual Abuse without delay;"))
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.ok
    assert result.clauses[0].text == P11.replace("Sexual Abuse;", "Sexual Abuse without delay;")


def test_stale_base_that_touches_the_correction_is_refused():
    older = P11.replace("Calls on", "Invites")
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", older, older.replace("Invites participating", "Invites all participating"))
    result = consolidate(text, amendments.items, amendments.bases)
    assert [f.kind for f in result.findings] == [FindingKind.STALE_BASE]
    assert result.clauses[0].text == P11


def test_missing_base_and_patch_that_does_not_fit_are_reported():
    text = make_text(P11, P10)
    amendments = Amendments()
    missing = replace(amendments.add("p1", P11, P11.replace("ratify", "sign")), base="0" * 40)
    # A patch made on paragraph 11, claimed to be drafted on paragraph 10.
    misfit = replace(amendments.add("p2", P11, P11.replace("ratify", "sign")), base=blob(P10))
    result = consolidate(text, [missing, misfit], {blob(P10): P10})
    kinds = sorted(f.kind.value for f in result.findings)
    assert kinds == ["bad-patch", "missing-base"]
    assert [c.text for c in result.clauses] == [P11, P10]


def test_deletion_that_would_swallow_an_adopted_change_is_a_collision():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    amendments.add("p1", P11, "", action=Action.DELETE)
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.findings[0].kind is FindingKind.COLLISION
    assert result.clauses[0].status is ClauseStatus.AMENDED


def test_modification_of_a_deleted_clause_is_reported():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, "", action=Action.DELETE)
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.clauses[0].status is ClauseStatus.DELETED
    assert result.findings[0].kind is FindingKind.DELETED_TARGET


def test_new_clauses_at_one_place_follow_the_voting_order_and_are_numbered():
    text = make_text(P11, P10)
    amendments = Amendments()
    amendments.add("p1", "", "First new.", action=Action.INSERT_AFTER, new_clause="n1")
    amendments.add("p1", "", "Second new.", action=Action.INSERT_AFTER, new_clause="n2")
    amendments.add("p2", "", "Before two.", action=Action.INSERT_BEFORE, new_clause="n3")
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.ok
    assert [(c.id, c.number, c.status.value) for c in result.clauses] == [
        ("p1", 1, "unchanged"), ("n1", 2, "inserted"), ("n2", 3, "inserted"),
        ("n3", 4, "inserted"), ("p2", 5, "unchanged")]
    assert result.clauses[1].spans[0].amendment == "am-1"


def test_amendment_building_on_an_adopted_one_applies_to_the_consolidated_text():
    text = make_text(P11)
    amendments = Amendments()
    first = P11.replace("to ratify", "to ratify and fully implement")
    amendments.add("p1", P11, first)
    amendments.add("p1", first, first.replace("fully implement", "promptly implement"))
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.ok
    assert result.clauses[0].text == P11.replace("to ratify", "to ratify and promptly implement")
    inserted = [(s.text, s.amendment) for s in result.clauses[0].spans if s.kind is ChangeKind.INSERT]
    assert inserted == [("and ", "am-1"), ("promptly", "am-2"), (" implement ", "am-1")]


def test_only_adopted_amendments_are_applied():
    text = make_text(P11)
    amendments = Amendments()
    for status in (Status.TABLED, Status.REJECTED, Status.WITHDRAWN, Status.FALLEN, Status.DRAFT):
        amendments.add("p1", P11, P11.replace("ratify", status.value), status=status)
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.clauses[0].text == P11 and result.applied == ()


def test_analysis_finds_collisions_identical_groups_and_falls():
    text = make_text(P10)
    amendments = Amendments()
    a = P10.replace("production of", "making of")
    amendments.add("p1", P10, a, status=Status.TABLED)
    amendments.add("p1", P10, a, status=Status.TABLED)
    amendments.add("p1", P10, P10.replace("production", "sale"), status=Status.TABLED)
    amendments.add("p1", P10, P10.replace("punished", "severely punished"), status=Status.TABLED)
    report = analyse(text, amendments.items, amendments.bases)
    pairs = {(c.first, c.second) for c in report.collisions}
    assert pairs == {("am-1", "am-3"), ("am-2", "am-3")}
    assert report.identical == (("am-1", "am-2"),)
    assert set(report.falls["am-3"]) == {"am-1", "am-2"}
    assert report.falls["am-4"] == ()


def test_identical_deletions_are_duplicates():
    text = make_text(P11, P10)
    amendments = Amendments()
    amendments.add("p1", P11, "", action=Action.DELETE)
    amendments.add("p1", P11, "", action=Action.DELETE)
    result = consolidate(text, amendments.items, amendments.bases)
    assert result.ok
    assert result.applied == ("am-1", "am-2")
    assert [f.kind for f in result.findings] == [FindingKind.DUPLICATE]


def test_a_shared_cache_gives_the_same_results_as_none():
    from dataclasses import replace as with_

    from consolidate.core.cache import EngineCache

    text = make_text(P11, P10)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    amendments.add("p1", P11, P11.replace("ratify", "accede to"), status=Status.TABLED)
    amendments.add("p2", P10, P10.replace("punished", "severely punished"))
    cache = EngineCache()
    first = consolidate(text, amendments.items, amendments.bases, cache)
    flipped = [with_(a, status=Status.TABLED if a.status is Status.ADOPTED else Status.ADOPTED)
               for a in amendments.items]
    for items in (flipped, amendments.items, flipped):
        assert consolidate(text, items, amendments.bases, cache) == consolidate(text, items, amendments.bases)
        assert analyse(text, items, amendments.bases, cache=cache) == analyse(text, items, amendments.bases)
    assert cache.hits > 0
    assert first == consolidate(text, amendments.items, amendments.bases)
