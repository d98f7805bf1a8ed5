"""Atomic writes: whole files or none, and never a device or a link replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from consolidate.store.files import atomic_write


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, b"consolidated")
        assert os.read(reader, 100) == b"consolidated"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_stays_a_device(tmp_path: Path):
    """`--output /dev/null` must not turn /dev/null into a file (a null device made here)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        device = Path("/dev/null")  # not root: the real one, which we could not replace anyway
    atomic_write(device, b"nothing")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_link_is_followed_and_the_file_it_names_replaced(tmp_path: Path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_text() == "new"


def test_no_temporary_file_is_left_behind(tmp_path: Path):
    atomic_write(tmp_path / "out.json", b"{}")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
