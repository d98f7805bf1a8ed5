"""The workspace as it was at a revision, and the stages of a text in its git history.

:class:`TreeWorkspace` reads ``texts/`` and ``amendments/`` from the tree of a commit (a tag,
a branch, a commit id) into the same model objects as :class:`Workspace` reads from disk; it
never writes. A *stage* is a commit made by ``consolidate promote``: its message starts with
:data:`PROMOTE_PREFIX` and a tag (the stage's name) usually points at it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import git
from gitdb.exc import BadName, BadObject

from consolidate.core.amendment_format import AmendmentFormatError, parse_amendment
from consolidate.core.model import Amendment, Problem, Text
from consolidate.core.text_format import TextFormatError, TextManifest, build_text, parse_manifest
from consolidate.core.votelist import ORDER_FILE
from consolidate.errors import InvalidInput
from consolidate.store.gitrepo import GitRepo, text_blob_id
from consolidate.store.workspace import (
    AMENDMENTS,
    BASES,
    MANIFEST,
    TEXTS,
    AmendmentSet,
    Workspace,
    _duplicate_numbers,
)

PROMOTE_PREFIX = "Promote text"
_STAGE_RE = re.compile(r"^Promote text '(?P<text>[^']+)' to stage (?P<stage>\S+)")


def promote_message(text_id: str, stage: str) -> str:
    """The first line of a promote commit (what :func:`stages` looks for)."""
    return f"{PROMOTE_PREFIX} '{text_id}' to stage {stage}"


def resolve_commit(repo: GitRepo, rev: str) -> git.Commit:
    """The commit *rev* names (a tag, a branch, a commit id), or :class:`InvalidInput`."""
    try:
        return repo.repo.commit(rev)
    except (BadName, BadObject, ValueError, git.GitCommandError, IndexError):
        raise InvalidInput(f"'{rev}' is not a revision of this workspace",
                           hint="give a tag (`git tag` lists the stages), a branch or a commit id"
                           ) from None


class TreeWorkspace(Workspace):
    """The workspace as committed at one revision; read-only."""

    def __init__(self, root: Path, rev: str) -> None:
        self.git = GitRepo(Path(root))
        self.root = self.git.root
        self.rev = rev
        self.commit = resolve_commit(self.git, rev)
        self.tree = self.commit.tree
        if self._entry(TEXTS) is None:
            raise InvalidInput(f"at {rev} the workspace has no {TEXTS}/ directory",
                               hint="give a later revision")

    # -- reading the tree -------------------------------------------------------------------

    def _entry(self, rel: str):
        try:
            return self.tree / rel
        except KeyError:
            return None

    def _read(self, rel: str) -> str | None:
        entry = self._entry(rel)
        if entry is None or entry.type != "blob":
            return None
        data = entry.data_stream.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidInput(f"byte {error.start} is not UTF-8 (at {self.rev})", path=rel,
                               line=data[: error.start].count(b"\n") + 1) from None

    def text_ids(self) -> list[str]:
        texts = self._entry(TEXTS)
        return sorted(t.name for t in texts.trees if self._entry(f"{TEXTS}/{t.name}/{MANIFEST}"))

    def resolve_text_id(self, text_id: str | None) -> str:
        try:
            return super().resolve_text_id(text_id)
        except InvalidInput as error:
            raise InvalidInput(f"at {self.rev}: {error.problem.message}",
                               hint=error.problem.hint) from None

    def load_manifest(self, text_id: str) -> TextManifest:
        rel = f"{TEXTS}/{text_id}/{MANIFEST}"
        content = self._read(rel)
        if content is None:
            raise InvalidInput(f"there is no text '{text_id}' at {self.rev}", path=rel)
        try:
            return parse_manifest(content, rel)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=rel, line=error.problem.line,
                               hint=error.problem.hint) from None

    def load_text(self, text_id: str) -> Text:
        manifest = self.load_manifest(text_id)
        clauses: dict[str, str] = {}
        for entry in manifest.entries:
            if entry.text is None:
                content = self._read(f"{TEXTS}/{text_id}/{entry.id}.txt")
                if content is not None:
                    clauses[entry.id] = content
        try:
            return build_text(text_id, manifest, clauses)
        except TextFormatError as error:
            raise InvalidInput(error.problem.message, path=error.problem.path,
                               line=error.problem.line, hint=error.problem.hint) from None

    def load_amendments(self, text_id: str, parsed: dict | None = None) -> AmendmentSet:
        folder = self._entry(f"{AMENDMENTS}/{text_id}")
        if folder is None:
            return AmendmentSet((), ())
        amendments: list[Amendment] = []
        problems: list[Problem] = []
        for blob in sorted(folder.blobs, key=lambda b: b.name):
            if not blob.name.endswith(".patch"):
                continue
            rel = f"{AMENDMENTS}/{text_id}/{blob.name}"
            try:
                amendment = parse_amendment(self._read(rel) or "", rel)
            except AmendmentFormatError as error:
                problems.append(error.problem)
                continue
            except InvalidInput as error:
                problems.extend(error.problems)
                continue
            problems.extend(self._identity_problems(amendment, Path(self.root / rel), text_id))
            amendments.append(amendment)
        problems.extend(_duplicate_numbers(amendments))
        return AmendmentSet(tuple(amendments), tuple(problems))

    def base_texts(self, text_id: str, text: Text, amendments: Sequence[Amendment]) -> dict[str, str]:
        wanted = {a.base for a in amendments}
        found = {text_blob_id(c.text): c.text for c in text.clauses if text_blob_id(c.text) in wanted}
        for blob in sorted(wanted - found.keys()):
            snapshot = self._read(f"{AMENDMENTS}/{text_id}/{BASES}/{blob}.txt")
            if snapshot is not None and text_blob_id(snapshot) == blob:
                found[blob] = snapshot
        for blob, data in self.git.read_blobs(sorted(wanted - found.keys())).items():
            try:
                found[blob] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
        return found

    def read_order_file(self, text_id: str) -> tuple[str, str] | None:
        rel = f"{AMENDMENTS}/{text_id}/{ORDER_FILE}"
        content = self._read(rel)
        return None if content is None else (rel, content)

    # -- never writing ------------------------------------------------------------------------

    def write_text(self, *args, **kwargs) -> list[str]:  # type: ignore[override]
        raise read_only(self.rev)

    def write_amendments(self, *args, **kwargs) -> list[str]:  # type: ignore[override]
        raise read_only(self.rev)


def read_only(rev: str) -> InvalidInput:
    return InvalidInput(f"the workspace as it was at {rev} is read-only",
                        hint="leave out --at to change the workspace as it is now")


# -- stages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A commit that changed a text: a promotion to a stage, or any other edit of its files."""

    commit: str
    parent: str | None
    stage: str  # the stage's name for a promotion; "" for another commit
    subject: str


