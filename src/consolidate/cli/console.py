"""How output reaches a person: colour, the pager, progress, quiet and verbose.

The global options (``--color``, ``--no-pager``, ``-q``, ``-v``) are kept on the root
context's ``obj``; every command asks here rather than reading them itself. Colour follows
``--color auto|always|never``, then ``NO_COLOR`` and ``FORCE_COLOR``
(https://no-color.org, https://force-color.org), then whether the stream is a terminal.
Progress bars and the pager appear only on a terminal: nothing of them reaches a pipe, a
file or a CI log. Only click is imported here (start-up stays fast); Rich is imported when a
progress bar is shown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

from consolidate.cli.terminal import echo

COLOR_CHOICES = ("auto", "always", "never")
# What `less` is given when LESS is not set: quit when the text fits on one screen, keep
# colours, do not clear the screen (as git does).
LESS_DEFAULT = "FRX"
# Work shorter than this shows no progress bar (it would only flicker).
PROGRESS_DELAY = 0.5

Progress = Callable[[int, int], None]  # (done, total): the application's progress callback


def settings() -> dict[str, Any]:
    """The global options of the running command (empty outside a command)."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, dict) else {}


def stdout_is_terminal() -> bool:
    """Standard output is a terminal (also while :func:`paged` holds the output for the
    pager; a function, so tests can stand in for a terminal)."""
    return bool(settings().get("held")) or sys.stdout.isatty()


def stderr_is_terminal() -> bool:
    """Standard error is a terminal."""
    return sys.stderr.isatty()


def _env_set(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def use_color(no_color: bool = False, *, terminal: bool | None = None) -> bool:
    """Colour on standard output (or on a stream that is a *terminal*)?

    ``--color always|never`` decides; a command's ``--no-color`` turns it off; otherwise
    ``NO_COLOR`` (set and not empty) turns it off, ``FORCE_COLOR`` turns it on, and colour
    is used on a terminal only.
    """
    choice = settings().get("color", "auto")
    if choice != "auto":
        return bool(choice == "always")
    if no_color or _env_set("NO_COLOR"):
        return False
    if _env_set("FORCE_COLOR"):
        return True
    return stdout_is_terminal() if terminal is None else terminal


def quiet() -> bool:
    """``-q``: no progress and no informational messages (warnings and errors stay)."""
    return bool(settings().get("quiet"))


def verbosity() -> int:
    """How many ``-v`` were given."""
    return int(settings().get("verbose", 0))


def info(message: str) -> None:
    """An informational message on standard error ('Wrote out.docx'), unless ``-q``."""
    if not quiet():
        echo(message, err=True)


def configure_logging(verbose: int) -> None:
    """``-v`` logs what consolidate does (the git commands it runs), ``-vv`` more; without
    it, nothing is logged (a handler of an earlier command in the process is removed)."""
    logger = logging.getLogger("consolidate")
    if verbose <= 0:
        logger.handlers[:] = []
        logger.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("consolidate: %(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)


# -- the pager --------------------------------------------------------------------------------


def paging() -> bool:
    """Long output goes through the pager: standard output is a terminal and
    ``--no-pager`` was not given."""
    return settings().get("pager", True) and stdout_is_terminal()


@contextlib.contextmanager
def paged() -> Iterator[None]:
    """Hold what the command prints; when it is longer than the screen, show it through
    ``$PAGER`` (``less -FRX`` by default), as git does; otherwise print it."""
    if not paging():
        yield
        return
    held = io.StringIO()
    options = settings()
    options["held"] = True
    try:
        with contextlib.redirect_stdout(held):
            yield
    finally:
        options.pop("held", None)
    text = held.getvalue()
    import shutil  # shutil and shlex: only for a terminal, imported when one is there

    if text.count("\n") < shutil.get_terminal_size().lines or not _through_pager(text):
        sys.stdout.write(text)
        sys.stdout.flush()


def _through_pager(text: str) -> bool:
    """Show *text* through ``$PAGER`` (default ``less``, with ``LESS=FRX`` when LESS is not
    set); False when there is no pager to run (``PAGER=cat`` or empty prints at once)."""
    import shlex

    command = shlex.split(os.environ.get("PAGER", "less"))
    if not command or command == ["cat"]:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULT)
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # the reader quit the pager early
        pager.stdin.write(text.encode("utf-8", "replace"))
        pager.stdin.close()
    pager.wait()
    return True


def write_stdout(data: bytes) -> None:
    """Write *data* to standard output (as text while :func:`paged` holds it)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8", "replace"))
        return
    buffer.write(data)
    sys.stdout.flush()


# -- progress ---------------------------------------------------------------------------------


def show_progress() -> bool:
    """Progress bars only on a terminal (standard error), never with ``-q``."""
    return stderr_is_terminal() and not quiet()


@contextlib.contextmanager
def progress(description: str) -> Iterator[Progress | None]:
    """A progress callback ``(done, total)`` drawn with ``rich.progress`` on standard error,
    or None where nothing is to be drawn (not a terminal, ``-q``). The bar appears only when
    the work lasts longer than :data:`PROGRESS_DELAY` seconds, and is removed when it is done;
    a total of 0 draws a bar that does not know the end."""
    if not show_progress():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    # stderr was checked to be a terminal (or stands for one in the tests)
    bar = Bar("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
              TimeElapsedColumn(), console=Console(stderr=True, force_terminal=True),
              transient=True)
    task = bar.add_task(description, total=None)
    began = time.monotonic()
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if not started and time.monotonic() - began < PROGRESS_DELAY:
            return
        if not started:
            bar.start()
            started = True
        bar.update(task, completed=done, total=total or None)

    try:
        yield report
    finally:
        if started:
            bar.stop()


@contextlib.contextmanager
def working(description: str) -> Iterator[None]:
    """An indeterminate bar for work that reports no steps of its own (a sync): shown once it
    has lasted :data:`PROGRESS_DELAY` seconds."""
    with progress(description) as report:
        if report is None:
            yield
            return
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.1):
                report(0, 0)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
