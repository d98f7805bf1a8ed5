"""The bad-input catalogue: each mistake gets a clear message, its exit code, and nothing written.

Each case breaks a workspace in one way, runs a command through the CLI, and checks: the exit
code; the message names the file (and line, where there is one) and says how to fix it; no
traceback; no commit and no changed file.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .kit import cli, git, process

Breaker = Callable[[Path, str], None]
TEXT = "texts/seed"
AMENDMENTS = "amendments/seed"


@pytest.fixture
def amended(workspace: Path) -> tuple[Path, str]:
    """The seed with one tabled amendment on paragraph 11; returns (workspace, its id)."""
    p11 = (workspace / TEXT / "p11.txt").read_text()
    result = cli(workspace, "amend", "--clause", "p11", "--proposed", "-",
                 input=p11.replace("to ratify", "to sign"), check=True)
    return workspace, result.stdout.split()[-1]


def _edit(workspace: Path, rel: str, old: str, new: str) -> None:
    path = workspace / rel
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1))


def _snapshot(workspace: Path) -> tuple[str, dict[str, bytes]]:
    files = {p.relative_to(workspace).as_posix(): p.read_bytes()
             for folder in ("texts", "amendments") for p in (workspace / folder).rglob("*")
             if p.is_file() and not p.is_symlink()}
    return git(workspace, "rev-parse", "HEAD").strip(), files


def _patch(amendment_id: str) -> str:
    return f"{AMENDMENTS}/{amendment_id}.patch"


# (name, breaker, command, exit code, what the message must name)
AMENDMENT_FILE_CASES: list[tuple[str, Breaker, tuple[str, ...], int, str]] = [
    ("malformed header line",
     lambda ws, a: _edit(ws, _patch(a), "Status: tabled", "Status tabled"),
     ("check",), 2, r"\.patch:\d+"),
    ("unknown header key",
     lambda ws, a: _edit(ws, _patch(a), "Status: tabled", "Status: tabled\nColour: red"),
     ("check",), 2, r"\.patch:\d+.*Colour"),
    ("duplicated header key",
     lambda ws, a: _edit(ws, _patch(a), "Status: tabled", "Status: tabled\nStatus: adopted"),
     ("check",), 2, r"\.patch:\d+.*Status"),
    ("missing patch body",
     lambda ws, a: (ws / _patch(a)).write_text((ws / _patch(a)).read_text().split("\n\n")[0] + "\n"),
     ("check",), 2, r"\.patch"),
    ("patch text that does not parse",
     lambda ws, a: _edit(ws, _patch(a), "@@ -", "@@ x"),
     ("check",), 2, r"\.patch:\d+"),
    ("patch that does not fit its base",
     lambda ws, a: _edit(ws, _patch(a), "-ratify", "-rectify"),
     ("check",), 2, r"\.patch.*does not fit"),
    ("base that is not a blob id",
     lambda ws, a: _edit(ws, _patch(a), "Base: ", "Base: zz"),
     ("check",), 2, r"\.patch:\d+.*Base"),
    ("unknown status",
     lambda ws, a: _edit(ws, _patch(a), "Status: tabled", "Status: postponed"),
     ("check",), 2, r"\.patch:\d+.*postponed"),
    ("clause id with a slash",
     lambda ws, a: _edit(ws, _patch(a), "Clause: p11", "Clause: ../p11"),
     ("check",), 2, r"\.patch:\d+"),
    ("clause id with a backslash",
     lambda ws, a: _edit(ws, _patch(a), "Clause: p11", "Clause: p\\11"),
     ("check",), 2, r"\.patch:\d+"),
    ("byte-order mark",
     lambda ws, a: (ws / _patch(a)).write_bytes(b"\xef\xbb\xbf" + (ws / _patch(a)).read_bytes()),
     ("check",), 2, r"\.patch:1.*byte-order mark"),
    ("CRLF line ends in an amendment file",
     lambda ws, a: (ws / _patch(a)).write_bytes((ws / _patch(a)).read_bytes().replace(b"\n", b"\r\n")),
     ("check",), 2, r"\.patch:1"),
    ("non-UTF-8 bytes in an amendment file",
     lambda ws, a: (ws / _patch(a)).write_bytes((ws / _patch(a)).read_bytes() + b"\nJ\xe9r\xf4me"),
     ("check",), 2, r"\.patch:\d+.*UTF-8"),
]


def _duplicate_number(ws: Path, amendment_id: str) -> None:
    content = (ws / _patch(amendment_id)).read_text()
    (ws / _patch("am-900")).write_text(content.replace(f"Id: {amendment_id}", "Id: am-900"))


def _duplicate_id(ws: Path, amendment_id: str) -> None:
    content = (ws / _patch(amendment_id)).read_text()
    (ws / _patch("am-copy")).write_text(content.replace("Number: 1", "Number: 77"))


def _base_missing(ws: Path, amendment_id: str) -> None:
    _edit(ws, _patch(amendment_id), "Status: tabled", "Status: adopted")
    text = (ws / _patch(amendment_id)).read_text()
    (ws / _patch(amendment_id)).write_text(re.sub(r"Base: [0-9a-f]{40}", "Base: " + "1" * 40, text))


WORKSPACE_CASES: list[tuple[str, Breaker, tuple[str, ...], int, str]] = [
    ("two amendments with the same number", _duplicate_number, ("check",), 2, r"\.patch.*number 1 is used by .*am-900"),
    ("duplicate amendment ids", _duplicate_id, ("check",), 2, r"am-copy\.patch:1.*Id"),
    ("base missing from git (adopted)", _base_missing, ("check",), 1, r"base 111111111111 is not in the repository"),
    ("non-UTF-8 bytes in a clause file",
     lambda ws, a: (ws / TEXT / "p3.txt").write_bytes(b"Deeply concerned\n\xe9t\xe9"),
     ("check",), 2, r"texts/seed/p3\.txt:2.*UTF-8"),
    ("byte-order mark in a clause file",
     lambda ws, a: (ws / TEXT / "p3.txt").write_bytes(b"\xef\xbb\xbf" + (ws / TEXT / "p3.txt").read_bytes()),
     ("check",), 2, r"texts/seed/p3\.txt:1.*byte-order mark"),
    ("CRLF line ends in a clause file",
     lambda ws, a: (ws / TEXT / "p3.txt").write_bytes(b"Deeply\r\nconcerned"),
     ("check",), 2, r"texts/seed/p3\.txt:1.*line ends"),
    ("a binary clause file",
     lambda ws, a: (ws / TEXT / "p3.txt").write_bytes(b"GIF89a\x00\x01\x02"),
     ("check",), 2, r"texts/seed/p3\.txt.*(NUL|UTF-8)"),
    ("a 10 MB clause",
     lambda ws, a: (ws / TEXT / "p3.txt").write_text("word " * 2_000_000),
     ("check",), 2, r"texts/seed/p3\.txt.*characters"),
    ("a clause file deleted by hand",
     lambda ws, a: (ws / TEXT / "p3.txt").unlink(),
     ("check",), 2, r"texts/seed/p3\.txt"),
    ("a clause file that is a link out of the workspace",
     lambda ws, a: _link_out(ws, TEXT + "/p3.txt"),
     ("check",), 2, r"texts/seed/p3\.txt.*outside the workspace"),
    ("an amendment file that is a link out of the workspace",
     lambda ws, a: _link_out(ws, _patch(a)),
     ("check",), 2, r"\.patch.*outside the workspace"),
    ("an empty text",
     lambda ws, a: (ws / TEXT / "text.toml").write_text('title = "T"\n'),
     ("check",), 2, r"texts/seed/text\.toml"),
    ("clause id with '..' in the text manifest",
     lambda ws, a: _edit(ws, TEXT + "/text.toml", 'id = "p3"', 'id = "../p3"'),
     ("check",), 2, r"texts/seed/text\.toml:\d+"),
    ("uncommitted edits to texts/ when a decision is recorded",
     lambda ws, a: _edit(ws, TEXT + "/p5.txt", "Deploring", "Deplores"),
     ("adopt", "1"), 2, r"uncommitted changes.*texts/seed/p5\.txt"),
]


def _link_out(ws: Path, rel: str) -> None:
    outside = ws.parent / "outside.txt"
    outside.write_text((ws / rel).read_text())
    (ws / rel).unlink()
    os.symlink(outside, ws / rel)


@pytest.mark.parametrize("name, breaker, command, code, names",
                         AMENDMENT_FILE_CASES + WORKSPACE_CASES,
                         ids=[case[0] for case in AMENDMENT_FILE_CASES + WORKSPACE_CASES])
def test_bad_input_is_refused_clearly_and_nothing_is_written(amended, name, breaker, command, code, names):
    workspace, amendment_id = amended
    breaker(workspace, amendment_id)
    before = _snapshot(workspace)
    for args in (command, ("adopt", amendment_id)):
        result = cli(workspace, *args)
        assert "Traceback" not in result.stderr
        assert result.returncode in (1, 2), result.stderr
        assert _snapshot(workspace) == before, f"{args} wrote something"
    result = cli(workspace, *command)
    assert result.returncode == code, result.stderr
    assert re.search(names, result.stderr + result.stdout, re.S), result.stderr
    assert "To fix" in result.stderr or code == 1


def test_a_directory_that_is_not_a_git_repository(tmp_path: Path):
    result = cli(tmp_path, "check")
    assert result.returncode == 2 and "not a git repository" in result.stderr
    assert "To fix" in result.stderr


def test_a_detached_head_refuses_changes_but_reads(amended):
    workspace, amendment_id = amended
    git(workspace, "checkout", "--quiet", "--detach", "HEAD")
    before = _snapshot(workspace)
    assert cli(workspace, "check").returncode == 0
    result = cli(workspace, "adopt", amendment_id)
    assert result.returncode == 2 and "detached" in result.stderr and "To fix" in result.stderr
    assert _snapshot(workspace) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_workspace(amended):  # pragma: no cover - CI runs as root
    workspace, amendment_id = amended
    subprocess.run(["chmod", "-R", "a-w", str(workspace)], check=True)
    try:
        result = cli(workspace, "adopt", amendment_id)
        assert result.returncode == 2 and "Traceback" not in result.stderr
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(workspace)], check=True)


def test_a_read_only_workspace_as_root(amended, monkeypatch):
    """As root (CI), make the writes fail the way a read-only file system does."""
    workspace, amendment_id = amended
    before = _snapshot(workspace)
    guard = workspace.parent / "sitecustomize.py"
    guard.write_text(
        "import builtins, os\n"
        "real_replace = os.replace\n"
        "def refuse(src, dst, *a, **k):\n"
        "    raise PermissionError(13, 'Read-only file system', str(dst))\n"
        "os.replace = refuse\n")
    result = process(workspace, "adopt", amendment_id,
                     env={"PYTHONPATH": f"{workspace.parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "permission denied" in result.stderr.lower()
    assert _snapshot(workspace) == before


def test_normalised_input_is_said_and_keeps_its_meaning(workspace: Path, tmp_path: Path):
    source = tmp_path / "resolution.txt"
    raw = (Path(__file__).parent.parent / "fixtures" / "seed_resolution.txt").read_text()
    decomposed = raw.replace("Recognizing", "Re\u0301cognizing")  # an NFD accent
    source.write_bytes(b"\xef\xbb\xbf" + decomposed.replace("\n", "\r\n").encode())
    result = cli(workspace, "import", str(source), "--text", "other")
    assert result.returncode == 0, result.stderr
    assert "byte-order mark" in result.stderr and "CRLF" in result.stderr and "NFC" in result.stderr
    assert (workspace / "texts/other/p2.txt").read_text().startswith("R\u00e9cognizing")
    proposal = (workspace / "texts/other/p11.txt").read_text().replace("ratify", "rati\u0301fy")
    amended = cli(workspace, "amend", "--text", "other", "--clause", "p11", "--proposed", "-",
                  input=proposal.replace("\n", "\r\n"))
    assert amended.returncode == 0 and "NFC" in amended.stderr
