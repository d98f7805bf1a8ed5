"""The entry point of the Python API: open one text of a workspace."""

from __future__ import annotations

from pathlib import Path

from consolidate.app.session import Session


def open_text(workspace: str | Path = ".", text: str | None = None, *,
              at: str | None = None) -> Session:
    """The text *text* of the workspace at *workspace* (the only one when *text* is None).

    With *at* (a tag, a branch or a commit id) the workspace is read as it was then, and
    nothing can be changed. Raises :class:`consolidate.InvalidInput` when the directory is not
    a workspace or the text is unknown.
    """
    return Session.open(workspace, text, at=at)
