"""`consolidate search`: words in the consolidated text and in the amendments, as ripgrep
prints them."""

from __future__ import annotations

import click

from consolidate.cli.base import cli, open_reader, text_option
from consolidate.cli.report_cmds import use_color
from consolidate.cli.terminal import argv_text, safe

_WHERE, _NUMBER, _MATCH, _RESET = "\x1b[35m", "\x1b[32m", "\x1b[1;31m", "\x1b[0m"


@cli.command("search")
@text_option
@click.argument("words", nargs=-1, required=True, callback=argv_text)
@click.option("-s", "--case-sensitive", is_flag=True, help="Tell capitals from small letters.")
@click.option("--no-color", is_flag=True, help="No colours, even on a terminal.")
@click.pass_context
def search_command(ctx, text_id, words, case_sensitive, no_color):
    """Find WORDS (a phrase) in the consolidated text and in the amendments.

    Each line with a match is printed as ripgrep prints one, WHERE:LINE:TEXT; WHERE is the
    paragraph number and clause id in the consolidated text (`§13 p13`), or the amendment
    (`AM 13 (am-013) p13`: the words are among those it inserts; `... justification`: in its
    justification). Without case by default. Exits 1 when nothing matches, as grep and
    ripgrep do.

    \b
    Example:
      $ consolidate search found guilty
      AM 13 (am-013) p13:1:Calls on participating States ... on persons found guilty of ...
    """
    from consolidate.app.search import search

    session = open_reader(ctx, text_id)
    hits = search(session, words, case_sensitive=case_sensitive)
    color = use_color(no_color)
    for hit in hits:
        click.echo(_format(hit, color))
    if not hits:
        ctx.exit(1)


def _format(hit, color: bool) -> str:
    if not color:
        return f"{safe(hit.where)}:{hit.line_number}:{safe(hit.line)}"
    line, done = [], 0
    for start, end in hit.spans:
        line += [safe(hit.line[done:start]), _MATCH, safe(hit.line[start:end]), _RESET]
        done = end
    line.append(safe(hit.line[done:]))
    return (f"{_WHERE}{safe(hit.where)}{_RESET}:{_NUMBER}{hit.line_number}{_RESET}:"
            + "".join(line))
