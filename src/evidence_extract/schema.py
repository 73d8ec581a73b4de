"""The output tables' schema: one frozen dataclass per table.

Each field carries its description, so the CSV header, the data dictionary
(`evidence-extract schema`, docs/DATA_DICTIONARY.md) and the tests all read
the same definition. Columns follow the output contract (docs/OUTPUT.md) in
order; new columns may only be appended.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields
from enum import StrEnum
from typing import ClassVar


class ColumnType(StrEnum):
    """How a column loads (Table Schema's names): every column of the same
    name has the same type in every table, so keys join as they are."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"  # a decimal, written plainly (`0.007`, never `7e-3`)


def col(description: str, kind: str = "", *, key: bool = False, positional: bool = False) -> object:
    """A column: its description; its type when the annotation does not say
    it (`integer`, `number`); `key`: part of the table's primary key;
    `positional`: a value that counts or locates within the document
    (offsets, `sentence_id`, `loe_id`), which moves when anything earlier in
    the page changes, so that comparisons of two runs match rows by their
    other values."""
    return field(metadata={"doc": description, "kind": kind, "key": key, "positional": positional})


def column_type(f: Field) -> ColumnType:
    kind = f.metadata["kind"]
    if kind:
        return ColumnType(kind)
    return ColumnType.INTEGER if f.type in (int, "int") else ColumnType.STRING


@dataclass(frozen=True)
class ForeignKey:
    """Columns of one table that name a row of `table` (the same column names
    there unless `target` says otherwise). As in SQL, a key with an empty
    column names no row: a citation without a level, or in a list the page
    does not number."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...] = ()

    @property
    def target_columns(self) -> tuple[str, ...]:
        return self.target or self.columns


OF_DOCUMENT = ForeignKey(("doc_id",), "documents")
IN_SENTENCE = ForeignKey(("doc_id", "sentence_id"), "sentences")


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str = col(
        "input path relative to the INPUT folder it was found under (`/`-separated); a file given directly: its name; a web archive's record: the archive's doc_id, `#` and the safe form of the record's target URI (`crawl.warc.gz#https_www.cancer.gov_types_anal_hp_anal-treatment-pdq`)",
        key=True,
    )
    format: str = col(
        "how the page was saved: `html`, `text`, `markdown` or `pdq-xml` (from the file suffix); `warc-html` or `warc-text` for a web archive's record (from its Content-Type); `warc` for the error row of a web archive that could not be read"
    )
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
    n_effect_sizes: int = col("rows in effect_sizes.csv for this document")
    n_trials: int = col("rows in trials.csv for this document")
    encoding: str = col(
        "how the input bytes were decoded: the codec and why (`utf-8`, `windows-1252 (undeclared, not UTF-8)`, `utf-16-le (no byte-order mark)`, `utf-8 (3 invalid bytes replaced)`); empty when the file could not be read or decoded"
    )


@dataclass(frozen=True)
class SentenceRow:
    foreign_keys: ClassVar = (OF_DOCUMENT,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("counts from 1 within a document", key=True, positional=True)
    section: str = col("heading path above the sentence, ` > `-joined (page title excluded)")
    char_start: int = col(
        "offset of the sentence in clean/<doc_id>.txt (Python string index)", positional=True
    )
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("the sentence")


@dataclass(frozen=True)
class EvidenceLevelRow:
    foreign_keys: ClassVar = (IN_SENTENCE,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence the tag supports", positional=True)
    loe_id: int = col(
        "counts from 1 within a document; a tag naming two codes gives two rows",
        key=True,
        positional=True,
    )
    char_start: int = col("offset of the tag in the clean text", positional=True)
    char_end: int = col("end offset (exclusive)", positional=True)
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
    # No primary key: a callout may repeat a number (`[29,30,30]`).
    foreign_keys: ClassVar = (
        IN_SENTENCE,
        ForeignKey(("doc_id", "loe_id"), "evidence_levels"),
        ForeignKey(("doc_id", "ref_section", "ref_number"), "references"),
    )

    doc_id: str = col("document")
    sentence_id: int = col("sentence of the callout", positional=True)
    callout_id: int = col(
        "counts from 1 within a document; one callout is one bracket group", positional=True
    )
    char_start: int = col("offset of the bracket group in the clean text", positional=True)
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("the bracket group as written")
    ref_number: int = col("one reference number; ranges are expanded")
    ref_section: str = col(
        "number of the reference list the callout points into, where the page numbers references per section; else empty"
    )
    loe_id: str = col(
        "the level-of-evidence tag that qualifies this callout, else empty",
        "integer",
        positional=True,
    )
    pmid: str = col("PubMed ID from the page's reference list, else empty")
    reference: str = col("the reference entry's text, else empty")
    pmid_source: str = col(
        "where `pmid` comes from: `page` (a PubMed link or `PMID:` on the page), `index` (the reference text found in a `--reference-index`), else empty"
    )


@dataclass(frozen=True)
class ReferenceRow:
    foreign_keys: ClassVar = (OF_DOCUMENT,)

    doc_id: str = col("document", key=True)
    ref_section: str = col("number of the reference list (section) on the page", key=True)
    ref_number: int = col("number of the entry within its list", key=True)
    text: str = col("the reference as written, link labels such as `[PUBMED Abstract]` removed")
    pmid: str = col(
        "PubMed ID when the entry links to PubMed or states `PMID:`, or when its text is found in a `--reference-index`; else empty"
    )
    pmid_source: str = col("`page`, `index` or empty, as in citations.csv")


@dataclass(frozen=True)
class EvidenceStatementRow:
    foreign_keys: ClassVar = (IN_SENTENCE,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence of the statement", positional=True)
    char_start: int = col(
        "offset of the grading phrase in the clean text", key=True, positional=True
    )
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("the grading phrase as written (`Based on solid evidence`)")
    strength: str = col("`solid`, `fair` or `inadequate`")


@dataclass(frozen=True)
class PercentageRow:
    foreign_keys: ClassVar = (IN_SENTENCE,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence of the expression", positional=True)
    char_start: int = col("offset of the expression in the clean text", key=True, positional=True)
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("the expression with its qualifier: `approximately 85%`, `3% to 5%`")
    low: str = col("the value, or a range's low end, in percent units", "number")
    high: str = col("the value, or a range's high end, in percent units", "number")
    qualifier: str = col("empty, or `approx`, `lt`, `le`, `gt`, `ge`")
    role: str = col("`value`, or `ci_level` for the confidence level in `95% CI`")
    ci_low: str = col(
        "for a value followed directly by its interval (`70% [95% CI, 50–83]`, `55% [33–72]`): the interval's low end; else empty",
        "number",
    )
    ci_high: str = col("the interval's high end; else empty", "number")


@dataclass(frozen=True)
class PValueRow:
    foreign_keys: ClassVar = (IN_SENTENCE,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence of the P value", positional=True)
    char_start: int = col("offset of the P value in the clean text", key=True, positional=True)
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("as written, from the P to the end of the number")
    comparator: str = col(
        "`=`, `<`, `>`, `<=`, `>=`, or `ns` when reported only as not significant"
    )
    value: str = col("the number, written plainly; empty for `ns`", "number")


@dataclass(frozen=True)
class EffectSizeRow:
    foreign_keys: ClassVar = (
        IN_SENTENCE,
        ForeignKey(("doc_id", "p_start"), "p_values", ("doc_id", "char_start")),
    )

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence of the estimate", positional=True)
    char_start: int = col(
        "offset of the row's text: from the measure's name to the estimate, or to its interval when that follows directly",
        positional=True,
    )
    char_end: int = col("end offset (exclusive)", positional=True)
    effect_id: int = col(
        "counts from 1 within a document, in document order", key=True, positional=True
    )
    text: str = col("as written: `HR, 0.67; 95% CI, 0.51–0.88`, `OR 2.1 (95% CI 1.3–3.4)`")
    measure: str = col(
        "`hr` hazard ratio, `or` odds ratio, `rr` relative risk / risk or rate ratio, `irr` incidence rate ratio, `sir` standardized incidence ratio, `md` mean difference, `smd` standardized mean difference (Cohen's d, Hedges' g), `rd` risk or rate difference, `nnt` number needed to treat"
    )
    qualifier: str = col(
        "`adjusted` when written (`adjusted HR`, `aOR`, `age-adjusted`), else empty"
    )
    value: str = col("the point estimate, sign kept (`-0.53`)", "number")
    ci_level: str = col(
        "the interval's level in percent (`95`; 95 when only `CI` is written or the interval is bare); empty without an interval",
        "number",
    )
    ci_low: str = col("the interval's low end; empty without one", "number")
    ci_high: str = col("the interval's high end; empty without one", "number")
    interval: str = col("`ci` confidence interval, `cri` credible interval, empty when none")
    p_start: str = col(
        "`char_start` of the P value reported with this estimate (join p_values.csv on doc_id, char_start); empty when none",
        "integer",
        positional=True,
    )


@dataclass(frozen=True)
class TrialRow:
    foreign_keys: ClassVar = (IN_SENTENCE,)

    doc_id: str = col("document", key=True)
    sentence_id: int = col("sentence of the identifier", positional=True)
    char_start: int = col("offset of the identifier in the clean text", key=True, positional=True)
    char_end: int = col("end offset (exclusive)", positional=True)
    text: str = col("the identifier as written (`NCT 01234567`)")
    registry: str = col("`nct`, `isrctn`, `eudract`, `actrn`, `chictr`, `drks` or `umin`")
    trial_id: str = col(
        "normalised: the registry's spelling of the prefix, no spaces (`NCT01234567`)"
    )


class DocumentStatus(StrEnum):
    """documents.csv `status`."""

    OK = "ok"
    EMPTY = "empty"  # no main content found (an index, menu or error page)
    ERROR = "error"  # the document could not be processed: `error` says why


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
    EFFECT_SIZES = "effect_sizes"
    TRIALS = "trials"

    @property
    def file_name(self) -> str:
        return f"{self.value}.csv"

    @property
    def parquet_name(self) -> str:
        """The same table as Parquet (`run --format parquet`)."""
        return f"{self.value}.parquet"


class OutputFormat(StrEnum):
    """What a run writes besides the CSV tables, which it always writes (they
    are the contract every reader here starts from)."""

    CSV = "csv"
    PARQUET = "parquet"  # the same tables as Parquet, `<table>.parquet`, typed


ROW_TYPES: dict[Table, type] = {
    Table.DOCUMENTS: DocumentRow,
    Table.SENTENCES: SentenceRow,
    Table.EVIDENCE_LEVELS: EvidenceLevelRow,
    Table.CITATIONS: CitationRow,
    Table.REFERENCES: ReferenceRow,
    Table.EVIDENCE_STATEMENTS: EvidenceStatementRow,
    Table.PERCENTAGES: PercentageRow,
    Table.P_VALUES: PValueRow,
    Table.EFFECT_SIZES: EffectSizeRow,
    Table.TRIALS: TrialRow,
}
# Clean texts go to OUTDIR/clean/<doc_id>.txt.
CLEAN_DIR = "clean"
# `evidence-extract report` writes OUTDIR/report.html by default.
REPORT_FILE = "report.html"


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


def column_types(row_type: type) -> dict[str, ColumnType]:
    return {f.name: column_type(f) for f in fields(row_type)}


def primary_key(row_type: type) -> list[str]:
    """Columns that identify a row (in column order); empty for a table
    whose rows may repeat."""
    return [f.name for f in fields(row_type) if f.metadata["key"]]


def positional_columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type) if f.metadata["positional"]]


def foreign_keys(row_type: type) -> tuple[ForeignKey, ...]:
    return getattr(row_type, "foreign_keys", ())


def _keys_line(row_type: type) -> str:
    key = primary_key(row_type)
    parts = [f"Primary key: ({', '.join(key)})." if key else "No primary key: rows may repeat."]
    for fk in foreign_keys(row_type):
        target = ", ".join(fk.target_columns)
        parts.append(f"({', '.join(fk.columns)}) refers to {fk.table}.csv ({target}).")
    return " ".join(parts)


def data_dictionary() -> str:
    """Markdown description of every table and column, from the schema."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the schema (`evidence-extract schema`). Every table is UTF-8 CSV with",
        "a header row; missing values are empty cells; offsets are Python string indices",
        "into `clean/<doc_id>.txt`. `integer` and `number` columns may be empty where the",
        "meaning says so. Types are those of a Table Schema (`datapackage.json`, written",
        "beside the tables): a column has the same type in every table it is in. A foreign",
        "key with an empty column refers to no row (a citation without a level).",
        "",
    ]
    for table, row_type in ROW_TYPES.items():
        lines += [f"## {table.file_name}", "", _keys_line(row_type), ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        lines += [
            f"| {f.name} | {column_type(f)} | {f.metadata['doc']} |" for f in fields(row_type)
        ]
        lines.append("")
    return "\n".join(lines)
