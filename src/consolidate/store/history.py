"""The stages of a text in its git history, and the commits that changed it.

A *stage* is a commit made by ``consolidate promote``, marked by an annotated tag (the
stage's name) whose message starts with :func:`stage_marker`. Stages are found from the tags,
never by reading commit messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidate.store.gitrepo import GitRepo
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
    if not repo.has_commits():
        return []
    staged = stage_tags(repo, text_id)
    return [Step(e.commit, e.parents[0] if e.parents else None, staged.get(e.commit, ""),
                 e.subject)
            for e in repo.log(rev, f"{TEXTS}/{text_id}", first_parent=True, reverse=True)]


def stages(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The promotions of the text in *rev*'s history, oldest first."""
    return [step for step in text_steps(repo, text_id, rev) if step.stage]


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
