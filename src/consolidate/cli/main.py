"""The `consolidate` command: thin wrappers over the application, errors mapped to exit codes.

Only click is imported at start-up; each ``*_cmds`` module registers its commands on the
group of :mod:`consolidate.cli.base`, which imports the module of a command when it is run
(``COMMAND_MODULES``), so that a command loads only what it uses.
"""

from __future__ import annotations

from consolidate.cli.base import cli
from consolidate.cli.terminal import utf8_streams

__all__ = ["cli", "main"]


def main() -> None:
    utf8_streams()
    cli(prog_name="consolidate")
