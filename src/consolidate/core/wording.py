"""Words of messages that depend on a count: "1 amendment", "2 amendments"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """'1 amendment', '2 amendments' (*plural* when the noun does not take an s)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def plural(count: int, noun: str, many: str = "") -> str:
    """*noun* or its plural for *count*, without the number ('field', 'fields')."""
    return noun if count == 1 else many or noun + "s"
