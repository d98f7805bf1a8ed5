"""The `consolidate` command group, its shared options, and errors mapped to exit codes.

Only click is imported at start-up; git, Rich and Textual are imported by the commands that
need them, so that `consolidate --help` answers at once.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

import click

from consolidate.cli.console import COLOR_CHOICES, configure_logging
from consolidate.cli.terminal import echo

if TYPE_CHECKING:
    from consolidate.core.errors import ConsolidateError
    from consolidate.core.model import Problem

EXIT_CODES_HELP = """\b
Exit codes:
  0  consistent: every adopted amendment applies
  1  conflicts: an adopted amendment cannot be applied, or collides
  2  invalid input or usage (the message names the file and line)
  3  the remote cannot be reached, or keeps moving (sync)
 70  internal error: a bug in consolidate (please report it)
130  interrupted (Ctrl+C): a change under way was finished or undone whole
"""


EXIT_INTERRUPTED = 130  # as shells report a command ended by SIGINT
JSON_REQUESTED = "consolidate.json"  # ctx.meta key: the command was given --json


# The module of :mod:`consolidate.cli` that defines each command, imported when the command
# is run or listed: a command starts without importing the other commands and what they use.
COMMAND_MODULES = {
    "adopt": "amend_cmds", "amend": "amend_cmds", "reject": "amend_cmds",
    "table": "amend_cmds", "withdraw": "amend_cmds",
    "blame": "procedure_cmds", "instruction": "procedure_cmds", "promote": "procedure_cmds",
    "stages": "procedure_cmds", "votelist": "procedure_cmds",
    "build": "report_cmds", "check": "report_cmds", "conflicts": "report_cmds",
    "list": "report_cmds", "redline": "report_cmds", "review": "report_cmds",
    "show": "report_cmds",
    "changes": "sync_cmds", "sync": "sync_cmds",
    "edit": "life_cmds", "undo": "life_cmds",
    "import": "setup_cmds", "init": "setup_cmds",
    "search": "search_cmds",
}


class ConsolidateGroup(click.Group):
    """Turns a user's mistake into a clear message and an exit code, never a traceback.

    With ``--json`` the message is a JSON document on standard error instead
    (``{"schema_version": ..., "error": {...}}``, schema ``error.schema.json``), with the
    same exit code.

    Commands are loaded when wanted (:data:`COMMAND_MODULES`).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"consolidate.cli.{module}")  # registers its commands
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        # A usage error can come before --json is read: remember that it was given.
        if "--json" in args[1:]:
            ctx.meta[JSON_REQUESTED] = True
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from consolidate.core.errors import EXIT_INTERNAL, EXIT_INVALID, ConsolidateError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:  # click would say "Aborted!" and exit 1, the code of conflicts
            echo("Interrupted: nothing is left half done (a change under way was finished or "
                 "undone whole).", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except click.ClickException as error:
            if not ctx.meta.get(JSON_REQUESTED):
                raise
            _fail(ctx, "usage", error.exit_code, error.format_message(),
                  hint="`consolidate COMMAND --help` lists the arguments and options")
        except ConsolidateError as error:
            if ctx.meta.get(JSON_REQUESTED):
                print_json_error(error)
                ctx.exit(error.exit_code)
            echo(f"Error: {error.render()}", err=True)
            ctx.exit(error.exit_code)
        except PermissionError as error:
            _fail(ctx, "file-system", EXIT_INVALID,
                  f"cannot write {error.filename}: permission denied",
                  hint="run consolidate where you may write, or fix the permissions")
        except OSError as error:  # the disk, not the user's files: full, read-only, gone
            what = f" {error.filename}" if error.filename else ""
            _fail(ctx, "file-system", EXIT_INVALID,
                  f"cannot read or write{what}: {error.strerror or error}",
                  hint="free space, fix the permissions, or run consolidate where it may "
                       "write; nothing was recorded")
        except Exception as error:
            if os.environ.get("CONSOLIDATE_DEBUG"):
                raise
            if ctx.meta.get(JSON_REQUESTED):
                _fail(ctx, "internal", EXIT_INTERNAL, f"{type(error).__name__}: {error}",
                      hint=_INTERNAL_HINT)
            echo(f"Internal error: {type(error).__name__}: {error}\n"
                 f"  {_INTERNAL_HINT}", err=True)
            ctx.exit(EXIT_INTERNAL)


_INTERNAL_HINT = ("This is a bug in consolidate, not a problem with your files. Please report it "
                  "with the command you ran (CONSOLIDATE_DEBUG=1 shows the traceback).")
_KINDS = {1: "conflict", 2: "invalid-input", 3: "remote-unavailable", 70: "internal"}


def _fail(ctx: click.Context, kind: str, exit_code: int, message: str, *, hint: str) -> None:
    """Report an error that is not a :class:`ConsolidateError`, as text or JSON, and exit."""
    if ctx.meta.get(JSON_REQUESTED):
        _echo_json_error({"kind": kind, "exit_code": exit_code, "message": message,
                          "file": None, "line": None, "hint": hint, "problems": []})
    else:
        echo(f"Error: {message}\n  To fix: {hint}", err=True)
    ctx.exit(exit_code)


def print_json_error(error: ConsolidateError) -> None:
    """A :class:`~consolidate.core.errors.ConsolidateError` as the JSON error document, on
    standard error."""
    from consolidate.core.errors import ConflictRefused, GitFailed, RemoteUnavailable

    named = {ConflictRefused: "conflict", RemoteUnavailable: "remote-unavailable",
             GitFailed: "git-failed"}
    kind = next((name for cls, name in named.items() if isinstance(error, cls)),
                _KINDS.get(error.exit_code, "invalid-input"))
    first = error.problem
    _echo_json_error({"kind": kind, "exit_code": error.exit_code, "message": first.message,
                      "file": first.path or None, "line": first.line, "hint": first.hint or None,
                      "problems": [_problem(p) for p in error.problems]})


def _problem(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "file": problem.path or None, "line": problem.line,
            "hint": problem.hint or None}


def _echo_json_error(error: dict[str, Any]) -> None:
    from consolidate.exporters import jsondoc  # the one writer of JSON documents

    click.echo(jsondoc.dumps(jsondoc.document(error=error)), err=True, nl=False)


@click.group(cls=ConsolidateGroup, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--workspace", "workspace", default=".", metavar="DIR",
              type=click.Path(file_okay=False), help="The workspace (a git repository); default: here.")
@click.option("--color", "color", type=click.Choice(COLOR_CHOICES), default="auto",
              show_default=True,
              help="Colour the output: auto (on a terminal, unless NO_COLOR is set; "
                   "FORCE_COLOR forces it), always or never.")
@click.option("--no-pager", "no_pager", is_flag=True,
              help="Print long output at once instead of through $PAGER (less -FRX).")
@click.option("-q", "--quiet", "quiet", is_flag=True,
              help="No progress and no informational messages (warnings and errors stay).")
@click.option("-v", "--verbose", "verbose", count=True,
              help="Say what is done (the git commands run); -vv says more.")
@click.version_option(None, "-V", "--version", package_name="consolidate")
@click.pass_context
def cli(ctx: click.Context, workspace: str, color: str, no_pager: bool, quiet: bool,
        verbose: int) -> None:
    """Consolidate amendments to parliamentary texts, exactly, from git.

    Each clause of a text is a file under texts/; each amendment a word-level patch under
    amendments/. Adopted amendments are applied in voting order; collisions are found and
    reported, never guessed.

    \b
    Shell completion (bash, zsh, fish), e.g. in ~/.bashrc:
      eval "$(_CONSOLIDATE_COMPLETE=bash_source consolidate)"
    """
    ctx.obj = {"workspace": workspace, "color": color, "pager": not no_pager,
               "quiet": quiet, "verbose": 0 if quiet else verbose}
    configure_logging(ctx.obj["verbose"])


def text_option(function):
    return click.option("--text", "text_id", metavar="ID", default=None,
                        help="The text (may be left out when the workspace holds one).")(function)


def _remember_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[JSON_REQUESTED] = True
    return value


def json_option(function):
    """``--json``: the answer as one JSON object on standard output, errors as one JSON object
    on standard error (see docs/json.md)."""
    return click.option("--json", "as_json", is_flag=True, is_eager=True, callback=_remember_json,
                        help="Print one JSON object (errors too, on standard error); "
                             "see docs/json.md.")(function)


def open_session(ctx: click.Context, text_id: str | None):
    """The session of the command's workspace: reading and every change."""
    from consolidate.app.session import Session

    return Session.open(ctx.obj["workspace"], text_id)


def open_reader(ctx: click.Context, text_id: str | None, at: str | None = None):
    """The text of the command's workspace (at the revision *at* when given), for a command
    that only reads it: the use cases that change the workspace (and what they import) are
    not loaded."""
    from consolidate.app.state import TextState

    return TextState.open(ctx.obj["workspace"], text_id, at=at)
