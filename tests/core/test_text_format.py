"""The text manifest text.toml: parse, render, refuse, and build a Text with clause files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consolidate.core.ids import is_valid_id
from consolidate.core.model import Clause, ClauseKind, Text
from consolidate.core.text_format import (
    ManifestEntry,
    TextFormatError,
    TextManifest,
    build_text,
    parse_manifest,
    render_manifest,
)

SOURCE = "texts/osce/text.toml"
EXAMPLE = """\
title = "Combating the Sexual Exploitation of Children"
kind = "resolution"
language = "en"
front = ["SC (08) 5 E", "Original: ENGLISH", "SUPPLEMENTARY ITEM", "DRAFT RESOLUTION"]

[[clauses]]
id = "title"
kind = "heading"

[[clauses]]
id = "p1"
kind = "preamble"

[[clauses]]
id = "assembly"
kind = "fixed"
text = "The OSCE Parliamentary Assembly:"

[[clauses]]
id = "p2"
kind = "operative"
"""
MANIFEST = TextManifest(
    title="Combating the Sexual Exploitation of Children",
    kind="resolution",
    language="en",
    front=("SC (08) 5 E", "Original: ENGLISH", "SUPPLEMENTARY ITEM", "DRAFT RESOLUTION"),
    entries=(
        ManifestEntry("title", ClauseKind.HEADING),
        ManifestEntry("p1", ClauseKind.PREAMBLE),
        ManifestEntry("assembly", ClauseKind.FIXED, "The OSCE Parliamentary Assembly:"),
        ManifestEntry("p2", ClauseKind.OPERATIVE),
    ),
)


def test_the_example_manifest_is_read() -> None:
    assert parse_manifest(EXAMPLE, SOURCE) == MANIFEST


def test_kind_and_language_have_defaults() -> None:
    manifest = parse_manifest('title = "T"\n[[clauses]]\nid = "a"\nkind = "article"\n', SOURCE)
    assert (manifest.kind, manifest.language, manifest.front) == ("resolution", "en", ())


def test_render_writes_clauses_as_array_of_tables() -> None:
    rendered = render_manifest(MANIFEST)
    assert rendered.count("[[clauses]]\n") == 4
    fixed = 'id = "assembly"\nkind = "fixed"\ntext = "The OSCE Parliamentary Assembly:"\n'
    assert fixed in rendered
    assert rendered.startswith('title = "Combating the Sexual Exploitation of Children"\n')


def test_render_then_parse_gives_the_manifest_back() -> None:
    assert parse_manifest(render_manifest(MANIFEST), SOURCE) == MANIFEST


ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,10}\Z").filter(is_valid_id)
words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    str.strip
)


@st.composite
def manifests(draw: st.DrawFn) -> TextManifest:
    clause_ids = draw(st.lists(ids, min_size=1, max_size=8, unique_by=str.casefold))
    entries = []
    for clause_id in clause_ids:
        kind = draw(st.sampled_from(list(ClauseKind)))
        text = draw(words) if kind is ClauseKind.FIXED else None
        entries.append(ManifestEntry(clause_id, kind, text))
    return TextManifest(
        title=draw(words),
        kind=draw(st.sampled_from(["resolution", "law", "code"])),
        language=draw(st.sampled_from(["en", "fr", "de", "ru"])),
        front=tuple(draw(st.lists(st.text(max_size=20), max_size=4))),
        entries=tuple(entries),
    )


@given(manifests())
def test_render_round_trips(manifest: TextManifest) -> None:
    rendered = render_manifest(manifest)
    assert parse_manifest(rendered, SOURCE) == manifest
    assert render_manifest(parse_manifest(rendered, SOURCE)) == rendered


def _without(line: str) -> str:
    return EXAMPLE.replace(line + "\n", "", 1)


# (case, content, line, words in the message)
ERRORS = [
    ("invalid TOML", EXAMPLE.replace('id = "p1"', "id = p1"), 11, "not valid TOML"),
    ("unterminated string", 'title = "x\n', 1, "not valid TOML"),
    ("value missing at the end", 'title = "x"\nkind = ', 2, "not valid TOML"),
    ("byte-order mark", "\ufeff" + EXAMPLE, 1, "byte-order mark"),
    ("missing title", _without('title = "Combating the Sexual Exploitation of Children"'), 1,
     "has no title"),
    ("empty title", EXAMPLE.replace("Combating the Sexual Exploitation of Children", " "), 1,
     "empty title"),
    ("title not a string", EXAMPLE.replace('title = "Combating the Sexual Exploitation of '
                                           'Children"', "title = 3"), 1, "must be a string"),
    ("unknown top-level key", 'colour = "red"\n' + EXAMPLE, 1, "unknown key 'colour'"),
    ("unknown clause kind", EXAMPLE.replace('kind = "preamble"', 'kind = "recital"'), 12,
     "unknown clause kind 'recital'"),
    ("invalid clause id", EXAMPLE.replace('id = "p1"', 'id = "../p1"'), 11, "not a valid id"),
    ("clause id with a slash", EXAMPLE.replace('id = "p1"', 'id = "a/b"'), 11, "not a valid id"),
    ("duplicate clause id", EXAMPLE.replace('id = "p2"', 'id = "p1"'), 20, "used twice"),
    ("clause without id", _without('id = "p1"'), 10, "clause entry 2 has no id"),
    ("clause without kind", _without('kind = "preamble"'), 10, "clause entry 2 has no kind"),
    ("fixed entry without text", _without('text = "The OSCE Parliamentary Assembly:"'), 15,
     "has no text"),
    ("fixed entry with empty text",
     EXAMPLE.replace('text = "The OSCE Parliamentary Assembly:"', 'text = ""'), 17, "empty text"),
    ("non-fixed entry with text",
     EXAMPLE.replace('kind = "preamble"', 'kind = "preamble"\ntext = "x"'), 13, "has its text in the manifest"),
    ("unknown clause key", EXAMPLE.replace('kind = "preamble"', 'kind = "preamble"\nnumber = 1'),
     13, "unknown key 'number'"),
    ("no clauses", 'title = "T"\n', 1, "an empty text"),
    ("empty clause list", 'title = "T"\nclauses = []\n', 2, "an empty text"),
    ("front not a list", EXAMPLE.replace(EXAMPLE.split("\n")[3], 'front = "SC (08) 5 E"'), 4,
     "list of strings"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [pytest.param(content, line, words, id=case) for case, content, line, words in ERRORS],
)
def test_a_broken_manifest_is_refused_with_its_line(content: str, line: int, words: str) -> None:
    with pytest.raises(TextFormatError) as raised:
        parse_manifest(content, SOURCE)
    problem = raised.value.problem
    assert words in problem.message
    assert problem.line == line
    assert problem.path == SOURCE
    assert problem.hint


CLAUSE_TEXTS = {"title": "COMBATING", "p1": "Acknowledging that…", "p2": "Condemns…;\n"}


def test_build_text_combines_manifest_and_clause_files() -> None:
    text = build_text("osce", MANIFEST, CLAUSE_TEXTS)
    assert text == Text(
        id="osce",
        title=MANIFEST.title,
        clauses=(
            Clause("title", ClauseKind.HEADING, "COMBATING"),
            Clause("p1", ClauseKind.PREAMBLE, "Acknowledging that…"),
            Clause("assembly", ClauseKind.FIXED, "The OSCE Parliamentary Assembly:"),
            Clause("p2", ClauseKind.OPERATIVE, "Condemns…;\n"),
        ),
        kind="resolution",
        language="en",
        front_matter=MANIFEST.front,
    )
    assert text.numbers() == {"p1": 1, "p2": 2}


def test_build_text_names_the_missing_clause_file() -> None:
    texts = {k: v for k, v in CLAUSE_TEXTS.items() if k != "p2"}
    with pytest.raises(TextFormatError) as raised:
        build_text("osce", MANIFEST, texts)
    assert raised.value.problem.path == "texts/osce/p2.txt"
    assert "texts/osce/p2.txt is missing" in raised.value.problem.message


def test_build_text_refuses_a_clause_file_the_manifest_does_not_list() -> None:
    with pytest.raises(TextFormatError) as raised:
        build_text("osce", MANIFEST, {**CLAUSE_TEXTS, "p9": "stray"})
    assert raised.value.problem.path == "texts/osce/p9.txt"
    assert "not a clause listed" in raised.value.problem.message
