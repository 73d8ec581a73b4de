"""evidence_extract: saved PDQ-style health pages -> tidy evidence tables.

Stages, one module or package each, imports pointing down the list:
load -> discover -> clean -> nlp -> extract -> link -> rows -> pipeline ->
tables -> batch -> cli. `pipeline.process_document` is the pure per-document step.

For analysts: `read_output(OUTDIR)` loads a run's tables as typed pandas
DataFrames; `extract(path_or_html)` runs one page in memory and returns the
same. (`evidence_extract.extract` is that function; the stage package of
the same name is imported by its full name, `evidence_extract.extract.levels`.)

Importing the package builds nothing it does not use: pandas, spaCy and the
pipeline load when first asked for (the `schema` and `diff` commands never
load spaCy).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The stage package `extract` is imported first, so that binding the
# function below is what the name `evidence_extract.extract` ends up as
# (importing a subpackage sets the parent's attribute of its name).
from . import extract as _extract_stage  # noqa: F401
from .resources import tool_version

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import DocumentResult, process_document
    from .schema import Table

__all__ = ["DocumentResult", "extract", "process_document", "read_output"]
__version__ = tool_version()


def read_output(outdir: str | Path) -> dict[Table, pd.DataFrame]:
    """Every table of an output folder, typed (see `frames.read_output`)."""
    from .frames import read_output as read

    return read(outdir)


def extract(
    source: str | os.PathLike | bytes,
    doc_id: str | None = None,
    reference_index: Sequence[str | os.PathLike] = (),
) -> dict[Table, pd.DataFrame]:
    """Every table of one page, in memory, typed as `read_output` types
    them (see `one_page.extract`)."""
    from .one_page import extract as one_page

    return one_page(source, doc_id, reference_index)


def __getattr__(name: str) -> object:
    # spaCy and the pipeline load when the per-document step is first asked for.
    if name in {"DocumentResult", "process_document"}:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
