"""Reading commands: list, show, check, conflicts, build, redline, review."""

from __future__ import annotations

import gc
import sys
from contextlib import nullcontext

import click

from consolidate.cli.base import cli, json_option, open_reader, open_session, text_option
from consolidate.cli.console import paged, progress, use_color
from consolidate.cli.stage_options import (
    at_option,
    from_option,
    stage_redline_output,
)
from consolidate.cli.terminal import argv_text, echo
from consolidate.core.errors import EXIT_CONFLICT, EXIT_INVALID, EXIT_OK
from consolidate.exporters.base import FORMATS

FORMAT_NAMES = list(FORMATS)
STATUS_CHOICES = ["draft", "tabled", "adopted", "rejected", "withdrawn", "fallen", "incorporated"]


@cli.command("list")
@text_option
@click.option("--status", type=click.Choice(STATUS_CHOICES), multiple=True,
              help="Only amendments with this status (repeatable).")
@click.option("--sponsor", "sponsors", multiple=True, metavar="TEXT", callback=argv_text,
              help="Only amendments with a principal sponsor or co-sponsor whose name holds "
                   "TEXT (any part, without case or accents; repeatable).")
@click.option("--country", "countries", multiple=True, metavar="COUNTRY", callback=argv_text,
              help="Only amendments signed by a member from COUNTRY (repeatable).")
@click.option("--clause", "clauses", multiple=True, metavar="CID", callback=argv_text,
              help="Only amendments to this clause (an id or a paragraph number; repeatable).")
@json_option
@click.pass_context
def list_command(ctx, text_id, status, sponsors, countries, clauses, as_json):
    """List the amendments in voting order, with their sponsors and co-sponsors.

    The filters combine: `list --sponsor dupont --status tabled` lists the tabled amendments
    that Mr DUPONT signed (as principal sponsor or co-sponsor); several values of one filter
    are alternatives (`--status adopted --status rejected`).
    """
    from consolidate.app.search import AmendmentFilter, clause_ids, filtered
    from consolidate.cli.output import print_amendment_list
    from consolidate.core.model import Status

    session = open_reader(ctx, text_id)
    wanted = AmendmentFilter(sponsors=sponsors, countries=countries,
                             clauses=clause_ids(session, clauses),
                             statuses=tuple(Status(s) for s in status))
    found = filtered(session, wanted)
    with paged():
        print_amendment_list(session, found, as_json)
    if not found and not as_json and (status or sponsors or countries or clauses):
        echo("No amendment matches these filters.", err=True)
    if session.problems:
        ctx.exit(EXIT_INVALID)


FORM_FORMATS = ("text", "html", "docx")


@cli.command("show")
@text_option
@click.argument("amendment_id", required=False, metavar="AMENDMENT_ID")
@click.option("--form", "form", default=None, is_flag=False, flag_value="text",
              metavar="[" + "|".join(FORM_FORMATS) + "]",
              help="Write the amendment form instead (to --output or standard output): "
                   "plain text when no format is given, or html or docx.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@click.option("--no-color", is_flag=True, help="Plain marks instead of colours.")
@json_option
@click.pass_context
def show_command(ctx, text_id, amendment_id, form, output, no_color, as_json):
    """Show one amendment: its sponsors, status, and its redline against its base."""
    from consolidate.cli.output import print_amendment, write_form

    form, amendment_id = _form_and_amendment(ctx, form, amendment_id)
    session = open_reader(ctx, text_id)
    amendment = session.amendment(amendment_id)
    if form:
        write_form(session, amendment, form, output)
        return
    with paged():
        print_amendment(session, amendment, use_color(no_color), as_json)


def _form_and_amendment(ctx: click.Context, form: str | None,
                        amendment_id: str | None) -> tuple[str | None, str]:
    """``show --form 1`` means the text form of AM 1: the option's optional format took the
    amendment; any other value that is no format is refused by click's own choice."""
    if form is not None and form not in FORM_FORMATS:
        if amendment_id is not None:
            option = next(p for p in ctx.command.params if p.name == "form")
            click.Choice(FORM_FORMATS).convert(form, option, ctx)  # raises click's error
        form, amendment_id = "text", form
    if amendment_id is None:
        raise click.MissingParameter(param_type="argument", param_hint="'AMENDMENT_ID'")
    return form, amendment_id


@cli.command("check")
@text_option
@json_option
@at_option
@click.pass_context
def check_command(ctx, text_id, as_json, at):
    """Check that every adopted amendment applies exactly (exit 0), or say why not (1 or 2)."""
    from consolidate.cli.output import print_check

    session = open_reader(ctx, text_id, at)
    problems = session.problems
    consolidation = session.consolidation
    print_check(session, problems, consolidation, as_json)
    if problems:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_OK if consolidation.ok else EXIT_CONFLICT)


