"""An amendment's life after tabling: `consolidate edit` and `consolidate undo`."""

from __future__ import annotations

import click

from consolidate.cli.base import cli, json_option, open_session, text_option
from consolidate.cli.terminal import argv_text, echo


@cli.command("edit")
@text_option
@click.argument("amendment_id", metavar="ID")
@click.option("--proposed", type=click.File("rb"), default=None, metavar="FILE",
              help="The new proposed text of the clause ('-' for standard input). Without it, "
                   "an edit of texts/ID/CID.txt in the working tree is the new proposal (as "
                   "for `amend`); with neither, the proposed text stays as it is.")
@click.option("--sponsor", default=None, callback=argv_text,
              help='The principal sponsor, e.g. "Mr Pierre DUPONT (France)".')
@click.option("--cosponsor", multiple=True, callback=argv_text,
              help="A co-sponsor (repeat for several): the co-sponsors given replace the list.")
@click.option("--no-cosponsors", is_flag=True, help="Remove every co-sponsor.")
@click.option("--justification", default=None, callback=argv_text,
              help="The new justification.")
@click.pass_context
def edit_command(ctx, text_id, amendment_id, proposed, sponsor, cosponsor, no_cosponsors,
                 justification):
    """Change an amendment while it is draft or tabled, and commit the change.

    ID is the amendment's id or number. Its proposed text (a new patch on the same base, made
    as `amend` makes it), sponsor, co-sponsors or justification change; its id, number,
    clause and status stay. Refused (exit 2) once the amendment is adopted, rejected,
    withdrawn or fallen.

    \b
    Examples:
      consolidate edit 7 --sponsor "Ms Maria GARCÍA (Spain)"
      consolidate edit 7 --proposed p9-new.txt --justification "Clearer wording."
      $EDITOR texts/seed/p9.txt && consolidate edit 7
    """
    from consolidate.app.requests import edit_request, read_text

    session = open_session(ctx, text_id)
    change = edit_request(
        proposed=read_text(proposed) if proposed is not None else None,
        where="",
        sponsor=sponsor, cosponsors=cosponsor, no_cosponsors=no_cosponsors,
        justification=justification)
    result = session.edit(amendment_id, change)
    for warning in result.warnings:
        echo(f"Warning: {warning}", err=True)
    amendment = result.amendments[0]
    echo(f"{amendment.label} on {amendment.target} edited, committed {result.commit[:10]}",
         err=True)
    echo(amendment.id)


@cli.command("undo")
@text_option
@click.argument("name", metavar="[ID|COMMIT]", required=False, callback=argv_text)
@click.option("-n", "--last", "count", type=click.IntRange(min=1), default=None, metavar="N",
              help="Undo the last N decisions (default: the last one).")
@click.option("--list", "listing", is_flag=True,
              help="List the decisions that can be undone, newest first, and change nothing.")
@json_option
@click.pass_context
def undo_command(ctx, text_id, name, count, listing, as_json):
    """Undo a recorded decision (adopt, reject, withdraw, table) with a new commit.

    Without an argument, the last decision; with -n N, the last N (in one commit); with an
    amendment's number or id, the last decision on it; with a commit, that decision. The
    amendments go back to what they were before it (those that fell with an adoption go
    back to tabled). Undo again to go further back: an undo is never itself undone.

    Refused (exit 2, nothing written) when a later commit changed one of those amendments,
    or a later decision depends on it: an amendment adopted since would no longer apply, or
    an amendment going back to tabled changes words adopted since. Decisions before the
    text's last promotion cannot be undone.

    \b
    Examples:
      consolidate undo            # the last decision
      consolidate undo -n 3       # the last three
      consolidate undo 13         # the last decision on AM 13
    """
    from consolidate.cli.output import print_decisions

    if name and count:
        raise click.UsageError("name a decision or give --last N, not both")
    session = open_session(ctx, text_id)
    if listing:
        for decision in session.undoable():
            echo(f"{decision.commit[:10]}  {decision.subject}")
        return
    result = session.undo(count or 1, name)
    for decision in result.undone:
        echo(f"Undone: {decision.subject} ({decision.commit[:10]})", err=True)
    print_decisions(session, result, as_json)
