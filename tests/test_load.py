"""Loading: page format, encoding detection, bad bytes (discovery: test_discover.py)."""

from __future__ import annotations

import pytest

from evidence_extract.load import decode, page_format
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


@pytest.mark.parametrize("text", ["@", "%", "\x05", "\x15", "x@", "a%b"])
def test_short_ascii_files_are_read_as_utf8(text: str) -> None:
    # A statistical detector read these as EBCDIC (`@` became a blank page)
    # or as a CJK code page (`x@` became one ideograph): strict UTF-8 first.
    page = decode(text.encode("ascii"), False)
    assert (page.text, page.encoding) == (text, "utf-8")


def test_undeclared_latin_page_is_windows_1252_not_a_rarer_code_page() -> None:
    # Names as in a real reference list; a detector guessed windows-1250
    # (`Muńoz`, `Calabrň`) for bytes like these.
    data = "Muñoz A, Calabrò L, Gómez-Martín C: “Outcomes” – a study.".encode("cp1252")
    page = decode(data, False)
    assert page.text == "Muñoz A, Calabrò L, Gómez-Martín C: “Outcomes” – a study."
    assert page.encoding == "windows-1252 (undeclared, not UTF-8)"


def test_declared_latin1_is_read_as_windows_1252() -> None:
    # Browsers read an iso-8859-1 declaration as windows-1252: 0x93/0x94 are quotes.
    data = (
        b"<html><head><meta charset='iso-8859-1'></head><body><p>\x93quoted\x94</p></body></html>"
    )
    page = decode(data, True)
    assert "“quoted”" in page.text
    assert page.encoding == "windows-1252 (declared iso-8859-1)"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(codec: str) -> None:
    page = decode(TEXT.encode(codec), False)
    assert page.text == TEXT
    assert page.encoding == f"{codec} (no byte-order mark)"


def test_invalid_utf8_bytes_are_replaced_and_noted() -> None:
    data = ("Société française, " * 10).encode("utf-8") + b"\xff\xfe broken " + b"85%"
    page = decode(data, False)
    assert page.text.count("\ufffd") == 2 and page.text.endswith("broken 85%")
    assert page.encoding == "utf-8 (2 invalid bytes replaced)"


def test_binary_with_nul_bytes_in_every_other_position_is_not_utf16() -> None:
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x01\x02\x03" * 100, True)


def test_markdown_and_pdq_xml_formats() -> None:
    assert page_format("a/summary.md") == "markdown"
    assert page_format("summary.MARKDOWN") == "markdown"
    assert page_format("CDR0000062843.xml") == "pdq-xml"


def test_a_declared_label_that_is_no_text_encoding_is_ignored() -> None:
    page = decode(
        b"<html><head><meta charset='base64'></head><body><p>caf\xc3\xa9</p></body></html>", True
    )
    assert "café" in page.text and page.encoding == "utf-8"
