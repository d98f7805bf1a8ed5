"""Real workspaces for the real-client checks: the one shipped in this repository (a fresh
clone, the ``shipped_template`` of tests/conftest.py), and the French Civil Code after replaying
its 34 amending acts (tests/realdata).

Every format is rendered by the command line (``consolidate -C WS build --format F --output
FILE``, in process), once per workspace and format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from support import cli, expect, shipped_clone

from consolidate.app.session import Session
from consolidate.core.engine import consolidate
from consolidate.core.model import Consolidation
from consolidate.exporters import FORMATS, ExportContext
from consolidate.exporters.text import render_text


def copy_shipped_workspace(dest: Path) -> Path:
    """A fresh clone of the shipped workspace; the old name of :func:`support.shipped_clone`."""
    return shipped_clone(dest)


@dataclass
class RealWorkspace:
    """A workspace on disk and what the checks need from it, computed once."""

    name: str
    path: Path
    out: Path  # where rendered files go
    _rendered: dict[str, bytes] = field(default_factory=dict)

    def render(self, fmt: str) -> bytes:
        """``consolidate build --format FMT --output FILE``."""
        if fmt not in self._rendered:
            target = self.out / f"{self.name}-{fmt}{FORMATS[fmt].suffix}"
            expect(cli(self.path, "build", "--format", fmt, "--output", str(target)))
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
