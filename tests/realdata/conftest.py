"""Shared set-up for the tests on real data: where the data are, and the Civil Code replay.

The command line runs in process (``support.cli``); git is hermetic (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from support import FIXTURES as ALL_FIXTURES
from support import Outcome, cli, expect

FIXTURES = ALL_FIXTURES / "realdata"


def run_cli(workspace: Path | None, *args: str, ok_codes: Sequence[int] = (0,),
            stdin: str | None = None) -> Outcome:
    """``consolidate [-C workspace] args...``; fails the test with the command's output when
    its exit code is not in *ok_codes*."""
    return expect(cli(workspace, *args, input=stdin), ok_codes)


@pytest.fixture(scope="session")
def code_civil_replayed(tmp_path_factory: pytest.TempPathFactory):
    """The French Civil Code workspace after its 34 acts were replayed and adopted, once per
    session (see test_code_civil_replay.py: ``replay`` and the ``Replay`` it returns).

    The replay tests and the exporters' real-client checks share it.
    """
    from .test_code_civil_replay import replay

    return replay(tmp_path_factory.mktemp("code-civil-session"))
