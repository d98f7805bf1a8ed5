"""A clause state read back from the cache is the state that was kept, units and all."""

from __future__ import annotations

import pickle

from consolidate.core.clause_state import ClauseState
from consolidate.core.patching import word_edits


def _amended() -> ClauseState:
    original = "Calls on all participating States to act now."
    state = ClauseState.original_clause("p1", original)
    proposed = "Calls on the participating States to act at once."
    assert state.apply("am-1", original, word_edits(original, proposed)) is None
    return state


def test_a_kept_state_reads_back_equal_and_continues_as_the_original_would():
    state = _amended()
    spans = state.spans()
    back = pickle.loads(pickle.dumps(state))
    assert "units" not in back.__dict__  # packed until wanted
    assert back.spans() == spans and back.current_text() == state.current_text()
    assert back.units == state.units and back.drafts == state.drafts
    assert back.index is not None and state.index is not None
    assert back.index.tokens == state.index.tokens
    later = "Calls on the participating States to act at once and together."
    base = state.current_text()
    for one in (state, back):
        assert one.apply("am-2", base, word_edits(base, later)) is None
    assert back.current_text() == state.current_text() == later
    assert back.spans() == state.spans()


def test_an_untouched_clause_has_no_units_to_pack():
    state = ClauseState.original_clause("p2", "Text.")
    back = pickle.loads(pickle.dumps(state))
    assert back == state and back.current_text() == "Text."
