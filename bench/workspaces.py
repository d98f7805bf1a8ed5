"""Building workspaces: the one module the benchmarks (bench/) and the tests (tests/) share.

A workspace is built the way a user builds one: ``consolidate init``, ``import``, ``amend
--batch``, ``adopt``. Each builder takes a *run*, the way to run a command:

- :func:`in_process` (the default): the command line called in this process with click's
  ``CliRunner``, as the tests call it (no interpreter start-up, the same code path);
- :func:`in_subprocess`: ``python -m consolidate`` in a child process, as a user runs it,
  start-up included (what the benchmarks time).

Both return an :class:`Outcome` (exit code, standard output and error, seconds), so a
builder's figures mean the same whichever runs it. The builders:

- :func:`new_workspace`, :func:`import_source`, :func:`make_seed_workspace` (the OSCE PA seed
  resolution of tests/fixtures), :func:`clauses_workspace` (one clause file per entry),
  :func:`manifest_workspace` (a text.toml with clause kinds, committed as is);
- :func:`table` (one ``amend --batch``), :func:`decide` (``adopt``/``reject``/… in chunks);
- :func:`shipped_clone`: a fresh clone of this repository, whose ``texts/`` and
  ``amendments/`` are the shipped workspace (the bases are reachable from its history);
- :func:`separate_amendments`: batch lines of amendments that never collide.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "seed_resolution.txt"
# Output laid out for a 100-column terminal, whatever terminal runs the tests.
TERMINAL = {"COLUMNS": "100", "LINES": "24"}


@dataclass(frozen=True)
class Outcome:
    """What a command did: its arguments, exit code, outputs and how long it took."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    stdout_bytes: bytes = b""
    output: str = ""  # standard output and error interleaved, as a terminal shows them

    def json(self) -> Any:
        """Standard output read as JSON."""
        return json.loads(self.stdout)


class Run(Protocol):
    """A way to run ``consolidate [-C workspace] args...``."""

    def __call__(self, workspace: Path | None, *args: str, input: str | bytes | None = None,
                 env: Mapping[str, str | None] | None = None) -> Outcome: ...


class CommandFailed(AssertionError):
    """A command a builder needed exited with an unexpected code."""


def _argv(workspace: Path | None, args: Sequence[str]) -> list[str]:
    return (["-C", str(workspace)] if workspace is not None else []) + [str(a) for a in args]


def in_process(workspace: Path | None, *args: str, input: str | bytes | None = None,
               env: Mapping[str, str | None] | None = None) -> Outcome:
    """``consolidate`` called in this process with click's ``CliRunner``.

    Standard input is *input*; *env* is set for the call only (a None value unsets). An
    exception that escapes the command (it never should: the group maps every error to an
    exit code) is given back as a process would show it: exit 1 and a traceback on stderr.
    """
    from click.testing import CliRunner

    from consolidate.cli.main import cli

    runner = CliRunner()
    started = time.perf_counter()
    result = runner.invoke(cli, _argv(workspace, args), input=input, env={**TERMINAL, **(env or {})},
                           prog_name="consolidate", catch_exceptions=True)
    seconds = time.perf_counter() - started
    stderr, code = result.stderr, result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(*result.exc_info)[1:])
        code = 1
    return Outcome(tuple(args), code, result.stdout, stderr, seconds, result.stdout_bytes,
                   result.output)


def in_subprocess(workspace: Path | None, *args: str, input: str | bytes | None = None,
                  env: Mapping[str, str | None] | None = None, timeout: float = 600) -> Outcome:
    """``python -m consolidate`` in a child process: the real entry point, start-up included."""
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    data = input.encode("utf-8") if isinstance(input, str) else input
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "consolidate", *_argv(workspace, args)],
                          input=data, capture_output=True, env=environment, timeout=timeout)
    seconds = time.perf_counter() - started
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    return Outcome(tuple(args), done.returncode, out, err, seconds, done.stdout, out + err)


def expect(outcome: Outcome, codes: Iterable[int] = (0,)) -> Outcome:
    """*outcome*, or :class:`CommandFailed` with its output when its exit code is not in *codes*."""
    allowed = tuple(codes)
    if outcome.returncode not in allowed:
        shown = " ".join(outcome.args)[:300]
        raise CommandFailed(f"`consolidate {shown}` exited {outcome.returncode} (expected "
                            f"{list(allowed)})\n--- stdout ---\n{outcome.stdout[-3000:]}"
                            f"\n--- stderr ---\n{outcome.stderr[-3000:]}")
    return outcome


# -- workspaces ------------------------------------------------------------------------------


def new_workspace(root: Path, run: Run = in_process) -> Path:
    """``consolidate init root``: an empty workspace."""
    expect(run(None, "init", str(root)))
    return root


def import_source(workspace: Path, source: Path, text_id: str, *, title: str | None = None,
                  run: Run = in_process) -> Outcome:
    """``consolidate import source --text text_id``: a resolution file or a clause folder."""
    extra = ("--title", title) if title else ()
    return expect(run(workspace, "import", str(source), "--text", text_id, *extra))


def make_seed_workspace(root: Path, text_id: str = "seed", run: Run = in_process) -> Path:
    """A workspace holding the OSCE PA seed resolution (16 paragraphs) as *text_id*."""
    new_workspace(root, run)
    import_source(root, SEED, text_id, run=run)
    return root


