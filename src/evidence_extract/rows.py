"""Stage 6 — the rows of one document, from its clean page and matched spans.

One builder per table. Every builder reads the same `_Context`: the spans
that count (reference entries are never scanned, and a span outside every
sentence is not a row), the sentence index, and the links between tags,
callouts and reference lists.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from spacy.tokens import Span

from . import link
from .clean import CleanPage
from .extract.callouts import parse_callout
from .extract.effects import EffectRecord, effects_after_name
from .extract.levels import Rankings, codes_in_tag
from .extract.p_values import p_value_records
from .extract.percentages import percentage_interval, percentage_records
from .extract.trials import normalise_trial_id
from .nlp import Evidence, SpanLabel
from .pmid_index import pmid_of
from .schema import (
    CitationRow,
    EffectSizeRow,
    EvidenceLevelRow,
    EvidenceStatementRow,
    PercentageRow,
    PValueRow,
    ReferenceRow,
    SentenceRow,
    Table,
    TrialRow,
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
    sections: link.CalloutSections  # the reference list each callout points into

    def __post_init__(self) -> None:
        # grouped once: a span's label_ is a string-store lookup, and every
        # table builder asks for the spans of its labels
        self._by_label: dict[str, list[Span]] = {}
        for span in self.spans:
            self._by_label.setdefault(span.label_, []).append(span)

    def of(self, label: SpanLabel) -> list[Span]:
        """The spans of `label`, in text order (the context's own list: read it, do not change it)."""
        return self._by_label.get(label, [])

    def text(self, span: Span) -> str:
        """A span's text as the clean text has it (the pre-filter blanks the
        Doc's own text outside the windows its families run on)."""
        return self.page.text[span.start_char : span.end_char]


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
    sections = link.CalloutSections(page, blocks)
    spans = _without_callouts_past_their_list(page, sections, spans)
    ctx = _Context(doc_id, page, blocks, sentence_index, spans, pmid_index, sections)
    levels, loe_of_callout = _level_rows(ctx, summary_type, rankings)
    p_values = _p_value_rows(ctx)
    return {
        Table.SENTENCES: _sentence_rows(ctx),
        Table.EVIDENCE_LEVELS: levels,
        Table.CITATIONS: _citation_rows(ctx, loe_of_callout),
        Table.REFERENCES: _reference_rows(ctx),
        Table.EVIDENCE_STATEMENTS: _statement_rows(ctx),
        Table.PERCENTAGES: _percentage_rows(ctx),
        Table.P_VALUES: p_values,
        Table.EFFECT_SIZES: _effect_rows(ctx, p_values),
        Table.TRIALS: _trial_rows(ctx),
    }


def _without_callouts_past_their_list(
    page: CleanPage, sections: link.CalloutSections, spans: list[Span]
) -> list[Span]:
    """A callout cites entries of a reference list: where the page has the
    list it points into, a number past its last entry shows the bracket is
    something else (a range of values, an interval), not a callout."""
    last_entry: dict[str, int] = {}
    for ref in page.references:
        last_entry[ref.ref_section] = max(last_entry.get(ref.ref_section, 0), ref.ref_number)
    if not last_entry:
        return spans

    def cites_its_list(span: Span) -> bool:
        last = last_entry.get(sections.of(span))
        callout = page.text[span.start_char : span.end_char]  # (Span.text joins its tokens)
        return last is None or max(parse_callout(callout), default=0) <= last

    return [s for s in spans if s.label_ != SpanLabel.CALLOUT or cites_its_list(s)]


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
        refs = ";".join(map(str, parse_callout(ctx.text(callout)))) if callout else ""
        tag = ctx.text(span)
        codes = codes_in_tag(tag)
        # Further codes of a tag count when they decode under the page's
        # ranking: `[Levels of evidence B1 for ... and A1 for ...]`.
        decoded = [rankings.decode(code, summary_type) for code in codes]
        for i, level in enumerate(decoded):
            if i and not rankings.uses(summary_type, level.scheme):
                continue
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
                    text=tag,
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
    sections = ctx.sections
    references = link.reference_lookup(ctx.page)
    rows: list[CitationRow] = []
    for callout_id, span in enumerate(ctx.of(SpanLabel.CALLOUT), start=1):
        section = sections.of(span)
        loe = loe_of_callout.get(span.start)
        # a Span computes these from its tokens on every access: once per callout
        start, end, text = span.start_char, span.end_char, ctx.text(span)
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
            text=ctx.text(s),
            strength=s.id_,
        )
        for s in ctx.of(SpanLabel.STATEMENT)
    ]


