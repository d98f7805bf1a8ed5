"""`consolidate init` and `consolidate import`."""

from __future__ import annotations

from pathlib import Path

import click

from consolidate.cli.base import cli
from consolidate.cli.console import progress
from consolidate.cli.terminal import echo


@cli.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
def init_command(directory: str) -> None:
    """Make a new workspace: a git repository with texts/ and amendments/."""
    from consolidate.app.setup import initialise

    done = initialise(Path(directory))
    if done.existed:
        echo(f"{done.root} is already a consolidate workspace: nothing to do")
    elif done.was_repository:
        echo(f"Made the git repository {done.root} a consolidate workspace")
    else:
        echo(f"Initialised a consolidate workspace in {done.root}")


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--text", "text_id", metavar="ID", default=None,
              help="Id of the new text (default: made from the file or directory name).")
@click.option("--title", default=None, help="Title, for a directory of clause files.")
@click.option("--language", default=None, metavar="TAG",
              help="The text's language (a tag: en, fr, de, de-CH), declared by the exports "
                   "(lang=...); default: en.")
@click.pass_context
def import_command(ctx: click.Context, source: Path, text_id: str | None, title: str | None,
                   language: str | None) -> None:
    """Import a text and commit it.

    SOURCE is a plain-text resolution (title lines, numbered paragraphs "N. ...", the line
    "The ... Assembly:" between preambular and operative paragraphs; a trailing amendment
    form is left out), a directory with one file per clause (natural order of names), or a
    Word document (.docx) read the same way: paragraphs numbered by hand or by Word's
    numbering, or a law with "Article N" headings (one clause per article). Text is kept
    exactly; a soft line break is a line end. A .docx with tracked changes is refused
    (`amend --docx` tables them).
    """
    from consolidate.app.setup import import_text

    with progress("Importing") as report:
        result = import_text(Path(ctx.obj["workspace"]), source, text_id=text_id, title=title,
                             language=language, progress=report)
    for note in result.notes:
        echo(f"Warning: normalised {note}", err=True)
    echo(f"Imported text '{result.text_id}': {result.clauses} clauses ({result.commit[:10]})")
    echo(result.text_id)
