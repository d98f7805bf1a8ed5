"""The workspace writes only what it can read back: every amendment file and text manifest is
rendered, read again with the readers every command uses, and compared, before anything is
written; a use case that would write something else gets a refusal naming the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support import cli, git, head

from consolidate.app.session import Session
from consolidate.core.errors import InvalidInput
from consolidate.core.model import EMPTY_BLOB_ID, Action, Amendment, ClauseKind, Sponsor, Status
from consolidate.core.patching import make_patch
from consolidate.core.text_format import ManifestEntry, TextManifest
from consolidate.store.transaction import transaction
from consolidate.store.workspace import Workspace


@pytest.fixture
def workspace(seed_workspace: Path) -> Workspace:
    return Workspace(seed_workspace)


GOOD = Amendment(id="am-001", number="1", text_id="seed", clause="p11", action=Action.INSERT_AFTER,
                 base=EMPTY_BLOB_ID, status=Status.TABLED, patch=make_patch("", "New."),
                 sponsor=Sponsor("DUPONT", "Pierre", "Mr", "France"), new_clause="p11a")


@pytest.mark.parametrize(("change", "names"), [
    ({"number": " 1"}, "Number"),
    ({"number": "1\n2"}, "Number"),
    ({"justification": "a\rb"}, "Justification"),
    ({"justification": "a\x00b"}, "Justification"),
    ({"reason": "a\ud800b"}, "Reason"),
    ({"new_clause": "p11a\n"}, "New-Clause"),
    ({"new_clause": "con"}, "New-Clause"),
    ({"clause": "x" * 250}, "Clause"),
    ({"tabled": "2008-02-30"}, "Tabled"),
    ({"sponsor": Sponsor("DUPONT (X)", "Pierre")}, "Sponsor"),
    ({"sponsor": Sponsor("X", "Pierre DUPONT")}, "Sponsor"),  # read back: family name "DUPONT X"
    ({"new_kind": "annex"}, "New-Kind"),
])
def test_an_amendment_that_would_not_read_back_is_not_written(workspace: Workspace,
                                                              change: dict, names: str):
    before = head(workspace.root)
    bad = replace(GOOD, **change)
    with pytest.raises(InvalidInput) as caught:
        with transaction(workspace.git) as tx:
            workspace.write_amendments([replace(GOOD, id="am-002", number="2",
                                                new_clause="p11b"), bad], tx)
            tx.commit("never")
    message = caught.value.render()
    assert "amendments/seed/am-001.patch" in message and names in message, message
    assert head(workspace.root) == before
    assert not (workspace.root / "amendments/seed").exists()


def test_an_amendment_that_reads_back_is_written(workspace: Workspace):
    with transaction(workspace.git) as tx:
        workspace.write_amendments([replace(GOOD, justification="Why\x1b[31m not\n.\n")], tx)
        tx.commit("Table")
    assert Workspace(workspace.root).load_amendments("seed").problems == ()


def _manifest(workspace: Workspace, **change) -> TextManifest:
    return replace(workspace.load_manifest("seed"), **change)


@pytest.mark.parametrize(("make", "message"), [
    (lambda m: replace(m, title=""), "manifest cannot be written"),
    (lambda m: replace(m, title="T\ud800"), "UTF-16"),
    (lambda m: replace(m, entries=(*m.entries, ManifestEntry("P1", ClauseKind.OPERATIVE))),
     "differ only by case"),
    (lambda m: replace(m, entries=(*m.entries, ManifestEntry("aux", ClauseKind.OPERATIVE))),
     "device name"),
])
def test_a_manifest_that_would_not_read_back_is_not_written(workspace: Workspace, make,
                                                            message: str):
    before = head(workspace.root)
    manifest = make(workspace.load_manifest("seed"))
    with pytest.raises(InvalidInput, match=message):
        workspace.write_text("seed", manifest, {})
    assert head(workspace.root) == before
    assert git(workspace.root, "status", "--porcelain") == ""


@pytest.mark.parametrize(("clauses", "message"), [
    ({"p1": "a\x00b"}, "NUL"), ({"p1": "a\rb"}, "CR"), ({"p1": "a\udc80"}, "UTF-16"),
    ({"nowhere": "text"}, "is not a clause listed"),
])
def test_clause_files_that_would_not_read_back_are_not_written(workspace: Workspace,
                                                                clauses: dict, message: str):
    with pytest.raises(InvalidInput, match=message):
        workspace.write_text("seed", workspace.load_manifest("seed"), clauses)
    assert (workspace.root / "texts/seed/p1.txt").read_text().startswith("Acknowledging")


def test_an_order_file_that_would_name_other_amendments_is_not_silently_changed(
        workspace: Workspace):
    """The chair's order lists AM 1 by its number: renumbering it (as a sync might) would make
    the line name nothing, and giving another amendment an id equal to a listed number would
    make the line name that one; both are refused. A decision changes nothing of it."""
    root = workspace.root
    p11 = (root / "texts/seed/p11.txt").read_text()
    first = cli(root, "amend", "--clause", "p11", "--proposed", "-",
                input=p11.replace("ratify", "sign")).stdout.split()[-1]
    (root / "amendments/seed/order.txt").write_text("1\n")
    git(root, "add", "amendments/seed/order.txt")
    git(root, "commit", "-qm", "Order")
    session = Session.open(root, "seed")
    amendment = session.amendment(first)
    for changed in (replace(amendment, number="9"),
                    replace(GOOD, id="1", number="2", new_clause="p11z")):
        with pytest.raises(InvalidInput, match="order file"):
            workspace.write_amendments([changed])
    assert cli(root, "adopt", first).returncode == 0
    assert Session.open(root, "seed").voting_rules[1] == ()