@cli.command("conflicts")
@text_option
@json_option
@at_option
@click.pass_context
def conflicts_command(ctx, text_id, as_json, at):
    """Colliding amendments per clause, identical groups, and who falls if one is adopted."""
    from consolidate.cli.output import print_conflicts

    session = open_reader(ctx, text_id, at)
    session.require_valid()
    print_conflicts(session, session.conflicts, as_json)
    ctx.exit(EXIT_OK if session.consolidation.ok else EXIT_CONFLICT)


@cli.command("build")
@text_option
@click.option("-f", "--format", "fmt", default=None,
              help=f"One of: {', '.join(FORMAT_NAMES)}. Default: the format the extension of "
                   "--output names (.docx, .html, .md, .json, .diff, .txt, .ansi), else text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--notes", is_flag=True,
              help="Put the findings (duplicates, collisions) in the body of the md format.")
@click.option("--no-color", is_flag=True, help="Plain marks for the redline format.")
@at_option
@from_option
@click.pass_context
def build_command(ctx, text_id, fmt, output, notes, no_color, at, since):
    """Write the consolidated text in a format. Exit 1 when an adopted amendment cannot apply.

    Without --format, the extension of --output names the format, as with pandoc
    (`-o out.docx` writes a DOCX). A binary format (docx, forms-docx, sheet-docx) is not
    written to a terminal: give -o FILE or redirect standard output.
    """
    from consolidate.cli.output import build_output, emit, output_format, refuse_binary

    fmt = output_format(fmt, output)
    refuse_binary(fmt, output)
    session = open_reader(ctx, text_id, at)
    session.require_valid()
    color = use_color(no_color) and output is None
    with progress(f"Writing {fmt}") as report:  # steps: consolidate, render
        if report is not None:
            report(0, 2)
            session.consolidation  # noqa: B018 (consolidated here, for the bar's first step)
            report(1, 2)
        if since is not None:
            data = stage_redline_output(session, since, fmt, color=color, notes=notes)[0]
        else:
            data = build_output(session, fmt, color=color, notes=notes)
        if report is not None:
            report(2, 2)
    with paged() if output is None else nullcontext():
        emit(data, output, fmt)
    for finding in session.blocking_findings():
        echo(f"Conflict: {finding.message}", err=True)
    ctx.exit(EXIT_OK if session.consolidation.ok else EXIT_CONFLICT)


@cli.command("redline")
@text_option
@click.option("--no-color", is_flag=True, help="Plain [-deleted-]{+inserted+} marks.")
@at_option
@from_option
@click.pass_context
def redline_command(ctx, text_id, no_color, at, since):
    """Print the redlined consolidation: deletions struck through, insertions underlined."""
    from consolidate.cli.output import emit, print_redline

    session = open_reader(ctx, text_id, at)
    session.require_valid()
    with paged():
        if since is not None:
            emit(stage_redline_output(session, since, "redline", color=use_color(no_color))[0],
                 None)
        else:
            print_redline(session, use_color(no_color))
    ctx.exit(EXIT_OK if session.consolidation.ok else EXIT_CONFLICT)


@cli.command("review")
@text_option
@click.pass_context
def review_command(ctx, text_id):
    """Open the review app (Textual) on the workspace: redline, decisions, what-if, export.

    Every decision taken in the app is written and committed at once, as by `adopt`,
    `reject`, `withdraw` and `table`; `?` in the app lists the keys.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        echo("Error: the review app needs a terminal\n"
                   "  To fix: run it in a terminal; `consolidate redline` and `consolidate "
                   "build` work anywhere", err=True)
        ctx.exit(EXIT_INVALID)
    from consolidate.tui.app import run_review

    # Collections would walk, again and again, the objects reading the text makes (a tenth
    # of the first screen): the app collects once, after its first screen, and resumes them.
    gc.disable()
    session = open_session(ctx, text_id)
    session.require_valid()
    run_review(session)
