"""The CI recipes of docs/ci run, step by step, against a clone: they cannot rot.

Every shell step of the GitHub Actions workflow and of the GitLab CI job is run by bash in a
clone of the shipped workspace, as the runner would: GitHub's steps stop at the first
failure except those marked ``if: always()``; GitLab's ``script`` stops at the first failure
and its ``after_script`` always runs. The install step is the one substitution: it installs
this checkout (with ``pip --target``) instead of the pinned revision of the git repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import cli as run
from support import git, ok

from .conftest import table

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "docs" / "ci"
_INSTALL_RE = re.compile(r'python -m pip install --quiet "consolidate @ git\+https://\S+@REVISION"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout installed as the recipes install consolidate (no dependencies: they are
    those of the interpreter running the tests)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(ROOT)], check=True,
                   capture_output=True)
    return target


def _install(command: str, site: Path) -> str:
    assert _INSTALL_RE.search(command), command
    return _INSTALL_RE.sub(f'export PYTHONPATH="{site}"; export PATH="{site}/bin:$PATH"', command)


def _bash(command: str, workspace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=300)


def _environment(site: Path, extra: dict[str, str]) -> dict[str, str]:
    path = f"{site / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}/usr/bin:/bin"
    return {"PATH": path, "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(site),
            "LANG": "C.UTF-8", **extra}


@pytest.fixture
def change(clones) -> tuple[Path, str]:
    """A clone where one amendment was tabled and adopted since the shared base."""
    _, (workspace,) = clones(1)
    base = git(workspace, "rev-parse", "HEAD").strip()
    mine = table(workspace, "p12", "Encourages", "Urges")
    ok(run(workspace, "adopt", mine))
    return workspace, base


def _github(workspace: Path, site: Path, base: str) -> tuple[list[int], Path]:
    workflow = yaml.safe_load((RECIPES / "github-actions.yml").read_text())
    summary = workspace.parent / "summary.md"
    env = _environment(site, {"GITHUB_STEP_SUMMARY": str(summary)})
    codes: list[int] = []
    failed = False
    for step in workflow["jobs"]["consolidate"]["steps"]:
        if "run" not in step or (failed and step.get("if") != "always()"):
            continue
        command = step["run"]
        if "pip install" in command:
            command = _install(command, site)
        extra = {key: base for key, value in step.get("env", {}).items() if "${{" in value}
        done = _bash(command, workspace, {**env, **extra})
        codes.append(done.returncode)
        failed = failed or done.returncode != 0
    return codes, summary


def _gitlab(workspace: Path, site: Path, base: str) -> tuple[int, int, str]:
    job = yaml.safe_load((RECIPES / "gitlab-ci.yml").read_text())["consolidate"]
    env = _environment(site, {"CI_COMMIT_BEFORE_SHA": base, "CI_MERGE_REQUEST_DIFF_BASE_SHA": ""})
    script = [_install(line, site) if "pip install" in line else line for line in job["script"]]
    install = next(line for line in script if "PYTHONPATH" in line)
    main = _bash("\n".join(script), workspace, env)
    after = _bash("\n".join([install, *job["after_script"]]), workspace, env)
    return main.returncode, after.returncode, after.stdout


def test_the_github_workflow_checks_summarises_and_keeps_the_documents(change, site):
    workspace, base = change
    codes, summary = _github(workspace, site, base)
    assert codes == [0, 0, 0, 0]
    written = summary.read_text(encoding="utf-8")
    assert "```text\ntabled   AM 15" in written and "now adopted" in written
    assert "Urges" in written
    assert "Encourages" in written  # the redline shows what was struck
    assert (workspace / "out" / "consolidated.docx").stat().st_size > 0
    assert "<ins" in (workspace / "out" / "consolidated.html").read_text(encoding="utf-8")


def test_the_github_workflow_fails_on_a_conflict_and_still_keeps_the_redline(change, site):
    workspace, base = change
    p12 = workspace / "amendments" / "osce-2008-children"
    other = table(workspace, "p12", "Encourages", "Invites", "Ms Eva LUND (Sweden)")
    path = p12 / f"{other}.patch"
    path.write_text(path.read_text().replace("Status: tabled", "Status: adopted"))
    git(workspace, "commit", "-qam", "Adopt a colliding amendment by hand")
    codes, summary = _github(workspace, site, base)
    assert codes[:2] == [0, 1] and len(codes) == 4  # install, check fails, the rest runs
    assert "Urges" in summary.read_text(encoding="utf-8")


def test_the_gitlab_job_checks_and_keeps_the_redline_and_the_documents(change, site):
    workspace, base = change
    main, after, log = _gitlab(workspace, site, base)
    assert (main, after) == (0, 0)
    assert "Urges" in (workspace / "out" / "redline.md").read_text(encoding="utf-8")
    assert "Urges" in log
    assert (workspace / "out" / "consolidated.docx").stat().st_size > 0
    assert (workspace / "out" / "consolidated.html").is_file()
