"""The real entry point, in a child process: the installed command, and exit codes as a shell
sees them. Everything else about the command line is tested in process (tests/cli/test_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import SHIPPED_TEXT, git, process


def planted(folder: Path, code: str) -> dict[str, str]:
    """The environment of a command that runs *code* as it starts (a ``sitecustomize`` in
    *folder*): a bug, an interrupt or a signal planted at a chosen point."""
    (folder / "sitecustomize.py").write_text(code, encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def test_the_installed_command_and_the_module_answer_help_and_version():
    script = Path(sys.executable).with_name("consolidate")
    assert script.exists(), "the package's console script is not installed"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Exit codes" in done.stdout
    version = process(None, "--version")
    assert version.returncode == 0 and "version" in version.stdout


def test_exit_codes_through_the_real_process(shipped: Path, tmp_path: Path):
    assert process(shipped, "check").returncode == 0
    invalid = process(tmp_path, "check", "--json")
    assert invalid.returncode == 2 and invalid.stdout == ""
    assert json.loads(invalid.stderr)["error"]["exit_code"] == 2
    # An adopted amendment that cannot apply: exit 1.
    path = shipped / "amendments" / SHIPPED_TEXT / "am-003.patch"
    path.write_text(path.read_text(encoding="utf-8").replace("Status: fallen", "Status: adopted"),
                    encoding="utf-8")
    git(shipped, "commit", "-qam", "adopted by hand")
    conflict = process(shipped, "check")
    assert conflict.returncode == 1 and "Traceback" not in conflict.stderr


def test_an_internal_error_exits_70_without_a_traceback(shipped: Path, tmp_path: Path):
    env = planted(tmp_path, (
        "from consolidate.app.state import TextState\n"
        "def broken(self):\n"
        "    raise RuntimeError('a bug planted by the test')\n"
        "TextState.voting_order = broken\n"))
    result = process(shipped, "list", env=env)
    assert result.returncode == 70
    assert "Internal error: RuntimeError: a bug planted by the test" in result.stderr
    assert "Traceback" not in result.stderr
    shown = process(shipped, "list", env={**env, "CONSOLIDATE_DEBUG": "1"})
    assert shown.returncode == 1 and "Traceback" in shown.stderr


def test_ctrl_c_in_a_command_exits_130_without_a_traceback(shipped: Path, tmp_path: Path):
    env = planted(tmp_path, (
        "from consolidate.app.state import TextState\n"
        "def interrupted(self):\n"
        "    raise KeyboardInterrupt\n"
        "TextState.voting_order = interrupted\n"))
    result = process(shipped, "list", env=env)
    assert result.returncode == 130, result.stderr
    assert "Interrupted" in result.stderr and "Aborted" not in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_enters_where_an_interrupt_during_loading_is_caught():
    from importlib.metadata import entry_points

    from consolidate.__main__ import run

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "consolidate"]
    assert script.value == "consolidate.__main__:run" and callable(run)


def test_ctrl_c_after_the_command_answered_prints_no_traceback(shipped: Path, tmp_path: Path):
    # A Ctrl+C that lands while the interpreter shuts down (finalizers, atexit) interrupts
    # nothing of ours: it must not print a traceback under a finished command.
    env = planted(tmp_path, (
        "import atexit, os, signal, time\n"
        "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.2)))\n"))
    result = process(shipped, "list", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr


def test_ctrl_c_while_the_read_cache_is_saved_prints_no_traceback(shipped: Path, tmp_path: Path):
    # The cache is saved as the command ends (when its state is dropped): a Ctrl+C then
    # lands in the saving, which must neither print a traceback nor leave a half file.
    env = planted(tmp_path, (
        "import os, signal, time\n"
        "import consolidate.app.state as state\n"
        "saving = state.save_cache\n"
        "def interrupted(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(0.2)\n"
        "    saving(*args, **kwargs)\n"
        "state.save_cache = interrupted\n"))
    result = process(shipped, "list", env=env)
    assert result.returncode in (0, 130), result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert process(shipped, "list").returncode == 0
