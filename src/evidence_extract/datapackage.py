"""The output folder as a Frictionless Data Package (`datapackage.json`).

One Table Schema per table, built from the schema (names, types,
descriptions, primary and foreign keys), plus the tool's version and what
the run read (the number of documents and a digest of the input list), so
that a folder of tables says what it holds and where it came from. Other
tools (frictionless, DuckDB, R) read the types from here instead of
guessing them from the values.

Nothing in it depends on the time or the machine: two runs over the same
inputs write the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import fields
from pathlib import Path

from .resources import tool_version
from .schema import (
    ROW_TYPES,
    OutputFormat,
    Table,
    column_type,
    foreign_keys,
    primary_key,
)

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "evidence-extract-output"
# A missing value is an empty cell, in every column (docs: CSV conventions).
MISSING_VALUES = [""]


def table_schema(row_type: type) -> dict:
    """The Table Schema of one table."""
    schema: dict = {
        "fields": [
            {"name": f.name, "type": str(column_type(f)), "description": f.metadata["doc"]}
            for f in fields(row_type)
        ],
        "missingValues": MISSING_VALUES,
    }
    key = primary_key(row_type)
    if key:
        schema["primaryKey"] = key
    references = [
        {
            "fields": list(fk.columns),
            "reference": {"resource": fk.table, "fields": list(fk.target_columns)},
        }
        for fk in foreign_keys(row_type)
    ]
    if references:
        schema["foreignKeys"] = references
    return schema


def input_digest(documents_csv: Path) -> dict:
    """How many documents the run read, and the SHA-256 of its input list:
    one line `<sha256 of the file>  <doc_id>` per document (sha256sum's
    layout), in doc_id order, so that it can be recomputed from
    documents.csv alone."""
    with documents_csv.open(encoding="utf-8", newline="") as handle:
        rows = sorted((r["doc_id"], r["sha256"]) for r in csv.DictReader(handle))
    listing = "".join(f"{sha}  {doc_id}\n" for doc_id, sha in rows)
    return {
        "documents": len(rows),
        "sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest(),
    }


def descriptor(folder: Path) -> dict:
    """The data package of an output folder whose tables are written."""
    return {
        "name": PACKAGE_NAME,
        "title": "Evidence tables extracted from saved health pages",
        "profile": "tabular-data-package",
        "evidence_extract": {
            "version": tool_version(),
            "inputs": input_digest(folder / Table.DOCUMENTS.file_name),
        },
        "resources": [
            {
                "name": table.value,
                "path": table.file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(row_type),
            }
            for table, row_type in ROW_TYPES.items()
        ],
    }


def write_datapackage(folder: Path) -> Path:
    path = folder / DESCRIPTOR
    text = json.dumps(descriptor(folder), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def output_files() -> list[str]:
    """Every file a run may write at the top of OUTDIR (clean/ aside): a run
    replaces those it writes and removes the others, so no file of an
    earlier run is left beside the new tables."""
    names = [table.file_name for table in ROW_TYPES]
    return [*names, DESCRIPTOR, *(table.parquet_name for table in ROW_TYPES)]


def finish_output(folder: Path, formats: frozenset[OutputFormat] = frozenset()) -> None:
    """Everything a run writes after the CSV tables, from those tables: the
    data package and, when asked for, the Parquet files."""
    write_datapackage(folder)
    if OutputFormat.PARQUET in formats:
        from .frames import write_parquet  # pandas and pyarrow, only for Parquet

        write_parquet(folder)
