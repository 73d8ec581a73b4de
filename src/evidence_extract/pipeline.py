"""The per-document step: page bytes in, rows out.

`process_document` is a pure function of (doc_id, bytes): no file system, no
globals that change. It runs in worker processes today and can run on a
distributed engine later. It is also the one boundary that turns a failure
into a row: whatever goes wrong with one page becomes `status=error` with a
one-line message, and the run goes on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields

from spacy.tokens import Span

from . import extract, link
from .clean import CleanPage, clean_page, no_content_reason
from .levels import decode_level, detect_summary_type
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


def process_document(doc_id: str, data: bytes) -> DocumentResult:
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
    try:
        tables = extract_tables(doc_id, cleaned)
    except Exception as error:  # the per-document boundary
        return failed(doc_id, _one_line(error), **base)
    base.update(
        summary_type=detect_summary_type(cleaned.text, cleaned.hints + (cleaned.url,)),
        n_sentences=len(tables["sentences.csv"]),
        n_evidence_levels=len(tables["evidence_levels.csv"]),
        n_citations=len(tables["citations.csv"]),
        n_percentages=len(tables["percentages.csv"]),
        n_p_values=len(tables["p_values.csv"]),
    )
    return DocumentResult(document_row(doc_id, **base), clean_text=cleaned.text, tables=tables)


def extract_tables(doc_id: str, page: CleanPage) -> dict[str, list]:
    """All rows of one cleaned page."""
    doc = build_nlp()(page.text)
    if doc.text != page.text:  # offsets into the clean text depend on this
        raise RuntimeError("tokenizer changed the text")
    blocks = link.BlockIndex(page.blocks)
    sentence_index = link.sentences(doc, blocks)
    summary_type = detect_summary_type(page.text, page.hints + (page.url,))

    def sentence_of(span_start: int) -> int | None:
        sentence = sentence_index.find(span_start)
        return sentence.sentence_id if sentence else None

    # Spans inside reference entries are not scanned (spec): drop them here.
    spans: list[Span] = [
        s
        for s in doc.spans[SPAN_KEY]
        if (b := blocks.at(s.start_char)) is not None
        and b.kind != "reference"
        and sentence_of(s.start_char) is not None
    ]
    links_by_start: dict[int, list[str]] = defaultdict(list)
    for lk in page.links:
        links_by_start[lk.start].append(lk.href)
    references = link.reference_lookup(page)
    tag_to_callout = link.qualified_callouts(spans)

    levels: list[EvidenceLevelRow] = []
    loe_of_callout: dict[int, int] = {}
    for span in spans:
        if span.label_ != "LEVEL":
            continue
        callout = tag_to_callout.get(span.start)
        refs = ";".join(str(n) for n in extract.parse_callout(callout.text)) if callout else ""
        for code in extract.level_codes(span):
            level = decode_level(code, summary_type)
            loe_id = len(levels) + 1
            if callout is not None:
                loe_of_callout.setdefault(callout.start, loe_id)
            levels.append(
                EvidenceLevelRow(
                    doc_id,
                    sentence_of(span.start_char),
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

    citations: list[CitationRow] = []
    callout_id = 0
    percentages: list[PercentageRow] = []
    p_values: list[PValueRow] = []
    statements: list[EvidenceStatementRow] = []
    for span in spans:
        sid = sentence_of(span.start_char)
        if span.label_ == "CALLOUT":
            callout_id += 1
            section = link.callout_section(span, links_by_start) or link.closing_reference_section(
                span.start_char, blocks
            )
            loe = loe_of_callout.get(span.start)
            for number in extract.parse_callout(span.text):
                ref = references.get((section, number))
                citations.append(
                    CitationRow(
                        doc_id,
                        sid,
                        callout_id,
                        span.start_char,
                        span.end_char,
                        span.text,
                        number,
                        section,
                        str(loe) if loe else "",
                        ref.pmid if ref else "",
                        ref.ref_text if ref else "",
                    )
                )
        elif span.label_ == "PERCENT":
            for rec in extract.percentage_records(span):
                percentages.append(
                    PercentageRow(
                        doc_id,
                        sentence_of(rec.start),
                        rec.start,
                        rec.end,
                        page.text[rec.start : rec.end],
                        rec.low,
                        rec.high,
                        rec.qualifier,
                        rec.role,
                    )
                )
        elif span.label_ == "PVALUE":
            for prec in extract.p_value_records(span):
                p_values.append(
                    PValueRow(
                        doc_id,
                        sentence_of(prec.start),
                        prec.start,
                        prec.end,
                        page.text[prec.start : prec.end],
                        prec.comparator,
                        prec.value,
                    )
                )
        elif span.label_ == "STATEMENT":
            statements.append(
                EvidenceStatementRow(
                    doc_id,
                    sid,
                    span.start_char,
                    span.end_char,
                    span.text,
                    span.id_,
                )
            )

    sentence_rows = [
        SentenceRow(doc_id, s.sentence_id, s.section, s.start, s.end, page.text[s.start : s.end])
        for s in sentence_index.sentences
    ]
    reference_rows = [
        ReferenceRow(doc_id, b.ref_section, b.ref_number, b.ref_text, b.pmid)
        for b in page.references
    ]
    return {
        "sentences.csv": sentence_rows,
        "evidence_levels.csv": levels,
        "citations.csv": citations,
        "references.csv": reference_rows,
        "evidence_statements.csv": statements,
        "percentages.csv": percentages,
        "p_values.csv": p_values,
    }
