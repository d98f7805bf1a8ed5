"""Shared test set-up: hermetic git, and the workspaces most tests start from.

The helpers (the command line in process, git, builders) are in ``tests/support.py``; read its
docstring before writing a test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from support import FIXTURES, make_seed_workspace, shipped_clone

# Tests make git repositories: give git an identity, and keep the user's global and system
# configuration (signing, hooks, templates) out of them. Set before any test runs, so that
# every test sees the same git whatever runs before it.
os.environ.update({
    "GIT_AUTHOR_NAME": "consolidate tests",
    "GIT_AUTHOR_EMAIL": "tests@consolidate.invalid",
    "GIT_COMMITTER_NAME": "consolidate tests",
    "GIT_COMMITTER_EMAIL": "tests@consolidate.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
})
# The commands that tests start as processes load the package as a user's would, from the
# bytecode that Python keeps: an environment that forbids writing it (container images often
# do) would have each of them compile every module again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


# Property tests check results, never speed: on a busy machine (xdist workers share the CPUs
# with everything else) a slow example is no failure. Explicit @settings keep their own values.
settings.register_profile("consolidate", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("consolidate")


@pytest.fixture
def seed_file() -> Path:
    return FIXTURES / "seed_resolution.txt"


def _copy(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed workspace, built once per test process: copy it, never change it."""
    return make_seed_workspace(tmp_path_factory.mktemp("seed-template") / "ws")


@pytest.fixture
def seed_workspace(seed_template: Path, tmp_path: Path) -> Path:
    """A fresh workspace holding the OSCE PA seed resolution as text ``seed`` (one commit
    for the skeleton, one for the import)."""
    return _copy(seed_template, tmp_path / "ws")


@pytest.fixture(scope="session")
def shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository (its workspace part), made once per test process: copy it,
    never change it."""
    return shipped_clone(tmp_path_factory.mktemp("shipped-template") / "clone", workspace_only=True)


@pytest.fixture
def shipped(shipped_template: Path, tmp_path: Path) -> Path:
    """A fresh clone of this repository: the shipped workspace (text ``osce-2008-children``)
    as committed, with its history."""
    return _copy(shipped_template, tmp_path / "clone")


