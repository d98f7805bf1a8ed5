"""Working with others: `consolidate sync` (share through a git remote) and `consolidate
changes` (what changed between two revisions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from consolidate.cli.base import cli, json_option, text_option
from consolidate.cli.console import working
from consolidate.cli.terminal import echo
from consolidate.exporters.jsondoc import document, dumps

if TYPE_CHECKING:  # the application (and git) is imported by the commands that run
    from consolidate.app.changes import AmendmentChange, ChangeSet
    from consolidate.app.sync import SyncResult


@cli.command("changes")
@text_option
@click.argument("revisions", metavar="REV1..REV2")
@json_option
@click.pass_context
def changes_command(ctx: click.Context, text_id: str | None, revisions: str,
                    as_json: bool) -> None:
    """The amendments tabled, edited and decided between two revisions, and the clauses of
    the text changed (for reviews and CI).

    REV1..REV2 are two revisions (tags, branches, commit ids), e.g. origin/main..HEAD;
    REV2 defaults to HEAD.
    """
    from consolidate.app.changes import changes

    found = changes(ctx.obj["workspace"], text_id, revisions)
    if as_json:
        click.echo(dumps(_json(found)), nl=False)
        return
    if not found.amendments and not found.clauses:
        echo(f"No change to text '{found.text_id}' between {found.since[:10]} and "
                   f"{found.until[:10]}.")
    for change in found.amendments:
        echo(_line(change))
    for clause in found.clauses:
        echo(f"{'clause':<8} {clause.clause} {clause.kind}")


def _line(change: AmendmentChange) -> str:
    amendment = change.amendment
    name = f"{amendment.label} ({amendment.id})"
    if change.kind == "tabled":
        who = f" by {amendment.sponsor.short}" if amendment.sponsor else ""
        now = "" if amendment.status.value in ("tabled", "draft") else \
            f", now {amendment.status.value}"
        return f"{'tabled':<8} {name} on {amendment.target}{who}{now}"
    if change.kind == "decided":
        assert change.before is not None
        edit = f"; edited: {', '.join(change.fields)}" if change.fields else ""
        return (f"{'decided':<8} {name}: {change.before.status.value} -> "
                f"{amendment.status.value}{edit}")
    if change.kind == "edited":
        return f"{'edited':<8} {name}: {', '.join(change.fields)}"
    return f"{'removed':<8} {name}"


def _json(found: ChangeSet) -> dict[str, object]:
    return document(**{
        "text": found.text_id, "from": found.since, "to": found.until,
        "amendments": [{
            "change": c.kind, "id": c.amendment.id, "number": c.amendment.number,
            "clause": c.amendment.target,
            "status_before": c.before.status.value if c.before else None,
            "status_after": c.after.status.value if c.after else None,
            "fields": list(c.fields)} for c in found.amendments],
        "clauses": [{"clause": c.clause, "change": c.kind} for c in found.clauses],
    })


@cli.command("sync")
@click.argument("remote_name", metavar="[REMOTE]", required=False)
@click.option("--attempts", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many times to try again when the remote moves meanwhile.")
@json_option
@click.pass_context
def sync_command(ctx: click.Context, remote_name: str | None, attempts: int,
                 as_json: bool) -> None:
    """Share the workspace: fetch, integrate, reconcile numbers, check, push.

    REMOTE defaults to the branch's remote (else `origin`). Amendments tabled in any number
    of clones come together; numbers a chair reads out are made unique (a number that was
    published or voted on never changes). When the remote moved meanwhile, sync tries again.

    \b
    Exit codes:
      0  done: this clone and the remote hold the same work
      1  people must decide something (named in the message); nothing was changed here
      2  invalid input or usage
      3  the remote cannot be reached, or kept moving; nothing is lost here
    """
    import sys

    from consolidate.app.sync import sync

    def say(message: str) -> None:
        echo(message, err=True)

    interactive = sys.stderr.isatty() and not as_json
    with working("Syncing"):
        result = sync(ctx.obj["workspace"], remote_name, attempts=attempts,
                      say=say if interactive else (lambda _: None), interactive=interactive)
    if as_json:
        click.echo(dumps(document(
            remote=result.remote, branch=result.branch, commit=result.commit, ok=not result.problems,
            received=list(result.received), sent=result.sent, attempts=result.attempts,
            renumbered=[{"id": i, "from": old, "to": new} for i, old, new in result.renumbered],
            problems=list(result.problems), warnings=list(result.warnings))), nl=False)
    else:
        for warning in result.warnings:
            echo(f"Warning: {warning}", err=True)
        for problem in result.problems:
            echo(f"To decide: {problem}", err=True)
        for amendment_id, old, new in result.renumbered:
            echo(f"AM {old} ({amendment_id}) is now AM {new}")
        if not result.problems:
            echo(_summary(result))
    if result.problems:
        ctx.exit(1)


def _summary(result: SyncResult) -> str:
    where = f"{result.remote}/{result.branch}"
    if not result.received and not result.sent:
        return f"Up to date with {where} ({result.commit[:10]})."
    parts = []
    if result.received:
        parts.append(f"{len(result.received)} file{'s' * (len(result.received) != 1)} "
                     "received")
    if result.sent:
        parts.append("pushed")
    return f"Synced with {where}: {', '.join(parts)} ({result.commit[:10]})."
