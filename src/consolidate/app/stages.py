"""Stages: the consolidated text becomes the new base; blame and redlines across stages.

``promote`` writes the consolidated clauses as the clause files (deleted clauses go, inserted
ones come in at their place), marks the adopted amendments incorporated, commits and tags the
commit with the stage's name. Amendments still tabled keep their bases (older versions of
their clauses, reachable in history): the engine rebases them three-way onto the new text.

``lineage`` walks the text's history (every commit that changed its files; the promotions
with their consolidations) and says where each word comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from consolidate.app.deciding import refuse_dirty_texts
from consolidate.app.progress import Progress, report
from consolidate.app.state import TextState
from consolidate.core.blame import ORIGINAL, Lineage, Origin, consolidated_text
from consolidate.core.errors import ConflictRefused, InvalidInput
from consolidate.core.model import (
    Amendment,
    ClauseKind,
    ClauseStatus,
    Consolidation,
    Status,
    Text,
)
from consolidate.core.text_format import ManifestEntry, TextManifest
from consolidate.store.files import workspace_lock
from consolidate.store.gitrepo import GitRepo
from consolidate.store.history import Step, promote_message, stage_marker, stages, text_steps
from consolidate.store.transaction import transaction
from consolidate.store.tree import TreeWorkspace


@dataclass(frozen=True)
class PromoteResult:
    """What a promotion did."""

    stage: str
    commit: str
    incorporated: tuple[str, ...]
    deleted: tuple[str, ...]  # clauses removed from the text
    inserted: tuple[str, ...]  # clauses added to it


def next_stage_name(repo: GitRepo, text_id: str) -> str:
    """'<text>/stage-N': the first N not used yet."""
    number = len(stages(repo, text_id)) + 1
    while repo.has_tag(f"{text_id}/stage-{number}"):
        number += 1
    return f"{text_id}/stage-{number}"


# Names git reads as something else than a tag: HEAD and its kin, '@', a full commit id.
_GIT_NAMES = re.compile(r"[A-Z_]*HEAD|@|[0-9a-f]{40}")


def _check_tag(repo: GitRepo, name: str) -> None:
    """Refuse, before anything is written, a stage name that is not a valid tag or that would
    make a revision ambiguous (a branch's name, HEAD, a commit id)."""
    if not repo.valid_tag_name(name):
        raise InvalidInput(f"'{name}' is not a valid tag name",
                           hint="use letters, digits, '-', '.', '/' (no spaces, no '..', and "
                                "not starting with '-')")
    if repo.has_tag(name):
        raise InvalidInput(f"the tag '{name}' already exists",
                           hint="choose another --tag, or leave it out for the next stage number")
    clash = _GIT_NAMES.fullmatch(name) is not None or any(
        ref in (f"refs/{name}", f"refs/heads/{name}", f"refs/remotes/{name}",
                f"refs/remotes/{name}/HEAD") for ref in repo.ref_names())
    if clash:
        raise InvalidInput(f"'{name}' already names something else in git (a branch, HEAD or a "
                           "commit): a tag of that name would make revisions ambiguous",
                           hint="choose another --tag, or leave it out for the next stage number")


_PROMOTE_STEPS = 4


def promote(session: TextState, *, tag: str | None = None, date: str = "",
            progress: Progress | None = None) -> PromoteResult:
    """Make the consolidated text the text's new base (see the module's docstring);
    *progress* is told of its steps (consolidate, write the text, the amendments, commit)."""
    session.refuse_read_only()
    workspace = session.workspace
    repo = workspace.git
    with workspace_lock(repo.git_dir):
        session.reload()
        session.require_valid()
        refuse_dirty_texts(session)
        report(progress, 0, _PROMOTE_STEPS)
        consolidation = session.consolidation
        report(progress, 1, _PROMOTE_STEPS)
        blocking = session.blocking_findings()
        if blocking:
            raise ConflictRefused(f"the text cannot be promoted: {blocking[0].message}",
                                  hint="`consolidate check` lists what to settle first")
        adopted = [a for a in session.amendments if a.status is Status.ADOPTED]
        if not adopted:
            raise InvalidInput("nothing to promote: no amendment is adopted",
                               hint="adopt amendments first (`consolidate adopt`)")
        _refuse_orphans(session, consolidation)
        stage = tag or next_stage_name(repo, session.text_id)
        _check_tag(repo, stage)
        manifest = _manifest(session, consolidation)
        with transaction(repo, locked=True) as change:
            workspace.write_text(session.text_id, manifest, _changed_clauses(consolidation),
                                 change)
            deleted = [c.id for c in consolidation.clauses if c.status is ClauseStatus.DELETED]
            for clause_id in deleted:
                change.delete(workspace.rel(workspace.clause_path(session.text_id, clause_id)))
            report(progress, 2, _PROMOTE_STEPS)
            done = [replace(a, status=Status.INCORPORATED, decided=a.decided or date,
                            reason=f"incorporated in stage {stage}") for a in adopted]
            workspace.write_amendments(done, change)
            report(progress, 3, _PROMOTE_STEPS)
            commit = change.commit(_message(session.text_id, stage, done, consolidation),
                                   tag=stage, tag_message=stage_marker(session.text_id))
        report(progress, 4, _PROMOTE_STEPS)
        session.reload()
    inserted = [c.id for c in consolidation.clauses if c.status is ClauseStatus.INSERTED]
    return PromoteResult(stage, commit, tuple(a.id for a in done), tuple(deleted),
                         tuple(inserted))


def _refuse_orphans(session: TextState, consolidation: Consolidation) -> None:
    """Refuse to delete a clause that amendments still to be decided are about."""
    gone = {c.id for c in consolidation.clauses if c.status is ClauseStatus.DELETED}
    open_statuses = (Status.DRAFT, Status.TABLED)
    orphans = [a for a in session.amendments
               if a.status in open_statuses and a.clause in gone]
    if orphans:
        names = ", ".join(f"{a.label} ({a.id})" for a in orphans[:5])
        raise InvalidInput(
            f"clause '{orphans[0].clause}' is deleted, but {names} still refer to it",
            hint="withdraw or reject them (or table them again on another clause) first")


def _manifest(session: TextState, consolidation: Consolidation) -> TextManifest:
    manifest = session.workspace.load_manifest(session.text_id)
    entries = []
    title = manifest.title
    old_title = _norm(manifest.title)
    for clause in consolidation.clauses:
        if clause.status is ClauseStatus.DELETED:
            continue
        if clause.kind is ClauseKind.FIXED:
            entries.append(ManifestEntry(clause.id, clause.kind, clause.text))
            continue
        entries.append(ManifestEntry(clause.id, clause.kind))
        if clause.kind is ClauseKind.HEADING and _norm(clause.original) == old_title:
            title = " ".join(clause.text.split()) or title
    return replace(manifest, title=title, entries=tuple(entries))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _changed_clauses(consolidation: Consolidation) -> dict[str, str]:
    return {c.id: c.text for c in consolidation.clauses
            if c.kind is not ClauseKind.FIXED and c.status in
            (ClauseStatus.AMENDED, ClauseStatus.INSERTED)}


def _message(text_id: str, stage: str, done: list[Amendment],
             consolidation: Consolidation) -> str:
    body = [f"{a.label} ({a.id}) incorporated" for a in done]
    counts = {status: sum(c.status is status for c in consolidation.clauses)
              for status in (ClauseStatus.AMENDED, ClauseStatus.INSERTED, ClauseStatus.DELETED)}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    return promote_message(text_id, stage) + f"\n\n{len(done)} amendments; clauses {summary}.\n\n" \
        + "\n".join(body)


# -- lineage -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class History:
    """A lineage walked to its end, with what is needed to show it."""

    lineage: Lineage
    start: Text  # the text the lineage began with (all of it "original")
    amendments: dict[str, Amendment]  # every amendment met on the way, by id
    stages: tuple[str, ...]  # the stages passed, in order


def list_stages(root: Path, text_id: str) -> list[Step]:
    """The stages of the text (its promotions), oldest first."""
    return stages(GitRepo(Path(root)), text_id)


@dataclass(frozen=True)
class RedlineStart:
    """A place a redline across stages can start from (``--from``): a stage, or the text as
    it came in."""

    rev: str  # the stage's name (its tag), or a commit
    name: str  # what a reader calls it
    subject: str  # the commit's subject


def redline_starts(root: Path, text_id: str) -> list[RedlineStart]:
    """Every stage of the text, newest first, then the commit that brought the text in."""
    repo = GitRepo(Path(root))
    steps = text_steps(repo, text_id, "HEAD")
    starts = [RedlineStart(s.stage, s.stage, s.subject) for s in reversed(steps) if s.stage]
    if steps:
        starts.append(RedlineStart(steps[0].commit, "the text as it came in", steps[0].subject))
    return starts


def _session(root: Path, text_id: str, rev: str | None) -> TextState:
    return TextState.open(root, text_id, at=rev)


def lineage(root: Path, text_id: str, *, since: str | None = None,
            at: str | None = None) -> History:
    """Where each word of the consolidated text comes from: the text at *since* (default:
    where it came in) and every step after it up to the consolidation at *at* (default: the
    working tree, with the adopted amendments not yet promoted)."""
    repo = GitRepo(Path(root))
    end = repo.resolve(at) if at else repo.resolve("HEAD")
    steps = text_steps(repo, text_id, end)
    if since is not None:
        first = repo.resolve(since)
        if not repo.is_ancestor(first, end):
            raise InvalidInput(f"'{since}' is not an earlier stage of '{at or 'HEAD'}'",
                               hint="give the older revision with --from and the newer with --at")
        steps = [s for s in steps if not repo.is_ancestor(s.commit, first)]
    elif steps:
        first, steps = steps[0].commit, steps[1:]
    else:
        raise InvalidInput(f"text '{text_id}' has no committed history",
                           hint="commit the text first (`consolidate import` does it)")
    start = TreeWorkspace(root, first).load_text(text_id)
    walk = Lineage(start, ORIGINAL)
    amendments: dict[str, Amendment] = {}
    passed: list[str] = []
    for step in steps:
        if step.stage and step.parent:
            session = _session(root, text_id, step.parent)
            amendments.update({a.id: a for a in session.amendments})
            walk.apply_consolidation(session.consolidation, amendments, step.stage)
            passed.append(step.stage)
        edit = Origin("edit", commit=step.commit, note=step.subject)
        _catch_up(walk, TreeWorkspace(root, step.commit).load_text(text_id), edit)
    final = _session(root, text_id, at)
    if at is None:
        _catch_up(walk, final.text, Origin("edit", note="not committed"))
    amendments.update({a.id: a for a in final.amendments})
    walk.apply_consolidation(final.consolidation, amendments, "")
    return History(walk, start, amendments, tuple(passed))


def _catch_up(walk: Lineage, text: Text, origin: Origin) -> None:
    """Bring the lineage to *text* when something other than a consolidation changed it."""
    wanted = {c.id: c.text for c in text.clauses}
    if walk.current() != wanted or [c for c in walk.order if c in wanted] != list(wanted):
        walk.apply_text(text, origin)


def stage_redline(root: Path, text_id: str, since: str, at: str | None = None) -> Consolidation:
    """The redline from the consolidated text at *since* to the consolidated text at *at*
    (or now), each change attributed to the amendment that made it, stage after stage.

    At a stage (a promotion) the consolidated text is the text itself; at any other revision
    (the base of a pull request, say) the amendments adopted then are already in it, so the
    redline shows what was decided since.
    """
    history = lineage(root, text_id, since=since, at=at)
    baseline = _session(root, text_id, since).consolidation
    start = history.start
    if baseline.applied:
        history.lineage.settle(set(baseline.applied))
        start = consolidated_text(baseline)
    clauses = history.lineage.redline(start)
    applied = tuple(dict.fromkeys(a for c in clauses for a in c.amendments))
    return Consolidation(start, clauses, applied)
