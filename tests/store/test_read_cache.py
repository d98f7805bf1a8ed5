"""The read cache under .git (store/cache.py) never gives another answer than a cold run.

Each test runs a command twice on the same files, once with the cache of the earlier
commands and once with none, and compares every byte of the outputs and the exit codes;
hostile cases change the files behind the cache's back (a hand edit, a checkout of another
branch, a corrupt or foreign cache file).
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import shutil
import weakref
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from support import SHIPPED_TEXT, cli, git, ok

from consolidate.app import state as state_module
from consolidate.store import cache as read_cache
from consolidate.store import workspace as workspace_module

# Every reading command, on the shipped workspace.
READING = [
    ("list", "--json"),
    ("list",),
    ("show", "4", "--json"),
    ("show", "am-005"),
    ("check", "--json"),
    ("check",),
    ("conflicts", "--json"),
    ("conflicts",),
    ("votelist", "--json"),
    ("votelist", "--preamble-last", "--json"),
    ("votelist",),
    ("redline", "--no-color"),
    ("instruction", "--json"),
    ("blame", "--json"),
    ("build", "--format", "json"),
    ("build", "--format", "text"),
    ("build", "--format", "html"),
    ("build", "--format", "critic"),
    ("build", "--format", "md"),
    ("build", "--format", "diff"),
    ("build", "--format", "forms"),
]


def folder(workspace: Path) -> Path:
    return workspace / ".git" / read_cache.CACHE_FOLDER


# The finalizers of the sessions made by the commands of the running test.
_SESSIONS: list[weakref.finalize] = []


@pytest.fixture(autouse=True)
def _sessions_kept_when_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command's session keeps what it computed when it is dropped (a finalizer, run by
    the collector or at exit): here each is run as its command ends (:func:`drop_sessions`),
    not by a whole collection of the test process after every command."""
    def finalize(*args: Any, **kwargs: Any) -> weakref.finalize:
        _SESSIONS.append(weakref.finalize(*args, **kwargs))
        return _SESSIONS[-1]

    _SESSIONS.clear()
    monkeypatch.setattr(state_module, "weakref", SimpleNamespace(finalize=finalize))


def drop_sessions() -> None:
    """The sessions of the commands run so far are dropped: what they computed is kept."""
    while _SESSIONS:
        _SESSIONS.pop()()


def run(workspace: Path, *args: str) -> tuple[int, str, str]:
    outcome = cli(workspace, *args)
    drop_sessions()  # the session is dropped: what it computed is kept for the next command
    return outcome.returncode, outcome.stdout, outcome.stderr


def cold(workspace: Path, *args: str) -> tuple[int, str, str]:
    shutil.rmtree(folder(workspace), ignore_errors=True)
    return run(workspace, *args)


def no_parsing(monkeypatch: pytest.MonkeyPatch, manifest: bool) -> None:
    """Make reading an amendment file (and the manifest) fail: only the cache can answer now."""
    def refuse(content: str, source: str = "") -> None:
        raise AssertionError(f"{source} parsed again although it is cached")
    monkeypatch.setattr(workspace_module, "parse_amendment", refuse)
    if manifest:
        monkeypatch.setattr(workspace_module, "parse_manifest", refuse)


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_every_reading_command_answers_the_same_from_the_cache(shipped: Path, args, monkeypatch):
    expected = cold(shipped, *args)
    assert (folder(shipped) / f"{SHIPPED_TEXT}.pickle").is_file()
    with monkeypatch.context() as patched:
        no_parsing(patched, manifest=args[0] != "blame")  # blame reads older manifests too
        assert run(shipped, *args) == expected
    assert run(shipped, *args) == expected


def test_a_cache_made_by_other_commands_gives_each_command_its_cold_answer(shipped: Path):
    answers = {args: cold(shipped, *args) for args in READING}
    for args in READING:  # now each runs on the cache every command before it left
        assert run(shipped, *args) == answers[args], args


