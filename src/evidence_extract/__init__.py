"""evidence_extract: saved PDQ-style health pages -> tidy evidence tables.

Stages, one module or package each, imports pointing down the list:
load -> clean -> nlp -> extract -> link -> rows -> pipeline -> tables ->
batch -> cli. `pipeline.process_document` is the pure per-document step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import DocumentResult, process_document

__all__ = ["DocumentResult", "process_document"]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Importing the package builds nothing it does not use: spaCy and the
    # pipeline load when the per-document step is first asked for (the
    # `schema` and `score` commands never ask).
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
