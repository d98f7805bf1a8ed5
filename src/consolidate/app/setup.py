"""Making workspaces and importing texts into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from consolidate.app.progress import Progress, counted
from consolidate.app.word import draft_from_docx, is_docx
from consolidate.core.errors import InvalidInput
from consolidate.core.ids import ID_HINT, case_twin, id_problem
from consolidate.core.normalise import clause_text_problem, normalise
from consolidate.importers.plaintext import (
    ImportFormatError,
    clause_id_from_name,
    import_directory,
    parse_resolution,
)
from consolidate.store.gitrepo import GitRepo
from consolidate.store.reading import read_utf8
from consolidate.store.transaction import transaction
from consolidate.store.workspace import AMENDMENTS, TEXTS, Workspace

KEEP = ".gitkeep"


@dataclass(frozen=True)
class ImportResult:
    text_id: str
    clauses: int
    commit: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Initialised:
    """Where the workspace is, and what ``init`` found there."""

    root: Path
    existed: bool  # already a workspace: nothing changed
    was_repository: bool  # a git repository made into a workspace


def init_workspace(root: Path) -> Path:
    """Create (or complete) a workspace at *root* and commit its skeleton."""
    return initialise(root).root


def initialise(root: Path) -> Initialised:
    """Create (or complete) a workspace at *root*, and say whether there was one already."""
    repository = (root / ".git").exists()
    existed = repository and all((root / folder).is_dir() for folder in (TEXTS, AMENDMENTS))
    return Initialised(_init(root), existed, repository and not existed)


def _init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if (root / ".git").exists():
        repo = GitRepo(root)
    else:
        repo = GitRepo.init(root)
    with transaction(repo) as change:
        for folder in (TEXTS, AMENDMENTS):
            keep = repo.root / folder / KEEP
            if not keep.exists():
                change.write(f"{folder}/{KEEP}", "")
        if change.paths:
            change.commit("Create consolidate workspace")
    return repo.root


_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", re.ASCII)


def import_text(root: Path, source: Path, *, text_id: str | None = None,
                title: str | None = None, language: str | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Import a resolution file or a directory of clause files as a new text, and commit it.

    *language* (a language tag: ``fr``, ``de-CH``) is the text's language, which the exports
    declare (``lang``); English when it is not given. *progress* is told of each file of a
    directory read."""
    if language is not None and not _LANGUAGE_RE.fullmatch(language):
        raise InvalidInput(f"{language!r} is not a language tag",
                           hint="give a tag like en, fr, de or de-CH (BCP 47)")
    workspace = Workspace(root)
    text_id = text_id or _id_from_name(source)
    reason = id_problem(text_id)
    if reason is not None:
        raise InvalidInput(f"{text_id!r} is not a valid text id: it {reason}", hint=ID_HINT)
    twin = case_twin(text_id, workspace.text_ids())
    if twin is not None:
        raise InvalidInput(f"the workspace has a text '{twin}': '{text_id}' differs from it only "
                           "by case, and they would be one folder on macOS and Windows",
                           hint="choose another id with --text")
    notes: list[str] = []
    try:
        if source.is_dir():
            paths = [p for p in sorted(source.iterdir()) if p.is_file()]
            files = {p.name: _normalised(p, notes) for p in counted(progress, paths)}
            manifest, clauses = import_directory(files, title or source.name)
        elif is_docx(source):
            manifest, clauses, found = draft_from_docx(source)
            notes.extend(found)
        else:
            manifest, clauses = parse_resolution(_normalised(source, notes), text_id)
    except ImportFormatError as error:
        problem = error.problem
        raise InvalidInput(problem.message, path=problem.path or str(source),
                           line=problem.line, hint=problem.hint) from None
    if language is not None:
        manifest = replace(manifest, language=language)
    with transaction(workspace.git) as change:  # checked under the lock: one import wins
        _refuse_existing(workspace, text_id)
        workspace.write_text(text_id, manifest, clauses, change)
        commit = change.commit(f"Import text '{text_id}' from {source.name}")
    return ImportResult(text_id, len(manifest.entries), commit, tuple(notes))


def _id_from_name(source: Path) -> str:
    try:
        return clause_id_from_name(source.name if source.is_dir() else source.stem)
    except ImportFormatError as error:
        raise InvalidInput(error.problem.message.replace("clause id", "text id"),
                           hint="give the text an id with --text") from None


def _refuse_existing(workspace: Workspace, text_id: str) -> None:
    """Refuse a text id the workspace has, committed or on disk; an empty folder (left by an
    import that was stopped) is no text."""
    folder = workspace.text_dir(text_id)
    committed = workspace.git.head_blob_ids(workspace.rel(folder))
    if committed or (folder.is_dir() and any(folder.iterdir())) or (
            folder.exists() and not folder.is_dir()):
        raise InvalidInput(f"the workspace already has a text '{text_id}'",
                           hint="choose another id with --text")


def _normalised(path: Path, notes: list[str]) -> str:
    """The file's text in the form clause files are kept in; what was changed goes to *notes*."""
    result = normalise(read_utf8(path, str(path)))
    notes.extend(f"{path.name}: {note}" for note in result.notes)
    problem = clause_text_problem(result.text)
    if problem is not None:
        reason, hint, line = problem
        raise InvalidInput(reason, path=str(path), line=line, hint=hint)
    return result.text
