"""`python -m evidence_extract ...` behaves like `evidence-extract ...`."""

from .cli import entry

entry()
