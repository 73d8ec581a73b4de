"""CSV rendering and the output folder (no extraction involved)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from evidence_extract.schema import ROW_TYPES, PValueRow, SentenceRow, Table, columns
from evidence_extract.tables import render_csv, write_output


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


def test_write_output_replaces_the_previous_run(tmp_path: Path) -> None:
    write_output(tmp_path, {Table.SENTENCES: [_sentence("old", 0, "x")]}, {"old.txt": "x"})
    (tmp_path / "sentences.parquet").write_bytes(b"from a run with --format parquet")
    write_output(tmp_path, {Table.SENTENCES: [_sentence("new", 0, "y")]}, {"new.txt": "y"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [t.file_name for t in ROW_TYPES] + ["clean", "datapackage.json"]
    )
    assert [p.name for p in (tmp_path / "clean").iterdir()] == ["new.txt.txt"]
    assert "old" not in (tmp_path / "sentences.csv").read_text(encoding="utf-8")
