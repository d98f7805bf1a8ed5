"""Identical amendments adopted together are credited jointly ('AM 1 = AM 2') in every redline;
the engine's findings stay out of the Markdown body unless asked for (`--notes`)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from support import cli, ok

DUPONT = "Mr Pierre DUPONT (France)"
SMITH = "Mrs Anna SMITH (Malta)"


@pytest.fixture
def twins(seed_workspace: Path) -> Path:
    """Two identical amendments to p10 (AM 1 by DUPONT, AM 2 by SMITH), adopted together, and
    AM 3 by DUPONT alone on p11."""
    texts = seed_workspace / "texts" / "seed"
    p10 = (texts / "p10.txt").read_text(encoding="utf-8")
    p11 = (texts / "p11.txt").read_text(encoding="utf-8")
    ids = []
    for clause, text, sponsor in (("p10", p10.replace("Reiterates", "Repeats"), DUPONT),
                                  ("p10", p10.replace("Reiterates", "Repeats"), SMITH),
                                  ("p11", "Urges " + p11, DUPONT)):
        ids.append(ok(cli(seed_workspace, "amend", "--clause", clause, "--proposed", "-",
                          "--sponsor", sponsor, input=text)).split()[-1])
    ok(cli(seed_workspace, "adopt", *ids))
    return seed_workspace


def build(workspace: Path, fmt: str, *more: str) -> str:
    return ok(cli(workspace, "build", "--format", fmt, *more))


def test_the_terminal_redline_credits_both(twins: Path) -> None:
    out = build(twins, "redline", "--no-color")
    assert "{+Repeats+}[AM 1 = AM 2]" in out
    assert "[AM 3]" in out and "AM 3 =" not in out and "= AM 3" not in out


def test_markdown_credits_both_and_keeps_findings_out_of_the_body(twins: Path) -> None:
    out = build(twins, "md")
    assert "<sup>AM 1 = AM 2</sup>" in out
    assert "repeats changes already made" not in out
    noted = build(twins, "md", "--notes")
    assert "<sup>AM 1 = AM 2</sup>" in noted
    assert "> AM 2: it only repeats changes already made" in noted


def test_critic_markup_credits_both_sponsors(twins: Path) -> None:
    out = build(twins, "critic")
    assert "{>>AM 1 = AM 2 – Pierre DUPONT (France); Anna SMITH (Malta)<<}" in out
    assert "{>>AM 3 – Pierre DUPONT (France)<<}" in out


def test_html_credits_both(twins: Path) -> None:
    out = build(twins, "html")
    assert '<sup class="am">AM 1 = AM 2</sup>' in out
    assert 'title="AM 1 = AM 2 – Pierre DUPONT (France); Anna SMITH (Malta)"' in out


def test_docx_revisions_are_authored_by_both(twins: Path) -> None:
    target = twins / "out.docx"
    ok(cli(twins, "build", "--format", "docx", "-o", str(target)))
    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    authors = set(re.findall(r'w:author="([^"]*)"', xml))
    assert "AM 1 = AM 2 – Pierre DUPONT (France); Anna SMITH (Malta)" in authors
    assert "AM 3 – Pierre DUPONT (France)" in authors
    assert not any(a.startswith("AM 1 –") for a in authors)
