"""The per-document step: page bytes in, rows out — and the one boundary
that turns a failure into a row.

`process_document` is a pure function of (doc_id, bytes, reference index,
and what a container knew of the page: its format and address): no file
system, no globals that change. It runs in worker processes and can
run on a distributed engine. Whatever goes wrong with one page becomes
`status=error` with a one-line message, and the run goes on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from spacy.language import Language

from .clean import BlockKind, CleanedDocument, CleanPage, clean_decoded, no_content_reason
from .extract.levels import Rankings, default_rankings
from .load import PageFormat, decode, page_format, sha256
from .nlp import build_nlp, find_evidence
from .results import DocumentResult, document_row, failed
from .rows import build_rows
from .schema import DocumentStatus, Table
from .settings import CleanOptions, default_clean_options

# (DocumentResult, document_row and failed live in results.py, which loads
# no spaCy; they are this module's too, as they always were.)
__all__ = [
    "DocumentResult",
    "Extractor",
    "default_extractor",
    "document_row",
    "extract_page",
    "failed",
    "process_cleaned",
    "process_document",
]


@dataclass(frozen=True)
class Extractor:
    """Everything the per-document step reads besides the page: the
    cleaner's options, the spaCy pipeline and the level rankings. Built once
    per process; a bad settings, hints or rule file fails here."""

    clean: CleanOptions
    nlp: Language
    rankings: Rankings


@cache
def default_extractor() -> Extractor:
    return Extractor(default_clean_options(), build_nlp(), default_rankings())


def _one_line(error: BaseException) -> str:
    if isinstance(error, RecursionError):  # a tree walked by recursion, thousands deep
        return "the page nests its elements too deeply to process (thousands of levels)"
    message = " ".join(str(error).split()) or type(error).__name__
    return message if isinstance(error, ValueError) else f"{type(error).__name__}: {message}"


# documents.csv count column -> the table it counts
COUNTED = {
    "n_sentences": Table.SENTENCES,
    "n_evidence_levels": Table.EVIDENCE_LEVELS,
    "n_citations": Table.CITATIONS,
    "n_percentages": Table.PERCENTAGES,
    "n_p_values": Table.P_VALUES,
    "n_effect_sizes": Table.EFFECT_SIZES,
    "n_trials": Table.TRIALS,
}


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """The cyclic garbage collector paused for one document.

    A page makes hundreds of thousands of short-lived objects, freed by
    reference counting; each automatic collection meanwhile scans every
    object the caller keeps (a batch keeps all rows so far), which made a
    run over 242 pages 15% slower. The few cycles a page leaves are
    collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def process_document(
    doc_id: str,
    data: bytes,
    pmid_index: Mapping[str, str] | None = None,
    extractor: Extractor | None = None,
    *,
    fmt: PageFormat | None = None,
    url: str = "",
) -> DocumentResult:
    """One document's rows. `fmt` is its format when the doc_id's suffix
    does not tell it (a web archive's record); `url` the address it was
    fetched from, which names the site when the page states no address."""
    with _no_collection_pauses():
        return _process_document(doc_id, data, pmid_index, extractor, fmt, url)


def _process_document(
    doc_id: str,
    data: bytes,
    pmid_index: Mapping[str, str] | None,
    extractor: Extractor | None,
    fmt: PageFormat | None,
    url: str,
) -> DocumentResult:
    ex = extractor or default_extractor()
    fmt = fmt or page_format(doc_id)
    base: dict[str, object] = {"format": fmt, "sha256": sha256(data)}
    try:
        page = decode(data, is_html=fmt.read_as == PageFormat.HTML)
        base.update(n_chars_raw=len(page.text), encoding=page.encoding)
        cleaned = clean_decoded(page, fmt, url, ex.clean)
    except Exception as error:  # the per-document boundary: one bad page, one row
        return failed(doc_id, _one_line(error), **base)
    return _from_clean_page(doc_id, cleaned, base, pmid_index, ex)


def process_cleaned(
    doc_id: str,
    cleaned: CleanedDocument,
    pmid_index: Mapping[str, str] | None = None,
    extractor: Extractor | None = None,
    *,
    fmt: PageFormat | None = None,
) -> DocumentResult:
    """`process_document` from a page decoded and cleaned already
    (`clean_document` of the same bytes, format and address): the same result."""
    base: dict[str, object] = {
        "format": fmt or page_format(doc_id),
        "sha256": cleaned.sha256,
        "n_chars_raw": cleaned.n_chars_raw,
        "encoding": cleaned.encoding,
    }
    with _no_collection_pauses():
        ex = extractor or default_extractor()
        return _from_clean_page(doc_id, cleaned.page, base, pmid_index, ex)


def _from_clean_page(
    doc_id: str,
    cleaned: CleanPage,
    base: dict[str, object],
    pmid_index: Mapping[str, str] | None,
    ex: Extractor,
) -> DocumentResult:
    """The per-document step's second half: the cleaned page's rows (`base`:
    what its documents.csv row knows already)."""
    base.update(title=cleaned.title, site=cleaned.site, n_chars_clean=len(cleaned.text))
    message = no_content_reason(cleaned, ex.clean)
    if message:
        return DocumentResult(
            document_row(doc_id, **base, status=DocumentStatus.EMPTY, error=message),
            clean_text=cleaned.text,
        )
    try:
        summary_type = ex.rankings.summary_type(
            cleaned.text, cleaned.hints + (cleaned.url,), cleaned.declared_type
        )
        tables = extract_page(doc_id, cleaned, summary_type, pmid_index or {}, ex)
    except Exception as error:  # the per-document boundary
        return failed(doc_id, _one_line(error), **base)
    base["summary_type"] = summary_type
    base.update({column: len(tables[table]) for column, table in COUNTED.items()})
    return DocumentResult(document_row(doc_id, **base), clean_text=cleaned.text, tables=tables)


def extract_page(
    doc_id: str,
    page: CleanPage,
    summary_type: str,
    pmid_index: Mapping[str, str],
    extractor: Extractor,
) -> dict[Table, list]:
    """All rows of one cleaned page but its documents.csv row."""
    limit = getattr(extractor.nlp, "max_length", 0)
    if limit and len(page.text) > limit:  # spaCy's own message is a paragraph
        raise ValueError(
            f"the clean text has {len(page.text):,} characters, more than the "
            f"{limit:,} the sentence pipeline accepts"
        )
    # Reference entries are never scanned: the spaCy stage sees the other lines.
    lines = [(b.start, b.end) for b in page.blocks if b.kind != BlockKind.REFERENCE]
    evidence = find_evidence(extractor.nlp, page.text, _merged(lines))
    return build_rows(doc_id, page, evidence, summary_type, extractor.rankings, pmid_index)


def _merged(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of consecutive lines as one range each (fewer, longer scans)."""
    out: list[tuple[int, int]] = []
    for start, end in lines:
        if out and start <= out[-1][1] + 2:  # the line break, a blank line before a heading
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
