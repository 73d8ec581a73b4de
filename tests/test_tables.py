"""CSV rendering and the output folder (no extraction involved)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from evidence_extract.pipeline import DocumentResult, document_row
from evidence_extract.schema import PValueRow, SentenceRow, Table, columns
from evidence_extract.tables import (
    header,
    render_csv,
    render_document,
    render_rows,
    spreadsheet_safe_cell,
)


def _sentence(doc_id: str, start: int, text: str) -> SentenceRow:
    return SentenceRow(
        doc_id=doc_id, sentence_id=1, section="", char_start=start, char_end=start + 1, text=text
    )


def test_rfc4180_quoting_and_line_ends() -> None:
    rows = [_sentence("a", 0, 'He said "no", then left.\nNext')]
    out = render_csv(SentenceRow, rows)
    assert out.splitlines()[0] == ",".join(columns(SentenceRow))
    assert out.endswith("\n") and "\r" not in out
    (parsed,) = list(csv.DictReader(io.StringIO(out)))
    assert parsed["text"] == 'He said "no", then left.\nNext'


def test_rows_sort_by_document_then_offset_and_ties_keep_their_order() -> None:
    rows = [_sentence("b", 0, "x"), _sentence("a", 5, "first"), _sentence("a", 5, "second")]
    rows.append(_sentence("a", 1, "y"))
    parsed = list(csv.DictReader(io.StringIO(render_csv(SentenceRow, rows))))
    assert [(r["doc_id"], r["text"]) for r in parsed] == [
        ("a", "y"),
        ("a", "first"),
        ("a", "second"),
        ("b", "x"),
    ]


def test_empty_cells_for_missing_values() -> None:
    row = PValueRow(
        doc_id="a",
        sentence_id=None,
        char_start=0,
        char_end=6,
        text="P = NS",
        comparator="ns",
        value="",
    )
    assert render_csv(PValueRow, [row]).splitlines()[1] == "a,,0,6,P = NS,ns,"


def test_spreadsheet_safe_neutralises_formula_text_cells_only() -> None:
    rows = [
        _sentence("a", 0, '=HYPERLINK("http://x")'),
        _sentence("a", 1, "+1 more"),
        _sentence("a", 2, "-dash"),
        _sentence("a", 3, "@cmd"),
        _sentence("a", 4, "\ttab"),
        _sentence("a", 6, "P = .05 (fine)"),
    ]
    plain = list(csv.DictReader(io.StringIO(render_csv(SentenceRow, rows), newline="")))
    assert plain[0]["text"] == '=HYPERLINK("http://x")'  # off by default
    safe = render_csv(SentenceRow, rows, spreadsheet_safe=True)
    safe = list(csv.DictReader(io.StringIO(safe, newline="")))
    assert [r["text"] for r in safe] == [
        '\'=HYPERLINK("http://x")',
        "'+1 more",
        "'-dash",
        "'@cmd",
        "'\ttab",
        "P = .05 (fine)",
    ]
    assert spreadsheet_safe_cell("\rcr") == "'\rcr"  # (clean text never holds a CR)
    negative = PValueRow(
        doc_id="a", sentence_id=1, char_start=0, char_end=1, text="-2", comparator="=", value="-1"
    )
    (line,) = render_rows(PValueRow, [negative], spreadsheet_safe=True).splitlines()
    # a number column keeps its sign; a lone `=` has nothing to run
    assert line == "a,1,0,1,'-2,=,-1"


def test_documents_rendered_apart_concatenate_to_the_whole_table() -> None:
    # The writer joins per-document chunks in doc_id order; that must equal
    # sorting every row at once (ties keep their written order).
    rows_b = [_sentence("b", 3, "b3"), _sentence("b", 0, "b0")]
    rows_a = [_sentence("a", 5, "first"), _sentence("a", 5, "second"), _sentence("a", 1, "a1")]
    whole = render_csv(SentenceRow, rows_b + rows_a)
    parts = (
        header(SentenceRow) + render_rows(SentenceRow, rows_a) + render_rows(SentenceRow, rows_b)
    )
    assert parts == whole


def _result(doc_id: str, text: str) -> DocumentResult:
    return DocumentResult(
        document_row(doc_id, sha256="abc", encoding="utf-8"),
        clean_text=text,
        tables={Table.SENTENCES: [_sentence(doc_id, 0, text)]},
    )


def test_render_document_counts_rows_and_keeps_the_clean_text() -> None:
    doc = render_document(_result("d.html", "Hello."))
    assert (doc.doc_id, doc.status, doc.content_sha256, doc.clean_text) == (
        "d.html",
        "ok",
        "abc",
        b"Hello.",  # the bytes written
    )
    assert doc.rows[Table.SENTENCES] == 1 and doc.rows[Table.DOCUMENTS] == 1
    assert doc.rows[Table.CITATIONS] == 0 and Table.CITATIONS not in doc.chunks
    assert doc.chunks[Table.SENTENCES] == b"d.html,1,,0,1,Hello.\n"
    assert doc.chunks[Table.DOCUMENTS].rstrip(b"\n").endswith(b",ok,,,0,0,utf-8")


def test_text_that_cannot_be_utf8_is_an_error_row_not_a_crash() -> None:
    doc = render_document(_result("d.html", "lone \ud800 surrogate"))
    assert doc.status == "error" and "cannot be written as UTF-8" in doc.error
    assert doc.clean_text is None and Table.SENTENCES not in doc.chunks


def test_every_column_holds_text_or_an_integer() -> None:
    # render_rows writes a cell as `_cell` does: None as empty, other
    # values with str(), as the contract's cells are; a bool (`true`) is
    # neither text nor an integer, so no column may hold one.
    from dataclasses import fields

    from evidence_extract.schema import ROW_TYPES

    kinds = {f.type for row_type in ROW_TYPES.values() for f in fields(row_type)}
    assert kinds <= {"str", "int", str, int}


@given(st.lists(st.text(), min_size=2, max_size=4))
def test_any_text_cells_read_back_as_written(texts: list[str]) -> None:
    row = SentenceRow(
        doc_id=texts[0],
        sentence_id=1,
        section=texts[1],
        char_start=0,
        char_end=1,
        text="".join(texts),
    )
    (line,) = [render_rows(SentenceRow, [row])]
    (parsed,) = list(csv.reader(io.StringIO(line, newline="")))
    assert parsed == [texts[0], "1", texts[1], "0", "1", "".join(texts)]


def test_a_carriage_return_is_quoted_as_rfc_4180_says() -> None:
    row = SentenceRow(doc_id="a", sentence_id=1, section="", char_start=0, char_end=1, text="x\ry")
    assert render_rows(SentenceRow, [row]) == 'a,1,,0,1,"x\ry"\n'
