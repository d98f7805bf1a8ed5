"""`consolidate amend --docx` and `amend --form`: amendments from Word documents.

The options are declared on the `amend` command (amend_cmds.py); this module does the work
once the command has seen them: read the document through the application layer, print what
it found, and table the amendments (or only say them, with --dry-run).
"""

from __future__ import annotations

from pathlib import Path

import click

from consolidate.cli.terminal import echo
from consolidate.core.wording import counted


def _usage(given: dict[str, object]) -> None:
    clash = [name for name, value in given.items() if value]
    if clash:
        raise click.UsageError(f"{', '.join(clash)} cannot be given with --docx or --form")


def amend_from_word(ctx: click.Context, *, text_id: str | None, docx: Path | None,
                    form: Path | None, dry_run: bool, sponsor: str | None,
                    cosponsors: tuple[str, ...], justification: str, status: str, against: str,
                    tabled: str | None, others: dict[str, object]) -> None:
    """Table the amendments of a Word document (or print them, with --dry-run)."""
    from consolidate.cli.base import open_session

    _usage(others)
    if docx is not None and form is not None:
        raise click.UsageError("give --docx or --form, not both")
    session = open_session(ctx, text_id)
    if docx is not None:
        requests, lines = _plan_docx(session, docx, sponsor=sponsor, cosponsors=cosponsors,
                                     justification=justification, status=status,
                                     against=against, tabled=tabled)
    else:
        if sponsor or cosponsors or against != "original":
            raise click.UsageError("--sponsor, --cosponsor and --against are for --docx; a "
                                   "form names its own sponsors")
        assert form is not None
        requests, lines = _plan_form(session, form, status=status, tabled=tabled)
    if dry_run:
        for line in lines:
            echo(line)
        echo(f"Dry run: {counted(len(requests), 'amendment')} found, nothing tabled.", err=True)
        return
    result = session.amend(requests)
    for warning in result.warnings:
        echo(f"Warning: {warning}", err=True)
    for amendment in result.amendments:
        who = f" by {amendment.sponsor.short}" if amendment.sponsor else ""
        echo(f"{amendment.label} on {amendment.target}{who}", err=True)
    echo(f"Tabled {counted(len(result.amendments), 'amendment')}, committed "
         f"{result.commit[:10]}",
               err=True)
    for amendment in result.amendments:
        echo(amendment.id)
    _report_collisions(ctx, session, {a.id for a in result.amendments})


def _plan_docx(session, path: Path, *, sponsor, cosponsors, justification, status, against,
               tabled):
    from consolidate.app.word import describe, plan_docx, read_docx_bytes

    plan = plan_docx(session, read_docx_bytes(path), path.name, sponsor=sponsor,
                     cosponsors=cosponsors, justification=justification, against=against,
                     status=status, tabled=tabled)
    for note in plan.notes:
        echo(f"Note: {note}", err=True)
    if plan.format_changes:
        echo(f"Note: {counted(plan.format_changes, 'formatting-only revision')} ignored "
                   "(formatting is not amended)", err=True)
    if plan.moves:
        echo(f"Note: {counted(plan.moves, 'moved passage')} read as a deletion and an "
             "insertion",
                   err=True)
    return plan.requests, describe(plan)


def _plan_form(session, path: Path, *, status, tabled):
    from consolidate.app.word import read_docx_bytes
    from consolidate.app.word_forms import describe_forms, plan_forms

    proposals, notes = plan_forms(session, read_docx_bytes(path), path.name, status=status,
                                  tabled=tabled)
    for note in notes:
        echo(f"Warning: {note}", err=True)
    return [p.request for p in proposals], describe_forms(proposals)


def _report_collisions(ctx: click.Context, session, new: set[str]) -> None:
    """Say which new amendments collide, as `consolidate conflicts` does, and exit as it does."""
    from consolidate.core.errors import EXIT_CONFLICT, EXIT_OK

    report = session.conflicts
    amendments = {a.id: a for a in session.amendments}

    def label(i: str) -> str:
        return f"{amendments[i].label} ({i}, {amendments[i].status.value})"

    for collision in report.collisions:
        if collision.first in new or collision.second in new:
            echo(f"Collision on {collision.clause}: {label(collision.first)} and "
                       f"{label(collision.second)} both change '{collision.words}'", err=True)
    ctx.exit(EXIT_OK if session.consolidation.ok else EXIT_CONFLICT)
