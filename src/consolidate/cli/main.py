"""The `consolidate` command: thin wrappers over the application, errors mapped to exit codes.

Only click is imported at start-up; git, Rich and Textual are imported by the commands that
need them, so that `consolidate --help` answers at once. Each ``*_cmds`` module registers
its commands on the group of :mod:`consolidate.cli.base`.
"""

from __future__ import annotations

from consolidate.cli import (  # noqa: F401
    amend_cmds,
    life_cmds,
    procedure_cmds,
    report_cmds,
    search_cmds,
    setup_cmds,
    sync_cmds,
)
from consolidate.cli.base import cli
from consolidate.cli.terminal import utf8_streams

__all__ = ["cli", "main"]


def main() -> None:
    utf8_streams()
    cli(prog_name="consolidate")
