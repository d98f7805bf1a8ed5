"""The voting list of a session's text: the chair's order file, the list, who votes next.

The session calls these; they read the order file through the workspace (so a workspace read
at a revision gives the order file of that revision) and leave the rest to core/votelist.py.
"""

from __future__ import annotations


from consolidate.core.model import Amendment, Problem, Status
from consolidate.core.votelist import (
    ChairOrder,
    OrderFileError,
    Vote,
    VoteList,
    in_list_order,
    parse_order_file,
    vote_list,
)
from consolidate.errors import InvalidInput

SETTLED = frozenset({Status.REJECTED, Status.FALLEN})


def read_rules(session) -> tuple[ChairOrder, tuple[Problem, ...]]:
    """The chair's order file of the session's text, and its problems (then it is ignored)."""
    found = session.workspace.read_order_file(session.text_id)
    if found is None:
        return ChairOrder(), ()
    rel, content = found
    try:
        return parse_order_file(content, rel, session.amendments), ()
    except OrderFileError as error:
        return ChairOrder(source=rel), error.problems


def session_vote_list(session, *, preamble_last: bool | None = None) -> VoteList:
    """The voting list; *preamble_last* None follows the order file's rule.

    Amendments rejected or fallen at an earlier stage (their file unchanged since the last
    promotion) are not in it.
    """
    rules = session.voting_rules[0]
    last = rules.preamble_last if preamble_last is None else preamble_last
    return vote_list(session.text, this_stage(session), session.bases, chair_order=rules.ids,
                     preamble_last=last, cache=session.cache)


def this_stage(session) -> list[Amendment]:
    """The amendments of the text, without those settled at an earlier stage."""
    from consolidate.store.history import unchanged_since_stage

    decided = [a for a in session.amendments if a.status in SETTLED]
    if not decided:
        return list(session.amendments)
    old = unchanged_since_stage(session.workspace.git, session.text_id, session.at or "HEAD")
    return [a for a in session.amendments if not (a.status in SETTLED and a.id in old)]


def list_order(session) -> list[Amendment]:
    """Every amendment of the text in voting order (the voting list's, for those in it)."""
    rules = session.voting_rules[0]
    return in_list_order(session.vote_list, session.amendments, session.text,
                         chair_order=rules.ids, preamble_last=rules.preamble_last)


def next_vote(session) -> Vote:
    """The next vote of the list: the first whose amendments are all still tabled."""
    statuses = {a.id: a.status for a in session.amendments}
    vote = session.vote_list.next_vote(statuses)
    if vote is None:
        raise InvalidInput("no vote is left on the voting list: every amendment in it is decided",
                           hint="`consolidate votelist` shows the list and its decisions")
    return vote

