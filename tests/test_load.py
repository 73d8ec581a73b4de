"""Loading: discovery, doc_id, encoding detection, bad bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_extract.load import InputError, decode, discover, page_format
from evidence_extract.pipeline import process_document

TEXT = "Patients had a 5-year survival of approximately 85% — Société française."


@pytest.mark.parametrize(
    ("data", "is_html"),
    [
        (TEXT.encode("utf-8"), False),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), False),
        (TEXT.encode("utf-16"), False),  # with BOM
        (
            (
                "<html><head><meta charset='windows-1252'></head><body><p>"
                + TEXT
                + "</p></body></html>"
            ).encode("cp1252"),
            True,
        ),
        (
            (
                "<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>"
                + TEXT.replace("—", "-")
                + "</p></body></html>"
            ).encode("latin-1"),
            True,
        ),
    ],
)
def test_encodings_are_detected(data: bytes, is_html: bool) -> None:
    text = decode(data, is_html).text
    assert "Société française" in text
    assert "approximately 85%" in text


def test_undeclared_legacy_text_is_detected() -> None:
    data = ("Les résultats étaient meilleurs chez les patients traités; " * 20).encode("cp1252")
    assert "résultats" in decode(data, False).text


def test_line_ends_are_normalised() -> None:
    assert decode(b"a\r\nb\rc", False).text == "a\nb\nc"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x1f\x1e \xe2\x80\x83", "empty"),  # separators and an em space: blank text
        ("  \n".encode("utf-16"), "empty"),
        (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    ],
)
def test_bad_bytes_give_a_clear_error_row(data: bytes, message: str) -> None:
    result = process_document("bad.html", data)
    assert result.document.status == "error"
    assert message in result.document.error
    assert "\n" not in result.document.error
    assert result.tables == {}


def test_truncated_html_still_processes() -> None:
    data = b"<html><body><main><h1>T</h1><p>Half a page with 40% of the text.[1]</p><p>And then"
    result = process_document("cut.html", data)
    assert result.document.status == "ok"
    assert result.document.n_percentages == 1


def test_page_format() -> None:
    assert page_format("a/b.HTM") == "html"
    assert page_format("x.xhtml") == "html"
    assert page_format("x.txt") == "text"


def test_discover_walks_folders_and_names_files(tmp_path: Path) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    for name in ("deep/a.html", "b.txt", "c.xhtml", "d.htm", "skip.pdf", "deep/e.TXT"):
        (tmp_path / "in" / name).write_text("x", encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text("x", encoding="utf-8")
    found = [f.doc_id for f in discover([tmp_path / "in", single])]
    assert found == ["b.txt", "c.xhtml", "d.htm", "deep/a.html", "deep/e.TXT", "single.txt"]


def test_discover_rejects_collisions_and_missing_inputs(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="p.txt"):
        discover([tmp_path / "x", tmp_path / "y"])
    with pytest.raises(InputError, match="not found"):
        discover([tmp_path / "missing"])
    # the same file reached twice is not a collision
    assert len(discover([tmp_path / "x", tmp_path / "x" / "p.txt"])) == 1
