"""Sharing a workspace through an ordinary git remote: fetch, merge trees, push.

Everything goes through the gateway (:class:`GitRepo`). Merges are computed on trees,
never in the working tree: the paths each side changed since the merge base are compared,
and the tree of the result is written through a temporary index (``GitRepo.build_tree``,
``build_commit``: a merge commit has two parents), so no merge driver, filter or hook named by
the workspace ever runs and the working tree is only touched once the result is known to be
whole (:func:`advance`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from consolidate.core.errors import GitFailed, InvalidInput, RemoteUnavailable
from consolidate.store.gitrepo import GitRepo, TreeEntry
from consolidate.store.transaction import transaction

# No prompt for a password in a pipe or in CI (it would hang); a stalled transfer ends.
_NETWORK = ("-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60")
# How git says the remote branch moved while we pushed (another clone pushed first).
_MOVED = ("[rejected]", "fetch first", "non-fast-forward", "stale info", "cannot lock ref",
          "failed to update ref", "failed to lock")
_RAW_RE = re.compile(r":(\d{6}) (\d{6}) ([0-9a-f]{40}) ([0-9a-f]{40}) ([A-Z])\d*$")


@dataclass(frozen=True)
class Upstream:
    """Where the current branch is shared: the remote's name and the branch there."""

    remote: str
    branch: str

    @property
    def tracking(self) -> str:
        """The local ref that holds what was last fetched of it."""
        return f"refs/remotes/{self.remote}/{self.branch}"


def _network_env(interactive: bool) -> dict[str, str]:
    env = dict(os.environ)
    if not interactive:
        env["GIT_TERMINAL_PROMPT"] = "0"
        env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def upstream(repo: GitRepo, remote: str | None) -> Upstream:
    """The remote to share with (*remote*, else the branch's, else the only one) and the
    branch there (the one of the same name)."""
    branch = repo.text("symbolic-ref", "--short", "-q", "HEAD").strip()
    remotes = repo.text("remote").split()
    if remote is None:
        configured = _config(repo, f"branch.{branch}.remote")
        remote = configured or ("origin" if "origin" in remotes else
                                remotes[0] if len(remotes) == 1 else None)
    if remote is None or remote not in remotes:
        known = ", ".join(remotes) or "none"
        raise InvalidInput(f"the workspace has no remote {remote or ''}".rstrip()
                           + f" to share with (remotes: {known})",
                           hint="add one with `git remote add origin URL`, or name it: "
                                "`consolidate sync REMOTE`")
    merge = _config(repo, f"branch.{branch}.merge")
    there = merge.removeprefix("refs/heads/") if merge else branch
    return Upstream(remote, there)


def _config(repo: GitRepo, key: str) -> str:
    try:
        return repo.text("config", "--get", key).strip()
    except GitFailed:
        return ""


def fetch(repo: GitRepo, where: Upstream, *, interactive: bool = False) -> str | None:
    """Fetch the remote branch (and its tags); the commit it is at, None for an empty remote."""
    refspec = f"+refs/heads/{where.branch}:{where.tracking}"
    try:
        repo.run([*_NETWORK, "fetch", "--quiet", "--no-write-fetch-head", where.remote, refspec],
                 env=_network_env(interactive))
    except GitFailed as error:
        if "couldn't find remote ref" in error.problem.message:
            return None
        raise RemoteUnavailable(f"cannot fetch from '{where.remote}': {error.problem.message}",
                                hint="check the network and the remote's address "
                                     "(`git remote -v`); nothing was changed here") from None
    try:  # stage tags: a name taken on both sides is reported, not fatal
        repo.run([*_NETWORK, "fetch", "--quiet", "--no-write-fetch-head", where.remote,
                  "refs/tags/*:refs/tags/*"], env=_network_env(interactive))
    except GitFailed:
        pass
    return repo.resolve(where.tracking)


def push(repo: GitRepo, where: Upstream, commit: str, *, interactive: bool = False) -> bool:
    """Push *commit* as the remote branch (with the stage tags it reaches); False when the
    remote moved meanwhile (not a fast-forward)."""
    try:
        repo.run([*_NETWORK, "push", "--quiet", "--porcelain", "--follow-tags", where.remote,
                  f"{commit}:refs/heads/{where.branch}"], env=_network_env(interactive))
    except GitFailed as error:
        message = error.problem.message
        if any(word in message for word in _MOVED) and "hook declined" not in message:
            return False
        raise RemoteUnavailable(f"cannot push to '{where.remote}': {message}",
                                hint="check the network and your rights on the remote; "
                                     "your work is committed here and nothing is lost") from None
    return True


def merge_base(repo: GitRepo, one: str, other: str) -> str | None:
    try:
        return repo.text("merge-base", one, other).strip() or None
    except GitFailed:
        return None


def changed_paths(repo: GitRepo, old: str, new: str) -> dict[str, TreeEntry | None]:
    """Path -> entry in *new* (None when deleted) of every file that differs from *old*."""
    out = repo.run(["diff-tree", "-r", "-z", "--no-renames", "--no-ext-diff", "--raw",
                    old, new]).decode("utf-8")
    items = out.split("\0")
    found: dict[str, TreeEntry | None] = {}
    for meta, path in zip(items[0::2], items[1::2]):
        match = _RAW_RE.match(meta)
        if match is None:
            continue
        mode, sha, status = match.group(2), match.group(4), match.group(5)
        found[path] = None if status == "D" else TreeEntry("blob" if mode != "160000" else
                                                           "commit", sha, mode)
    return found


def advance(repo: GitRepo, old: str, new: str) -> None:
    """Move the branch from *old* to *new* (a descendant), with the working tree and the
    index: only the paths that differ are written. The caller holds the workspace lock and
    has refused uncommitted changes.

    When every path that differs is a plain file (as every file of texts/ and amendments/
    is), this is one journaled change (store.transaction): a sync killed while the files are
    written is finished or undone by the next command, like any other change. A link, an
    executable or a submodule is a thing the journal does not write (it writes plain files
    only, never a link); then ``read-tree -m -u`` moves the files as git does, with the
    filters the workspace names switched off, so files are written exactly as committed.
    """
    changed = changed_paths(repo, old, new)
    plain = {path: None if entry is None else entry.sha for path, entry in changed.items()
             if entry is None or (entry.kind == "blob" and entry.mode == "100644")}
    if len(plain) == len(changed):
        with transaction(repo, locked=True) as change:
            if change.head != old:
                raise GitFailed("HEAD moved while the sync was running",
                                hint="run `consolidate sync` again")
            change.advance(new, plain, "consolidate sync")
        return
    neutral = _no_filters(repo)
    # Index entries consolidate itself wrote carry no file times: look at the files again
    # (no filter runs) so that read-tree sees them as up to date.
    repo.run([*neutral, "update-index", "-q", "--refresh"])
    repo.run([*neutral, "read-tree", "-m", "-u", old, new])
    repo.run(["update-ref", "-m", "consolidate sync", "HEAD", new, old])


def _no_filters(repo: GitRepo) -> list[str]:
    """``-c`` options that switch off every filter driver the configuration names."""
    try:
        listed = repo.text("config", "--name-only", "--get-regexp", r"^filter\.")
    except GitFailed:
        return []
    names = {key.split(".", 1)[1].rsplit(".", 1)[0] for key in listed.split()}
    options: list[str] = []
    for name in sorted(names):
        options += ["-c", f"filter.{name}.smudge=cat", "-c", f"filter.{name}.clean=cat",
                    "-c", f"filter.{name}.process=", "-c", f"filter.{name}.required=false"]
    return options
