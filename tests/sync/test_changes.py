"""`consolidate changes REV1..REV2` and `build --from REV`: what a pull request did."""

from __future__ import annotations

from support import cli as run
from support import git, ok, validate_json

from .conftest import TEXT, table


def test_changes_lists_tabled_decided_and_edited_amendments(clones):
    _, (workspace,) = clones(1)
    base = git(workspace, "rev-parse", "HEAD").strip()
    mine = table(workspace, "p12", "Encourages", "Urges")
    ok(run(workspace, "adopt", "13"))  # AM 12 falls
    path = workspace / "amendments" / TEXT / "am-014.patch"
    path.write_text(path.read_text().replace("Tabled:", "Justification: Clearer.\nTabled:"),
                    "utf-8")
    git(workspace, "commit", "-qam", "Edit the justification of AM 14")
    text = ok(run(workspace, "changes", f"{base}..HEAD"))
    lines = text.splitlines()
    assert any(line.startswith("tabled") and mine in line for line in lines)
    assert "decided  AM 13 (am-013): tabled -> adopted" in lines
    assert "decided  AM 12 (am-012): tabled -> fallen" in lines
    assert any(line.startswith("edited   AM 14 (am-014): justification") for line in lines)
    data = validate_json(run(workspace, "changes", base, "--json"), "changes")
    kinds = {a["id"]: (a["change"], a["status_before"], a["status_after"]) for a in data["amendments"]}
    assert kinds[mine] == ("tabled", None, "tabled")
    assert kinds["am-013"] == ("decided", "tabled", "adopted")
    assert data["from"] == base and data["to"] == git(workspace, "rev-parse", "HEAD").strip()


def test_changes_refuses_a_bad_range(clones):
    _, (workspace,) = clones(1)
    for spec in ("..HEAD", "HEAD...HEAD~1", "no-such-rev..HEAD"):
        result = run(workspace, "changes", spec)
        assert result.returncode == 2, spec
        assert "Traceback" not in result.stdout + result.stderr


def test_build_from_a_revision_shows_what_was_decided_since(clones):
    _, (workspace,) = clones(1)
    base = git(workspace, "rev-parse", "HEAD").strip()
    ok(run(workspace, "adopt", "13"))
    middle = git(workspace, "rev-parse", "HEAD").strip()
    ok(run(workspace, "adopt", "10"))  # AM 11, identical, with it
    since_middle = ok(run(workspace, "build", "--from", middle, "--format", "critic"))
    assert "AM 10" in since_middle and "AM 13" not in since_middle
    assert "AM 4 " not in since_middle  # adopted long before
    since_base = ok(run(workspace, "build", "--from", base, "--format", "critic"))
    assert "AM 10" in since_base and "AM 13" in since_base and "AM 4 " not in since_base
    assert ok(run(workspace, "build", "--from", "HEAD", "--format", "critic")).count("{++") == 0
