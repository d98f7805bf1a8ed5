"""The JSON writer gives json.dumps's bytes (indent 2, UTF-8 kept), whatever the data."""

from __future__ import annotations

import enum
import json
import math
import re

from hypothesis import given
from hypothesis import strategies as st

from consolidate.exporters.jsondoc import dumps, indented

SCALARS = (st.none() | st.booleans() | st.integers() | st.text()
           | st.floats(allow_nan=True, allow_infinity=True))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.tuples(inner, inner)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@given(VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


class Colour(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def test_what_is_not_plain_json_is_written_as_json_dumps_writes_it():
    for value in ({1: "int key"}, {"a": [Colour.RED, Level.HIGH]}, [math.inf, -math.nan],
                  {"nested": {"deep": [[], {}, ()]}}):
        assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_control_characters_stay_escaped_in_the_document():
    written = dumps({"text": "a\x00b\x7f\x85\ud800c\n", "é": "é"})
    assert "\\u0000" in written and "\\u007f" in written and "\\u0085" in written
    assert "\\ud800" in written and "é" in written and written.endswith("}\n")


UNSAFE = st.text(alphabet=st.sampled_from(["a", "é", "’", "\x7f", "\x85", "\x9f", "\xa0", "\ud800", "\U0001f600"]))


@given(st.recursive(UNSAFE | st.none(), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(UNSAFE, inner, max_size=3), max_leaves=12))
def test_the_printable_document_escapes_exactly_what_a_search_of_every_character_would(value):
    # dumps looks for DEL and the C1 controls in the UTF-8 bytes (a lone surrogate cannot be
    # encoded): the same characters as a search of the string, whatever else it holds.
    expected = re.sub("[\x7f-\x9f\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}",
                      json.dumps(value, ensure_ascii=False, indent=2)) + "\n"
    assert dumps(value) == expected


def test_an_object_met_again_is_written_at_its_own_depth_each_time():
    shared = {"name": "DUPONT", "tags": ["a", {"deep": None}]}
    value = {"one": shared, "many": [shared, [shared, {"again": shared}]], "last": [shared]}
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
