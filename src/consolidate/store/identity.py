"""Who a commit is by: git's own identity rules, with a fallback so that no change is lost.

git takes the author from ``GIT_AUTHOR_NAME``/``GIT_AUTHOR_EMAIL``, else ``author.name``/
``author.email``, else ``user.name``/``user.email`` (and ``EMAIL``); the committer likewise.
consolidate follows the same order, and where git would give up ("Author identity unknown")
it completes the identity instead: a role with nothing uses the other role's, and what is still
missing is ``consolidate <consolidate@localhost>``. The four variables are always passed to
git explicitly, so the result never depends on what git can guess from the machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FALLBACK_NAME = "consolidate"
FALLBACK_EMAIL = "consolidate@localhost"
ROLES = ("author", "committer")


@dataclass(frozen=True)
class Person:
    """A name and an email address, either of which may be unknown (empty)."""

    name: str = ""
    email: str = ""

    def completed_by(self, other: Person) -> Person:
        return Person(self.name or other.name, self.email or other.email)


def resolve_identity(environ: Mapping[str, str], config: Mapping[str, str]) -> dict[str, str]:
    """``GIT_AUTHOR_*`` and ``GIT_COMMITTER_*`` for a commit, from the environment and the git
    configuration (``key -> value``, keys lower-case as ``git config`` prints them)."""
    people = {role: _person(role, environ, config) for role in ROLES}
    fallback = Person(FALLBACK_NAME, FALLBACK_EMAIL)
    author = people["author"].completed_by(people["committer"]).completed_by(fallback)
    committer = people["committer"].completed_by(people["author"]).completed_by(fallback)
    return {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}


def _person(role: str, environ: Mapping[str, str], config: Mapping[str, str]) -> Person:
    variable = f"GIT_{role.upper()}"
    name = (environ.get(f"{variable}_NAME") or config.get(f"{role}.name")
            or config.get("user.name") or "")
    email = (environ.get(f"{variable}_EMAIL") or config.get(f"{role}.email")
             or config.get("user.email") or environ.get("EMAIL") or "")
    return Person(name.strip(), email.strip())


def parse_config_listing(listing: str) -> dict[str, str]:
    """``git config -z --get-regexp`` output as key -> last value."""
    found: dict[str, str] = {}
    for record in listing.split("\0"):
        key, _, value = record.partition("\n")
        if key:
            found[key.lower()] = value
    return found
