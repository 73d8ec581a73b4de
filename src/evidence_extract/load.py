"""Stage 1 — what an input page is (its format) and how its bytes decode.

Finding and naming inputs is `discover.py`'s job, separate from decoding so
that a run can detect a doc_id collision (a usage error) before any document
is processed, and so that the per-document step receives only bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes


class PageFormat(StrEnum):
    """How a page was saved; `documents.csv` names it in `format`."""

    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    PDQ_XML = "pdq-xml"  # NCI's PDQ summary XML, as distributed to partners
    # A web archive's (WARC) `response` record, by its Content-Type: read as
    # an HTML page or a text save, named apart so that rows from archives
    # can be told from saved files.
    WARC_HTML = "warc-html"
    WARC_TEXT = "warc-text"
    # A web archive that could not be read (damaged, not a WARC): its error row.
    WARC = "warc"

    @property
    def read_as(self) -> PageFormat:
        """The format whose reader cleans this one (`warc-html` -> `html`)."""
        return ARCHIVED_FORMATS.get(self, self)


ARCHIVED_FORMATS = {PageFormat.WARC_HTML: PageFormat.HTML, PageFormat.WARC_TEXT: PageFormat.TEXT}

SUFFIX_FORMATS = {
    ".html": PageFormat.HTML,
    ".htm": PageFormat.HTML,
    ".xhtml": PageFormat.HTML,
    ".txt": PageFormat.TEXT,
    ".md": PageFormat.MARKDOWN,
    ".markdown": PageFormat.MARKDOWN,
    # Only PDQ summaries are read; another XML document is an error row.
    ".xml": PageFormat.PDQ_XML,
}
INPUT_SUFFIXES = tuple(SUFFIX_FORMATS)
# Web archives: each holds many documents (`warc.py`), each with its own format.
ARCHIVE_SUFFIXES = (".warc.gz", ".warc")


class InputError(Exception):
    """A problem with the command-line inputs: nothing is processed or written."""


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str  # the codec used, and why: `utf-8`, `windows-1252 (declared iso-8859-1)`


def page_format(doc_id: str) -> PageFormat:
    """The page's format, from the file name (folders are walked by suffix);
    a web archive's own name gives `warc` (the format of its error row)."""
    if doc_id.lower().endswith(ARCHIVE_SUFFIXES):
        return PageFormat.WARC
    return SUFFIX_FORMATS.get(Path(doc_id).suffix.lower(), PageFormat.TEXT)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Byte-order marks, longest first (a UTF-32 LE mark starts like UTF-16 LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels the web treats as windows-1252 (WHATWG Encoding Standard): pages
# that declare Latin-1 or ASCII are written in windows-1252 in practice.
WEB_WINDOWS_1252 = {"ascii", "iso8859-1", "cp1252"}
# An undeclared page whose bytes are this share non-ASCII is not in a Latin
# script: windows-1252 is unlikely, a detector's guess is better.
NON_LATIN_MIN_SHARE = 0.3
SNIFF_BYTES = 4096
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode(data: bytes, is_html: bool) -> DecodedPage:
    """Decode page bytes; `encoding` says which codec was used and why.

    Order: a byte-order mark; UTF-16 without one (NUL bytes in every other
    position); the page's own declaration (`<meta charset>`, an XML
    declaration); strict UTF-8; then the web's real default for pages that
    are not UTF-8, windows-1252 — a statistical detector is asked only when
    most bytes are non-ASCII (a non-Latin script), because on Latin text it
    guesses rarer code pages (`Muñoz` as `Muńoz`). UTF-8 with a few invalid
    bytes is decoded with replacement characters, and says so. A file that is
    empty or binary raises ValueError, which the per-document boundary turns
    into an error row.
    """
    if not data.strip():
        raise ValueError("the file is empty")
    text, encoding = _decode(data, is_html)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():  # white space only, in any encoding
        raise ValueError("the file is empty")
    return DecodedPage(text=text, encoding=encoding)


def _decode(data: bytes, is_html: bool) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _strict_or_replaced(data[len(bom) :], codec, "byte-order mark")
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16:
        return _strict_or_replaced(data, utf16, "no byte-order mark")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise ValueError("the file is binary, not a saved web page or text")
    declared = EncodingDetector.find_declared_encoding(data, is_html=is_html)
    codec = _codec(declared) if declared else None
    if codec is not None:
        name = "windows-1252" if codec in WEB_WINDOWS_1252 else codec
        why = "declared" if name == codec else f"declared {declared.lower()}"
        if name == "windows-1252":
            return _windows_1252(data), f"{name} ({why})"
        try:
            return data.decode(codec), f"{codec} ({why})"
        except UnicodeDecodeError:
            if codec != "utf-8":
                try:  # a wrong declaration: the bytes are UTF-8
                    return data.decode("utf-8"), f"utf-8 (not the declared {declared.lower()})"
                except UnicodeDecodeError:
                    pass
            return _strict_or_replaced(data, codec, why)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    invalid = _invalid_utf8_bytes(data)
    if len(UTF8_MULTIBYTE.findall(data)) > invalid:
        # Mostly well-formed UTF-8 with a few broken bytes: a damaged UTF-8 file.
        return data.decode("utf-8", errors="replace"), f"utf-8 ({invalid} invalid bytes replaced)"
    non_ascii = sum(1 for b in data if b >= 0x80)
    if non_ascii / len(data) >= NON_LATIN_MIN_SHARE:
        guess = from_bytes(data).best()
        if guess is not None:
            return str(guess), f"{guess.encoding} (detected)"
    return _windows_1252(data), "windows-1252 (undeclared, not UTF-8)"


def _codec(label: str) -> str | None:
    """The codec a declared label names; None for an unknown label, or one
    that names no text encoding (`<meta charset="base64">`)."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _strict_or_replaced(data: bytes, codec: str, why: str) -> tuple[str, str]:
    try:
        return data.decode(codec), f"{codec} ({why})"
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return text, f"{codec} ({why}; {text.count(chr(0xFFFD))} invalid bytes replaced)"


def _utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when NUL bytes fill every other position
    (English text in UTF-16), else None."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        codec = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    # Binary data can have NULs in every other byte too; text decodes to
    # printable characters.
    sample = head[: pairs * 2].decode(codec, errors="replace")
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return codec if printable >= 0.95 * len(sample) else None


def _windows_1252(data: bytes) -> str:
    """windows-1252 as browsers decode it: the five bytes it leaves
    undefined map to the same code points (as in Latin-1), never an error."""
    return data.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def _invalid_utf8_bytes(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.decode(
        "utf-8", errors="ignore"
    ).count("\ufffd")
