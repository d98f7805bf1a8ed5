"""The `consolidate` command: thin wrappers over the session, errors mapped to exit codes.

Only click is imported at start-up; git, Rich and Textual are imported by the commands that
need them, so that `consolidate --help` answers at once.
"""

from __future__ import annotations

import sys

import click

EXIT_CODES_HELP = """\b
Exit codes:
  0  consistent: every adopted amendment applies
  1  conflicts: an adopted amendment cannot be applied, or collides
  2  invalid input or usage (the message names the file and line)
"""


class ConsolidateGroup(click.Group):
    """Turns a user's mistake into a clear message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        from consolidate.errors import ConsolidateError

        try:
            return super().invoke(ctx)
        except ConsolidateError as error:
            click.echo(f"Error: {error.render()}", err=True)
            ctx.exit(error.exit_code)
        except PermissionError as error:
            click.echo(f"Error: cannot write {error.filename}: permission denied\n"
                       "  To fix: run consolidate where you may write, or fix the permissions",
                       err=True)
            ctx.exit(2)
        except _git_errors() as error:
            click.echo(f"Error: git failed: {_git_message(error)}\n"
                       "  To fix: check the repository with `git status`", err=True)
            ctx.exit(2)


def _git_errors() -> tuple[type[BaseException], ...]:
    if "git" not in sys.modules:
        return ()
    import git

    return (git.GitCommandError,)


def _git_message(error: BaseException) -> str:
    stderr = getattr(error, "stderr", "") or ""
    return stderr.strip().replace("stderr: ", "").strip("'") or str(error)


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


def main() -> None:
    cli(prog_name="consolidate")


def text_option(function):
    return click.option("--text", "text_id", metavar="ID", default=None,
                        help="The text (may be left out when the workspace holds one).")(function)


def json_option(function):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print machine-readable JSON.")(function)


def open_session(ctx: click.Context, text_id: str | None):
    from consolidate.session import Session

    return Session.open(ctx.obj["workspace"], text_id)


# The commands register themselves on `cli`.
from consolidate.cli import amend_cmds, procedure_cmds, report_cmds, setup_cmds  # noqa: E402,F401
