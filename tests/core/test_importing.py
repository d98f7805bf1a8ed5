"""Importing a plain-text resolution and a folder of article files."""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidate.core.model import ClauseKind, is_valid_id
from consolidate.core.text_format import ManifestEntry, build_text, parse_manifest, render_manifest
from consolidate.importers.plaintext import (
    ImportFormatError,
    clause_id_from_name,
    import_directory,
    natural_sort_key,
    parse_resolution,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = (FIXTURES / "seed_resolution.txt").read_text(encoding="utf-8")
CODE_CIVIL = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted((FIXTURES / "code_civil_base").glob("Article *.md"))
}


# -- the seed resolution ----------------------------------------------------------------


def test_the_seed_has_sixteen_paragraphs_eight_preambular() -> None:
    manifest, _texts = parse_resolution(SEED, "osce-2008")
    paragraphs = [e for e in manifest.entries if e.kind is not ClauseKind.FIXED][1:]
    assert [e.id for e in paragraphs] == [f"p{n}" for n in range(1, 17)]
    assert {e.kind for e in paragraphs[:8]} == {ClauseKind.PREAMBLE}
    assert {e.kind for e in paragraphs[8:]} == {ClauseKind.OPERATIVE}


def test_the_seed_keeps_its_fixed_line_between_preamble_and_operative_part() -> None:
    manifest, _ = parse_resolution(SEED, "osce-2008")
    ids = [e.id for e in manifest.entries]
    assert ids.index("p8") + 1 == ids.index("assembly") == ids.index("p9") - 1
    fixed = manifest.entries[ids.index("assembly")]
    assert fixed == ManifestEntry("assembly", ClauseKind.FIXED, "The OSCE Parliamentary Assembly:")


def test_the_seed_title_is_a_heading_clause_as_written() -> None:
    manifest, texts = parse_resolution(SEED, "osce-2008")
    assert manifest.entries[0] == ManifestEntry("title", ClauseKind.HEADING)
    assert manifest.title == texts["title"] == "COMBATING THE SEXUAL EXPLOITATION OF CHILDREN"


def test_the_seed_front_matter_is_cleaned_of_markdown() -> None:
    manifest, _ = parse_resolution(SEED, "osce-2008")
    assert manifest.front[:6] == (
        "SC (08) 5 E",
        "Original: ENGLISH",
        "SUPPLEMENTARY ITEM",
        "DRAFT RESOLUTION",
        "ON",
        "COMBATING THE SEXUAL EXPLOITATION OF CHILDREN",
    )
    assert manifest.front[-1] == "ASTANA, 29 JUNE - 3 JULY 2008"
    assert not any("*" in line or "#" in line for line in manifest.front)


def test_the_seed_clause_texts_have_no_number_and_no_form() -> None:
    _, texts = parse_resolution(SEED, "osce-2008")
    assert texts["p10"].startswith("Reiterates the call on participating States")
    assert texts["p1"] == (
        "Acknowledging that some estimates have as many as 1.2 million children being "
        "trafficked each year,"
    )
    assert texts["p16"].endswith("child pornography on the Internet.")
    assert set(texts) == {"title"} | {f"p{n}" for n in range(1, 17)}
    assert not any("AMENDMENT" in text or "Sponsor" in text for text in texts.values())


def test_the_imported_seed_is_a_valid_text() -> None:
    manifest, texts = parse_resolution(SEED, "osce-2008")
    assert parse_manifest(render_manifest(manifest), "text.toml") == manifest
    text = build_text("osce-2008", manifest, texts)
    assert text.numbers()["p16"] == 16


# -- other resolutions --------------------------------------------------------------------

SHORT = """\
DRAFT RESOLUTION

## ON WATER

1. Noting the drought,
2. Recalling the rain

and the snow,

The Assembly:

1a. not a paragraph number
3. Calls for rain;
4. Urges action
on two lines;

Signed: nobody
"""


def test_continuation_lines_join_the_paragraph() -> None:
    _manifest, texts = parse_resolution(SHORT, "water")
    assert texts["p4"] == "Urges action\non two lines;"


def test_a_line_after_a_blank_line_between_paragraphs_is_a_fixed_line() -> None:
    manifest, _texts = parse_resolution(SHORT, "water")
    kinds = [(e.id, e.kind) for e in manifest.entries]
    assert kinds[:3] == [
        ("title", ClauseKind.HEADING),
        ("p1", ClauseKind.PREAMBLE),
        ("p2", ClauseKind.PREAMBLE),
    ]
    fixed = [e for e in manifest.entries if e.kind is ClauseKind.FIXED]
    assert [f.text for f in fixed] == [
        "and the snow,",
        "The Assembly:",
        "1a. not a paragraph number",
    ]
    assert len({f.id for f in fixed}) == 3 and all(is_valid_id(f.id) for f in fixed)


def test_lines_of_one_block_form_one_fixed_line() -> None:
    raw = "## T\n\n1. One;\n\nThe Assembly,\nmeeting here:\n\n2. Two.\n"
    manifest, _ = parse_resolution(raw, "t")
    fixed = [e for e in manifest.entries if e.kind is ClauseKind.FIXED]
    assert [(f.id, f.text) for f in fixed] == [("here", "The Assembly,\nmeeting here:")]
    assert [e.kind for e in manifest.entries][1:] == [
        ClauseKind.PREAMBLE,
        ClauseKind.FIXED,
        ClauseKind.OPERATIVE,
    ]


