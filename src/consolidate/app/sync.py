"""`consolidate sync`: share the workspace with the others through a git remote.

Fetch the remote branch, integrate it with the work done here, reconcile the display
numbers, check, push; when the remote moved meanwhile, try again (a bounded number of
times). The merge is computed on trees (store/remote.py) and checked before anything here
changes: when people must decide something (two clones decided one amendment differently,
edited the same field, adopted amendments that collide, changed the same clause file), the
workspace is left as it was and the result says what to decide. The working tree moves only
once the remote has accepted the result (or had it already), so nothing is ever half done:
a sync killed at any point leaves this clone as it was, or as the remote is.

The integration commit has the remote's commit as its first parent: the remote's history is
the main line (stages are found along it), the work done here comes in beside it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from consolidate.app.state import TextState
from consolidate.core.amendment_format import AmendmentFormatError, parse_amendment, render_amendment
from consolidate.core.errors import GitFailed, InvalidInput, RemoteUnavailable
from consolidate.core.merging import merge_amendment
from consolidate.core.model import Amendment, Status
from consolidate.core.numbering import reconcile
from consolidate.store import remote
from consolidate.store.files import workspace_lock
from consolidate.store.gitrepo import GitRepo, TreeEntry
from consolidate.store.tree import TreeWorkspace
from consolidate.store.workspace import AMENDMENTS, TEXTS, Workspace

_AMENDMENT_RE = re.compile(rf"^{AMENDMENTS}/([^/]+)/([^/]+)\.patch$")
_UNDECIDED = frozenset({Status.DRAFT, Status.TABLED})
ATTEMPTS = 5

Say = Callable[[str], None]


@dataclass(frozen=True)
class SyncResult:
    """What a sync did, or (``problems``) what people must decide before it can."""

    remote: str
    branch: str
    commit: str  # where this clone is now
    received: tuple[str, ...] = ()  # paths that came from the remote
    sent: bool = False  # the remote took commits from here
    renumbered: tuple[tuple[str, str, str], ...] = ()  # (amendment id, old number, new)
    attempts: int = 1
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Merge:
    """A candidate result: the commit, or the problems that stop it."""

    commit: str
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    renumbered: tuple[tuple[str, str, str], ...] = ()


def sync(root: str | Path, name: str | None = None, *, attempts: int = ATTEMPTS,
         say: Say = lambda _: None, interactive: bool = False) -> SyncResult:
    """Share the workspace at *root* with the remote *name* (see the module's docstring)."""
    workspace = Workspace(Path(root))  # finishes a change a killed process left half done
    repo = workspace.git
    with workspace_lock(repo.git_dir):
        _refuse_uncommitted(repo)
        where = remote.upstream(repo, name)
        local = repo.head_sha()
        if local is None:
            raise InvalidInput("the workspace has no commit yet",
                               hint="import a text first (`consolidate import`)")
        for attempt in range(1, attempts + 1):
            say(f"Fetching {where.remote}/{where.branch}…")
            theirs = remote.fetch(repo, where, interactive=interactive)
            candidate = _integrate(repo, local, theirs, where.remote, say)
            if candidate.problems:
                return SyncResult(where.remote, where.branch, local, attempts=attempt,
                                  problems=candidate.problems, warnings=candidate.warnings)
            target = candidate.commit
            sent = target != theirs
            if sent:
                say(f"Pushing to {where.remote}/{where.branch}…")
                if not remote.push(repo, where, target, interactive=interactive):
                    say(f"{where.remote} moved meanwhile: trying again")
                    continue
            received = tuple(remote.changed_paths(repo, local, target)) if target != local else ()
            if target != local:
                remote.advance(repo, local, target)
            return SyncResult(where.remote, where.branch, target, received, sent,
                              candidate.renumbered, attempt, warnings=candidate.warnings)
    raise RemoteUnavailable(f"{where.remote} kept moving: {attempts} attempts to push failed",
                            hint="nothing is lost: your work is committed here; run "
                                 "`consolidate sync` again in a moment")


def _refuse_uncommitted(repo: GitRepo) -> None:
    dirty = repo.dirty_paths(TEXTS) + repo.dirty_paths(AMENDMENTS)
    if dirty:
        raise InvalidInput(
            f"the workspace has uncommitted changes ({', '.join(dirty[:3])})",
            hint="table them with `consolidate amend`, commit them, or undo them with "
                 "`git checkout -- texts/ amendments/` before syncing")


def _integrate(repo: GitRepo, local: str, theirs: str | None, there: str, say: Say) -> _Merge:
    """The commit to publish: the remote's work and ours together, numbers reconciled."""
    base_problems: tuple[str, ...] = ()
    if theirs is None or repo.is_ancestor(theirs, local):
        merged = local
    elif repo.is_ancestor(local, theirs):
        merged = theirs
    else:
        say("Integrating…")
        merged, base_problems = _merge(repo, local, theirs, there)
    if base_problems:
        return _Merge(local, base_problems)
    headers = _Headers(repo)
    problems, warnings = _decisions_that_collide(headers, local, theirs, merged, there)
    if problems:
        return _Merge(local, problems, warnings)
    return _reconciled(headers, merged, theirs, warnings)


# -- merging the two sides ---------------------------------------------------------------------

def _merge(repo: GitRepo, local: str, theirs: str, there: str) -> tuple[str, tuple[str, ...]]:
    base = remote.merge_base(repo, local, theirs)
    if base is None:
        return local, (f"this workspace and {there} share no history: they hold different "
                       "workspaces",)
    ours_changed = remote.changed_paths(repo, base, local)
    theirs_changed = remote.changed_paths(repo, base, theirs)
    result: dict[str, TreeEntry | None] = {}
    problems: list[str] = []
    for path, entry in ours_changed.items():  # the tree is built on the remote's
        if path not in theirs_changed:
            result[path] = entry
        elif theirs_changed[path] != entry:
            resolved, problem = _both_changed(repo, path, base, local, theirs, there)
            if problem:
                problems.append(problem)
            else:
                result[path] = resolved
    if problems:
        return local, tuple(problems)
    tree = repo.build_tree(theirs, result)
    message = (f"Sync with {there}: {_files(len(ours_changed))} from here, "
               f"{_files(len(theirs_changed))} from {there}")
    return repo.build_commit(tree, [theirs, local], message), ()


def _files(count: int) -> str:
    return f"{count} file{'s' * (count != 1)}"


def _both_changed(repo: GitRepo, path: str, base: str, local: str, theirs: str,
                  there: str) -> tuple[TreeEntry | None, str]:
    """The merged entry of a path both sides changed, or what a person must decide."""
    versions = [_blob(repo, commit, path) for commit in (base, local, theirs)]
    if _AMENDMENT_RE.match(path):
        return _merged_amendment(repo, path, versions, there)
    merged = _merge_lines(repo, versions)
    if merged is None:
        return None, (f"{path} was changed here and on {there}, in the same place: merge it "
                      f"with git (`git pull {there}`) and run `consolidate check`")
    return TreeEntry("blob", repo.store_blobs([merged])[0]), ""


def _blob(repo: GitRepo, commit: str, path: str) -> bytes | None:
    folder = path.rpartition("/")[0]
    entry = repo.ls_tree(commit, folder).get(path)
    if entry is None:
        return None
    return repo.read_blobs([entry.sha]).get(entry.sha)


def _merged_amendment(repo: GitRepo, path: str, versions: list[bytes | None],
                      there: str) -> tuple[TreeEntry | None, str]:
    try:
        base, ours, theirs = (parse_amendment(v.decode("utf-8"), path) if v is not None else None
                              for v in versions)
    except (AmendmentFormatError, UnicodeDecodeError) as error:
        return None, f"{path} cannot be merged: {error}"
    merged = merge_amendment(base, ours, theirs, here="here", there=f"on {there}")
    if merged.conflict:
        return None, merged.conflict
    if merged.amendment is None:
        return None, ""
    data = render_amendment(merged.amendment).encode("utf-8")
    return TreeEntry("blob", repo.store_blobs([data])[0]), ""


def _merge_lines(repo: GitRepo, versions: list[bytes | None]) -> bytes | None:
    """A line merge of three versions of a file (git merge-file), or None on a conflict."""
    if any(v is None for v in versions):
        return None
    with tempfile.TemporaryDirectory(prefix="consolidate-merge-") as folder:
        paths = []
        for name, data in zip(("base", "ours", "theirs"), versions):
            file = Path(folder) / name
            file.write_bytes(data or b"")
            paths.append(str(file))
        try:  # git merge-file exits with the number of conflicts
            return repo.run(["merge-file", "-p", paths[1], paths[0], paths[2]])
        except GitFailed:
            return None


# -- what the merged workspace says ------------------------------------------------------------
# A sync on a large text must not parse thousands of amendments three times: the numbers are
# read from the header lines alone (``_Header``), and amendments are parsed in full only where
# they are rewritten or where both sides adopted something.

@dataclass(frozen=True)
class _Header:
    """What numbering needs of an amendment file, read from its header lines."""

    id: str
    number: str
    status: Status
    tabled: str
    provisional: bool
    path: str


_HEADER_RE = re.compile(r"^(Id|Number|Status|Tabled|Provisional): ?(.*)$", re.MULTILINE)


def _header(path: str, data: bytes) -> _Header | None:
    head = data.decode("utf-8", "replace").split("\n\n", 1)[0]
    values = dict(_HEADER_RE.findall(head))
    try:
        status = Status(values.get("Status", "").strip())
    except ValueError:
        return None
    return _Header(values.get("Id", "").strip(), values.get("Number", "").strip(), status,
                   values.get("Tabled", "").strip(), values.get("Provisional", "").strip() == "yes",
                   path)


class _Headers:
    """The amendment headers at commits: each commit listed and each file read once a sync."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self._listings: dict[str, dict[str, str]] = {}
        self._read: dict[tuple[str, str], _Header | None] = {}

    def listing(self, commit: str) -> dict[str, str]:
        """Path -> blob id of every amendment file at *commit*."""
        if commit not in self._listings:
            entries = self.repo.ls_tree(commit, AMENDMENTS, recursive=True)
            self._listings[commit] = {path: entry.sha for path, entry in entries.items()
                                      if _AMENDMENT_RE.match(path)}
        return self._listings[commit]

    def at(self, commit: str, paths: set[str] | None = None) -> dict[str, dict[str, _Header]]:
        """Text id -> amendment id -> header, of every amendment file at *commit* (or of
        *paths*)."""
        wanted = {path: sha for path, sha in self.listing(commit).items()
                  if paths is None or path in paths}
        unread = {key for key in wanted.items() if key not in self._read}
        blobs = self.repo.read_blobs(sha for _, sha in unread)
        for path, sha in unread:
            self._read[path, sha] = _header(path, blobs.get(sha, b""))
        out: dict[str, dict[str, _Header]] = {}
        for path, sha in wanted.items():
            match = _AMENDMENT_RE.match(path)
            found = self._read[path, sha]
            if match is not None and found is not None:
                out.setdefault(match.group(1), {})[found.id] = found
        return out


def _adopted_since(headers: _Headers, base: str, side: str) -> set[str]:
    """Ids of the amendments adopted on *side* since *base*."""
    changed = {path for path, entry in remote.changed_paths(headers.repo, base, side).items()
               if entry is not None and _AMENDMENT_RE.match(path)}
    if not changed:
        return set()
    now = headers.at(side, changed)
    before = headers.at(base, changed)
    adopted = set()
    for text_id, in_text in now.items():
        earlier = before.get(text_id, {})
        for amendment_id, header in in_text.items():
            was = earlier.get(amendment_id)
            if header.status is Status.ADOPTED and (was is None or
                                                    was.status is not Status.ADOPTED):
                adopted.add(amendment_id)
    return adopted


def _decisions_that_collide(headers: _Headers, local: str, theirs: str | None, merged: str,
                            there: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Adoptions made on the two sides that collide in the merged workspace (for a person)."""
    repo = headers.repo
    if theirs is None or merged in (local, theirs):
        return (), ()
    base = remote.merge_base(repo, local, theirs)
    if base is None:
        return (), ()
    here = _adopted_since(headers, base, local)
    on_remote = _adopted_since(headers, base, theirs) if here else set()
    if not here or not on_remote:
        return (), ()  # no two adoptions to collide: the common case of a sync
    problems: list[str] = []
    warnings: list[str] = []
    for text_id in TreeWorkspace(repo.root, merged).text_ids():
        state = TextState.open(repo.root, text_id, at=merged)
        for finding in state.blocking_findings():
            involved = {finding.amendment, *finding.others}
            mine, theirs_ids = involved & here, involved & on_remote
            if mine and theirs_ids and mine != theirs_ids:
                problems.append(_collision_message(state.amendments, frozenset(mine - theirs_ids),
                                                   frozenset(theirs_ids - mine),
                                                   finding.message, there))
            elif involved & (here | on_remote):
                warnings.append(f"{text_id}: {finding.message}")
    return tuple(problems), tuple(warnings)


def _collision_message(amendments: tuple[Amendment, ...], here: frozenset[str],
                       there_ids: frozenset[str], message: str, there: str) -> str:
    by_id = {a.id: a for a in amendments}
    second = " and ".join(f"{by_id[i].label} ({i})" for i in sorted(here))
    first = " and ".join(f"{by_id[i].label} ({i})" for i in sorted(there_ids))
    return (f"{second}, adopted here, collides with {first}, adopted on {there}: {message}. "
            f"The adoption on {there} came first; the one here came second: undo it here, "
            "then sync again")


def _decided(amendment: _Header) -> bool:
    return amendment.status not in _UNDECIDED


def _reconciled(headers: _Headers, merged: str, theirs: str | None,
                warnings: tuple[str, ...]) -> _Merge:
    """*merged* with every shared or provisional number settled (a commit on top of it)."""
    every = headers.at(merged)
    published = headers.at(theirs) if theirs is not None else {}
    moved: dict[str, str] = {}  # path -> its final number
    renumbered: list[tuple[str, str, str]] = []
    problems: list[str] = []
    for text_id, in_text in every.items():
        seen = published.get(text_id, {})

        def on_remote(h: _Header, seen: dict[str, _Header] = seen) -> bool:
            return h.id in seen and seen[h.id].number == h.number

        result = reconcile(in_text.values(), _decided, on_remote)
        for group in result.unsettled:
            names = ", ".join(f"{h.id} ({h.status.value})" for h in group)
            problems.append(f"text '{text_id}': AM {group[0].number} is the number of "
                            f"{names}, each of them decided: give one of them another number")
        for header in in_text.values():
            number = result.numbers.get(header.id, header.number)
            if number != header.number:
                renumbered.append((header.id, header.number, number))
            if number != header.number or header.provisional:
                moved[header.path] = number
    if problems:
        return _Merge(merged, tuple(problems), warnings)
    if not moved:
        return _Merge(merged, warnings=warnings)
    commit = _commit_numbers(headers, merged, moved, renumbered)
    return _Merge(commit, warnings=warnings, renumbered=tuple(renumbered))


def _commit_numbers(headers: _Headers, merged: str, moved: dict[str, str],
                    renumbered: list[tuple[str, str, str]]) -> str:
    """A commit on *merged* giving each amendment of *moved* its final number."""
    repo, listing = headers.repo, headers.listing(merged)
    blobs = repo.read_blobs(listing[path] for path in moved)
    rendered = []
    for path, number in moved.items():
        amendment = parse_amendment(blobs[listing[path]].decode("utf-8"), path)
        final = replace(amendment, number=number, provisional=False)
        rendered.append(render_amendment(final).encode("utf-8"))
    ids = repo.store_blobs(rendered)
    tree = repo.build_tree(merged, {path: TreeEntry("blob", sha)
                                            for path, sha in zip(moved, ids)})
    lines = [f"AM {old} ({i}) is now AM {new}" for i, old, new in renumbered]
    message = "\n\n".join(["Reconcile amendment numbers: they are final once shared",
                            *(["\n".join(lines)] if lines else [])])
    return repo.build_commit(tree, [merged], message)
