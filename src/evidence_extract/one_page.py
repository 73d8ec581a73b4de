"""One page through the whole pipeline in memory: `evidence_extract.extract`.

The rows go through the same CSV rendering and typed reading as a run's
files, so the DataFrames are those `read_output` gives for the same page:
same columns, same dtypes, same values.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .frames import read_table
from .load import INPUT_SUFFIXES
from .pipeline import process_document
from .pmid_index import load_reference_index
from .schema import ROW_TYPES, Table
from .tables import render_csv


def _page(source: str | os.PathLike | bytes, doc_id: str | None) -> tuple[str, bytes]:
    """(doc_id, bytes) of a path, of page text, or of page bytes. A path
    object is a path; a string is a path when it names an existing file or
    ends with a page's suffix (`.html`, `.txt`, ...), else the page itself. The doc_id's extension decides how the page is
    read: give one (`page.md`, `page.xml`) for Markdown or PDQ XML content;
    by default content that starts with a tag is `page.html`, else
    `page.txt`."""
    if isinstance(source, str):
        one_line = "<" not in source and "\n" not in source
        if one_line and (Path(source).is_file() or source.lower().endswith(INPUT_SUFFIXES)):
            source = Path(source)  # a file name, found or not
        else:
            source = source.encode("utf-8")
    if isinstance(source, bytes):
        is_html = source.lstrip()[:1] == b"<"
        return doc_id or ("page.html" if is_html else "page.txt"), source
    path = Path(source)
    try:
        return doc_id or path.name, path.read_bytes()
    except OSError as error:
        raise FileNotFoundError(f"cannot read {path}: {error.strerror or error}") from error


def extract(
    source: str | os.PathLike | bytes,
    doc_id: str | None = None,
    reference_index: Sequence[str | os.PathLike] = (),
) -> dict[Table, pd.DataFrame]:
    """Every table of one page, typed as `read_output` types them.

    `source`: a path, or the page's HTML or text (str or bytes). A page that
    cannot be processed is not an exception: its documents row says
    `status=error` and why, as in a run. `reference_index`: references.csv
    files of earlier runs (as `run --reference-index`).
    """
    name, data = _page(source, doc_id)
    index = load_reference_index([Path(p) for p in reference_index])
    result = process_document(name, data, index)
    rows = {Table.DOCUMENTS: [result.document], **result.tables}
    return {
        table: read_table(io.StringIO(render_csv(row_type, rows.get(table, []))), table)
        for table, row_type in ROW_TYPES.items()
    }
