"""The stages of a text in its git history, and the commits that changed it.

A *stage* is a commit made by ``consolidate promote``, marked by an annotated tag (the
stage's name) whose message starts with :func:`stage_marker`. Stages are found from the tags,
never by reading commit messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from consolidate.store.gitrepo import GitRepo, LogEntry
from consolidate.store.workspace import AMENDMENTS, TEXTS

STAGE_MARKER = "consolidate stage of text"


def stage_marker(text_id: str) -> str:
    """The first line of a stage tag's message: which text the stage is of."""
    return f"{STAGE_MARKER} '{text_id}'"


def promote_message(text_id: str, stage: str) -> str:
    """The first line of a promote commit, for people reading the log."""
    return f"Promote text '{text_id}' to stage {stage}"


@dataclass(frozen=True)
class Step:
    """A commit that changed a text: a promotion to a stage, or any other edit of its files."""

    commit: str
    parent: str | None
    stage: str  # the stage's name for a promotion; "" for another commit
    subject: str


def stage_tags(repo: GitRepo, text_id: str) -> dict[str, str]:
    """Commit -> stage name, for every stage tag of the text."""
    marker = stage_marker(text_id)
    found: dict[str, str] = {}
    for tag in sorted(repo.tags(), key=lambda t: t.name):
        if tag.message.split("\n", 1)[0].strip() == marker:
            found.setdefault(tag.commit, tag.name)
    return found


def text_steps(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The commits of *rev*'s first-parent history that changed ``texts/<text_id>/``, oldest
    first; the first one is where the text came in."""
    if not repo.has_commits(rev):
        return []
    return _steps(repo, text_id, rev, stage_tags(repo, text_id))


def _steps(repo: GitRepo, text_id: str, rev: str, staged: dict[str, str]) -> list[Step]:
    return [Step(e.commit, e.parents[0] if e.parents else None, staged.get(e.commit, ""),
                 e.subject)
            for e in repo.log(rev, f"{TEXTS}/{text_id}", first_parent=True, reverse=True)]


def stages(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The promotions of the text in *rev*'s history, oldest first."""
    if not repo.has_commits(rev):
        return []
    staged = stage_tags(repo, text_id)
    if not staged:  # never promoted: no need to read the history
        return []
    return [step for step in _steps(repo, text_id, rev, staged) if step.stage]


def last_stage_commit(repo: GitRepo, text_id: str, rev: str = "HEAD") -> str | None:
    """The latest promotion of the text in *rev*'s first-parent history, or None."""
    found = stages(repo, text_id, rev)
    return found[-1].commit if found else None


def unchanged_since_stage(repo: GitRepo, text_id: str, rev: str = "HEAD") -> set[str]:
    """Ids of the amendments whose file is the same at *rev* as at the text's last promotion
    (none when there is no promotion): decided then, they belong to an earlier stage."""
    stage = last_stage_commit(repo, text_id, rev)
    if stage is None:
        return set()
    folder = f"{AMENDMENTS}/{text_id}"

    def blobs(commit: str) -> dict[str, str]:
        return {path.rsplit("/", 1)[-1][:-len(".patch")]: entry.sha
                for path, entry in repo.ls_tree(commit, folder).items()
                if path.endswith(".patch")}

    then, now = blobs(stage), blobs(repo.resolve(rev))
    return {amendment_id for amendment_id, blob in now.items() if then.get(amendment_id) == blob}


@dataclass(frozen=True)
class AmendmentsChange:
    """A commit that changed amendment files of a text and nothing else (no file added or
    removed): a decision, an undo or an edit. The files' contents before and after it, by
    amendment id."""

    commit: str
    subject: str
    message: str
    before: dict[str, str]
    after: dict[str, str]


def amendment_changes(repo: GitRepo, text_id: str, rev: str = "HEAD") -> Iterator[AmendmentsChange]:
    """The commits of *rev*'s first-parent history that changed only amendment files of the
    text, newest first, back to the text's last promotion (what came before it belongs to an
    earlier stage). Read lazily: stop iterating when you have what you need."""
    if not repo.has_commits():
        return
    folder = f"{AMENDMENTS}/{text_id}"
    stage = last_stage_commit(repo, text_id, rev)
    for entry in repo.log(rev, folder, first_parent=True, messages=True):
        if entry.commit == stage:
            return
        change = _change(repo, folder, entry)
        if change is not None:
            yield change


def amendment_change(repo: GitRepo, text_id: str, commit: str) -> AmendmentsChange | None:
    """The one commit *commit* as in :func:`amendment_changes` (None if it changed anything
    else), wherever it is in the history."""
    entry = next(iter(repo.log(commit, first_parent=True, messages=True, limit=1)), None)
    return None if entry is None else _change(repo, f"{AMENDMENTS}/{text_id}", entry)


def _change(repo: GitRepo, folder: str, entry: LogEntry) -> AmendmentsChange | None:
    if len(entry.parents) != 1:
        return None
    parent = entry.parents[0]
    paths = repo.changed_paths(parent, entry.commit)
    prefix = folder + "/"
    if not paths or not all(p.startswith(prefix) and p.endswith(".patch") for p in paths):
        return None
    before = _files(repo, parent, paths)
    after = _files(repo, entry.commit, paths)
    if len(before) != len(paths) or len(after) != len(paths):
        return None  # a file added or removed: tabling, not a change of amendments
    return AmendmentsChange(entry.commit, entry.subject, entry.message, before, after)


def _files(repo: GitRepo, commit: str, paths: list[str]) -> dict[str, str]:
    """Amendment id -> content of each of *paths* at *commit* (those that exist there)."""
    folder = paths[0].rsplit("/", 1)[0]
    listing = repo.ls_tree(commit, folder)
    wanted = {path: listing[path].sha for path in paths if path in listing}
    blobs = repo.read_blobs(wanted.values())
    return {path.rsplit("/", 1)[-1][:-len(".patch")]: blobs[sha].decode("utf-8")
            for path, sha in wanted.items() if sha in blobs}
