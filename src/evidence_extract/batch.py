"""A run over many pages: discover, process (in worker processes), write.

The per-document step (`pipeline.process_document`) is the unit of work;
this module feeds it bytes and collects its results into the output folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

from .datapackage import OutputFormat
from .load import InputFile, discover
from .pipeline import DocumentResult, failed, process_document
from .pmid_index import load_reference_index
from .schema import ROW_TYPES, Table
from .tables import write_output

# The reference index of this process: set once per worker by the pool's
# initializer (and in the main process for a one-process run), so that it is
# not sent again with every document.
_pmid_index: dict[str, str] = {}


def _use_index(index: dict[str, str]) -> None:
    global _pmid_index
    _pmid_index = index


def _read_and_process(item: InputFile) -> DocumentResult:
    # Reading is part of the per-document boundary: an unreadable file is
    # that document's error, not the run's.
    try:
        data = item.path.read_bytes()
    except OSError as error:
        return failed(item.doc_id, f"cannot read the file: {error.strerror or error}")
    return process_document(item.doc_id, data, _pmid_index)


def _results(items: list[InputFile], jobs: int, index: dict[str, str]) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(items) <= 1:
        _use_index(index)
        yield from map(_read_and_process, items)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_use_index, initargs=(index,)) as pool:
        yield from pool.map(_read_and_process, items, chunksize=4)


def run(
    inputs: list[Path],
    outdir: Path,
    jobs: int = 1,
    progress: bool = False,
    reference_index: list[Path] | None = None,
    formats: frozenset[OutputFormat] = frozenset(),
) -> int:
    """Process every page below `inputs` into the tables in `outdir`;
    the exit status (0 all processed, 1 some failed)."""
    items = discover(inputs)
    index = load_reference_index(reference_index or [])
    tables: dict[Table, list] = {table: [] for table in ROW_TYPES}
    clean_texts: dict[str, str] = {}
    n_failed = 0
    results = _results(items, jobs, index)
    for result in tqdm(results, total=len(items), disable=not progress, unit="page"):
        tables[Table.DOCUMENTS].append(result.document)
        if result.document.status == "error":
            n_failed += 1
        if result.clean_text is not None:
            clean_texts[result.document.doc_id] = result.clean_text
        for table, rows in result.tables.items():
            tables[table].extend(rows)
    write_output(outdir, tables, clean_texts, formats)
    return 1 if n_failed else 0
