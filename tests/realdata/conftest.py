"""Shared set-up for the tests on real data: where the data are, and the Civil Code replay.

The command line runs in process (``support.cli``); git is hermetic (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from filelock import FileLock
from support import FIXTURES as ALL_FIXTURES
from support import Outcome, cli, expect

FIXTURES = ALL_FIXTURES / "realdata"


def run_cli(workspace: Path | None, *args: str, ok_codes: Sequence[int] = (0,),
            stdin: str | None = None) -> Outcome:
    """``consolidate [-C workspace] args...``; fails the test with the command's output when
    its exit code is not in *ok_codes*."""
    return expect(cli(workspace, *args, input=stdin), ok_codes)


@pytest.fixture(scope="session")
def code_civil_replayed(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """The French Civil Code workspace after its 34 acts were replayed and adopted, once per
    test run (see test_code_civil_replay.py: ``replay`` and the ``Replay`` it returns).

    The replay tests and the exporters' real-client checks share it; under pytest-xdist the
    first worker that needs it builds it in the run's shared temporary directory, the others
    wait for it and read it (nothing changes it after the replay).
    """
    from .test_code_civil_replay import Replay, replay

    if worker_id == "master":  # not under xdist
        return replay(tmp_path_factory.mktemp("code-civil-session"))
    shared = tmp_path_factory.getbasetemp().parent / "code-civil-replay"
    with FileLock(f"{shared}.lock"):
        record = shared / "replay.json"
        if record.is_file():
            return Replay.load(record)
        shared.mkdir()
        replayed = replay(shared)
        replayed.save(record)
        return replayed
