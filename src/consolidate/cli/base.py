"""The `consolidate` command group, its shared options, and errors mapped to exit codes.

Only click is imported at start-up; git, Rich and Textual are imported by the commands that
need them, so that `consolidate --help` answers at once.
"""

from __future__ import annotations

import os
from typing import Any

import click

EXIT_CODES_HELP = """\b
Exit codes:
  0  consistent: every adopted amendment applies
  1  conflicts: an adopted amendment cannot be applied, or collides
  2  invalid input or usage (the message names the file and line)
  3  the remote cannot be reached, or keeps moving (sync)
 70  internal error: a bug in consolidate (please report it)
"""


class ConsolidateGroup(click.Group):
    """Turns a user's mistake into a clear message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from consolidate.core.errors import EXIT_INTERNAL, EXIT_INVALID, ConsolidateError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ConsolidateError as error:
            click.echo(f"Error: {error.render()}", err=True)
            ctx.exit(error.exit_code)
        except PermissionError as error:
            click.echo(f"Error: cannot write {error.filename}: permission denied\n"
                       "  To fix: run consolidate where you may write, or fix the permissions",
                       err=True)
            ctx.exit(EXIT_INVALID)
        except OSError as error:  # the disk, not the user's files: full, read-only, gone
            what = f" {error.filename}" if error.filename else ""
            click.echo(f"Error: cannot read or write{what}: {error.strerror or error}\n"
                       "  To fix: free space, fix the permissions, or run consolidate where it "
                       "may write; nothing was recorded", err=True)
            ctx.exit(EXIT_INVALID)
        except Exception as error:
            if os.environ.get("CONSOLIDATE_DEBUG"):
                raise
            click.echo(f"Internal error: {type(error).__name__}: {error}\n"
                       "  This is a bug in consolidate, not a problem with your files. Please "
                       "report it with the command you ran (CONSOLIDATE_DEBUG=1 shows the "
                       "traceback).", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=ConsolidateGroup, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--workspace", "workspace", default=".", metavar="DIR",
              type=click.Path(file_okay=False), help="The workspace (a git repository); default: here.")
@click.version_option(package_name="consolidate")
@click.pass_context
def cli(ctx: click.Context, workspace: str) -> None:
    """Consolidate amendments to parliamentary texts, exactly, from git.

    Each clause of a text is a file under texts/; each amendment a word-level patch under
    amendments/. Adopted amendments are applied in voting order; collisions are found and
    reported, never guessed.
    """
    ctx.obj = {"workspace": workspace}


def text_option(function):
    return click.option("--text", "text_id", metavar="ID", default=None,
                        help="The text (may be left out when the workspace holds one).")(function)


def json_option(function):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print machine-readable JSON.")(function)


def open_session(ctx: click.Context, text_id: str | None):
    from consolidate.app.session import Session

    return Session.open(ctx.obj["workspace"], text_id)
