"""Reading the files of a workspace: UTF-8 or a clear refusal naming the byte and its line,
regular files only (a pipe is never opened, so no command hangs), no conflict markers left
by a stopped merge, and clause files in the form the engine reads (LF, no BOM, no NUL)."""

from __future__ import annotations

from pathlib import Path

from consolidate.core.errors import InvalidInput
from consolidate.core.markers import CONFLICT_HINT, conflict_marker_line
from consolidate.core.normalise import TextRefused, clause_text_problem, decode
from consolidate.store.files import read_regular


def read_utf8(path: Path, relative: str) -> str:
    """Read a file the user names as UTF-8, refusing bytes that are not UTF-8."""
    return decode_utf8(path.read_bytes(), relative)


def decode_utf8(data: bytes, relative: str) -> str:
    """*data* as UTF-8, or InvalidInput naming the first byte that is not and its line."""
    try:
        return decode(data, relative)
    except TextRefused as error:
        raise InvalidInput.from_format(error) from None


def read_workspace_file(path: str | Path, relative: str, *, follow_link: bool = True) -> str:
    """A file of the workspace as UTF-8, refused when it is not a regular file (a pipe is
    never opened for reading, so no command hangs), or when a stopped merge left conflict
    markers in it. With *follow_link* False a link is not opened (OSError ELOOP)."""
    text = decode_utf8(read_regular(path, relative, follow_link=follow_link), relative)
    line = conflict_marker_line(text)
    if line is not None:
        raise InvalidInput("the file holds git conflict markers", path=relative, line=line,
                           hint=CONFLICT_HINT)
    return text


def read_clause(path: str | Path, relative: str, *, follow_link: bool = True) -> str:
    """A clause file's text, refused (with the reason) when it is not plain UTF-8 with LF."""
    text = read_workspace_file(path, relative, follow_link=follow_link)
    problem = clause_text_problem(text)
    if problem is not None:
        reason, hint, line = problem
        raise InvalidInput(reason, path=relative, line=line, hint=hint)
    return text
