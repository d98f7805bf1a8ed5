"""Git's conflict markers: a file a stopped `git pull` left half merged. Pure: no I/O."""

from __future__ import annotations

import re

# git writes "<<<<<<< ours", "=======" and ">>>>>>> theirs" (and "||||||| base" with diff3)
# at the start of a line; a file holding a start and an end marker is half merged.
_START_RE = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
_END_RE = re.compile(r"^>{7}(?: |$)", re.MULTILINE)

CONFLICT_HINT = ("a `git pull` or `git merge` stopped on changes made in two places: run "
                 "`git merge --abort` (or `git rebase --abort`), then `consolidate sync`, "
                 "which integrates the amendments and says what people must decide")


def conflict_marker_line(text: str) -> int | None:
    """The line of the first conflict marker when *text* holds git's markers, else None."""
    if "<<<<<<<" not in text:  # most files: no need to look line by line
        return None
    start = _START_RE.search(text)
    if start is None or _END_RE.search(text, start.end()) is None:
        return None
    return text.count("\n", 0, start.start()) + 1
