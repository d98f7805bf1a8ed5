"""Paragraph styles and Word's automatic numbering (``styles.xml``, ``numbering.xml``).

A paragraph is in a list when it (or its style, or a style it is based on) has ``w:numPr``:
a list instance ``w:numId`` and a level ``w:ilvl``. The instance points to an abstract
definition, which gives each level its start value, format (decimal, letters, roman, bullet)
and label ("%1."). As in Word, the counters belong to the abstract definition, so that two
instances of it continue one list, unless an instance overrides a level's start
(``w:lvlOverride/w:startOverride``): the list then starts again where that instance is first
used. Starting a level resets the deeper ones. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consolidate.importers.docx_package import W_NS, Element

W = f"{{{W_NS}}}"
NUMERIC_FORMATS = frozenset({"decimal", "decimalZero", "decimalEnclosedCircle",
                             "decimalEnclosedFullstop", "decimalEnclosedParen",
                             "decimalFullWidth", "decimalHalfWidth"})
_HEADING_RE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class NumberingRef:
    """Where a paragraph is in a list: the list instance and the level (0 = top)."""

    num_id: str
    level: int = 0


@dataclass(frozen=True)
class StyleInfo:
    """A paragraph style: its name, heading level and list numbering (inherited included)."""

    id: str
    name: str
    outline: int | None = None
    numbering: NumberingRef | None = None

    @property
    def heading(self) -> bool:
        """A title or a heading style."""
        return self.name.casefold() in ("title", "subtitle") or self.outline is not None


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a document, by style id."""

    by_id: dict[str, StyleInfo] = field(default_factory=dict)

    def get(self, style_id: str) -> StyleInfo | None:
        return self.by_id.get(style_id)


@dataclass(frozen=True)
class _RawStyle:
    name: str
    based_on: str
    outline: int | None
    numbering: NumberingRef | None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _count(value: str | None, default: int) -> int:
    found = _int(value)
    return default if found is None else found


def _style_numbering(properties: Element | None) -> NumberingRef | None:
    if properties is None:
        return None
    num = properties.find(W + "numPr")
    if num is None:
        return None
    num_id = num.find(W + "numId")
    level = num.find(W + "ilvl")
    return NumberingRef(num_id.get(W + "val", "0") if num_id is not None else "0",
                        _count(level.get(W + "val"), 0) if level is not None else 0)


def _raw_style(element: Element) -> _RawStyle:
    name_element = element.find(W + "name")
    name = name_element.get(W + "val", "") if name_element is not None else ""
    based = element.find(W + "basedOn")
    properties = element.find(W + "pPr")
    outline = None
    if properties is not None and (level := properties.find(W + "outlineLvl")) is not None:
        outline = _int(level.get(W + "val"))
    if outline is None and (match := _HEADING_RE.match(name)):
        outline = int(match.group(1)) - 1
    if outline is not None and not 0 <= outline <= 8:  # 9 is "body text"
        outline = None
    return _RawStyle(name, based.get(W + "val", "") if based is not None else "", outline,
                     _style_numbering(properties))


def read_styles(root: Element | None) -> Styles:
    """The paragraph styles of ``styles.xml``, with what they inherit through ``w:basedOn``."""
    if root is None:
        return Styles()
    raw: dict[str, _RawStyle] = {}
    for element in root.iterchildren(W + "style"):
        if element.get(W + "type", "paragraph") == "paragraph":
            raw[element.get(W + "styleId", "")] = _raw_style(element)
    resolved: dict[str, StyleInfo] = {}
    for style_id, style in raw.items():
        outline, numbering, seen = style.outline, style.numbering, {style_id}
        parent = style.based_on
        while parent in raw and parent not in seen and (outline is None or numbering is None):
            seen.add(parent)
            numbering = numbering or raw[parent].numbering
            outline = outline if outline is not None else raw[parent].outline
            parent = raw[parent].based_on
        resolved[style_id] = StyleInfo(style_id, style.name, outline, numbering)
    return Styles(resolved)


