"""Files: atomic writes with git's modes, confined paths, safe reads, the workspace lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support import SEED, cli, ok

from consolidate.app import exporting
from consolidate.core.errors import InvalidInput
from consolidate.store.files import (
    atomic_write,
    confined,
    current_umask,
    held_lock_fds,
    read_regular,
    workspace_lock,
)


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


# -- modes ---------------------------------------------------------------------------------------

@pytest.fixture(params=[0o022, 0o002, 0o077, 0o027])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_a_written_file_has_the_mode_git_gives_it_whatever_the_umask(tmp_path: Path, umask: int):
    atomic_write(tmp_path / "out.json", b"{}")
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o666 & ~umask
    assert current_umask() == umask


def test_every_file_consolidate_writes_respects_the_umask(tmp_path: Path, umask: int):
    """Clause files, text.toml, amendment files and exports alike (a workspace on a shared
    drive, an export put on a web server)."""
    root = tmp_path / "ws"
    ok(cli(None, "init", str(root)))
    ok(cli(root, "import", str(SEED), "--text", "seed"))
    proposed = tmp_path / "p11.txt"
    proposed.write_text((root / "texts/seed/p11.txt").read_text().replace("ratify", "sign"))
    ok(cli(root, "amend", "--clause", "p11", "--proposed", str(proposed)))
    ok(cli(root, "build", "-o", str(root / "out" / "seed.txt")))
    target = exporting.resolve(root, "out/seed.html")
    exporting.write(b"<p>x</p>", target)
    written = [root / "texts/seed/text.toml", root / "texts/seed/p11.txt",
               *(root / "amendments/seed").glob("*.patch"), root / "out/seed.txt",
               root / "out/seed.html"]
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(0o666 & ~umask) for p in written}


# -- confinement and safe reads ---------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["/etc/passwd", "../x", "a/../../x", ".git/config", "a//b",
                                 "a/./b", "", "a\\b"])
def test_a_path_that_is_not_inside_the_workspace_is_refused(tmp_path: Path, rel: str):
    with pytest.raises(InvalidInput):
        confined(tmp_path, rel)


def test_a_path_through_any_link_is_refused(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "inner").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "file.txt").write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real" / "file.txt")
    for rel in ("inner/file.txt", "inner/new.txt", "link.txt"):
        with pytest.raises(InvalidInput, match="symbolic link"):
            confined(tmp_path, rel)
    assert confined(tmp_path, "real/file.txt") == tmp_path / "real" / "file.txt"
    assert confined(tmp_path, "new/deeper/file.txt") == tmp_path / "new" / "deeper" / "file.txt"


def test_reading_a_fifo_is_refused_without_hanging(tmp_path: Path):
    fifo = tmp_path / "p1.txt"
    os.mkfifo(fifo)  # no writer: opening it for reading normally blocks for ever
    with pytest.raises(InvalidInput, match="named pipe"):
        read_regular(fifo, "texts/seed/p1.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InvalidInput, match="is a directory"):
        read_regular(tmp_path / "dir.txt", "texts/seed/dir.txt")


# -- the workspace lock ----------------------------------------------------------------------------

def test_the_workspace_lock_lasts_as_long_as_a_git_child_that_inherited_it(tmp_path: Path):
    """A consolidate killed while its git runs: the next command waits for that git."""
    with workspace_lock(tmp_path):
        fds = held_lock_fds()
        assert len(fds) == 1
        child = subprocess.Popen(["sleep", "30"], pass_fds=fds, start_new_session=True)
    try:
        with pytest.raises(InvalidInput, match="still running"), workspace_lock(tmp_path, 0.3):
            pass
    finally:
        child.kill()
        child.wait()
    with workspace_lock(tmp_path, 2):
        pass


def test_the_workspace_lock_is_reentrant_and_excludes_other_processes(tmp_path: Path):
    with workspace_lock(tmp_path), workspace_lock(tmp_path):
        other = subprocess.run([sys.executable, "-c", (
            "import sys; from pathlib import Path; from consolidate.store.files import "
            "workspace_lock\ntry:\n with workspace_lock(Path(sys.argv[1]), 0.2): print('got')\n"
            "except Exception as e: print(type(e).__name__)"), str(tmp_path)],
            capture_output=True, text=True)
        assert other.stdout.strip() == "InvalidInput"
    assert held_lock_fds() == ()
