"""Shared helpers for the tests on real data: a hermetic git identity and the CLI as a user runs it.

The tests create git repositories (the workspace, a scratch copy for `git apply`). They must work on
a machine without a global git identity, and must not be affected by the user's git configuration
(a global ``commit.gpgsign`` or hooks path would break them), so git's global and system
configuration files are switched off and an identity is given through the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "realdata"

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Realdata Tests",
    "GIT_AUTHOR_EMAIL": "realdata-tests@example.org",
    "GIT_COMMITTER_NAME": "Realdata Tests",
    "GIT_COMMITTER_EMAIL": "realdata-tests@example.org",
}


@pytest.fixture(scope="session", autouse=True)
def git_identity():
    """A git identity from the environment, and no global or system git configuration.

    Session-scoped (so that module-scoped fixtures that build workspaces get it too), hence a
    hand-made MonkeyPatch rather than the function-scoped ``monkeypatch`` fixture.
    """
    patch = pytest.MonkeyPatch()
    for name, value in GIT_IDENTITY.items():
        patch.setenv(name, value)
    patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    patch.setenv("NO_COLOR", "1")
    yield
    patch.undo()


CliRunner = Callable[..., subprocess.CompletedProcess]


def run_cli(workspace: Path | None, *args: str, ok_codes: Sequence[int] = (0,),
            stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``consolidate [-C workspace] args...`` in a subprocess (the real entry point).

    Fails the test with the command's output when its exit code is not in *ok_codes*.
    """
    command = [sys.executable, "-m", "consolidate"]
    if workspace is not None:
        command += ["-C", str(workspace)]
    command += list(args)
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                            input=stdin, check=False)
    if result.returncode not in ok_codes:
        pytest.fail(
            f"`consolidate {' '.join(args)}` exited {result.returncode} "
            f"(expected {list(ok_codes)})\n--- stdout ---\n{result.stdout[-3000:]}"
            f"\n--- stderr ---\n{result.stderr[-3000:]}"
        )
    return result


@pytest.fixture
def cli() -> CliRunner:
    return run_cli


@pytest.fixture(scope="session")
def code_civil_replayed(tmp_path_factory: pytest.TempPathFactory):
    """The French Civil Code workspace after its 34 acts were replayed and adopted, once per
    session (see test_code_civil_replay.py: ``replay`` and the ``Replay`` it returns).

    The replay tests and the exporters' real-client checks share it.
    """
    from .test_code_civil_replay import replay

    return replay(tmp_path_factory.mktemp("code-civil-session"))
