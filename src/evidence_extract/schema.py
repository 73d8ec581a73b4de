"""The output tables' schema: one frozen dataclass per table.

Each field carries its description, so the CSV header, the data dictionary
(`evidence-extract schema`, docs/DATA_DICTIONARY.md) and the tests all read
the same definition. Columns follow the output contract (docs/OUTPUT.md) in
order; new columns may only be appended.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum


def col(description: str, kind: str = "") -> object:
    """A column: its description and, when the annotation does not say it,
    its type as an analyst should load it (`number`: decimal, written plainly)."""
    return field(metadata={"doc": description, "kind": kind})


def column_type(f: object) -> str:
    kind = f.metadata["kind"]  # type: ignore[attr-defined]
    if kind:
        return kind
    return "integer" if f.type in (int, "int") else "text"  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str = col(
        "input path relative to the INPUT folder it was found under (`/`-separated); a file given directly: its name"
    )
    format: str = col("`html` or `text`")
    title: str = col("the page's main title (not the site name)")
    site: str = col(
        "the site the page was saved from when recognisable (`webmd`, `cancer.gov`, ...), else empty"
    )
    sha256: str = col("SHA-256 of the input bytes")
    n_chars_raw: int = col("characters of the decoded input")
    n_chars_clean: int = col("characters of the clean text")
    n_sentences: int = col("rows in sentences.csv for this document")
    n_evidence_levels: int = col("rows in evidence_levels.csv for this document")
    n_citations: int = col("rows in citations.csv for this document")
    n_percentages: int = col("rows in percentages.csv for this document")
    n_p_values: int = col("rows in p_values.csv for this document")
    status: str = col("`ok`, `empty` (no main content found) or `error`")
    error: str = col("for `error` and `empty`: a one-line message a person can act on")
    summary_type: str = col(
        "kind of PDQ summary: `treatment`, `cam`, `supportive-care`, `genetics`, `screening-prevention`, or empty when unknown"
    )
    encoding: str = col(
        "how the input bytes were decoded: the codec and why (`utf-8`, `windows-1252 (undeclared, not UTF-8)`, `utf-16-le (no byte-order mark)`, `utf-8 (3 invalid bytes replaced)`); empty when the file could not be read or decoded"
    )


@dataclass(frozen=True)
class SentenceRow:
    doc_id: str = col("document")
    sentence_id: int = col("counts from 1 within a document")
    section: str = col("heading path above the sentence, ` > `-joined (page title excluded)")
    char_start: int = col("offset of the sentence in clean/<doc_id>.txt (Python string index)")
    char_end: int = col("end offset (exclusive)")
    text: str = col("the sentence")


@dataclass(frozen=True)
class EvidenceLevelRow:
    doc_id: str = col("document")
    sentence_id: int = col("sentence the tag supports")
    loe_id: int = col("counts from 1 within a document; a tag naming two codes gives two rows")
    char_start: int = col("offset of the tag in the clean text")
    char_end: int = col("end offset (exclusive)")
    text: str = col("the tag as written, brackets included")
    code: str = col("normalised code: `3iiiDi`, `A1`, `II`, `3aii`")
    scheme: str = col(
        "PDQ ranking: treatment, treatment-legacy, supportive-care, genetics, screening-prevention, cam, or unknown"
    )
    design: str = col("study-design part of the code")
    design_label: str = col("meaning of the design part")
    endpoint: str = col("end-point part of the code; empty for schemes without one")
    endpoint_label: str = col("meaning of the end point")
    refs: str = col(
        "reference numbers of the callout directly before the tag, `;`-joined; empty if none"
    )


@dataclass(frozen=True)
class CitationRow:
    doc_id: str = col("document")
    sentence_id: int = col("sentence of the callout")
    callout_id: int = col("counts from 1 within a document; one callout is one bracket group")
    char_start: int = col("offset of the bracket group in the clean text")
    char_end: int = col("end offset (exclusive)")
    text: str = col("the bracket group as written")
    ref_number: int = col("one reference number; ranges are expanded")
    ref_section: str = col(
        "number of the reference list the callout points into, where the page numbers references per section; else empty"
    )
    loe_id: str = col(
        "the level-of-evidence tag that qualifies this callout, else empty", "integer"
    )
    pmid: str = col("PubMed ID from the page's reference list, else empty")
    reference: str = col("the reference entry's text, else empty")
    pmid_source: str = col(
        "where `pmid` comes from: `page` (a PubMed link or `PMID:` on the page), `index` (the reference text found in a `--reference-index`), else empty"
    )


@dataclass(frozen=True)
class ReferenceRow:
    doc_id: str = col("document")
    ref_section: str = col("number of the reference list (section) on the page")
    ref_number: int = col("number of the entry within its list")
    text: str = col("the reference as written, link labels such as `[PUBMED Abstract]` removed")
    pmid: str = col(
        "PubMed ID when the entry links to PubMed or states `PMID:`, or when its text is found in a `--reference-index`; else empty"
    )
    pmid_source: str = col("`page`, `index` or empty, as in citations.csv")


@dataclass(frozen=True)
class EvidenceStatementRow:
    doc_id: str = col("document")
    sentence_id: int = col("sentence of the statement")
    char_start: int = col("offset of the grading phrase in the clean text")
    char_end: int = col("end offset (exclusive)")
    text: str = col("the grading phrase as written (`Based on solid evidence`)")
    strength: str = col("`solid`, `fair` or `inadequate`")


@dataclass(frozen=True)
class PercentageRow:
    doc_id: str = col("document")
    sentence_id: int = col("sentence of the expression")
    char_start: int = col("offset of the expression in the clean text")
    char_end: int = col("end offset (exclusive)")
    text: str = col("the expression with its qualifier: `approximately 85%`, `3% to 5%`")
    low: str = col("the value, or a range's low end, in percent units", "number")
    high: str = col("the value, or a range's high end, in percent units", "number")
    qualifier: str = col("empty, or `approx`, `lt`, `le`, `gt`, `ge`")
    role: str = col("`value`, or `ci_level` for the confidence level in `95% CI`")


@dataclass(frozen=True)
class PValueRow:
    doc_id: str = col("document")
    sentence_id: int = col("sentence of the P value")
    char_start: int = col("offset of the P value in the clean text")
    char_end: int = col("end offset (exclusive)")
    text: str = col("as written, from the P to the end of the number")
    comparator: str = col(
        "`=`, `<`, `>`, `<=`, `>=`, or `ns` when reported only as not significant"
    )
    value: str = col("the number, written plainly; empty for `ns`", "number")


class Table(StrEnum):
    """The tables of an output folder, in the order they are documented."""

    DOCUMENTS = "documents"
    SENTENCES = "sentences"
    EVIDENCE_LEVELS = "evidence_levels"
    CITATIONS = "citations"
    REFERENCES = "references"
    EVIDENCE_STATEMENTS = "evidence_statements"
    PERCENTAGES = "percentages"
    P_VALUES = "p_values"

    @property
    def file_name(self) -> str:
        return f"{self.value}.csv"


ROW_TYPES: dict[Table, type] = {
    Table.DOCUMENTS: DocumentRow,
    Table.SENTENCES: SentenceRow,
    Table.EVIDENCE_LEVELS: EvidenceLevelRow,
    Table.CITATIONS: CitationRow,
    Table.REFERENCES: ReferenceRow,
    Table.EVIDENCE_STATEMENTS: EvidenceStatementRow,
    Table.PERCENTAGES: PercentageRow,
    Table.P_VALUES: PValueRow,
}
# Clean texts go to OUTDIR/clean/<doc_id>.txt.
CLEAN_DIR = "clean"


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


def data_dictionary() -> str:
    """Markdown description of every table and column, from the schema."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the schema (`evidence-extract schema`). Every table is UTF-8 CSV with",
        "a header row; missing values are empty cells; offsets are Python string indices",
        "into `clean/<doc_id>.txt`. `integer` and `number` columns may be empty where the",
        "meaning says so.",
        "",
    ]
    for table, row_type in ROW_TYPES.items():
        lines += [f"## {table.file_name}", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [
            f"| {f.name} | {column_type(f)} | {f.metadata['doc']} |" for f in fields(row_type)
        ]
        lines.append("")
    return "\n".join(lines)
