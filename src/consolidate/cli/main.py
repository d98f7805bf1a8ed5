"""The `consolidate` command: thin wrappers over the application, errors mapped to exit codes.

Only click is imported at start-up; each ``*_cmds`` module registers its commands on the
group of :mod:`consolidate.cli.base`, which imports the module of a command when it is run
(``COMMAND_MODULES``), so that a command loads only what it uses.
"""

from __future__ import annotations

import gc

from consolidate.cli.base import cli
from consolidate.cli.terminal import utf8_streams

__all__ = ["cli", "main"]


# Reading a workspace makes hundreds of thousands of objects that live until the command ends
# (amendments, tokens, the cache read back); the cycle collector would only walk them, and one
# of its walks took 30 to 90 ms of a 0.35 s `check`. A command is a short process that makes
# few cycles (its peak memory is the same without the collector), so it runs without it; the
# review app, which runs long, turns it back on after its first screen (tui/starting.py).


def main() -> None:
    gc.disable()
    utf8_streams()
    cli(prog_name="consolidate")
