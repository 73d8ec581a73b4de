"""The per-document step: page bytes in, rows out.

`process_document` is a pure function of (doc_id, bytes): no file system, no
globals that change. It runs in worker processes today and can run on a
distributed engine later. It is also the one boundary that turns a failure
into a row: whatever goes wrong with one page becomes `status=error` with a
one-line message, and the run goes on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields

from spacy.tokens import Span

from . import extract, link
from .clean import Block, CleanPage, clean_page, no_content_reason
from .levels import codes_in_tag, decode_level, detect_summary_type
from .load import decode, page_format, sha256
from .nlp import SPAN_KEY, build_nlp
from .tables import (
    CitationRow,
    DocumentRow,
    EvidenceLevelRow,
    EvidenceStatementRow,
    PercentageRow,
    PValueRow,
    ReferenceRow,
    SentenceRow,
)


@dataclass
class DocumentResult:
    document: DocumentRow
    clean_text: str | None = None
    tables: dict[str, list] = field(default_factory=dict)


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message if isinstance(error, ValueError) else f"{type(error).__name__}: {message}"


def document_row(doc_id: str, **fields: object) -> DocumentRow:
    """A documents.csv row: counts zero and text empty unless given."""
    defaults: dict[str, object] = {
        f.name: 0 if f.type in (int, "int") else "" for f in dataclass_fields(DocumentRow)
    }
    return DocumentRow(
        **{**defaults, "doc_id": doc_id, "format": page_format(doc_id), "status": "ok", **fields}
    )


def failed(doc_id: str, message: str, **fields: object) -> DocumentResult:
    """The result of a document that could not be processed."""
    return DocumentResult(document_row(doc_id, status="error", error=message, **fields))


def process_document(
    doc_id: str, data: bytes, pmid_index: Mapping[str, str] | None = None
) -> DocumentResult:
    fmt = page_format(doc_id)
    base: dict[str, object] = {"sha256": sha256(data)}
    try:
        page = decode(data, is_html=fmt == "html")
        base["n_chars_raw"] = len(page.text)
        cleaned = clean_page(page, fmt)
    except Exception as error:  # the per-document boundary: one bad page, one row
        return failed(doc_id, _one_line(error), **base)
    base.update(title=cleaned.title, site=cleaned.site, n_chars_clean=len(cleaned.text))
    message = no_content_reason(cleaned)
    if message:
        return DocumentResult(
            document_row(doc_id, **base, status="empty", error=message), clean_text=cleaned.text
        )
    summary_type = detect_summary_type(cleaned.text, cleaned.hints + (cleaned.url,))
    try:
        tables = extract_tables(doc_id, cleaned, summary_type, pmid_index)
    except Exception as error:  # the per-document boundary
        return failed(doc_id, _one_line(error), **base)
    base.update(
        summary_type=summary_type,
        n_sentences=len(tables["sentences.csv"]),
        n_evidence_levels=len(tables["evidence_levels.csv"]),
        n_citations=len(tables["citations.csv"]),
        n_percentages=len(tables["percentages.csv"]),
        n_p_values=len(tables["p_values.csv"]),
    )
    return DocumentResult(document_row(doc_id, **base), clean_text=cleaned.text, tables=tables)


@dataclass
class _Context:
    """What every table builder of one document reads."""

    doc_id: str
    page: CleanPage
    blocks: link.BlockIndex
    sentences: link.SentenceIndex
    spans: list[Span]

    def sentence_of(self, offset: int) -> int | None:
        sentence = self.sentences.find(offset)
        return sentence.sentence_id if sentence else None

    pmid_index: Mapping[str, str]

    def of(self, label: str) -> list[Span]:
        return [s for s in self.spans if s.label_ == label]

    def pmid_of(self, reference: Block) -> tuple[str, str]:
        """A reference's PMID and where it comes from: the page, else the
        reference index (by the entry's text), else nothing."""
        if reference.pmid:
            return reference.pmid, "page"
        found = self.pmid_index.get(link.reference_key(reference.ref_text), "")
        return (found, "index") if found else ("", "")


def extract_tables(
    doc_id: str,
    page: CleanPage,
    summary_type: str | None = None,
    pmid_index: Mapping[str, str] | None = None,
) -> dict[str, list]:
    """All rows of one cleaned page. `summary_type` decides the ranking of
    level tags (detected from the page when not given); `pmid_index` maps
    reference texts (`link.reference_key`) to PMIDs the page does not show."""
    if summary_type is None:
        summary_type = detect_summary_type(page.text, page.hints + (page.url,))
    doc = build_nlp()(page.text)
    if doc.text != page.text:  # offsets into the clean text depend on this
        raise RuntimeError("tokenizer changed the text")
    blocks = link.BlockIndex(page.blocks)
    sentence_index = link.sentences(doc, blocks)
    # Spans inside reference entries are not scanned (spec): drop them here.
    spans: list[Span] = [
        s
        for s in doc.spans[SPAN_KEY]
        if (b := blocks.at(s.start_char)) is not None
        and b.kind != "reference"
        and sentence_index.find(s.start_char) is not None
    ]
    ctx = _Context(doc_id, page, blocks, sentence_index, spans, pmid_index or {})
    levels, loe_of_callout = _level_rows(ctx, summary_type)
    return {
        "sentences.csv": [
            SentenceRow(
                doc_id, s.sentence_id, s.section, s.start, s.end, page.text[s.start : s.end]
            )
            for s in sentence_index.sentences
        ],
        "evidence_levels.csv": levels,
        "citations.csv": _citation_rows(ctx, loe_of_callout),
        "references.csv": [
            ReferenceRow(doc_id, b.ref_section, b.ref_number, b.ref_text, *ctx.pmid_of(b))
            for b in page.references
        ],
        "evidence_statements.csv": [
            EvidenceStatementRow(
                doc_id, ctx.sentence_of(s.start_char), s.start_char, s.end_char, s.text, s.id_
            )
            for s in ctx.of("STATEMENT")
        ],
        "percentages.csv": [
            PercentageRow(
                doc_id,
                ctx.sentence_of(r.start),
                r.start,
                r.end,
                page.text[r.start : r.end],
                r.low,
                r.high,
                r.qualifier,
                r.role,
            )
            for span in ctx.of("PERCENT")
            for r in extract.percentage_records(span)
        ],
        "p_values.csv": [
            PValueRow(
                doc_id,
                ctx.sentence_of(r.start),
                r.start,
                r.end,
                page.text[r.start : r.end],
                r.comparator,
                r.value,
            )
            for span in ctx.of("PVALUE")
            for r in extract.p_value_records(span)
        ],
    }


def _level_rows(ctx: _Context, summary_type: str) -> tuple[list[EvidenceLevelRow], dict[int, int]]:
    """Level rows (one per code), and the loe_id of each qualified callout
    (by its start token: the first code of the tag after it)."""
    tag_to_callout = link.qualified_callouts(ctx.spans)
    rows: list[EvidenceLevelRow] = []
    loe_of_callout: dict[int, int] = {}
    for span in ctx.of("LEVEL"):
        callout = tag_to_callout.get(span.start)
        refs = ";".join(map(str, extract.parse_callout(callout.text))) if callout else ""
        for code in codes_in_tag(span.text):
            level = decode_level(code, summary_type)
            loe_id = len(rows) + 1
            if callout is not None:
                loe_of_callout.setdefault(callout.start, loe_id)
            rows.append(
                EvidenceLevelRow(
                    ctx.doc_id,
                    ctx.sentence_of(span.start_char),
                    loe_id,
                    span.start_char,
                    span.end_char,
                    span.text,
                    level.code,
                    level.scheme,
                    level.design,
                    level.design_label,
                    level.endpoint,
                    level.endpoint_label,
                    refs,
                )
            )
    return rows, loe_of_callout


def _citation_rows(ctx: _Context, loe_of_callout: dict[int, int]) -> list[CitationRow]:
    links_by_start: dict[int, list[str]] = defaultdict(list)
    for lk in ctx.page.links:
        links_by_start[lk.start].append(lk.href)
    references = link.reference_lookup(ctx.page)
    rows: list[CitationRow] = []
    for callout_id, span in enumerate(ctx.of("CALLOUT"), start=1):
        section = link.callout_section(span, links_by_start) or link.closing_reference_section(
            span.start_char, ctx.blocks
        )
        loe = loe_of_callout.get(span.start)
        for number in extract.parse_callout(span.text):
            ref = references.get((section, number))
            pmid, source = ctx.pmid_of(ref) if ref else ("", "")
            rows.append(
                CitationRow(
                    ctx.doc_id,
                    ctx.sentence_of(span.start_char),
                    callout_id,
                    span.start_char,
                    span.end_char,
                    span.text,
                    number,
                    section,
                    str(loe) if loe else "",
                    pmid,
                    ref.ref_text if ref else "",
                    source,
                )
            )
    return rows
