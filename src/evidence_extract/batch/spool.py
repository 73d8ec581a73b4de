"""Rows on disk as documents finish, merged in doc_id order at the end.

Each finished document's CSV lines are appended to one spool file per table
and its clean text is written straight into the new output; the main
process keeps only where each document's lines are (a few numbers per
document). At the end every table is written by copying the documents'
lines in doc_id order after the header. Peak memory is therefore one
document's result, not the corpus, and the bytes do not depend on the
order documents finished in.
"""

from __future__ import annotations

from array import array
from pathlib import Path

from ..schema import CLEAN_DIR, ROW_TYPES
from ..tables import RenderedDocument, header

TABLES = list(ROW_TYPES)
COPY_BUFFER = 1 << 20


class Spool:
    def __init__(self, spool_dir: Path, out: Path) -> None:
        self.out = out
        self.files = {t: open(spool_dir / f"{t.value}.part", "w+b") for t in TABLES}  # noqa: SIM115
        self.doc_ids: list[str] = []
        # Per table, (offset, length) of each document's lines, in the order
        # documents were added.
        self.spans = {t: array("q") for t in TABLES}
        self.folders: set[Path] = set()

    def add(self, doc: RenderedDocument) -> None:
        """Add a finished document; an OSError leaves the spool as it was."""
        if doc.clean_text is not None:
            self._write_clean(doc.doc_id, doc.clean_text)
        for table in TABLES:
            data = doc.chunks.get(table, b"")
            fh = self.files[table]
            self.spans[table].extend((fh.tell(), len(data)))
            fh.write(data)
        self.doc_ids.append(doc.doc_id)

    def _write_clean(self, doc_id: str, text: bytes) -> None:
        target = self.out / CLEAN_DIR / (doc_id + ".txt")
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        with open(target, "wb") as fh:
            fh.write(text)

    def merge(self) -> None:
        """Write every table into the new output, documents in doc_id order."""
        order = sorted(range(len(self.doc_ids)), key=self.doc_ids.__getitem__)
        for table, row_type in ROW_TYPES.items():
            source, spans = self.files[table], self.spans[table]
            source.flush()
            with open(self.out / table.file_name, "wb") as dest:
                dest.write(header(row_type).encode("utf-8"))
                for i in order:
                    offset, length = spans[2 * i], spans[2 * i + 1]
                    if length:
                        source.seek(offset)
                        _copy(source, dest, length)
            source.seek(0, 2)

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


def _copy(source, dest, length: int) -> None:
    while length > 0:
        block = source.read(min(length, COPY_BUFFER))
        if not block:
            raise OSError(f"spool file {source.name} is shorter than its index")
        dest.write(block)
        length -= len(block)
