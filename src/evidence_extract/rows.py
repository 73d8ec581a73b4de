"""Stage 6 — the rows of one document, from its clean page and matched spans.

One builder per table. Every builder reads the same `_Context`: the spans
that count (reference entries are never scanned, and a span outside every
sentence is not a row), the sentence index, and the links between tags,
callouts and reference lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Span

from . import link
from .clean import CleanPage
from .extract.callouts import parse_callout
from .extract.levels import Rankings, codes_in_tag
from .extract.p_values import p_value_records
from .extract.percentages import percentage_records
from .nlp import Evidence, SpanLabel
from .pmid_index import pmid_of
from .schema import (
    CitationRow,
    EvidenceLevelRow,
    EvidenceStatementRow,
    PercentageRow,
    PValueRow,
    ReferenceRow,
    SentenceRow,
    Table,
)


@dataclass
class _Context:
    """What every table builder of one document reads."""

    doc_id: str
    page: CleanPage
    blocks: link.BlockIndex
    sentences: link.SentenceIndex
    spans: list[Span]
    pmid_index: Mapping[str, str]

    def of(self, label: SpanLabel) -> list[Span]:
        return [s for s in self.spans if s.label_ == label]


def build_rows(
    doc_id: str,
    page: CleanPage,
    evidence: Evidence,
    summary_type: str,
    rankings: Rankings,
    pmid_index: Mapping[str, str],
) -> dict[Table, list]:
    """Every table's rows of one document but documents.csv (the caller's)."""
    blocks = link.BlockIndex(page.blocks)
    sentence_index = link.sentences(page.text, blocks, evidence.sentence_starts)
    # Reference entries are not scanned, and every row has a sentence.
    spans = [
        s
        for s in evidence.spans
        if blocks.is_scanned(s.start_char) and sentence_index.find(s.start_char) is not None
    ]
    ctx = _Context(doc_id, page, blocks, sentence_index, spans, pmid_index)
    levels, loe_of_callout = _level_rows(ctx, summary_type, rankings)
    return {
        Table.SENTENCES: _sentence_rows(ctx),
        Table.EVIDENCE_LEVELS: levels,
        Table.CITATIONS: _citation_rows(ctx, loe_of_callout),
        Table.REFERENCES: _reference_rows(ctx),
        Table.EVIDENCE_STATEMENTS: _statement_rows(ctx),
        Table.PERCENTAGES: _percentage_rows(ctx),
        Table.P_VALUES: _p_value_rows(ctx),
    }


def _sentence_rows(ctx: _Context) -> list[SentenceRow]:
    return [
        SentenceRow(
            doc_id=ctx.doc_id,
            sentence_id=s.sentence_id,
            section=s.section,
            char_start=s.start,
            char_end=s.end,
            text=ctx.page.text[s.start : s.end],
        )
        for s in ctx.sentences.sentences
    ]


def _level_rows(
    ctx: _Context, summary_type: str, rankings: Rankings
) -> tuple[list[EvidenceLevelRow], dict[int, int]]:
    """Level rows (one per code), and the loe_id of each qualified callout
    (by its start token: the first code of the tag after it)."""
    tag_to_callout = link.qualified_callouts(ctx.spans, ctx.page.text)
    rows: list[EvidenceLevelRow] = []
    loe_of_callout: dict[int, int] = {}
    for span in ctx.of(SpanLabel.LEVEL):
        callout = tag_to_callout.get(span.start)
        refs = ";".join(map(str, parse_callout(callout.text))) if callout else ""
        for code in codes_in_tag(span.text):
            level = rankings.decode(code, summary_type)
            loe_id = len(rows) + 1
            if callout is not None:
                loe_of_callout.setdefault(callout.start, loe_id)
            rows.append(
                EvidenceLevelRow(
                    doc_id=ctx.doc_id,
                    sentence_id=ctx.sentences.id_at(span.start_char),
                    loe_id=loe_id,
                    char_start=span.start_char,
                    char_end=span.end_char,
                    text=span.text,
                    code=level.code,
                    scheme=level.scheme,
                    design=level.design,
                    design_label=level.design_label,
                    endpoint=level.endpoint,
                    endpoint_label=level.endpoint_label,
                    refs=refs,
                )
            )
    return rows, loe_of_callout


def _citation_rows(ctx: _Context, loe_of_callout: dict[int, int]) -> list[CitationRow]:
    sections = link.CalloutSections(ctx.page, ctx.blocks)
    references = link.reference_lookup(ctx.page)
    rows: list[CitationRow] = []
    for callout_id, span in enumerate(ctx.of(SpanLabel.CALLOUT), start=1):
        section = sections.of(span)
        loe = loe_of_callout.get(span.start)
        # a Span computes these from its tokens on every access: once per callout
        start, end, text = span.start_char, span.end_char, span.text
        sentence_id = ctx.sentences.id_at(start)
        for number in parse_callout(text):
            ref = references.get((section, number))
            pmid, source = pmid_of(ref.pmid, ref.ref_text, ctx.pmid_index) if ref else ("", "")
            rows.append(
                CitationRow(
                    doc_id=ctx.doc_id,
                    sentence_id=sentence_id,
                    callout_id=callout_id,
                    char_start=start,
                    char_end=end,
                    text=text,
                    ref_number=number,
                    ref_section=section,
                    loe_id=str(loe) if loe else "",
                    pmid=pmid,
                    reference=ref.ref_text if ref else "",
                    pmid_source=source,
                )
            )
    return rows


def _reference_rows(ctx: _Context) -> list[ReferenceRow]:
    rows = []
    for b in ctx.page.references:
        pmid, source = pmid_of(b.pmid, b.ref_text, ctx.pmid_index)
        rows.append(
            ReferenceRow(
                doc_id=ctx.doc_id,
                ref_section=b.ref_section,
                ref_number=b.ref_number,
                text=b.ref_text,
                pmid=pmid,
                pmid_source=source,
            )
        )
    return rows


def _statement_rows(ctx: _Context) -> list[EvidenceStatementRow]:
    return [
        EvidenceStatementRow(
            doc_id=ctx.doc_id,
            sentence_id=ctx.sentences.id_at(s.start_char),
            char_start=s.start_char,
            char_end=s.end_char,
            text=s.text,
            strength=s.id_,
        )
        for s in ctx.of(SpanLabel.STATEMENT)
    ]


def _percentage_rows(ctx: _Context) -> list[PercentageRow]:
    return [
        PercentageRow(
            doc_id=ctx.doc_id,
            sentence_id=ctx.sentences.id_at(r.start),
            char_start=r.start,
            char_end=r.end,
            text=ctx.page.text[r.start : r.end],
            low=r.low,
            high=r.high,
            qualifier=r.qualifier,
            role=r.role,
        )
        for span in ctx.of(SpanLabel.PERCENT)
        for r in percentage_records(span)
    ]


def _p_value_rows(ctx: _Context) -> list[PValueRow]:
    return [
        PValueRow(
            doc_id=ctx.doc_id,
            sentence_id=ctx.sentences.id_at(r.start),
            char_start=r.start,
            char_end=r.end,
            text=ctx.page.text[r.start : r.end],
            comparator=r.comparator,
            value=r.value,
        )
        for span in ctx.of(SpanLabel.PVALUE)
        for r in p_value_records(span)
    ]