def test_a_hand_edited_amendment_is_read_again(shipped: Path):
    ok(cli(shipped, "list", "--json"))
    drop_sessions()
    path = next((shipped / "amendments" / SHIPPED_TEXT).glob("*.patch"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Status: tabled", "Status: adopted", 1)
                    .replace("Status: adopted", "Status: rejected", 1), encoding="utf-8")
    for args in (("list", "--json"), ("check", "--json"), ("votelist", "--json"),
                 ("build", "--format", "json")):
        warm = run(shipped, *args)
        assert warm == cold(shipped, *args), args


def test_a_hand_edited_clause_gives_the_cold_consolidation(shipped: Path):
    ok(cli(shipped, "build", "--format", "json"))
    drop_sessions()
    clause = sorted((shipped / "texts" / SHIPPED_TEXT).glob("*.txt"))[3]
    clause.write_text(clause.read_text(encoding="utf-8").replace(" the ", " THE ", 1),
                      encoding="utf-8")
    git(shipped, "commit", "-qam", "a clause edited by hand")
    for args in (("build", "--format", "json"), ("check", "--json"), ("conflicts", "--json")):
        assert run(shipped, *args) == cold(shipped, *args), args


def test_a_checkout_of_another_branch_is_read_as_it_is(shipped: Path):
    git(shipped, "checkout", "-qb", "other")
    ok(cli(shipped, "adopt", "13"))
    before = run(shipped, "build", "--format", "json")
    git(shipped, "checkout", "-q", "-")
    main = run(shipped, "build", "--format", "json")
    assert main != before
    assert main == cold(shipped, "build", "--format", "json")
    git(shipped, "checkout", "-q", "other")
    assert run(shipped, "build", "--format", "json") == before


@pytest.mark.parametrize("part", ["", read_cache.HEAVY])
@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x80\x04\x95", "truncated", "foreign"])
def test_a_corrupt_or_foreign_cache_is_ignored_and_made_again(shipped: Path, damage, part):
    expected = cold(shipped, "check", "--json")
    path = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT, part)
    assert path.is_file()
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "foreign":  # another build of the program, with other results
        path.write_bytes(pickle.dumps(("another build", {}, {("clause", "x"): 1})))
    else:
        path.write_bytes(damage)
    assert run(shipped, "check", "--json") == expected
    assert read_cache.load_cache(shipped / ".git", SHIPPED_TEXT).parsed  # made again
    if part:
        assert read_cache.load_cache(shipped / ".git", SHIPPED_TEXT).heavy()


def test_an_unwritable_cache_only_costs_time(shipped: Path):
    expected = cold(shipped, "list", "--json")
    shutil.rmtree(folder(shipped))
    folder(shipped).write_text("not a folder")
    assert run(shipped, "list", "--json") == expected
    assert folder(shipped).read_text() == "not a folder"


def test_a_workspace_read_at_a_revision_uses_and_keeps_its_own_answers(shipped: Path):
    ok(cli(shipped, "adopt", "13"))
    at = ("build", "--at", "HEAD~1", "--format", "json")
    expected = cold(shipped, *at)
    assert run(shipped, "build", "--format", "json") != expected
    assert run(shipped, *at) == expected


def test_a_command_that_needs_no_consolidation_leaves_the_kept_one_alone(shipped: Path):
    ok(cli(shipped, "build", "--format", "json"))
    drop_sessions()
    heavy = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT, read_cache.HEAVY)
    kept = heavy.read_bytes()
    assert read_cache.load_cache(shipped / ".git", SHIPPED_TEXT).heavy()
    path = next(p for p in (shipped / "amendments" / SHIPPED_TEXT).glob("*.patch")
                if "Status: tabled" in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace("Status: tabled", "Status: withdrawn"),
                    encoding="utf-8")  # the collisions are computed again
    ok(cli(shipped, "list", "--json"))
    drop_sessions()
    assert heavy.read_bytes() == kept


