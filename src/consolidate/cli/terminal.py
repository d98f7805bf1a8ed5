"""What reaches the terminal: workspace text made safe to print, arguments read as typed.

Clause texts, justifications, sponsors and file names come from the workspace, which anyone
with push access writes. A control character in them (ESC starting a colour or an OSC title
sequence, CR overwriting a line, a C1 control) would drive the terminal, so every message
and every text shown passes through :func:`safe`, which writes them as visible ``\\xNN``
escapes (a tab and a line break stay). Only click is imported here: the error handler at
start-up uses it.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

# C0 controls but tab and line feed, DEL, C1 controls, and surrogates (bytes that were not
# UTF-8 on the way in).
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """*text* with every control character but tab and line break written as ``\\xNN``."""
    return _UNSAFE_RE.sub(_escape, text)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """:func:`click.echo` of *message* made safe for a terminal."""
    click.echo(safe(message), err=err, nl=nl)


def argv_text(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A text option as it was typed (a click callback; a tuple for a repeated option).

    Under a C locale with Python's UTF-8 mode off, arguments arrive with their bytes escaped
    as surrogates: UTF-8 bytes are read as UTF-8; other bytes are refused (exit 2).
    """
    if isinstance(value, tuple):
        return tuple(_argv(v, param) for v in value)
    return _argv(value, param) if isinstance(value, str) else value


def _argv(value: str, param: click.Parameter) -> str:
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        raise click.BadParameter("is not UTF-8 text", param=param) from None


def utf8_streams() -> None:
    """Write UTF-8 to standard output and error whatever the locale (as git does): the
    workspace is UTF-8, and `consolidate instruction N | consolidate amend
    --instruction-file -` must carry its text exactly, even under LC_ALL=C."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
