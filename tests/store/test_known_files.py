"""A file unchanged since the last command read it is not read again (store/known_files.py),
and a changed one always is: a new content, a content of the same size written back with its
old times, a file replaced by another, a file changed just before it was read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consolidate.store.known_files import KnownFiles

KEY = ("amendments/t/a.patch", "reader")


def _never() -> str:
    raise AssertionError("read again although unchanged")


def test_an_unchanged_file_is_taken_from_memory(tmp_path: Path, later: None):
    path = tmp_path / "a.patch"
    path.write_text("one")
    known = KnownFiles({})
    assert known.text(str(path), KEY, path.read_text) == "one"
    assert known.text(str(path), KEY, _never) == "one"


@pytest.mark.parametrize("change", ["rewritten", "same size, old times", "replaced"])
def test_a_changed_file_is_read_again(tmp_path: Path, later: None, change: str):
    path = tmp_path / "a.patch"
    path.write_text("one")
    known = KnownFiles({})
    assert known.text(str(path), KEY, path.read_text) == "one"
    before = path.stat()
    if change == "replaced":  # as an atomic write does: another file renamed over it
        other = tmp_path / "b.patch"
        other.write_text("two")
        os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
        other.replace(path)
    else:
        path.write_text("two" if change == "same size, old times" else "three")
        if change == "same size, old times":  # only the change time (ctime) can tell now
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert known.text(str(path), KEY, path.read_text) == path.read_text() != "one"


def test_a_file_changed_just_before_it_was_read_is_not_remembered(tmp_path: Path):
    # Another write within the same tick of the clock could leave its signature as it is.
    path = tmp_path / "a.patch"
    path.write_text("one")
    entries: dict = {}
    assert KnownFiles(entries).text(str(path), KEY, path.read_text) == "one"
    assert entries == {}


def test_a_refused_file_is_not_remembered(tmp_path: Path, later: None):
    path = tmp_path / "a.patch"
    path.write_text("one")
    entries: dict = {}

    def refuse() -> str:
        raise ValueError("refused")

    with pytest.raises(ValueError):
        KnownFiles(entries).text(str(path), KEY, refuse)
    assert entries == {}
