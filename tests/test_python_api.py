"""The Python API: every ```python block of the README runs on its own from the root of a fresh
clone of this repository; the names of ``consolidate.__all__`` are there, documented and lazy."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, SHIPPED_TEXT, git

import consolidate

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```python\n(.*?)^```", README, re.M | re.S)


def test_the_readme_has_a_python_api_section_with_examples():
    section = re.search(r"^## Python API\n(.*?)(?=^## )", README, re.M | re.S)
    assert section is not None
    examples = re.findall(r"^```python\n", section.group(1), re.M)
    assert len(examples) >= 5 and len(examples) == len(BLOCKS)
    used = {name for block in BLOCKS for name in re.findall(r"\b\w+\b", block)}
    for needed in ("open_text", "render", "FORMATS", "conflicts", "decide", "amend",
                   "AmendRequest", "consolidation", "promote", "ConsolidateError"):
        assert needed in used, needed


@pytest.mark.parametrize("block", range(len(BLOCKS)), ids=[f"example-{i + 1}" for i in range(len(BLOCKS))])
def test_each_readme_example_runs_on_its_own_in_a_fresh_clone(shipped: Path, block: int, capsys):
    before = git(shipped, "rev-parse", "HEAD")
    repository = (git(ROOT, "rev-parse", "HEAD"), git(ROOT, "status", "--porcelain"))
    namespace: dict[str, object] = {"__name__": "__main__"}
    here = Path.cwd()
    os.chdir(shipped)
    try:
        exec(compile(BLOCKS[block], f"README.md python example {block + 1}", "exec"), namespace)
    finally:
        os.chdir(here)
    assert capsys.readouterr().out, "an example shows what it does"
    assert git(shipped, "status", "--porcelain", "--", "texts", "amendments") == ""
    if "decide(" in BLOCKS[block] or "amend(" in BLOCKS[block] or "promote(" in BLOCKS[block]:
        assert git(shipped, "rev-parse", "HEAD") != before  # committed in the clone
    assert (git(ROOT, "rev-parse", "HEAD"), git(ROOT, "status", "--porcelain")) == repository


def test_every_name_of_the_api_is_there_and_documented():
    assert sorted(consolidate.__all__) == sorted(set(consolidate.__all__))
    for name in consolidate.__all__:
        value = getattr(consolidate, name)
        if name in ("__version__", "FORMATS"):
            continue
        assert inspect.getdoc(value), f"{name} has no docstring"
    assert set(dir(consolidate)) == set(consolidate.__all__)
    with pytest.raises(AttributeError):
        consolidate.NoSuchName  # noqa: B018
    session = consolidate.open_text(ROOT, SHIPPED_TEXT)
    assert isinstance(session, consolidate.Session)
    for method in ("amend", "decide", "promote", "render", "restore"):
        assert inspect.getdoc(getattr(session, method)), method
    for attribute in ("consolidation", "conflicts", "vote_list", "text", "amendments"):
        assert inspect.getdoc(getattr(type(session), attribute)), attribute


def test_importing_consolidate_is_cheap():
    # A fresh interpreter: what `import consolidate` loads before a name is used.
    code = ("import sys, consolidate; heavy = ('git', 'rich', 'textual', 'click', 'lxml', "
            "'docx', 'consolidate.app'); print([m for m in heavy if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert (ROOT / "src" / "consolidate" / "py.typed").exists()