def test_a_fixed_line_in_another_script_gets_an_id() -> None:
    raw = "## Резолюция\n\n1. Признавая;\n\nПарламентская ассамблея ОБСЕ:\n\n2. Призывает.\n"
    manifest, texts = parse_resolution(raw, "ru", language="ru")
    assert [e.id for e in manifest.entries] == ["title", "p1", "fixed", "p2"]
    assert manifest.entries[2].text == "Парламентская ассамблея ОБСЕ:"
    assert manifest.entries[1].kind is ClauseKind.PREAMBLE
    assert texts["title"] == "Резолюция"


def test_trailing_matter_after_a_blank_line_is_left_out() -> None:
    manifest, texts = parse_resolution(
        "## T\n\n1. One;\n2. Two.\n\nSigned: nobody\n3x. form\n", "t"
    )
    assert set(texts) == {"title", "p1", "p2"}
    assert [e.id for e in manifest.entries] == ["title", "p1", "p2"]


def test_without_a_colon_line_every_paragraph_is_operative() -> None:
    manifest, _ = parse_resolution("TITLE\n\n1. Calls;\n2. Urges.\n", "t")
    assert [e.kind for e in manifest.entries] == [
        ClauseKind.HEADING,
        ClauseKind.OPERATIVE,
        ClauseKind.OPERATIVE,
    ]
    assert manifest.title == "TITLE"


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        ("## T\n\nNo numbers here.\n", None, "no numbered paragraph"),
        ("## T\n\n1. One;\n1. Again.\n", 4, "numbered twice (lines 3 and 4)"),
        ("## T\n\n1. One;\n3. Three.\n", 4, "paragraph 3 comes where paragraph 2 is expected"),
        ("## T\n\n2. Two;\n", 3, "where paragraph 1 is expected"),
        ("1. One;\n", 1, "no title"),
        ("The Assembly:\n\n1. One;\n", 3, "no title"),
    ],
)
def test_a_resolution_that_cannot_be_read_is_refused(
    raw: str, line: int | None, words: str
) -> None:
    with pytest.raises(ImportFormatError) as raised:
        parse_resolution(raw, "t", source="draft.txt")
    assert words in raised.value.problem.message
    assert raised.value.problem.line == line
    assert raised.value.problem.path == "draft.txt"
    assert raised.value.problem.hint


def test_crlf_and_bom_are_tolerated_on_import() -> None:
    _manifest, texts = parse_resolution("\ufeff## T\r\n\r\n1. One;\r\n", "t")
    assert texts == {"title": "T", "p1": "One;"}


# -- file names, natural order, folders of articles ------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Article 144.md", "Article-144"),
        ("Article 75-1.md", "Article-75-1"),
        ("Livre Ier/Titre V/Article 146.md", "Article-146"),
        ("Artículo 5 bis.txt", "Articulo-5-bis"),
        ("Übergangsbestimmung.md", "Ubergangsbestimmung"),
        ("§ 3  Straße.md", "3-Strasse"),
        ("Art. 5.md", "Art-5"),
        ("  --Article__12--.md", "Article_12"),
        ("Статья 7.md", "7"),
        ("README", "README"),
    ],
)
def test_clause_id_from_name(name: str, expected: str) -> None:
    clause_id = clause_id_from_name(name)
    assert clause_id == expected
    assert is_valid_id(clause_id)


@pytest.mark.parametrize("name", ["Статья.md", "---.md", "§.txt"])
def test_a_name_without_letters_or_digits_gives_no_id(name: str) -> None:
    with pytest.raises(ImportFormatError, match="cannot make a clause id"):
        clause_id_from_name(name)


def test_natural_sort_orders_numbers_as_numbers() -> None:
    names = ["Article 10-1", "Article 10", "Article 9", "Article 100", "Article 2"]
    assert sorted(names, key=natural_sort_key) == [
        "Article 2",
        "Article 9",
        "Article 10",
        "Article 10-1",
        "Article 100",
    ]


def test_import_directory_gives_one_article_per_file_in_natural_order() -> None:
    files = {"Article 165.md": "c\n", "Article 9.md": "a\n", "Article 75-1.md": "b\n"}
    manifest, texts = import_directory(files, "Code civil")
    assert [e.id for e in manifest.entries] == ["Article-9", "Article-75-1", "Article-165"]
    assert {e.kind for e in manifest.entries} == {ClauseKind.ARTICLE}
    assert texts == {"Article-9": "a\n", "Article-75-1": "b\n", "Article-165": "c\n"}


def test_import_directory_keeps_the_real_articles_exactly() -> None:
    manifest, texts = import_directory(CODE_CIVIL, "Code civil, Du mariage", language="fr")
    assert [e.id for e in manifest.entries] == ["Article-144", "Article-146", "Article-165"]
    assert texts["Article-165"] == CODE_CIVIL["Article 165.md"]
    assert texts["Article-144"].startswith("Article 144\n----\nL'homme avant dix-huit ans révolus")
    assert texts["Article-144"].endswith("\n")
    assert manifest.title == "Code civil, Du mariage" and manifest.language == "fr"
    text = build_text("code-civil", manifest, texts)
    assert [c.text for c in text.clauses] == [CODE_CIVIL[n] for n in sorted(CODE_CIVIL)]


def test_import_directory_refuses_two_files_with_the_same_id() -> None:
    with pytest.raises(ImportFormatError) as raised:
        import_directory({"Article 1.md": "a", "Article 1.txt": "b"}, "T")
    assert "'Article 1.md' and 'Article 1.txt'" in raised.value.problem.message
    assert "Article-1" in raised.value.problem.message


@pytest.mark.parametrize(
    ("files", "title", "words"),
    [({}, "T", "no file"), ({"a.md": "x"}, " ", "no title")],
)
def test_import_directory_refuses_empty_input(
    files: dict[str, str], title: str, words: str
) -> None:
    with pytest.raises(ImportFormatError, match=words):
        import_directory(files, title)
