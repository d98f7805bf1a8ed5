"""Security: amendment files are data, hooks are not run, text is escaped, paths stay inside."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from lxml import etree, html

from .kit import cli, git

SCRIPT = "<script>alert 1</script>"


def test_no_git_hook_runs_on_consolidate_commits(workspace: Path, tmp_path: Path):
    marker = tmp_path / "hook-ran"
    hooks = workspace / ".git" / "hooks"
    for name in ("pre-commit", "commit-msg", "post-commit", "prepare-commit-msg"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\necho {name} >> {marker}\n")
        hook.chmod(0o755)
    p11 = (workspace / "texts/seed/p11.txt").read_text()
    amendment = cli(workspace, "amend", "--clause", "p11", "--proposed", "-",
                    input=p11.replace("ratify", "sign"), check=True).stdout.split()[-1]
    cli(workspace, "adopt", amendment, check=True)
    assert not marker.exists()


def test_shell_and_markup_in_amendments_are_only_text(workspace: Path, tmp_path: Path):
    marker = tmp_path / "pwned"
    nasty = f"$(touch {marker}) `touch {marker}` ; touch {marker} ]]> \x07 {SCRIPT} &amp; <w:t>"
    p11 = (workspace / "texts/seed/p11.txt").read_text()
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({
        "clause": "p11", "proposed": p11.replace("ratify", "ratify " + nasty),
        "sponsor": f"Mr Evil {SCRIPT.upper()} (Nowhere)", "justification": nasty,
    }) + "\n")
    amendment = cli(workspace, "amend", "--batch", str(batch), check=True).stdout.split()[-1]
    cli(workspace, "adopt", amendment, check=True)
    for fmt in ("text", "json", "html", "critic", "md", "diff", "redline"):
        assert cli(workspace, "build", "--format", fmt).returncode == 0, fmt
    assert not marker.exists()

    page = cli(workspace, "build", "--format", "html").stdout
    tree = html.fromstring(page)
    assert not [s for s in tree.iter("script")], "a sponsor or text became a <script> element"
    assert "alert 1" in tree.text_content()

    docx = tmp_path / "out.docx"
    assert cli(workspace, "build", "--format", "docx", "--output", str(docx)).returncode == 0
    with zipfile.ZipFile(docx) as package:
        document = etree.fromstring(package.read("word/document.xml"))  # must parse
    text = "".join(document.itertext())
    assert "]]>" in text and "<w:t>" in text and "<SCRIPT>" in text.upper()
    accepted = subprocess.run(["pandoc", "--track-changes=accept", "-t", "plain", "--wrap=none", str(docx)],
                              capture_output=True, text=True, check=True).stdout
    assert "touch" in accepted and "]]>" in accepted


def test_output_paths_are_what_the_user_names_and_ids_never_leave_the_workspace(workspace: Path, tmp_path: Path):
    p11 = (workspace / "texts/seed/p11.txt").read_text()
    for args in (("--insert-after", "p11", "--new-id", "../../escape"),
                 ("--insert-after", "p11", "--new-id", "/etc/passwd"),
                 ("--clause", "..\\p11")):
        result = cli(workspace, "amend", *args, "--proposed", "-", input=p11)
        assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "escape.txt").exists()
    assert git(workspace, "status", "--porcelain") == ""
