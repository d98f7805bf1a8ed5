"""The command line in process (click's CliRunner), for the input-path tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from consolidate.cli.main import cli

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed_resolution.txt"


def run(workspace: Path | None, *args: str, input: str | bytes | None = None) -> Result:
    """``consolidate [-C workspace] args`` in process; never a traceback (exit 1 or 70)."""
    prefix = ["-C", str(workspace)] if workspace is not None else []
    result = CliRunner().invoke(cli, [*prefix, *args], input=input)
    assert result.exit_code != 70, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def ok(workspace: Path | None, *args: str, input: str | bytes | None = None) -> Result:
    result = run(workspace, *args, input=input)
    assert result.exit_code == 0, result.output
    return result


def head(workspace: Path) -> str:
    return subprocess.run(["git", "-C", str(workspace), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def snapshot(workspace: Path) -> tuple[str, dict[str, bytes]]:
    """HEAD and every file of texts/ and amendments/: what must not change on a refusal."""
    files = {p.relative_to(workspace).as_posix(): p.read_bytes()
             for folder in ("texts", "amendments") for p in (workspace / folder).rglob("*")
             if p.is_file()}
    return head(workspace), files


def new_workspace(root: Path) -> Path:
    ok(None, "init", str(root))
    return root


def seed_workspace(root: Path) -> Path:
    """The OSCE seed resolution (paragraphs without a final newline) as text 'seed'."""
    new_workspace(root)
    ok(root, "import", str(SEED), "--text", "seed")
    return root


def articles_workspace(root: Path, files: dict[str, str], text_id: str = "code") -> Path:
    """A text imported from a folder of article files (their content exactly)."""
    folder = root.parent / f"{text_id}-articles"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content.encode("utf-8"))
    new_workspace(root)
    ok(root, "import", str(folder), "--text", text_id, "--title", "Code")
    return root
