"""evidence_extract: saved PDQ-style health pages -> tidy evidence tables.

Stages, one module or package each, imports pointing down the list:
load -> discover -> clean -> nlp -> extract -> link -> rows -> pipeline ->
tables -> batch -> cli. `pipeline.process_document` is the pure per-document step.

For analysts: `read_output(OUTDIR)` loads a run's tables as typed pandas
DataFrames; `extract(path_or_html)` runs one page in memory and returns the
same. (`evidence_extract.extract` is that function; the stage package of
the same name is imported by its full name, `evidence_extract.extract.levels`.)
"""

from .frames import read_output
from .one_page import extract
from .pipeline import DocumentResult, process_document

__all__ = ["DocumentResult", "extract", "process_document", "read_output"]
__version__ = "0.1.0"
