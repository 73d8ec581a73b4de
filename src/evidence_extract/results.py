"""One document's result, as the per-document step returns it: its
documents.csv row, its clean text and its rows.

Apart from the pipeline (pipeline.py), which loads spaCy, so that what
writes results (tables.py, the batch writer) loads without it: a run starts
cleaning pages ahead while the main process is still loading the pipeline
(batch/clean_ahead.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields

from .load import page_format
from .schema import DocumentRow, DocumentStatus, Table


@dataclass
class DocumentResult:
    document: DocumentRow
    clean_text: str | None = None
    tables: dict[Table, list] = field(default_factory=dict)


def document_row(doc_id: str, **values: object) -> DocumentRow:
    """A documents.csv row: counts zero and text empty unless given."""
    defaults: dict[str, object] = {
        f.name: 0 if f.type in (int, "int") else "" for f in dataclass_fields(DocumentRow)
    }
    return DocumentRow(
        **{
            **defaults,
            "doc_id": doc_id,
            "format": page_format(doc_id),
            "status": DocumentStatus.OK,
            **values,
        }
    )


def failed(doc_id: str, message: str, **values: object) -> DocumentResult:
    """The result of a document that could not be processed."""
    return DocumentResult(
        document_row(doc_id, status=DocumentStatus.ERROR, error=message, **values)
    )