def test_the_cache_is_never_committed_nor_seen_by_git(shipped: Path):
    ok(cli(shipped, "check"))
    drop_sessions()
    assert folder(shipped).is_dir()
    assert git(shipped, "status", "--porcelain") == ""


def test_entries_no_command_uses_any_more_are_dropped_when_they_outgrow_the_used_ones():
    used = {("edits", n): n for n in range(10)}
    stale = {("edits", f"old {n}"): n for n in range(25)}
    assert read_cache.worth_keeping(used, used) == used
    few = dict(list(stale.items())[:20])
    assert read_cache.worth_keeping(used, {**used, **few}) == {**used, **few}
    assert read_cache.worth_keeping(used, {**used, **stale}) == used


def test_a_narrow_run_keeps_the_entries_it_did_not_use_while_the_text_is_that_large():
    used = {("analyse", 1): 1}
    others = {("analyse", n): n for n in range(2, 40)}
    assert read_cache.worth_keeping(used, {**used, **others}, scale=20) == {**used, **others}
    assert read_cache.worth_keeping(used, {**used, **others}, scale=5) == used


def test_a_decision_keeps_what_reading_the_other_clauses_computed(shipped: Path, monkeypatch):
    """After a decision on one clause, the next read analyses that clause again, not all."""
    from consolidate.core import collisions

    ok(cli(shipped, "conflicts", "--json"))
    drop_sessions()
    ok(cli(shipped, "adopt", "13"))
    drop_sessions()
    analysed: list[str] = []
    original = collisions._analyse_clause

    def counting(clause_id, *args, **kwargs):
        analysed.append(clause_id)
        return original(clause_id, *args, **kwargs)

    monkeypatch.setattr(collisions, "_analyse_clause", counting)
    after = run(shipped, "conflicts", "--json")
    again = list(analysed)
    assert after == cold(shipped, "conflicts", "--json")
    assert len(analysed) > 2 * len(again)  # a cold run analyses every clause with amendments
    assert set(again) == {"p13"}, again  # the decided amendment's clause only


def test_stale_entries_of_a_kind_are_dropped_even_among_many_used_ones_of_another():
    edits = {("edits", n): n for n in range(100)}
    used = {**edits, ("vote list", "now"): "list"}
    stale = {("vote list", f"before decision {n}"): "list" for n in range(10)}
    other = {("list order", n): n for n in range(10)}  # not used by this run: kept as it is
    known = {**used, **stale, **other}
    assert read_cache.worth_keeping(used, known) == known  # all kinds together: kept
    assert read_cache.worth_keeping_by_kind(used, known) == {**used, **other}
    # A text's size keeps per-clause entries a narrow run did not use, never old voting lists.
    assert read_cache.worth_keeping_by_kind(used, known, scale=1000) == {**used, **other}
    assert read_cache.worth_keeping_by_kind(used, {**used, **dict(list(stale.items())[:2])}) \
        == {**used, **dict(list(stale.items())[:2])}


def _listed_read_again(reader: Any) -> Any:
    """*reader*, failing for the clause and amendment files (the manifest is read whole)."""
    @functools.wraps(reader)  # its name is part of what a file is remembered under
    def read(path: object, rel: str, **kwargs: object) -> str:
        if rel.endswith((".txt", ".patch")):
            raise AssertionError(f"{rel} read again although unchanged")
        return str(reader(path, rel, **kwargs))
    return read


def test_unchanged_files_are_not_read_again_and_an_edit_of_the_same_size_is_seen(
        shipped: Path, later: None, monkeypatch: pytest.MonkeyPatch):
    expected = cold(shipped, "list", "--json")
    with monkeypatch.context() as patched:
        for name in ("read_workspace_file", "read_clause"):
            patched.setattr(workspace_module, name,
                            _listed_read_again(getattr(workspace_module, name)))
        assert run(shipped, "list", "--json") == expected
    # A hand edit of the same length, the file's old times put back: only its change time
    # (which no program can set) tells.
    path = next(p for p in sorted((shipped / "amendments" / SHIPPED_TEXT).glob("*.patch"))
                if "Status: tabled" in p.read_text(encoding="utf-8"))
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Status: tabled", "Status: fallen"),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    warm = run(shipped, "list", "--json")
    assert warm != expected and warm == cold(shipped, "list", "--json")


