"""Working with others: `consolidate changes` (what changed between two revisions)."""

from __future__ import annotations

import click

from consolidate.app.changes import AmendmentChange, ChangeSet, changes
from consolidate.cli.base import cli, json_option, text_option
from consolidate.exporters.jsondoc import dumps


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
    found = changes(ctx.obj["workspace"], text_id, revisions)
    if as_json:
        click.echo(dumps(_json(found)), nl=False)
        return
    if not found.amendments and not found.clauses:
        click.echo(f"No change to text '{found.text_id}' between {found.since[:10]} and "
                   f"{found.until[:10]}.")
    for change in found.amendments:
        click.echo(_line(change))
    for clause in found.clauses:
        click.echo(f"{'clause':<8} {clause.clause} {clause.kind}")


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
    return {
        "text": found.text_id, "from": found.since, "to": found.until,
        "amendments": [{
            "change": c.kind, "id": c.amendment.id, "number": c.amendment.number,
            "clause": c.amendment.target,
            "status_before": c.before.status.value if c.before else None,
            "status_after": c.after.status.value if c.after else None,
            "fields": list(c.fields)} for c in found.amendments],
        "clauses": [{"clause": c.clause, "change": c.kind} for c in found.clauses],
    }