@dataclass(frozen=True)
class Level:
    """One level of an abstract list definition."""

    start: int = 1
    format: str = "decimal"
    text: str = ""


@dataclass(frozen=True)
class ListNumber:
    """A paragraph's automatic number: its level, value, format and label ("12.", "(a)")."""

    level: int
    value: int
    format: str
    label: str

    @property
    def numeric(self) -> bool:
        """True for a number (1, 2, 3…), not a letter, a roman numeral or a bullet."""
        return self.format in NUMERIC_FORMATS


@dataclass
class _Definitions:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)


def _levels(element: Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in element.iterchildren(W + "lvl"):
        start = lvl.find(W + "start")
        fmt = lvl.find(W + "numFmt")
        text = lvl.find(W + "lvlText")
        levels[_count(lvl.get(W + "ilvl"), 0)] = Level(
            _count(start.get(W + "val"), 1) if start is not None else 1,
            fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
            text.get(W + "val", "") if text is not None else "")
    return levels


def _definitions(root: Element | None) -> _Definitions:
    found = _Definitions()
    if root is None:
        return found
    for element in root.iterchildren(W + "abstractNum"):
        found.abstract[element.get(W + "abstractNumId", "")] = _levels(element)
    for element in root.iterchildren(W + "num"):
        abstract = element.find(W + "abstractNumId")
        overrides: dict[int, int] = {}
        for override in element.iterchildren(W + "lvlOverride"):
            start = override.find(W + "startOverride")
            if start is not None:
                overrides[_count(override.get(W + "ilvl"), 0)] = _count(start.get(W + "val"), 1)
        found.instances[element.get(W + "numId", "")] = (
            abstract.get(W + "val", "") if abstract is not None else "", overrides)
    return found


def _letters(value: int, upper: bool) -> str:
    """1 -> a, 26 -> z, 27 -> aa (Word repeats the letter)."""
    if value < 1:
        return str(value)
    letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
    return letter.upper() if upper else letter


def _roman(value: int, upper: bool) -> str:
    if not 0 < value < 4000:
        return str(value)
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out, value = out + numeral, value - amount
    return out.upper() if upper else out


def format_number(value: int, fmt: str) -> str:
    """A counter value written in a level's format."""
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(value, fmt == "upperLetter")
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(value, fmt == "upperRoman")
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class ListCounter:
    """Numbers the paragraphs of a document in reading order, as Word does."""

    def __init__(self, numbering: Element | None) -> None:
        self.definitions = _definitions(numbering)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def number(self, ref: NumberingRef | None) -> ListNumber | None:
        """The number of the next paragraph, in list *ref* (None: not in a list)."""
        if ref is None or ref.num_id in ("", "0"):
            return None
        instance = self.definitions.instances.get(ref.num_id)
        if instance is None:
            return None
        abstract_id, overrides = instance
        levels = self.definitions.abstract.get(abstract_id, {})
        level = levels.get(ref.level, Level())
        counters = self.counters.setdefault(abstract_id, {})
        if ref.num_id not in self.started:
            self.started.add(ref.num_id)
            for depth, start in overrides.items():
                counters[depth] = start - 1
        start = overrides.get(ref.level, level.start)
        counters[ref.level] = counters.get(ref.level, start - 1) + 1
        for deeper in [d for d in counters if d > ref.level]:
            del counters[deeper]
        return ListNumber(ref.level, counters[ref.level], level.format,
                          self._label(level, levels, counters))

    def _label(self, level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
        if level.format in ("bullet", "none"):
            return ""

        def value(match: re.Match[str]) -> str:
            depth = int(match.group(1)) - 1
            found = levels.get(depth, Level())
            return format_number(counters.get(depth, found.start), found.format)

        return _PLACEHOLDER_RE.sub(value, level.text)
