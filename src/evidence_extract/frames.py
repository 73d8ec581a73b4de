"""The tables as typed pandas DataFrames: read from an output folder (or
from CSV text), and written as Parquet.

Types come from the schema: `integer` columns load as pandas' nullable
`Int64`, `number` columns as `Float64`, every other column (IDs such as
`pmid` and `ref_section` included) as `string`; an empty cell is <NA>. So a
key has one type in every table, and the joins work as they are.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TextIO

import pandas as pd

from .schema import ROW_TYPES, ColumnType, Table, column_types

PANDAS_DTYPES = {
    ColumnType.STRING: "string",
    ColumnType.INTEGER: "Int64",
    ColumnType.NUMBER: "Float64",
}


class NotAnOutputFolder(ValueError):
    """A folder without the tables of a run."""


def dtypes(table: Table) -> dict[str, str]:
    """Column -> pandas dtype of one table (for `pd.read_csv(dtype=...)`)."""
    return {name: PANDAS_DTYPES[kind] for name, kind in column_types(ROW_TYPES[table]).items()}


def read_table(source: Path | TextIO, table: Table) -> pd.DataFrame:
    """One table with the schema's types. A column the schema does not know
    (written by a newer version) loads as text."""
    types: defaultdict[str, str] = defaultdict(lambda: "string", dtypes(table))
    return pd.read_csv(source, dtype=types, keep_default_na=False, na_values=[""])


def is_output_folder(folder: Path) -> bool:
    return (folder / Table.DOCUMENTS.file_name).is_file()


def read_output(outdir: str | Path) -> dict[Table, pd.DataFrame]:
    """Every table of an output folder, typed: `frames["citations"]`.

    A table the folder lacks (written by an older version) is left out.
    """
    folder = Path(outdir)
    if not is_output_folder(folder):
        raise NotAnOutputFolder(
            f"{folder} is not an output folder of evidence-extract (it has no documents.csv)"
        )
    return {
        table: read_table(folder / table.file_name, table)
        for table in ROW_TYPES
        if (folder / table.file_name).is_file()
    }


def write_parquet(folder: Path) -> None:
    """The CSV tables of `folder` again as Parquet, with the same types (a
    reader gets Int64, Float64 and string columns back)."""
    try:
        import pyarrow  # noqa: F401  (pandas writes Parquet through it)
    except ImportError as error:
        raise RuntimeError(
            "writing Parquet needs pyarrow: pip install 'evidence_extract[parquet]'"
        ) from error
    for table, frame in read_output(folder).items():
        frame.to_parquet(folder / table.parquet_name, index=False, engine="pyarrow")
