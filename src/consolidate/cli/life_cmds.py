"""An amendment's life after tabling: `consolidate edit` and `consolidate undo`."""

from __future__ import annotations

import click

from consolidate.cli.base import cli, open_session, text_option
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
