"""The export context and the registry of output formats.

Importing this module (or ``consolidate.exporters``) is cheap: it imports no renderer. Each
format names the function that renders it as ``"module:function"``, and the module is imported
only when the format is rendered, so rich, lxml and python-docx stay out of ``--help``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from consolidate.core.model import Amendment, Consolidation, FindingKind
from consolidate.core.procedure import voting_order


@dataclass(frozen=True)
class ExportContext:
    """Everything an exporter may use: the consolidation and the amendments of the text.

    ``bases`` optionally maps an amendment id to the text of the clause it was drafted on
    (the blob named by its ``base``); the amendment forms use it to word the amending
    instruction. Without it the original clause text of the consolidation is used.
    ``order`` lists the amendment ids in voting order (the voting list's, which needs the
    workspace); formats that list amendments in voting order follow it. ``notes`` puts the
    engine's findings in the body of the formats that keep them out by default (Markdown).
    """

    consolidation: Consolidation
    amendments: Mapping[str, Amendment]  # every amendment of the text, by id
    color: bool = True  # for the terminal redline
    width: int = 100  # terminal width for the Rich redline
    bases: Mapping[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # amendment ids in voting order; empty: the text's order
    notes: bool = False  # findings in the Markdown body

    @cached_property
    def joint(self) -> dict[str, tuple[str, ...]]:
        """Identical amendments credited jointly: the applied amendment that made a change
        -> it and the adopted amendments identical to it ('AM 5 = AM 6'), in voting order."""
        applied = set(self.consolidation.applied)
        joint: dict[str, list[str]] = {}
        for finding in self.consolidation.findings:
            if (finding.kind is FindingKind.DUPLICATE and len(finding.others) == 1
                    and finding.amendment in applied and finding.others[0] in applied):
                first = finding.others[0]
                joint.setdefault(first, [first]).append(finding.amendment)
        return {first: tuple(group) for first, group in joint.items()}

    def credited(self, amendment_id: str) -> tuple[Amendment, ...]:
        """The amendments a change made by *amendment_id* is credited to (it, and those
        identical to it); unknown ids are left out."""
        ids = self.joint.get(amendment_id, (amendment_id,))
        return tuple(self.amendments[i] for i in ids if i in self.amendments)

    def amendments_in_order(self) -> list[Amendment]:
        """Every amendment of the text in voting order (``order``, then the text's order)."""
        listed = [self.amendments[i] for i in self.order if i in self.amendments]
        seen = {a.id for a in listed}
        rest = [a for a in self.amendments.values() if a.id not in seen]
        return listed + voting_order(self.consolidation.text, rest)


class UnknownFormatError(ValueError):
    """A format name that is not in :data:`FORMATS`."""


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, file suffix, and the function that renders it."""

    name: str
    suffix: str
    binary: bool
    description: str
    target: str  # "module:function", imported on first use

    def load(self) -> Callable[[ExportContext], bytes]:
        """Import the rendering function (this is where rich, lxml or docx get imported)."""
        module_name, _, function = self.target.partition(":")
        module = importlib.import_module(module_name)
        render: Callable[[ExportContext], bytes] = getattr(module, function)
        return render

    def render(self, ctx: ExportContext) -> bytes:
        """Render *ctx* in this format; text formats are UTF-8."""
        return self.load()(ctx)


_PKG = "consolidate.exporters"
# name, suffix, binary, description, "module:function" under consolidate.exporters
_TABLE: tuple[tuple[str, str, bool, str, str], ...] = (
    ("text", ".txt", False, "the consolidated text, as a reader sees it", "text:render"),
    ("redline", ".ansi", False, "terminal redline (ANSI colours; plain marks with colour off)",
     "redline:render"),
    ("html", ".html", False, "standalone HTML redline with <ins>/<del> and a legend",
     "html:render"),
    ("critic", ".md", False, "CriticMarkup redline", "critic:render"),
    ("md", ".md", False, "GitHub Markdown redline with a table of amendments", "markdown:render"),
    ("diff", ".diff", False, "unified diff of the clause files, for git apply", "unified:render"),
    ("json", ".json", False, "the consolidation as JSON, for machines", "jsonout:render"),
    ("docx", ".docx", True, "Word document with tracked changes by amendment",
     "docx_redline:render"),
    ("forms", ".html", False, "the amendment forms of all amendments (HTML)",
     "forms:render_forms"),
    ("forms-docx", ".docx", True, "the amendment forms of all amendments (DOCX)",
     "forms:render_forms_docx_all"),
    ("sheet", ".html", False, "two-column sheet: text proposed | amendment (HTML)",
     "forms:render_sheet"),
    ("sheet-docx", ".docx", True, "two-column sheet: text proposed | amendment (DOCX)",
     "forms:render_sheet_docx_all"),
)

FORMATS: dict[str, Exporter] = {
    name: Exporter(name, suffix, binary, description, f"{_PKG}.{target}")
    for name, suffix, binary, description, target in _TABLE
}


# The extension of an output file names its format when none is given (as pandoc infers its
# output format from -o): '.md' is Markdown, the format a reader expects of it.
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".ansi": "redline", ".html": "html", ".htm": "html",
    ".md": "md", ".markdown": "md", ".diff": "diff", ".patch": "diff", ".json": "json",
    ".docx": "docx",
}


def format_for_path(path: str) -> str | None:
    """The format an output file's extension names ('out.docx' -> 'docx'); None when it has
    no extension or one that names no format."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return None
    return EXTENSIONS.get("." + extension.lower())


def get_exporter(name: str) -> Exporter:
    """The exporter called *name*; :class:`UnknownFormatError` names the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormatError(f"unknown format {name!r}; choose one of: {known}") from None
