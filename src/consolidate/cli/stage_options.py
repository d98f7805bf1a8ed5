"""Options for reading a workspace as it was (``--at REV``) and redlines between stages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

F = Callable[..., Any]


def at_option(function: F) -> F:
    """``--at REV``: read the workspace as committed at a tag or commit (read-only)."""
    return click.option("--at", "at", default=None, metavar="REV",
                        help="Read the workspace as it was at this tag or commit "
                             "(a stage made by `promote`, a branch, a commit id).")(function)


def from_option(function: F) -> F:
    """``--from REV``: a redline from the consolidated text at an earlier revision."""
    return click.option("--from", "since", default=None, metavar="REV",
                        help="Redline from the consolidated text at this earlier revision (a "
                             "stage's tag, a branch, a commit) to the consolidated text: what "
                             "was decided since, every change attributed."
                        )(function)




def stage_redline_output(session, since: str, fmt: str, *, color: bool,
                         notes: bool = False) -> tuple[bytes, bool]:
    """The redline from *since* to the session's consolidation in *fmt*, and whether the
    consolidation is consistent."""
    from consolidate.app.stages import stage_redline
    from consolidate.cli.output import export_context
    from consolidate.core.errors import InvalidInput
    from consolidate.exporters import jsondoc
    from consolidate.exporters.base import UnknownFormatError, get_exporter

    consolidation = stage_redline(Path(session.workspace.root), session.text_id, since,
                                  session.at)
    if fmt == "json":
        data = jsondoc.consolidation_json(consolidation, session.voting_order())
        data["from"] = since
        return jsondoc.dumps(data).encode("utf-8"), session.consolidation.ok
    try:
        exporter = get_exporter(fmt)
    except UnknownFormatError as error:
        raise InvalidInput(str(error), hint="`consolidate build --help` lists the formats") from None
    ctx = export_context(session, color=color, consolidation=consolidation, notes=notes)
    return exporter.render(ctx), session.consolidation.ok