def clauses_workspace(root: Path, text_id: str, clauses: Mapping[str, str], *, title: str | None = None,
                      run: Run = in_process) -> tuple[Path, Outcome]:
    """A workspace whose text is one clause per entry of *clauses* (file name -> text),
    imported from the folder ``root/clauses``; returns it and the import's outcome."""
    source = root / "clauses"
    source.mkdir(parents=True)
    for name, text in clauses.items():
        (source / name).write_text(text, encoding="utf-8")
    workspace = new_workspace(root / "workspace", run)
    return workspace, import_source(workspace, source, text_id, title=title, run=run)


def manifest_workspace(root: Path, text_id: str, title: str, entries: Sequence[tuple[str, str, str]],
                       *, kind: str = "law", language: str = "en", run: Run = in_process) -> Path:
    """A workspace whose text has the clauses *entries* (id, clause kind, text) in this order,
    written as they are (no normalising import) and committed."""
    from consolidate.core.model import ClauseKind
    from consolidate.core.text_format import ManifestEntry, TextManifest, render_manifest

    new_workspace(root, run)
    folder = root / "texts" / text_id
    folder.mkdir(parents=True)
    manifest = TextManifest(title, kind=kind, language=language,
                            entries=tuple(ManifestEntry(i, ClauseKind(k)) for i, k, _ in entries))
    (folder / "text.toml").write_text(render_manifest(manifest), encoding="utf-8")
    for clause_id, _, text in entries:
        (folder / f"{clause_id}.txt").write_text(text, encoding="utf-8")
    git(root, "add", "texts")
    git(root, "commit", "-q", "-m", f"Import the text '{text_id}'")
    return root


def table(workspace: Path, lines: Sequence[Mapping[str, Any]], *, batch: Path | None = None,
          text_id: str | None = None, run: Run = in_process) -> tuple[list[str], Outcome]:
    """Table the amendments of *lines* (batch lines, see ``amend --batch``) in one command;
    returns their ids, in the order of the lines, and the command's outcome."""
    path = batch or workspace.parent / f"batch-{len(lines)}.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")
    extra = ("--text", text_id) if text_id else ()
    outcome = expect(run(workspace, "amend", "--batch", str(path), *extra))
    ids = outcome.stdout.split()
    if len(ids) != len(lines):
        raise CommandFailed(f"{len(lines)} batch lines gave {len(ids)} ids")
    return ids, outcome


def decide(workspace: Path, verb: str, ids: Sequence[str], *, chunk: int = 0,
           codes: Iterable[int] = (0,), run: Run = in_process) -> list[Outcome]:
    """``consolidate VERB ids...`` (adopt, reject, withdraw, table), *chunk* ids a call
    (0: all in one); every call must exit with one of *codes*."""
    allowed = tuple(codes)
    size = chunk or max(len(ids), 1)
    return [expect(run(workspace, verb, *ids[start:start + size]), allowed)
            for start in range(0, len(ids), size)]


def shipped_clone(dest: Path, source: Path = REPO, *, workspace_only: bool = False) -> Path:
    """A fresh clone of the repository at *source* on branch ``main``: the shipped workspace
    as committed, every base reachable from its history. *source* is never changed.

    With *workspace_only* the clone checks out only ``texts/``, ``amendments/`` and the files
    at the top (a sparse checkout; git sees no other change) and keeps its objects in one
    pack: a small directory, quick to copy.
    """
    sparse = ("--sparse",) if workspace_only else ()
    subprocess.run(["git", "clone", "--quiet", "--local", "--no-hardlinks", *sparse, str(source),
                    str(dest)], check=True, capture_output=True)
    git(dest, "checkout", "--quiet", "-B", "main")
    if workspace_only:
        git(dest, "sparse-checkout", "set", "texts", "amendments")
        git(dest, "repack", "-a", "-d", "-q")
        for sample in (dest / ".git" / "hooks").glob("*.sample"):
            sample.unlink()
    return dest


def separate_amendments(workspace: Path, count: int, text_id: str = "seed") -> list[dict[str, str]]:
    """Batch lines of *count* amendments that never collide: one word each, three apart."""
    places = []
    for path in sorted((workspace / "texts" / text_id).glob("p*.txt")):
        words = path.read_text(encoding="utf-8").split(" ")
        places += [(path.stem, words, position) for position in range(0, len(words), 3)]
    if len(places) < count:
        raise ValueError(f"the text has room for {len(places)} separate amendments, not {count}")
    lines = []
    for index, (clause, words, position) in enumerate(places[:count]):
        changed = list(words)
        changed[position] = f"W{index}"
        lines.append({"clause": clause, "proposed": " ".join(changed)})
    return lines


# -- git ---------------------------------------------------------------------------------------


def git(repo: Path, *args: str, input: str | bytes | None = None) -> str:
    """``git -C repo args...``: its standard output; :class:`CommandFailed` when it fails."""
    done = git_run(repo, *args, input=input)
    if done.returncode != 0:
        raise CommandFailed(f"git {' '.join(args)} exited {done.returncode}: "
                            f"{done.stderr.decode('utf-8', 'replace')}")
    return done.stdout.decode("utf-8", "replace")


def git_run(repo: Path, *args: str, input: str | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git -C repo args...`` whatever its exit code (bytes out)."""
    data = input.encode("utf-8") if isinstance(input, str) else input
    return subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True,
                          check=False)

