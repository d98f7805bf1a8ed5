"""The formats, on real workspaces, read by the clients they are meant for.

Two workspaces (see :mod:`realworkspaces`): the one shipped in this repository (a fresh clone), and
the French Civil Code after replaying 34 real amending acts. Every format is rendered through
``consolidate build``. Checked: pandoc accepts every tracked change of the DOCX to the
``text`` format and rejects them to the original text; ``git apply --check`` takes the diff on
a clean checkout of the workspace, and applying it gives the consolidated clause files; every
``<ins>``/``<del>`` of the HTML names its amendment and its sponsors (the Civil Code's acts
have none); CriticMarkup accepts and
rejects like the DOCX; pandoc reads the forms and the sheet.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from support import git, git_run

from consolidate.core.model import ChangeKind, ClauseKind, ClauseStatus
from consolidate.exporters.common import RENUMBERING_AUTHOR, amendment_author, sponsor_line

from .helpers import resolve_critic
from .realworkspaces import RealWorkspace, lines

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def pandoc(path: Path, *options: str, to: str = "plain") -> str:
    result = subprocess.run(
        ["pandoc", *options, "-f", "docx", "-t", to, "-s", "--wrap=none", str(path)],
        capture_output=True, check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode("utf-8")


def authors(workspace: RealWorkspace) -> set[str]:
    """Every author a change may be attributed to in this workspace."""
    amendments = workspace.ctx.amendments
    return {amendment_author(amendments, a) for a in amendments} | {RENUMBERING_AUTHOR}


def test_the_workspace_consolidates_with_changes(real_workspace: RealWorkspace) -> None:
    consolidation = real_workspace.consolidation
    assert consolidation.ok, [f.message for f in consolidation.findings if f.blocking]
    assert consolidation.applied
    assert real_workspace.consolidated_text != real_workspace.original_text


@needs_pandoc
def test_pandoc_accepting_every_change_gives_the_text_format(
    real_workspace: RealWorkspace,
) -> None:
    accepted = pandoc(real_workspace.file("docx"), "--track-changes=accept")
    assert lines(accepted) == lines(real_workspace.consolidated_text)


@needs_pandoc
def test_pandoc_rejecting_every_change_gives_the_original_text(
    real_workspace: RealWorkspace,
) -> None:
    rejected = pandoc(real_workspace.file("docx"), "--track-changes=reject")
    assert lines(rejected) == lines(real_workspace.original_text)


@needs_pandoc
def test_pandoc_shows_every_change_attributed_to_an_amendment(
    real_workspace: RealWorkspace,
) -> None:
    shown = lxml.html.document_fromstring(
        pandoc(real_workspace.file("docx"), "--track-changes=all", to="html")
    )
    changes = shown.xpath('//span[@class="insertion" or @class="deletion"]')
    docx_xml = real_workspace.render("docx").decode("latin-1")  # stored zip: XML in clear
    revisions = len(re.findall(r"<w:(?:ins|del) w:id=", docx_xml))
    assert changes and len(changes) <= revisions
    known = authors(real_workspace)
    assert {c.get("data-author") for c in changes} <= known
    assert all(c.get("data-date") for c in changes)


@needs_git
def test_git_apply_takes_the_diff_on_a_clean_checkout(
    real_workspace: RealWorkspace, tmp_path: Path
) -> None:
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(real_workspace.path), str(checkout))
    patch = real_workspace.render("diff")
    check = git_run(checkout, "apply", "--check", "-", input=patch)
    assert check.returncode == 0, check.stderr.decode(errors="replace")
    git(checkout, "apply", "-", input=patch)
    consolidation = real_workspace.consolidation
    text_dir = checkout / "texts" / consolidation.text.id
    for clause in consolidation.clauses:
        if clause.kind is ClauseKind.FIXED:
            continue
        path = text_dir / f"{clause.id}.txt"
        if clause.status is ClauseStatus.DELETED:
            assert not path.exists(), clause.id
        else:
            assert path.read_bytes() == clause.text.encode("utf-8"), clause.id


def test_every_html_change_names_its_amendment_and_sponsor(
    real_workspace: RealWorkspace,
) -> None:
    page = lxml.html.document_fromstring(real_workspace.render("html").decode("utf-8"))
    changes = page.xpath("//main//ins | //main//del")
    assert changes
    amendments = real_workspace.ctx.amendments
    for change in changes:
        amendment = change.get("data-amendment")
        assert amendment in amendments, lxml.html.tostring(change)[:200]
        assert change.get("title") == amendment_author(amendments, amendment)
        assert change.get("data-number") == amendments[amendment].number
        assert change.get("data-sponsor") == sponsor_line(amendments[amendment])
    # Every amendment the engine credits with words is named, and no other (an adopted
    # amendment whose words later ones replaced has none left to show).
    credited = {span.amendment for clause in real_workspace.consolidation.clauses
                for span in clause.spans if span.kind is not ChangeKind.EQUAL}
    assert {c.get("data-amendment") for c in changes} == credited


def test_html_with_changes_accepted_reads_as_the_text_format(
    real_workspace: RealWorkspace,
) -> None:
    page = lxml.html.document_fromstring(real_workspace.render("html").decode("utf-8"))
    for element in page.xpath('//body//del | //body//sup[@class="am"] | //section'):
        element.drop_tree()  # deletions, labels, the table of amendments
    shown = page.xpath("//body")[0].text_content().split()
    assert shown == real_workspace.consolidated_text.split()


def test_criticmarkup_accepts_and_rejects_like_the_docx(real_workspace: RealWorkspace) -> None:
    markup = real_workspace.render("critic").decode("utf-8")
    accepted = resolve_critic(markup, accept=True)
    rejected = resolve_critic(markup, accept=False)
    assert lines(accepted) == lines(real_workspace.consolidated_text)
    assert lines(rejected) == lines(real_workspace.original_text)


def test_the_json_is_the_consolidation(real_workspace: RealWorkspace) -> None:
    data = json.loads(real_workspace.render("json"))
    clauses = real_workspace.consolidation.clauses
    assert [c["id"] for c in data["clauses"]] == [c.id for c in clauses]
    assert [c["text"] for c in data["clauses"]] == [c.text for c in clauses]
    assert data["applied"] == list(real_workspace.consolidation.applied)


@needs_pandoc
@pytest.mark.parametrize("fmt", ["forms-docx", "sheet-docx"])
def test_pandoc_reads_the_forms_and_the_sheet(real_workspace: RealWorkspace, fmt: str) -> None:
    out = pandoc(real_workspace.file(fmt))
    amendments = real_workspace.ctx.amendments
    if fmt == "forms-docx":
        text = real_workspace.consolidation.text
        heading = f"AMENDMENT TO {(text.item or text.title).upper()}"
        assert out.count(heading) == len(amendments)
    else:
        assert len(re.findall(r"^Amendment \S+$", out, re.MULTILINE)) == len(amendments)
