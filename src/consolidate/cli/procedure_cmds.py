"""Procedure commands: votelist, instruction, promote, stages, blame."""

from __future__ import annotations

from pathlib import Path

import click

from consolidate.cli.base import cli, json_option, open_reader, open_session, text_option
from consolidate.cli.console import progress
from consolidate.cli.stage_options import at_option, from_option
from consolidate.cli.terminal import echo, safe
from consolidate.core.errors import EXIT_INVALID, EXIT_OK


@cli.command("votelist")
@text_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "md", "html", "docx"]),
              default="text", show_default=True, help="How to write the list.")
@json_option
@click.option("--preamble-last/--preamble-in-order", "preamble_last", default=None,
              help="Vote the preambular paragraphs after the operative ones (default: as the "
                   "order file says; 'preamble: last' there makes it the rule).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@at_option
@click.pass_context
def votelist_command(ctx, text_id, fmt, as_json, preamble_last, output, at):
    """The voting list: one vote a line, in the order they are put to the vote.

    Clause by clause in text order; within a clause the chair's order file
    (amendments/TEXT/order.txt) first, then compromise amendments; mutually exclusive
    amendments are voted furthest from the original first (the deletion of the clause, then
    the largest share of words changed); identical amendments are voted together. Each vote
    says which amendments fall if it is adopted; a vote on an amendment that changes words an
    adopted one already changed says it falls, and `adopt --next` and `reject --next`, which
    follow the list, skip it.
    """
    from consolidate.cli.output import emit
    from consolidate.exporters import votelist as exporter

    session = open_reader(ctx, text_id, at)
    session.require_valid()
    listed = session.voting_list(preamble_last=preamble_last)
    amendments = {a.id: a for a in session.amendments}
    fmt = "json" if as_json else fmt
    if fmt == "text":
        _print_votes(listed, amendments, session.text)
        return
    emit(exporter.render(fmt, listed, amendments, session.text), output)


def _print_votes(listed, amendments, text) -> None:
    from consolidate.exporters.votelist_rows import rows

    table = rows(listed, amendments, text)
    if not table:
        echo("The voting list is empty: no amendment is tabled.")
        return
    place = max(len(r.place) for r in table)
    names = max(len(r.amendments) for r in table)
    for row in table:
        falls = _falls(row.status, row.falls)
        echo(f"{row.vote:>3}  {row.place:<{place}}  {row.amendments:<{names}}  "
                   f"{row.status:<8}  {row.sponsors}{falls}".rstrip())


def _falls(status: str, falls: str) -> str:
    """'— if adopted, AM 3 falls' for a vote still to come; '— AM 3 fell' once adopted;
    nothing once rejected or withdrawn (nothing fell)."""
    if not falls:
        return ""
    decided = status.split(" ", 1)[0].split("/")
    if decided == ["adopted"]:
        return f"  — {falls} fell"
    if any(s in ("tabled", "draft") for s in decided):
        return f"  — if adopted, {falls} fall{'s' if ',' not in falls else ''}"
    return ""


@cli.command("instruction")
@text_option
@click.argument("ids", nargs=-1)
@json_option
@at_option
@click.pass_context
def instruction_command(ctx, text_id, ids, as_json, at):
    """The amending instruction of amendments, in drafting English.

    "In paragraph 10, replace 'child pornography' with 'child sexual abuse material'", with
    the paragraph numbers of the text as tabled. With one amendment only its instruction is
    printed (ready for `amend --instruction-file -`); with none, every amendment's, in voting
    order. `amend --instruction` reads them back.
    """
    from consolidate.core.engine import read_edits
    from consolidate.core.instructions import amendment_instruction
    from consolidate.core.labels import clause_labels
    from consolidate.exporters.jsondoc import document, dumps

    session = open_reader(ctx, text_id, at)
    chosen = [session.amendment(i) for i in ids] if ids else session.voting_order()
    labels = clause_labels(session.text)
    out = []
    for amendment in chosen:
        drafted = read_edits(amendment, session.bases)
        words = None if drafted.finding else amendment_instruction(
            session.text, amendment, drafted.base, drafted.edits, labels)
        out.append((amendment, words, drafted.finding.message if drafted.finding else None))
    if as_json:
        click.echo(dumps(document(text=session.text_id, instructions=[
            {"id": a.id, "number": a.number, "status": a.status.value, "instruction": words,
             "problem": problem} for a, words, problem in out])), nl=False)
        return
    out = [_printable(a, words, problem) for a, words, problem in out]
    for amendment, _, problem in out:
        if problem:
            echo(f"Error: {amendment.label} ({amendment.id}): {problem}", err=True)
    if len(ids) == 1 and out[0][1] is not None:
        echo(out[0][1])
    else:
        for amendment, words, _ in out:
            if words is not None:
                echo(f"{amendment.label} ({amendment.id}): {words}")
    if any(problem for _, _, problem in out):
        ctx.exit(EXIT_INVALID)


def _printable(amendment, words: str | None, problem: str | None):
    """An instruction holding control characters is not printed: as plain text it could not
    be read back (and a terminal would act on them); `--json` carries it exactly."""
    if words is not None and safe(words) != words:
        return amendment, None, ("its text holds control characters, which an instruction "
                                 "cannot carry; `consolidate instruction --json` gives it "
                                 "with escapes")
    return amendment, words, problem


@cli.command("promote")
@text_option
@click.option("--tag", default=None, metavar="NAME",
              help="Name of the stage, given to the commit as a git tag "
                   "(default: TEXT/stage-N).")
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="Decision date for adopted amendments that have none.")
@json_option
@click.pass_context
def promote_command(ctx, text_id, tag, date, as_json):
    """Make the consolidated text the new base of the text (a new stage).

    The clause files become the consolidated clauses (deleted clauses go, inserted ones come
    in at their place; paragraphs are renumbered, clause ids stay), the adopted amendments
    become incorporated, and the change is committed and tagged. Amendments tabled before
    and still to be decided are rebased onto the new text; amendments tabled afterwards are
    drafted on it. Refused (exit 1) while an adopted amendment cannot be applied.
    """
    from consolidate.exporters.jsondoc import document, dumps

    session = open_session(ctx, text_id)
    with progress("Promoting") as report:
        result = session.promote(tag=tag, date=date or "", progress=report)
    if as_json:
        click.echo(dumps(document(text=session.text_id, stage=result.stage, commit=result.commit,
                                  incorporated=list(result.incorporated),
                                  inserted=list(result.inserted), deleted=list(result.deleted))),
                   nl=False)
        return
    echo(f"Promoted text '{session.text_id}' to stage {result.stage}: "
               f"{_count(len(result.incorporated), 'amendment')} incorporated, "
               f"{_count(len(result.inserted), 'clause')} inserted, "
               f"{_count(len(result.deleted), 'clause')} deleted.")
    echo(f"Committed {result.commit[:10]}, tagged {result.stage}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@cli.command("stages")
@text_option
@json_option
@click.pass_context
def stages_command(ctx, text_id, as_json):
    """The stages of the text (its promotions), oldest first."""
    from consolidate.app.stages import list_stages
    from consolidate.exporters.jsondoc import document, dumps

    session = open_reader(ctx, text_id)
    found = list_stages(session.workspace.root, session.text_id)
    if as_json:
        click.echo(dumps(document(text=session.text_id, stages=[
            {"stage": s.stage, "commit": s.commit, "parent": s.parent, "subject": s.subject}
            for s in found])), nl=False)
        return
    if not found:
        echo("No stage yet: `consolidate promote` makes one.")
    for step in found:
        echo(f"{step.stage}  {step.commit[:10]}")


@cli.command("blame")
@text_option
@click.argument("clause", required=False)
@json_option
@at_option
@from_option
@click.pass_context
def blame_command(ctx, text_id, clause, as_json, at, since):
    """Where each word of the consolidated text comes from.

    For every word: the amendment, its sponsor and the stage that introduced it (the tag of
    the promotion; "not promoted" for an amendment adopted since), "original", or a direct
    edit of the clause file (its commit). CLAUSE is a clause id or a paragraph number of
    the consolidated text; without it, every clause.
    """
    from consolidate.app.stages import lineage
    from consolidate.cli.blame_output import blame_json, print_blame, select
    from consolidate.exporters.jsondoc import dumps

    session = open_reader(ctx, text_id, at)
    session.require_valid()
    history = lineage(Path(session.workspace.root), session.text_id, since=since, at=at)
    entries = select(history, clause)
    if as_json:
        click.echo(dumps(blame_json(session.text_id, history, entries)), nl=False)
    else:
        print_blame(entries)
    ctx.exit(EXIT_OK)
