"""What consolidate writes for Word, it reads back.

- ``build --format docx`` of a consolidation (each adopted amendment a tracked change by its
  sponsor), read with ``amend --docx`` into a workspace with the same base text and no
  amendments, tables amendments that, all adopted, give the same consolidated text with the
  same sponsors: on the shipped workspace and on the French Civil Code's marriage title
  (multi-line articles, 49 new articles).
- ``show ID --form docx`` of each of the shipped workspace's 14 amendments reads back with
  ``amend --form`` into the same amendment: the same patch, the same sponsors.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from support import cli, git

from consolidate.app.session import Session
from consolidate.core.engine import consolidate
from consolidate.core.model import Amendment, Status
from consolidate.importers.plaintext import clause_id_from_name, natural_sort_key

from .kit import amendment_ids

CODE_CIVIL = Path(__file__).resolve().parents[1] / "fixtures" / "realdata" / "code_civil"
SPONSORS = ["Mme Claire MARTIN (France)", "M. Jean DURAND (France)", "Dr Ana LÓPEZ (Spain)"]


def _without_amendments(source: Path, target: Path) -> Path:
    """A copy of a workspace with its texts and no amendment."""
    shutil.copytree(source, target)
    shutil.rmtree(target / "amendments")
    (target / "amendments").mkdir()
    (target / "amendments" / ".gitkeep").write_text("")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "The texts without their amendments")
    return target


def _attributed(workspace: Path) -> Counter:
    """Each changed clause of the consolidation (its status and text) with the sponsors of
    the amendments that made it (clause ids of new clauses may differ, so they are left out)."""
    session = Session.open(workspace)
    sponsors = {a.id: a.sponsor.short if a.sponsor else None for a in session.amendments}
    return Counter((c.status, c.text, tuple(sorted(str(sponsors[i]) for i in c.amendments)))
                   for c in session.consolidation.clauses if c.changed)


def _read_back(original: Path, copy: Path, docx: Path) -> None:
    ids = amendment_ids(cli(copy, "amend", "--docx", str(docx), codes=[0]))
    cli(copy, "adopt", *ids, codes=[0])
    assert cli(copy, "build", "--format", "text", codes=[0]).stdout == \
        cli(original, "build", "--format", "text", codes=[0]).stdout
    assert _attributed(copy) == _attributed(original)


def test_the_docx_of_the_shipped_consolidation_reads_back_into_the_same_consolidation(shipped,
                                                                                   tmp_path):
    docx = tmp_path / "consolidated.docx"
    cli(shipped, "build", "--format", "docx", "--output", str(docx), codes=[0])
    copy = _without_amendments(shipped, tmp_path / "copy")
    _read_back(shipped, copy, docx)


@pytest.fixture(scope="module")
def code_civil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Civil Code's marriage title of 1803, amended into its text of today by one
    amendment per changed or new article (several sponsors), all adopted."""
    root = tmp_path_factory.mktemp("code-civil")
    workspace = root / "workspace"
    cli(root, "init", str(workspace), codes=[0])
    cli(workspace, "import", str(CODE_CIVIL / "base"), "--text", "mariage", "--title",
        "Du mariage", codes=[0])
    base = {p.name for p in (CODE_CIVIL / "base").glob("*.md")}
    final = sorted((p.name for p in (CODE_CIVIL / "final").glob("*.md")),
                   key=lambda n: natural_sort_key(n))
    lines, previous = [], None
    for index, name in enumerate(final):
        text = (CODE_CIVIL / "final" / name).read_text(encoding="utf-8")
        line = {"proposed": text, "sponsor": SPONSORS[index % len(SPONSORS)],
                "tabled": "2020-01-01"}
        if name in base:
            if text == (CODE_CIVIL / "base" / name).read_text(encoding="utf-8"):
                previous = clause_id_from_name(name)
                continue
            line.update(clause=clause_id_from_name(name))
        elif previous is None:
            line.update(action="insert-before", clause="Article-144",
                        new_id=clause_id_from_name(name))
        else:
            line.update(action="insert-after", clause=previous, new_id=clause_id_from_name(name))
        previous = clause_id_from_name(name)
        lines.append(json.dumps(line, ensure_ascii=False))
    batch = root / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = amendment_ids(cli(workspace, "amend", "--batch", str(batch), codes=[0]))
    cli(workspace, "adopt", *ids, codes=[0])
    return workspace


def test_the_docx_of_the_civil_code_consolidation_reads_back_into_the_same_consolidation(
        code_civil, tmp_path):
    consolidated = cli(code_civil, "build", "--format", "text", codes=[0]).stdout
    final = CODE_CIVIL / "final"
    assert all((final / n).read_text(encoding="utf-8").rstrip("\n") in consolidated
               for n in ("Article 144.md", "Article 171-9.md"))
    docx = tmp_path / "consolidated.docx"
    cli(code_civil, "build", "--format", "docx", "--output", str(docx), codes=[0])
    copy = _without_amendments(code_civil, tmp_path / "copy")
    _read_back(code_civil, copy, docx)


def _proposed(session: Session, amendment: Amendment) -> str:
    """The clause as the amendment alone makes it, on the text as tabled."""
    result = consolidate(session.text, [replace(amendment, status=Status.ADOPTED)],
                         session.bases)
    clause = result.clause(amendment.target)
    return clause.text if clause is not None else ""


def test_every_amendment_form_reads_back_into_the_same_amendment(shipped, tmp_path):
    original = Session.open(shipped)
    copy = _without_amendments(shipped, tmp_path / "copy")
    for amendment in sorted(original.amendments, key=lambda a: a.number_key()):
        form = tmp_path / f"{amendment.id}.docx"
        cli(shipped, "show", amendment.id, "--form", "docx", "--output", str(form), codes=[0])
        (new_id,) = amendment_ids(cli(copy, "amend", "--form", str(form), codes=[0]))
        session = Session.open(copy)
        read = session.amendment(new_id)
        assert (read.action, read.clause, read.sponsor, read.cosponsors, read.justification) == \
            (amendment.action, amendment.clause, amendment.sponsor, amendment.cosponsors,
             amendment.justification), amendment.id
        tabled_on_the_text = amendment.action.inserts or \
            original.bases.get(amendment.base) == original.text.clause(amendment.clause).text
        if tabled_on_the_text:
            assert read.patch == amendment.patch, amendment.id
        assert _proposed(session, read) == _proposed(original, amendment), amendment.id


def test_the_forms_of_every_amendment_in_one_document_read_back(shipped, tmp_path):
    forms = tmp_path / "forms.docx"
    cli(shipped, "build", "--format", "forms-docx", "--output", str(forms), codes=[0])
    copy = _without_amendments(shipped, tmp_path / "copy")
    dry = cli(copy, "amend", "--form", str(forms), "--dry-run", codes=[0])
    assert len(dry.stdout.splitlines()) == 14
    ids = amendment_ids(cli(copy, "amend", "--form", str(forms), codes=[0]))
    assert len(ids) == 14
    read = sorted(Session.open(copy).amendments, key=lambda a: a.number_key())
    original = sorted(Session.open(shipped).amendments, key=lambda a: a.number_key())
    assert [a.sponsor for a in read] == [a.sponsor for a in original]
