"""Writing git's objects: blobs, a change's commit, trees, merge commits and tags.

Part of the gateway (:class:`consolidate.store.gitrepo.GitRepo` inherits these methods and
gives them :meth:`run`); each writes only objects, never a ref HEAD follows: what a killed
step leaves is garbage. A change's blobs, tree and commit are written by one ``fast-import``
(:meth:`ObjectWriter.commit_change`); a merge's tree is built in a temporary index and committed
with ``commit-tree``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from consolidate.core.errors import GitFailed, InvalidInput
from consolidate.store.gitobjects import ZERO_ID, TreeEntry, blob_id, change_stream
from consolidate.store.identity import parse_config_listing, resolve_identity


class ObjectWriter:
    """The object-writing half of the gateway; :class:`GitRepo` supplies git itself."""

    git_dir: Path

    def run(self, args: Sequence[str], stdin: bytes = b"",
            env: Mapping[str, str] | None = None, *, index: Path | None = None) -> bytes:
        raise NotImplementedError

    def probe(self, args: Sequence[str], stdin: bytes = b"") -> bytes | None:
        raise NotImplementedError

    def text_of(self, args: Sequence[str], stdin: bytes = b"",
                env: Mapping[str, str] | None = None, *, index: Path | None = None) -> str:
        """``git ARGS`` as one stripped line of text (an object id, an identity)."""
        return self.run(args, stdin, env, index=index).decode("utf-8", "replace").strip()

    def store_blobs(self, contents: Iterable[bytes]) -> list[str]:
        """Store each content as a blob, exactly as given (no filter), in one git process;
        their ids, in order."""
        data = list(contents)
        if data:
            stream = b"".join(b"blob\ndata %d\n%s\n" % (len(item), item) for item in data)
            self.run(["fast-import", "--quiet", "--done"], stream + b"done\n")
        return [blob_id(item) for item in data]

    def commit_change(self, parent: str | None, files: Mapping[str, bytes | None],
                      message: str, identities: tuple[bytes, bytes] | None = None) -> str:
        """Store *files* (path -> content, None to remove) and a commit of them on *parent*
        (None: a first commit), in one git process; HEAD does not move. The commit's id.
        *identities* are :meth:`identities`, when the caller has them already."""
        author, committer = identities or self.identities()
        stream = change_stream(parent, files, message, author, committer)
        return self.text_of(["fast-import", "--quiet", "--done", "--force"], stream).split()[-1]

    def identities(self) -> tuple[bytes, bytes]:
        """The author and committer lines of a commit made now (``git var``: the identity of
        :meth:`identity_env`, the date and zone as ``commit-tree`` would write them)."""
        env = self.identity_env()
        found: dict[str, bytes] = {}
        for line in self.run(["var", "-l"], env=env).split(b"\n"):
            name, equals, value = line.partition(b"=")
            if equals and name in (b"GIT_AUTHOR_IDENT", b"GIT_COMMITTER_IDENT"):
                found[name.decode()] = value  # the last: git lists them after the configuration
        for variable, ident in found.items():
            if not ident.partition(b"<")[0].strip():  # a name git would refuse ("...", "<>")
                self._refuse_identity(variable, env)
        return found["GIT_AUTHOR_IDENT"], found["GIT_COMMITTER_IDENT"]

    def _refuse_identity(self, variable: str, env: Mapping[str, str]) -> None:
        """git's own reason (its strict check) for refusing the name of a commit's identity."""
        try:
            self.run(["var", variable], env=env)
        except GitFailed as failed:
            raise InvalidInput(f"no commit can be made: {failed.problem.message}",
                               hint="set a name git accepts: git config user.name "
                                    "'Your Name'") from None

    def build_tree(self, parent: str | None,
                   changes: Mapping[str, str | TreeEntry | None]) -> str:
        """The tree of commit *parent* (None: empty) with *changes* (path -> blob id of a
        plain file, or an entry with its mode; None to remove), built in a temporary index."""
        index = self.git_dir / f"consolidate-index-{os.getpid()}"
        try:
            self.run(["read-tree", parent] if parent else ["read-tree", "--empty"], index=index)
            self.run(["update-index", "-z", "--index-info"], index_info(changes), index=index)
            return self.text_of(["write-tree"], index=index)
        finally:
            index.unlink(missing_ok=True)

    def build_commit(self, tree: str, parents: str | Sequence[str] | None, message: str) -> str:
        """A commit of *tree* on *parents* (one, several for a merge, None for a first
        commit); HEAD does not move."""
        parents = [parents] if isinstance(parents, str) else list(parents or ())
        args = ["commit-tree", "--no-gpg-sign", tree]
        for parent in parents:
            args += ["-p", parent]
        return self.text_of(args, message.encode("utf-8"), self.identity_env())

    def build_tag(self, name: str, commit: str, message: str, tagger: bytes) -> str:
        """An annotated tag object naming *commit*, by *tagger* (the committer of
        :meth:`identities`); no ref points at it yet."""
        body = (f"object {commit}\ntype commit\ntag {name}\ntagger ".encode()
                + tagger + f"\n\n{message.rstrip()}\n".encode())
        return self.text_of(["mktag"], body)

    def identity_env(self) -> Mapping[str, str]:
        """The author and committer of a commit (see store.identity): always all four."""
        listing = self.probe(["config", "-z", "--get-regexp",
                              r"^(user|author|committer)\.(name|email)$"]) or b""  # None: none
        return resolve_identity(os.environ, parse_config_listing(listing.decode("utf-8",
                                                                                "replace")))


def index_info(changes: Mapping[str, str | TreeEntry | None]) -> bytes:
    """``update-index --index-info`` records of *changes* (a None removes the path)."""
    records = []
    for path, change in sorted(changes.items()):
        if change is None:
            records.append(f"0 {ZERO_ID}\t{path}")
        elif isinstance(change, TreeEntry):
            records.append(f"{change.mode} {change.sha}\t{path}")
        else:
            records.append(f"100644 {change}\t{path}")
    return "".join(f"{r}\0" for r in records).encode("utf-8")
