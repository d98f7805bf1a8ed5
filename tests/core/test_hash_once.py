"""Amendments, texts, clauses and sponsors hash their fields once per object, and a pickle
never carries that hash to another process (the hash of a string differs between them)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from consolidate.core.model import (
    Action,
    Amendment,
    Clause,
    ClauseKind,
    Sponsor,
    Status,
    Text,
)

AMENDMENT = Amendment("am-1", "1", "t", "p1", Action.MODIFY, "b" * 40, Status.TABLED,
                      "@@ -1,1 +1,1 @@\n-a\n+b\n", sponsor=Sponsor("DUPONT", "Pierre"),
                      cosponsors=(Sponsor("ROSSI", "Maria"),))
TEXT = Text("t", "A text", (Clause("p1", ClauseKind.PARAGRAPH, "Alpha."),
                            Clause("p2", ClauseKind.PARAGRAPH, "Beta.")))


def test_the_hash_is_the_hash_of_the_fields_and_equal_objects_hash_alike():
    copy = replace(AMENDMENT)
    assert copy == AMENDMENT and copy is not AMENDMENT
    assert hash(copy) == hash(AMENDMENT)
    assert hash(replace(AMENDMENT, status=Status.ADOPTED)) != hash(AMENDMENT)
    assert {AMENDMENT: 1}[copy] == 1 and {TEXT: 2}[replace(TEXT)] == 2


def test_a_pickle_carries_the_fields_only():
    hash(AMENDMENT), hash(TEXT), TEXT.clause("p1")  # the hash and a cached property, made
    for value in (AMENDMENT, TEXT, AMENDMENT.sponsor, TEXT.clauses[0]):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value and hash(back) == hash(value)
        assert set(vars(back)) <= {"_hash", *(vars(value).keys() - {"_hash", "_positions"})}
        assert "_hash" not in vars(pickle.loads(pickle.dumps(value)))


def test_an_object_pickled_in_another_process_hashes_as_this_process_computes_it():
    # Another process, another string hash: a hash carried over would break every lookup.
    code = (f"import pickle, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            "from test_hash_once import AMENDMENT as a, TEXT as t; hash(a), hash(t); "
            "sys.stdout.buffer.write(pickle.dumps((a, t)))")
    made = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": "random"}).stdout
    amendment, text = pickle.loads(made)
    assert amendment == AMENDMENT and text == TEXT
    assert hash(amendment) == hash(AMENDMENT) and hash(text) == hash(TEXT)
    assert {AMENDMENT: "found"}[amendment] == "found"
