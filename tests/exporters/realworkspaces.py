"""Real workspaces for the real-client checks: the one shipped in this repository, and the
French Civil Code after replaying its 34 amending acts (tests/realdata).

The shipped workspace is copied into a temporary git repository (never touched in place):
its ``texts/`` and ``amendments/`` as they are in the working tree, committed on top of the
older versions of the clauses that amendments were drafted on (read from the repository's
history), so that every base blob is reachable from a commit, as in the original.

Every format is rendered through the real entry point (``python -m consolidate -C WS build
--format F --output FILE``), once per workspace and format.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest

from consolidate.app.session import Session
from consolidate.core.engine import consolidate
from consolidate.core.model import Consolidation
from consolidate.exporters import FORMATS, ExportContext
from consolidate.exporters.text import render_text

REPO = Path(__file__).resolve().parents[2]
_BASE_RE = re.compile(r"^Base: *([0-9a-f]{40})$", re.MULTILINE)
_CLAUSE_RE = re.compile(r"^Clause: *(\S+)$", re.MULTILINE)
_TEXT_RE = re.compile(r"^Text: *(\S+)$", re.MULTILINE)


def git(repo: Path, *args: str, stdin: bytes | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """git in *repo*, hermetic: no global or system configuration, no hooks, no signing."""
    command = ["git", "-c", "user.name=consolidate tests", "-c",
               "user.email=tests@consolidate.invalid", "-c", "commit.gpgsign=false",
               "-c", "core.autocrlf=false", "-c", "core.hooksPath=/dev/null", *args]
    result = subprocess.run(command, cwd=repo, input=stdin, capture_output=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}")
    return result


def copy_shipped_workspace(dest: Path, source: Path = REPO) -> Path:
    """A git repository in *dest* holding the shipped workspace, committed.

    Amendments drafted on an older version of their clause need that version's blob: it is
    read from *source*'s git history and committed first, at the clause's path.
    """
    if not (source / "texts").is_dir() or not (source / "amendments").is_dir():
        pytest.skip(f"no shipped workspace in {source}")
    dest.mkdir(parents=True)
    git(dest, "init", "-q")
    current = {git(source, "hash-object", str(p)).stdout.decode().strip()
               for p in (source / "texts").rglob("*.txt")}
    older: dict[str, bytes] = {}
    for patch in sorted((source / "amendments").rglob("*.patch")):
        header = patch.read_text(encoding="utf-8").split("\n\n", 1)[0]
        base, clause, text = (_BASE_RE.search(header), _CLAUSE_RE.search(header),
                              _TEXT_RE.search(header))
        if not (base and clause and text) or base.group(1) in current:
            continue
        blob = git(source, "cat-file", "blob", base.group(1), check=False)
        if blob.returncode == 0:
            older[f"texts/{text.group(1)}/{clause.group(1)}.txt"] = blob.stdout
    for path, content in sorted(older.items()):
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_bytes(content)
        git(dest, "add", path)
        git(dest, "commit", "-q", "-m", f"Older version of {path}")
    for name in ("texts", "amendments"):
        if (dest / name).exists():
            shutil.rmtree(dest / name)
        shutil.copytree(source / name, dest / name)
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--allow-empty", "-m", "The shipped workspace")
    return dest


@dataclass
class RealWorkspace:
    """A workspace on disk and what the checks need from it, computed once."""

    name: str
    path: Path
    out: Path  # where rendered files go
    _rendered: dict[str, bytes] = field(default_factory=dict)

    def render(self, fmt: str) -> bytes:
        """``consolidate build --format FMT --output FILE`` through the real entry point."""
        if fmt not in self._rendered:
            target = self.out / f"{self.name}-{fmt}{FORMATS[fmt].suffix}"
            result = subprocess.run(
                [sys.executable, "-m", "consolidate", "-C", str(self.path), "build",
                 "--format", fmt, "--output", str(target)],
                capture_output=True, text=True, check=False,
            )
            assert result.returncode == 0, f"build --format {fmt}: {result.stderr}"
            self._rendered[fmt] = target.read_bytes()
        return self._rendered[fmt]

    def file(self, fmt: str) -> Path:
        """The rendered file of *fmt*."""
        self.render(fmt)
        return self.out / f"{self.name}-{fmt}{FORMATS[fmt].suffix}"

    @cached_property
    def session(self) -> Session:
        session = Session.open(self.path)
        session.require_valid()
        return session

    @property
    def consolidation(self) -> Consolidation:
        return self.session.consolidation

    @cached_property
    def ctx(self) -> ExportContext:
        from consolidate.cli.output import export_context

        return export_context(self.session)

    @cached_property
    def original_text(self) -> str:
        """The text before any amendment, laid out as the ``text`` format lays it out."""
        return render_text(consolidate(self.session.text, [], {}))

    @property
    def consolidated_text(self) -> str:
        return self.render("text").decode("utf-8")


def lines(text: str) -> list[str]:
    """The non-blank lines of *text*, without trailing white space or a byte-order mark.

    Readers lay paragraphs out with one or two line ends between them, and drop white space
    at line ends; the words and their order are what must be equal.
    """
    return [line.rstrip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]