def _percentage_rows(ctx: _Context) -> list[PercentageRow]:
    rows = []
    for span in ctx.of(SpanLabel.PERCENT):
        for r in _parsed(percentage_records, span):
            interval = percentage_interval(ctx.page.text, r.end) if r.role == "value" else None
            rows.append(
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
                    ci_low=interval.low if interval else "",
                    ci_high=interval.high if interval else "",
                )
            )
    return rows


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
        for r in _parsed(p_value_records, span)
    ]


# After a P value, these make it cover several estimates: it links to none.
COVERS_SEVERAL = re.compile(r"\s*(?:for\s+(?:each|both|all|every)\b|,?\s*respectively\b)", re.I)


def _effect_records(ctx: _Context) -> list[EffectRecord]:
    """Every estimate, in document order: the values read after each
    measure's name, up to the end of its sentence or the next name."""
    names = ctx.of(SpanLabel.EFFECT)
    # A callout or level tag ends the search for a value: the numbers in
    # `[4,5]` are references.
    stops = sorted(s.start_char for s in ctx.of(SpanLabel.CALLOUT) + ctx.of(SpanLabel.LEVEL))
    records: list[EffectRecord] = []
    for i, span in enumerate(names):
        sentence = ctx.sentences.find(span.start_char)
        if sentence is None:
            continue
        limit = sentence.end
        if i + 1 < len(names):
            limit = min(limit, names[i + 1].start_char)
        k = bisect_right(stops, span.end_char)
        if k < len(stops):
            limit = min(limit, stops[k])
        records.extend(
            effects_after_name(ctx.page.text, span.start_char, span.end_char, span.id_, limit)
        )
    return records


def _effect_rows(ctx: _Context, p_values: list[PValueRow]) -> list[EffectSizeRow]:
    """Effect rows, each linked to the P value reported with it: the first P
    value after the estimate, in its sentence, before the next estimate —
    unless that P value covers several estimates (`P < .001 for each`)."""
    records = _effect_records(ctx)
    p_sorted = sorted((p.char_start, p.char_end, p.sentence_id) for p in p_values)
    p_starts = [start for start, _, _ in p_sorted]
    rows = []
    for effect_id, r in enumerate(records, start=1):
        sentence_id = ctx.sentences.id_at(r.start)
        bound = records[effect_id].start if effect_id < len(records) else len(ctx.page.text)
        p_start: int | None = None
        i = bisect_left(p_starts, r.value_end)
        if i < len(p_sorted):
            start, end, p_sentence = p_sorted[i]
            if start < bound and p_sentence == sentence_id:
                p_start = start
                if COVERS_SEVERAL.match(ctx.page.text, end):
                    p_start = None
        rows.append(
            EffectSizeRow(
                doc_id=ctx.doc_id,
                sentence_id=sentence_id,
                char_start=r.start,
                char_end=r.end,
                effect_id=effect_id,
                text=ctx.page.text[r.start : r.end],
                measure=r.measure,
                qualifier=r.qualifier,
                value=r.value,
                ci_level=r.ci_level,
                ci_low=r.ci_low,
                ci_high=r.ci_high,
                interval=r.interval,
                p_start=str(p_start) if p_start is not None else "",
            )
        )
    return rows


def _trial_rows(ctx: _Context) -> list[TrialRow]:
    return [
        TrialRow(
            doc_id=ctx.doc_id,
            sentence_id=ctx.sentences.id_at(s.start_char),
            char_start=s.start_char,
            char_end=s.end_char,
            text=ctx.text(s),
            registry=s.id_,
            trial_id=normalise_trial_id(ctx.text(s), s.id_),
        )
        for s in ctx.of(SpanLabel.TRIAL)
    ]


def _parsed(parser: Callable[[Span], list], span: Span) -> list:
    """A span's records, or none when its parser cannot read it: the
    matcher found a shape the parser does not know (`twentyONE %`). One odd
    span is no reason to lose every row of the page; the place then shows as
    unexplained in `evidence-extract audit`."""
    try:
        return parser(span)
    except (ValueError, ArithmeticError):
        return []