def test_a_warm_list_needs_no_amendment_edits_and_a_broken_patch_is_still_found(shipped: Path):
    cold(shipped, "list", "--json")
    edits = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT, "edits")
    edits.unlink()
    expected = run(shipped, "list", "--json")
    assert not edits.exists()  # the patch problems were kept whole: no edits were read
    # A patch broken by hand: the kept answer is not used (its key holds every amendment).
    path = next(p for p in sorted((shipped / "amendments" / SHIPPED_TEXT).glob("*.patch"))
                if "\n@@ " in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("@@ "))
    lines[first + 1] = (lines[first + 1][:1] + "NOT IN THE BASE "
                        + lines[first + 1][1:]) if lines[first + 1][:1] in "- " else lines[first + 1]
    path.write_text("\n".join(lines), encoding="utf-8")
    warm = run(shipped, "check", "--json")
    assert warm == cold(shipped, "check", "--json") and warm[0] == 2 and warm != expected


def _delta(workspace: Path) -> Path:
    return read_cache.cache_path(workspace / ".git", SHIPPED_TEXT, read_cache.DELTA)


def test_a_decision_adds_a_delta_and_leaves_the_main_file_as_it_is(shipped: Path):
    for args in READING[:6]:
        run(shipped, *args)
    main = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT)
    before, delta = main.read_bytes(), _delta(shipped)
    added = delta.read_bytes() if delta.exists() else b""  # the reads' own additions
    ok(cli(shipped, "adopt", "13"))
    drop_sessions()
    assert main.read_bytes() == before and delta.read_bytes() != added
    for args in READING:  # every answer from the main file and its delta is the cold one
        warm = run(shipped, *args)
        assert warm == cold(shipped, *args), args
        if args == READING[0]:
            assert '"id": "am-013"' in warm[1]


def test_a_large_delta_writes_the_main_file_whole_again(shipped: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    run(shipped, "list", "--json")
    main = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT)
    before = main.read_bytes()
    monkeypatch.setattr(read_cache, "DELTA_LIMIT", 0)
    ok(cli(shipped, "adopt", "13"))
    drop_sessions()
    assert main.read_bytes() != before and not _delta(shipped).exists()
    assert run(shipped, "list", "--json") == cold(shipped, "list", "--json")


@pytest.mark.parametrize("damage", ["garbage", "another main file", "a place out of range"])
def test_a_delta_that_does_not_fit_the_main_file_is_ignored(shipped: Path, damage: str):
    run(shipped, "check", "--json")
    ok(cli(shipped, "adopt", "13"))
    drop_sessions()
    delta = _delta(shipped)
    assert delta.is_file()
    if damage == "garbage":
        delta.write_bytes(b"\x80\x05garbage")
    elif damage == "another main file":  # the main file written again since: a new token
        main = read_cache.cache_path(shipped / ".git", SHIPPED_TEXT)
        stamp, parsed, engine, files, _ = pickle.loads(main.read_bytes())
        main.write_bytes(pickle.dumps((stamp, parsed, engine, files, {"token": "other"})))
    else:  # names an object the main file does not have
        stamp, token, *_ = read_cache._read_delta(delta, read_cache.load_cache(
            shipped / ".git", SHIPPED_TEXT).base) or ("", "")
        stream = io.BytesIO()
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: 10**6 if obj == "x" else None  # type: ignore[method-assign]
        pickler.dump((stamp, token, {("p", "x"): "x"}, {}, {}))
        delta.write_bytes(stream.getvalue())
    for args in (("list", "--json"), ("check", "--json"), ("votelist", "--json")):
        assert run(shipped, *args) == cold(shipped, *args), args
