"""Stage 1 — find input pages, name them, decode their bytes.

Discovery and naming are separate from decoding so that a run can detect a
doc_id collision (a usage error) before any document is processed, and so
that the per-document step receives only bytes.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from bs4.dammit import UnicodeDammit

INPUT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


class InputError(Exception):
    """A problem with the command-line inputs: nothing is processed or written."""


@dataclass(frozen=True)
class InputFile:
    doc_id: str
    path: Path


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str


def page_format(doc_id: str) -> str:
    """`html` or `text`, from the file name (the spec's walk is by suffix)."""
    return "html" if doc_id.lower().endswith(HTML_SUFFIXES) else "text"


def discover(inputs: list[Path]) -> list[InputFile]:
    """Expand files and folders into named inputs, sorted by doc_id.

    A folder contributes every page below it, named by its path relative to
    that folder; a file given directly is named by its file name. Two inputs
    with the same doc_id would overwrite each other's clean text and make the
    tables ambiguous, so that is an error naming both.
    """
    found: dict[str, Path] = {}
    for root in inputs:
        if root.is_dir():
            candidates = [
                (p.relative_to(root).as_posix(), p)
                for p in sorted(root.rglob("*"))
                # a broken link is listed too: it becomes an error row, not a silent gap
                if (p.is_file() or (p.is_symlink() and not p.exists()))
                and p.suffix.lower() in INPUT_SUFFIXES
            ]
        elif root.is_file():
            candidates = [(root.name, root)]
        else:
            raise InputError(f"input not found: {root}")
        for doc_id, path in candidates:
            if doc_id in found and found[doc_id].resolve() != path.resolve():
                raise InputError(
                    f"two inputs give the same doc_id {doc_id!r}: {found[doc_id]} and {path}"
                )
            found[doc_id] = path
    return [InputFile(doc_id, found[doc_id]) for doc_id in sorted(found)]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, is_html: bool) -> DecodedPage:
    """Decode page bytes, detecting the encoding rather than assuming one.

    UnicodeDammit tries, in order, a byte-order mark, the document's own
    declaration (`<meta charset>` for HTML), UTF-8, then statistical
    detection (charset-normalizer). A page it cannot decode raises
    ValueError, which the per-document boundary turns into an error row.
    """
    if not data.strip():
        raise ValueError("the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # NUL bytes without a UTF-16 BOM: a binary file saved with a page suffix.
        raise ValueError("the file is binary, not a saved web page or text")
    dammit = UnicodeDammit(data, is_html=is_html)
    if dammit.unicode_markup is None or dammit.original_encoding is None:
        raise ValueError("cannot detect the text encoding of the file")
    text = dammit.unicode_markup.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():  # white space only, in any encoding
        raise ValueError("the file is empty")
    return DecodedPage(text=text, encoding=str(dammit.original_encoding))


def load_reference_index(paths: list[Path]) -> dict[str, str]:
    """Reference text -> PMID, from `references.csv` files of earlier runs
    (any CSV with `text` and `pmid` columns).

    Pages saved as text show no PubMed links; the same summaries saved as
    HTML do. A text that two files give different PMIDs is left out: the
    index never guesses.
    """
    from .link import reference_key

    found: dict[str, set[str]] = {}
    for path in paths:
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or not {"text", "pmid"} <= set(reader.fieldnames):
                    raise InputError(f"reference index {path} needs `text` and `pmid` columns")
                for row in reader:
                    if row["pmid"] and row["text"]:
                        found.setdefault(reference_key(row["text"]), set()).add(row["pmid"])
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise InputError(f"cannot read reference index {path}: {error}") from error
    return {key: next(iter(pmids)) for key, pmids in found.items() if len(pmids) == 1}
