"""The helpers every test uses: the command line, git, and workspaces to run them on.

Write new tests with these; do not add another ``git()`` or ``run()`` helper.

- ``cli(workspace, *args, input=None, env=None, cwd=None)`` runs ``consolidate -C workspace
  args...`` in this process with click's ``CliRunner`` and returns an :class:`Outcome`
  (``returncode``, ``stdout``, ``stderr``, ``json()``), like ``subprocess.run`` would. Use it for
  every test of the command line's behaviour: exit codes, messages, outputs, commits.
- ``ok(outcome)`` asserts exit 0 (showing stderr otherwise) and returns the standard output;
  ``expect(outcome, codes)`` allows other exit codes.
- ``process(workspace, *args, ...)`` runs the real entry point (``python -m consolidate``) in a
  child process. Only where a real process is the point: the entry point itself, exit codes
  through the real process, signals and SIGKILL crash tests (``CONSOLIDATE_FAULT_*``), locale
  and start-up behaviour, tmux. Each costs about a second of start-up.
- ``git(repo, *args)`` returns git's output (fails the test when git fails); ``git_run`` gives
  the completed process whatever its exit code.
- Workspaces (built by ``bench/workspaces.py``, shared with the benchmarks; the fixtures in
  ``tests/conftest.py`` copy a template made once per test process):
  ``seed_workspace`` fixture (the OSCE PA seed resolution imported as text ``seed``),
  ``shipped`` fixture (a fresh clone of this repository: the shipped workspace, text
  ``osce-2008-children``), ``separate_amendments`` and ``table``/``decide`` for batches.
- ``validate_json(outcome_or_data, schema)`` checks a ``--json`` output against the JSON Schema
  shipped in ``consolidate/schemas``.

Everything here is safe under pytest-xdist (the suite runs with ``-n auto``): tests write only
below their ``tmp_path``, never in the repository.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shlex
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from workspaces import (
    REPO,
    SEED,
    CommandFailed,
    Outcome,
    clauses_workspace,
    decide,
    expect,
    git,
    git_run,
    import_source,
    in_process,
    in_subprocess,
    make_seed_workspace,
    manifest_workspace,
    new_workspace,
    separate_amendments,
    shipped_clone,
    table,
)

ROOT = REPO
FIXTURES = ROOT / "tests" / "fixtures"
SHIPPED_TEXT = "osce-2008-children"

__all__ = [
    "FIXTURES",
    "ROOT",
    "SEED",
    "SHIPPED_TEXT",
    "CommandFailed",
    "Outcome",
        "clauses_workspace",
    "cli",
    "console",
    "decide",
    "expect",
    "git",
    "git_run",
    "head",
    "import_source",
    "make_seed_workspace",
    "manifest_workspace",
    "new_workspace",
    "ok",
    "process",
    "separate_amendments",
    "shipped_clone",
    "table",
    "validate_json",
]


def cli(workspace: Path | None, *args: str, input: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None, cwd: Path | None = None,
        codes: Iterable[int] | None = None) -> Outcome:
    """``consolidate [-C workspace] args...`` in this process (click's ``CliRunner``).

    *cwd* makes relative paths in *args* relative to it; *codes*, when given, are the exit
    codes allowed (the test fails with the command's output otherwise).
    """
    with _working_directory(cwd):
        outcome = in_process(workspace, *args, input=input, env=env)
    return outcome if codes is None else expect(outcome, codes)


def process(workspace: Path | None, *args: str, input: str | bytes | None = None,
            env: Mapping[str, str | None] | None = None, timeout: float = 600) -> Outcome:
    """``python -m consolidate [-C workspace] args...`` in a child process (the real entry
    point). Only where a real process is the point; see the module's docstring."""
    return in_subprocess(workspace, *args, input=input, env=env, timeout=timeout)


def ok(outcome: Outcome) -> str:
    """The standard output of a command that must exit 0."""
    return expect(outcome).stdout


def head(repo: Path) -> str:
    """The commit id of HEAD."""
    return git(repo, "rev-parse", "HEAD").strip()


@contextlib.contextmanager
def _working_directory(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


# -- shell examples (the README's console blocks) --------------------------------------------


def console(command: str, cwd: Path, *, merge_stderr: bool = False) -> Outcome:
    """A command line as a user types it in *cwd*, e.g. ``consolidate build --format json |
    grep -A22 'p15'``: the ``consolidate`` stages of the pipeline run in process, the others
    (grep, pandoc, unzip...) in bash, each given the previous stage's output. The outcome's
    ``stdout`` is the pipeline's (with standard error too, for *merge_stderr*, as ``2>&1``);
    its exit code is the last non-zero one (bash's ``pipefail``)."""
    stages = _stages(command)
    data: bytes | None = None
    code, out = 0, ""
    for index, stage in enumerate(stages):
        if stage[0] == "consolidate":
            outcome = cli(None, *stage[1:], input=data, cwd=cwd)
            out = outcome.output if merge_stderr else outcome.stdout
            data = out.encode("utf-8")
            code = outcome.returncode or code
            continue
        rest = " | ".join(shlex.join(s) for s in stages[index:])
        done = subprocess.run(["bash", "-o", "pipefail", "-c", rest + (" 2>&1" if merge_stderr else "")],
                              cwd=cwd, input=data, capture_output=True, check=False,
                              env={**os.environ, "NO_COLOR": "1"})
        out = done.stdout.decode("utf-8", "replace")
        code = done.returncode or code
        return Outcome((command,), code, out, done.stderr.decode("utf-8", "replace"),
                       stdout_bytes=done.stdout, output=out)
    return Outcome((command,), code, out, "", stdout_bytes=out.encode("utf-8"), output=out)


def _stages(command: str) -> list[list[str]]:
    """The words of each stage of a pipeline (quotes and comments as a shell reads them)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    stages: list[list[str]] = [[]]
    for token in lexer:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token)
    return stages


# -- JSON outputs -----------------------------------------------------------------------------


def validate_json(output: Outcome | str | Mapping[str, Any], schema: str) -> Any:
    """*output* (a command's outcome, its text, or parsed data) checked against the shipped
    schema *schema* (e.g. ``"list"`` for ``list.schema.json``); returns the parsed data."""
    if isinstance(output, Outcome):
        data = json.loads(output.stdout)
    elif isinstance(output, str):
        data = json.loads(output)
    else:
        data = output
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, f"{schema}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5])
    return data


@functools.cache
def _validator(name: str) -> Any:
    import jsonschema
    from referencing import Registry, Resource

    from consolidate.schemas import load_schema, load_schemas

    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(schema)) for uri, schema in load_schemas().items())
    return jsonschema.Draft202012Validator(load_schema(name), registry=registry,
                                           format_checker=jsonschema.FormatChecker())
