"""Run single stages on plain strings and files, with the package's own options."""

from __future__ import annotations

from pathlib import Path

from evidence_extract.clean import CleanPage, clean_page, page_from_paragraphs
from evidence_extract.extract.callouts import parse_callout
from evidence_extract.extract.p_values import p_value_records
from evidence_extract.extract.percentages import percentage_records
from evidence_extract.load import decode, page_format
from evidence_extract.nlp import SPAN_KEY, SpanLabel
from evidence_extract.pipeline import default_extractor, extract_page
from evidence_extract.schema import Table


def clean_file(path: Path) -> CleanPage:
    """A saved page through load and clean."""
    fmt = page_format(path.name)
    return clean_page(decode(path.read_bytes(), fmt == "html"), fmt, default_extractor().clean)


def rows(*paragraphs: str, table: Table, title: str = "") -> list:
    """The rows of one table for a page made of these paragraphs (every stage
    after cleaning, linking included)."""
    page = page_from_paragraphs(*paragraphs, title=title)
    ex = default_extractor()
    summary_type = ex.rankings.summary_type(page.text, page.hints)
    return extract_page("t", page, summary_type, {}, ex)[table]


def _spans(text: str, label: SpanLabel) -> list:
    doc = default_extractor().nlp(text)
    return [s for s in doc.spans[SPAN_KEY] if s.label_ == label]


def percents(text: str) -> list[tuple[str, str, str, str, str]]:
    """Matcher + percentage parser only: (text, low, high, qualifier, role)."""
    return [
        (text[r.start : r.end], r.low, r.high, r.qualifier, r.role)
        for span in _spans(text, SpanLabel.PERCENT)
        for r in percentage_records(span)
    ]


def p_values(text: str) -> list[tuple[str, str, str]]:
    """Matcher + P-value parser only: (text, comparator, value)."""
    return [
        (text[r.start : r.end], r.comparator, r.value)
        for span in _spans(text, SpanLabel.PVALUE)
        for r in p_value_records(span)
    ]


def callouts(text: str) -> list[tuple[str, int]]:
    """Matcher + callout parser only: (callout text, reference number)."""
    return [(s.text, n) for s in _spans(text, SpanLabel.CALLOUT) for n in parse_callout(s.text)]


def levels(*paragraphs: str, title: str = "") -> list[tuple[str, str, str]]:
    """Level rows (code, scheme, refs): matcher, decoding and linking."""
    return [
        (r.code, r.scheme, r.refs)
        for r in rows(*paragraphs, table=Table.EVIDENCE_LEVELS, title=title)
    ]
