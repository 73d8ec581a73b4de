"""Run the extraction stages on plain strings."""

from __future__ import annotations

from evidence_extract.clean import page_from_paragraphs
from evidence_extract.pipeline import extract_tables


def rows(*paragraphs: str, table: str, title: str = "") -> list:
    return extract_tables("t", page_from_paragraphs(*paragraphs, title=title))[table]


def percents(text: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (r.text, r.low, r.high, r.qualifier, r.role) for r in rows(text, table="percentages.csv")
    ]


def p_values(text: str) -> list[tuple[str, str, str]]:
    return [(r.text, r.comparator, r.value) for r in rows(text, table="p_values.csv")]


def callouts(text: str) -> list[tuple[str, int]]:
    return [(r.text, r.ref_number) for r in rows(text, table="citations.csv")]


def levels(text: str, title: str = "") -> list[tuple[str, str, str]]:
    return [
        (r.code, r.scheme, r.refs) for r in rows(text, table="evidence_levels.csv", title=title)
    ]
