"""`consolidate amend` and the decisions: table, adopt, reject, withdraw."""

from __future__ import annotations

from pathlib import Path

import click

from consolidate.cli.base import cli, json_option, open_session, text_option
from consolidate.cli.console import info, progress
from consolidate.cli.terminal import argv_text, echo
from consolidate.cli.word_cmds import amend_from_word


@cli.command("amend")
@text_option
@click.option("--clause", metavar="CID", callback=argv_text, help="Modify this clause.")
@click.option("--delete", "delete", metavar="CID", callback=argv_text, help="Delete this clause.")
@click.option("--insert-after", metavar="CID", callback=argv_text,
              help="Insert a new clause after this one.")
@click.option("--insert-before", metavar="CID", callback=argv_text,
              help="Insert a new clause before this one.")
@click.option("--new-id", default="", metavar="NEWID", callback=argv_text,
              help="Id of the inserted clause.")
@click.option("--proposed", type=click.File("rb"), default=None, metavar="FILE",
              help="The proposed text of the clause ('-' for standard input). Without it, "
                   "an edit of texts/ID/CID.txt in the working tree is the proposal. Its final "
                   "newline follows the clause's (docs/format.md).")
@click.option("--sponsor", default=None, callback=argv_text,
              help='Principal sponsor, e.g. "Mr Pierre DUPONT (France)".')
@click.option("--cosponsor", multiple=True, callback=argv_text,
              help="A co-sponsor (repeat for several).")
@click.option("--justification", default="", callback=argv_text,
              help="Why the amendment is proposed.")
@click.option("--status", type=click.Choice(["draft", "tabled"]), default="tabled", show_default=True)
@click.option("--against", type=click.Choice(["original", "consolidated"]), default="original",
              show_default=True, help="Diff the proposal against the committed clause, or against "
                                      "its current consolidated text (to build on adopted amendments).")
@click.option("--order", type=int, default=None, help="Voting rank within its clause.")
@click.option("--compromise", is_flag=True, help="A compromise amendment (voted first).")
@click.option("--tabled", "tabled", default=None, metavar="YYYY-MM-DD",
              help="Date of tabling (default: today).")
@click.option("--batch", type=click.File("rb"), default=None, metavar="FILE.jsonl",
              help="Create many amendments in one commit: one JSON object a line (the fields "
                   "and an example below).")
@click.option("--instruction", "instructions", multiple=True, metavar="TEXT", callback=argv_text,
              help="An amending instruction, e.g. \"In paragraph 10, replace 'a' with 'b'\" "
                   "(repeat for several on the same paragraph).")
@click.option("--instruction-file", type=click.File("rb"), default=None,
              metavar="FILE", help="Amending instructions, one a line ('-' for standard input); "
                                   "a line that starts with a quote mark goes on with the "
                                   "quotation of the line before (as `instruction` writes them).")
@click.option("--docx", "docx", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="FILE.docx",
              help="Table the tracked changes of a Word document (see below).")
@click.option("--form", "form", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="FILE.docx",
              help="Table the amendment(s) set out on filled-in amendment forms.")
@click.option("--dry-run", is_flag=True,
              help="With --docx or --form: print the amending instructions, table nothing.")
