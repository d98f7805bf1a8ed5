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
# (amendments, tokens, the cache); with Python's default threshold of 700 the cycle collector
# would walk them again and again, a fifth of a large read command's time. Cycles are still
# collected, less often.
GC_THRESHOLDS = (100_000, 50, 1_000)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    utf8_streams()
    cli(prog_name="consolidate")