def stage_name(repo: GitRepo, commit: git.Commit, text_id: str) -> str | None:
    """The stage a commit promoted the text to (its tag, else its message), or None."""
    match = _STAGE_RE.match(commit.message)
    if match is None or match.group("text") != text_id:
        return None
    tags = [t.name for t in repo.repo.tags if t.commit.hexsha == commit.hexsha]
    own = [t for t in tags if t == match.group("stage")]
    return (own or sorted(tags) or [match.group("stage")])[0]


def text_steps(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The commits of *rev*'s first-parent history that changed ``texts/<text_id>/``, oldest
    first; the first one is where the text came in."""
    if not repo.has_commits():
        return []
    head = resolve_commit(repo, rev)
    shas = repo.repo.git.rev_list("--first-parent", "--reverse", head.hexsha, "--",
                                  f"{TEXTS}/{text_id}").split()
    steps = []
    for sha in shas:
        commit = repo.repo.commit(sha)
        parent = commit.parents[0].hexsha if commit.parents else None
        subject = commit.message.split("\n", 1)[0]
        steps.append(Step(sha, parent, stage_name(repo, commit, text_id) or "", subject))
    return steps


def stages(repo: GitRepo, text_id: str, rev: str = "HEAD") -> list[Step]:
    """The promotions of the text in *rev*'s history, oldest first."""
    return [step for step in text_steps(repo, text_id, rev) if step.stage]


def is_ancestor(repo: GitRepo, older: str, newer: str) -> bool:
    """True when commit *older* is *newer* or one of its ancestors."""
    return repo.repo.is_ancestor(older, newer)


def tag_stage(repo: GitRepo, name: str, commit: str) -> None:
    """Tag *commit* with *name* (a lightweight tag: no identity needed)."""
    repo.repo.create_tag(name, ref=commit)


def tag_exists(repo: GitRepo, name: str) -> bool:
    return any(t.name == name for t in repo.repo.tags)


def last_stage_commit(repo: GitRepo, text_id: str, rev: str = "HEAD") -> str | None:
    """The latest promotion of the text in *rev*'s first-parent history, or None."""
    if not repo.has_commits():
        return None
    head = resolve_commit(repo, rev).hexsha
    found = repo.repo.git.rev_list("-1", "--first-parent", "--fixed-strings",
                                   f"--grep={promote_message(text_id, '')}", head)
    return found.strip() or None


def unchanged_since_stage(repo: GitRepo, text_id: str, rev: str = "HEAD") -> set[str]:
    """Ids of the amendments whose file is the same at *rev* as at the text's last promotion
    (none when there is no promotion): decided then, they belong to an earlier stage."""
    stage = last_stage_commit(repo, text_id, rev)
    if stage is None:
        return set()
    folder = f"{AMENDMENTS}/{text_id}/"

    def blobs(commit: str) -> dict[str, str]:
        listing = repo.repo.git.ls_tree(commit, folder)
        out = {}
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            if path.endswith(".patch"):
                out[Path(path).stem] = meta.split()[2]
        return out

    then, now = blobs(stage), blobs(resolve_commit(repo, rev).hexsha)
    return {amendment_id for amendment_id, blob in now.items() if then.get(amendment_id) == blob}
