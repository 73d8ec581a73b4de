"""evidence_extract: saved PDQ-style health pages -> tidy evidence tables.

Stages, one module or package each, imports pointing down the list:
load -> discover -> clean -> nlp -> extract -> link -> rows -> pipeline ->
tables -> batch -> cli. `pipeline.process_document` is the pure per-document step.
"""

from .pipeline import DocumentResult, process_document

__all__ = ["DocumentResult", "process_document"]
__version__ = "0.1.0"
