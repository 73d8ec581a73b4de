"""Stage 7 — the tables as CSV text.

CSV as the contract fixes it (docs/OUTPUT.md): UTF-8, a header row, RFC 4180
quoting, `\\n` line ends, rows sorted by doc_id then char_start.

A run renders each document's rows where the document was processed (in a
worker) into a `RenderedDocument`: the CSV lines of each table, already in
their final order within the document. The writer (`batch/`) then only
concatenates documents in doc_id order, so rendering the same rows gives the
same bytes whatever the engine or the order documents finish in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from operator import attrgetter

from .results import DocumentResult, failed
from .schema import ROW_TYPES, ColumnType, Table, column_type, columns

# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); --spreadsheet-safe puts a `'` before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


# What makes a cell quoted (RFC 4180): a double quote, a comma, a line feed,
# a carriage return.
QUOTE, COMMA, LF, CR = QUOTED_IF_HOLDS = ('"', ",", "\n", "\r")


def _quoted(text: str) -> str:
    """A cell as RFC 4180 writes it: quoted when it holds one of
    QUOTED_IF_HOLDS, its quotes doubled."""
    if QUOTE in text:
        return QUOTE + text.replace(QUOTE, QUOTE + QUOTE) + QUOTE
    if COMMA in text or LF in text or CR in text:
        return QUOTE + text + QUOTE
    return text


def _cell(value: object) -> str:
    """`_quoted(_text(value))`, the common cells first. (The csv module's
    writer gives the same bytes, but for a lone carriage return, which it
    leaves unquoted; it reads every character in a Python-level loop and
    took a third of the time of writing the tables.)"""
    if value.__class__ is int:
        return str(value)  # digits and a sign: never quoted
    return _quoted(value if value.__class__ is str else _text(value))


def spreadsheet_safe_cell(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, made inert. A lone
    sign (the comparator `=`) has nothing to run and stays as it is.

    >>> spreadsheet_safe_cell("=HYPERLINK(\\"x\\")"), spreadsheet_safe_cell("P = .05")
    ('\\'=HYPERLINK("x")', 'P = .05')
    >>> spreadsheet_safe_cell("=")
    '='
    """
    return "'" + text if len(text) > 1 and text.startswith(FORMULA_STARTS) else text


@cache
def _text_columns(row_type: type) -> tuple[bool, ...]:
    """Which columns hold text (numbers such as `-5` stay numbers)."""
    return tuple(column_type(f) == ColumnType.STRING for f in fields(row_type))


def header(row_type: type) -> str:
    return ",".join(columns(row_type)) + "\n"


def render_rows(row_type: type, rows: list, spreadsheet_safe: bool = False) -> str:
    """The CSV lines of `rows`, sorted, without the header."""
    if not rows:
        return ""
    ordered = sorted(rows, key=sort_key(row_type))
    # Column by column: a column of whole numbers, or of text that needs
    # no quoting, is written as it is, in C (the tables hold millions of
    # cells: one Python call each took a twentieth of a run).
    cells = [
        _column_cells(list(map(read, ordered)), spreadsheet_safe and is_text)
        for read, is_text in zip(_readers(row_type), _text_columns(row_type), strict=True)
    ]
    return "\n".join(map(",".join, zip(*cells, strict=True))) + "\n"


def _column_cells(values: list, spreadsheet_safe: bool) -> list[str]:
    """One column's cells, each as `_cell` writes it (or, `spreadsheet_safe`,
    a text column's cells made inert first)."""
    if spreadsheet_safe:
        return [_quoted(spreadsheet_safe_cell(t)) for t in map(_text, values)]
    kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(str, values))  # digits and a sign: never quoted
    if kinds == {str}:
        joined = "".join(values)
        if not any(c in joined for c in QUOTED_IF_HOLDS):
            return values
    return list(map(_cell, values))


@cache
def _readers(row_type: type) -> tuple[Callable[[object], object], ...]:
    """Each column's value of a row, in column order."""
    return tuple(attrgetter(name) for name in columns(row_type))


@cache
def sort_key(row_type: type) -> Callable[[object], object]:
    """How rows of `row_type` sort: by doc_id, then char_start where the
    table has it (read in C). The sort is stable and rows are made in
    written order, so ties (the numbers of one callout, the codes of one
    tag) keep the order the page writes them in; references, which have no
    offset, keep their order on the page."""
    names = columns(row_type)
    return attrgetter("doc_id", "char_start") if "char_start" in names else attrgetter("doc_id")


def render_csv(row_type: type, rows: list, spreadsheet_safe: bool = False) -> str:
    """A whole table: header and sorted rows."""
    return header(row_type) + render_rows(row_type, rows, spreadsheet_safe)


@dataclass(frozen=True)
class RenderedDocument:
    """One document's part of the output: its CSV lines per table and its
    clean text, both as the UTF-8 bytes written (encoded once, where the
    document was processed: the writer only copies them), and what the run
    summary needs. `content_sha256` is the digest of the bytes that were
    processed; empty when they could not be read (such a result is not
    worth caching)."""

    doc_id: str
    status: str
    error: str
    content_sha256: str
    clean_text: bytes | None
    chunks: dict[Table, bytes] = field(default_factory=dict)
    rows: dict[Table, int] = field(default_factory=dict)


def render_document(result: DocumentResult, spreadsheet_safe: bool = False) -> RenderedDocument:
    """A document's rows as CSV lines. Text that cannot be written as UTF-8
    (a lone surrogate) turns the document into an error row here, where the
    per-document boundary still holds, not in the writer."""
    chunks: dict[Table, bytes] = {}
    rows: dict[Table, int] = {}
    all_rows = {**result.tables, Table.DOCUMENTS: [result.document]}
    try:
        for table, row_type in ROW_TYPES.items():
            table_rows = all_rows.get(table, [])
            rows[table] = len(table_rows)
            if table_rows:
                chunks[table] = render_rows(row_type, table_rows, spreadsheet_safe).encode("utf-8")
        clean = None if result.clean_text is None else result.clean_text.encode("utf-8")
    except UnicodeEncodeError as error:
        message = f"the page holds text that cannot be written as UTF-8 ({error.reason})"
        doc = result.document
        return render_document(
            failed(doc.doc_id, message, format=doc.format, sha256=doc.sha256), spreadsheet_safe
        )
    doc = result.document
    return RenderedDocument(
        doc_id=doc.doc_id,
        status=doc.status,
        error=doc.error,
        content_sha256=doc.sha256,
        clean_text=clean,
        chunks=chunks,
        rows=rows,
    )
