"""CriticMarkup: accepting every change gives the consolidated text, rejecting the original."""

from __future__ import annotations

import pytest

from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.critic import comment

from .helpers import collapse_blank_lines, document, resolve_critic, small_consolidation


def critic(ctx: ExportContext) -> str:
    return get_exporter("critic").render(ctx).decode()


def test_accepting_every_change_gives_the_consolidated_text(ctx: ExportContext) -> None:
    accepted = collapse_blank_lines(resolve_critic(critic(ctx), accept=True))
    assert accepted == get_exporter("text").render(ctx).decode()


def test_rejecting_every_change_gives_the_original(ctx: ExportContext, original_text: str) -> None:
    rejected = collapse_blank_lines(resolve_critic(critic(ctx), accept=False))
    assert rejected == original_text


def test_the_five_marks(ctx: ExportContext) -> None:
    out = critic(ctx)
    assert ("child {~~pornography~>sexual abuse material~~}"
            "{>>AM 1 – Pierre DUPONT (France)<<}") in out
    assert "to ratify{++ and fully implement++}{>>AM 2 – " in out
    assert ("providers,{-- credit card companies, banks,--}"
            "{>>AM 3 – Anna SMITH (Malta)<<} and") in out
    assert "{--14. Requests the OSCE" in out
    assert "{~~12.~>13.~~}{>>consolidate – renumbering<<} Encourages" in out
    assert "{==16.==}{>>AM 8 not applied:" in out
    assert "\x07" in out  # the text is kept exactly


def test_a_comment_cannot_be_closed_early() -> None:
    assert comment("AM 1 – X <<} Y\nZ") == "{>>AM 1 – X << } Y Z<<}"


@pytest.mark.parametrize(
    "rows",
    [
        [("a", "one two three", "one four three")],
        [("a", "First.", None), ("b", None, "Second."), ("c", "Third.", "Third.")],
        [("a", "x", "x y"), ("b", "keep", "keep")],
    ],
)
def test_round_trip_on_small_texts(rows) -> None:
    consolidation = small_consolidation(rows)
    ctx = ExportContext(consolidation, {})
    out = critic(ctx)
    assert collapse_blank_lines(resolve_critic(out, accept=True)) == document(
        consolidation, original=False)
    assert collapse_blank_lines(resolve_critic(out, accept=False)) == document(
        consolidation, original=True)
