"""Noticing that the terminal is gone, without letting its hang-up kill git. No Textual here.

When a terminal closes, the kernel sends SIGHUP to every process of its foreground group: the
app, and git if it is committing. The app ignores SIGHUP (and git, started by it, inherits
the ignoring, so a commit is never cut in half); a thread polls the terminal instead.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable

POLL_SECONDS = 0.2


def ignore_hangups() -> bool:
    """Ignore SIGHUP in this process and the processes it starts; False where impossible."""
    try:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    except (AttributeError, ValueError):  # no SIGHUP (Windows), or not the main thread
        return False
    return True


def terminal_present(descriptor: int) -> bool:
    """True while *descriptor* is an open terminal."""
    import termios

    try:
        termios.tcgetattr(descriptor)
    except (termios.error, OSError, ValueError):
        return False
    return True


def watch_terminal(stop: threading.Event, on_gone: Callable[[], None]) -> threading.Thread:
    """Start a thread that calls *on_gone* once standard input is no longer a terminal."""
    descriptor = sys.__stdin__.fileno() if sys.__stdin__ else -1

    def watch() -> None:
        while not stop.is_set():
            if not terminal_present(descriptor):
                on_gone()
                return
            time.sleep(POLL_SECONDS)

    thread = threading.Thread(target=watch, daemon=True, name="terminal-watch")
    thread.start()
    return thread
