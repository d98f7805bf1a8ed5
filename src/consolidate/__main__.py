"""`python -m consolidate`, and the `consolidate` command's entry point."""

from __future__ import annotations

import signal


def run() -> None:
    """Start the command line; Ctrl+C while it loads exits 130, saying nothing (nothing was
    done yet)."""
    try:  # imported here so that an interrupt during the import is caught too
        from consolidate.cli.main import main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    try:
        main()
    finally:
        # The command has answered: a Ctrl+C from here on would only interrupt the interpreter's
        # clean-up (finalizers, atexit) and print a traceback over a finished command.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    run()