@click.pass_context
def amend_command(ctx, text_id, clause, delete, insert_after, insert_before, new_id, proposed,
                  sponsor, cosponsor, justification, status, against, order, compromise, tabled,
                  batch, instructions, instruction_file, docx=None, form=None, dry_run=False):
    """Table an amendment (a word-level patch on the committed clause) and commit it.

    The new amendment's id is the last line printed. With --batch, the new ids are printed
    one per line in the order of the file's lines; a batch with a bad line is refused whole.

    New clauses: several inserted after (or before) the same clause are not a collision;
    they land in voting order, one after the other. A new clause may be inserted next to a
    clause that another amendment inserts (--insert-after p11-7kq2m9xd): it goes in with it.

    \b
    A --batch file is JSON Lines: one JSON object a line (UTF-8, blank lines skipped), with
    the fields clause (required), proposed (required but for delete), action (modify,
    delete, insert-after, insert-before), new_id, new_kind, number, sponsor, cosponsors (a
    list), justification, status, order, compromise, tabled, against, text
    (docs/format.md, Batch files). For example:
      {"clause": "p10", "proposed": "Reiterates ...", "sponsor": "Mr Pierre DUPONT (France)"}
      {"clause": "p11", "action": "insert-after", "proposed": "Urges ...", "new_id": "p11a"}
      {"clause": "p14", "action": "delete", "cosponsors": ["Ms Anna SCHMIDT (Germany)"]}

    \b
    With --instruction (or --instruction-file), the amendment is read from amending
    instructions in drafting English, on the paragraph numbers of the text as tabled:
      In paragraph 10, replace 'child pornography' with 'child sexual abuse material'
      In paragraph 11, after 'to ratify', insert 'and fully implement'
      In paragraph 16, delete 'credit card companies, banks,'
      Delete paragraph 14
      After paragraph 11, insert a new paragraph: '...'
      Replace paragraph 13 with the following: '...'
    An instruction that does not match the text exactly (a quotation not found, or found
    more than once, an unknown paragraph) is refused with the reason (exit 2).

    \b
    With --docx FILE.docx, the tracked changes of a Word document become amendments:
    each author's changes to one paragraph make one amendment, the author its sponsor
    ("Ms Anna SCHMIDT (Germany)" read into its parts; --sponsor names one sponsor for the
    whole document), the revision date its tabling date, a comment in the paragraph its
    justification. Paragraphs are matched to clauses by their text before the changes
    (--against consolidated: the consolidated text); a changed paragraph that matches no
    clause, or several, is refused and nothing is tabled. Colliding changes are all tabled
    and reported as `consolidate conflicts` reports them. With --form FILE.docx, each
    filled-in amendment form is tabled as the amendment it sets out, with its sponsors.
    --dry-run prints the amending instructions and tables nothing.
    """
    from consolidate.app.requests import (
        batch_requests,
        instruction_request,
        read_text,
        single_request,
    )

    if docx is not None or form is not None:
        amend_from_word(ctx, text_id=text_id, docx=docx, form=form, dry_run=dry_run,
                        sponsor=sponsor, cosponsors=cosponsor, justification=justification,
                        status=status, against=against, tabled=_check_date(tabled, "--tabled"),
                        others={"--clause": clause, "--delete": delete,
                                "--insert-after": insert_after, "--insert-before": insert_before,
                                "--new-id": new_id, "--proposed": proposed, "--batch": batch,
                                "--instruction": instructions,
                                "--instruction-file": instruction_file, "--order": order,
                                "--compromise": compromise})
        return
    if dry_run:
        raise click.UsageError("--dry-run is for --docx and --form")
    session = open_session(ctx, text_id)
    if batch is not None:
        requests = batch_requests(batch, session.text_id, against)
    elif instructions or instruction_file is not None:
        requests = [instruction_request(
            session, list(instructions), instruction_file, given=[clause, delete, insert_after,
                                                                   insert_before, proposed],
            new_id=new_id, sponsor=sponsor, cosponsors=cosponsor, justification=justification,
            status=status, order=order, compromise=compromise,
            tabled=_check_date(tabled, "--tabled"),
        )]
    else:
        requests = [single_request(
            clause=clause, delete=delete, insert_after=insert_after, insert_before=insert_before,
            new_id=new_id, proposed=read_text(proposed) if proposed else None,
            sponsor=sponsor,
            cosponsors=cosponsor, justification=justification, status=status, against=against,
            order=order, compromise=compromise, tabled=_check_date(tabled, "--tabled"),
        )]
    with progress("Tabling") as report:
        result = session.amend(requests, report)
    for warning in result.warnings:
        echo(f"Warning: {warning}", err=True)
    if batch is None:
        amendment = result.amendments[0]
        info(f"{amendment.label} on {amendment.target}, committed {result.commit[:10]}")
    for amendment in result.amendments:
        echo(amendment.id)


def _decision_command(name: str, status_name: str, summary: str, follows_list: bool = False):
    @cli.command(name, help=summary)
    @text_option
    @click.argument("ids", nargs=-1, required=not follows_list)
    @click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date of the decision (default: today).")
    @json_option
    @click.pass_context
    def command(ctx, text_id, ids, date, as_json, take_next=False):
        from consolidate.cli.output import print_decisions
        from consolidate.core.model import Status

        session = open_session(ctx, text_id)
        if take_next:
            if ids:
                raise click.UsageError("give amendment ids or --next, not both")
            session.require_valid()
            vote = session.next_vote()
            labels = {a.id: a.label for a in session.amendments}
            for skipped in session.skipped_votes(vote):
                click.echo(f"Skipped: {skipped.why_it_falls(labels)}", err=True)
            # identical amendments are one vote: name the first, the rest follow
            ids = vote.amendments[:1]
        elif not ids:
            raise click.UsageError("name one or more amendments, or give --next")
        with progress(f"Recording the decision ({name})") as report:
            result = session.decide(list(ids), Status(status_name),
                                    date=_check_date(date, "--date"), progress=report)
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        print_decisions(session, result, as_json, result.amendments)

    if follows_list:
        command = click.option("--next", "take_next", is_flag=True,
                               help="The next vote of the voting list (`consolidate votelist`): "
                                    "its amendments, voted together.")(command)
    return command


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2008-07-02",
                                 param_hint=option) from None
    return value


_decision_command(
    "table", "tabled",
    "Table draft amendments (or reinstate withdrawn, rejected or fallen ones). A fallen "
    "amendment cannot be tabled again while the amendment that made it fall is adopted.")
_decision_command(
    "adopt", "adopted",
    "Adopt amendments, in the order of the voting list. Identical amendments are adopted "
    "together; tabled amendments that change the same words fall (an amendment named here "
    "that falls because of one adopted before it is reported as fallen, not refused). "
    "Refused (exit 1, nothing recorded) when one collides with an amendment already adopted. "
    "--next adopts the next vote of the voting list, skipping the votes that fall.",
    follows_list=True,
)
_decision_command(
    "reject", "rejected",
    "Reject tabled amendments, in the order of the voting list. Identical amendments are one "
    "vote: rejecting one rejects the others still tabled. --next rejects the next vote of the "
    "voting list, skipping the votes that fall.", follows_list=True)
_decision_command("withdraw", "withdrawn", "Withdraw amendments (by their sponsors).")
