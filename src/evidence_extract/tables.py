"""Stage 7 — write the tables: CSV rendering and the output folder.

CSV as the contract fixes it (docs/OUTPUT.md): UTF-8, a header row, RFC 4180
quoting, `\\n` line ends, rows sorted by doc_id then char_start.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from .datapackage import OutputFormat, finish_output, output_files
from .schema import CLEAN_DIR, ROW_TYPES, Table, columns


def sort_key(row: object) -> tuple:
    """Rows sort by doc_id, then char_start. The sort is stable and rows are
    made in written order, so ties (the numbers of one callout, the codes of
    one tag) keep the order the page writes them in; references, which have
    no offset, keep their order on the page."""
    return (row.doc_id, getattr(row, "char_start", 0))  # type: ignore[attr-defined]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_csv(row_type: type, rows: list) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    names = columns(row_type)
    writer.writerow(names)
    for row in sorted(rows, key=sort_key):
        writer.writerow([_cell(getattr(row, name)) for name in names])
    return buffer.getvalue()


def write_output(
    outdir: Path,
    tables: dict[Table, list],
    clean_texts: dict[str, str],
    formats: frozenset[OutputFormat] = frozenset(),
) -> None:
    """Write every table, clean text and `datapackage.json` (and the other
    `formats`), replacing an earlier run's output.

    Everything is written into a fresh folder beside OUTDIR first and moved
    into place at the end, so an interrupted run never leaves half-written
    files and never mixes two runs' files.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".evidence-extract-", dir=outdir))
    try:
        for table, row_type in ROW_TYPES.items():
            (staging / table.file_name).write_text(
                render_csv(row_type, tables.get(table, [])), encoding="utf-8", newline=""
            )
        clean_root = staging / CLEAN_DIR
        clean_root.mkdir()
        for doc_id, text in clean_texts.items():
            target = clean_root / (doc_id + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        finish_output(staging, formats)
        old_clean = outdir / CLEAN_DIR
        if old_clean.exists():
            shutil.rmtree(old_clean)
        for name in output_files():
            if (staging / name).exists():
                os.replace(staging / name, outdir / name)
            else:  # an earlier run's Parquet file, say: not of this run
                (outdir / name).unlink(missing_ok=True)
        os.replace(clean_root, old_clean)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
