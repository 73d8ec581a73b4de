"""The unit of work every engine runs: a document's source in, its rendered
part of the output out.

Reading the bytes happens here, in the worker, inside the per-document
boundary: a file that cannot be read (or vanished since discovery) is that
document's error row. Nothing here writes anywhere; results go back to the
one writer in the main process.
"""

from __future__ import annotations

import ctypes
import pickle
import signal
import sys
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field

from ..clean import CleanedDocument
from ..discover import InputDocument, SourceError
from ..load import PageFormat, sha256
from ..results import DocumentResult, failed
from ..tables import RenderedDocument, render_document
from .fault_points import kill_worker_on

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class WorkContext:
    """Everything a document's result depends on besides its bytes; sent
    to each worker once."""

    pmid_index: Mapping[str, str] = field(default_factory=dict)
    spreadsheet_safe: bool = False


def process_document(*args, **kwargs) -> DocumentResult:
    """`pipeline.process_document`, loaded when first called: the pipeline
    loads spaCy, most of a run's start-up, and the batch package imports
    without it, so that a run can clean pages ahead meanwhile
    (batch/clean_ahead.py)."""
    from ..pipeline import process_document as process

    return process(*args, **kwargs)


def process_source(
    doc: InputDocument, context: WorkContext, cleaned: bytes | None = None
) -> RenderedDocument:
    """A document read and processed; `cleaned`: its page cleaned ahead
    (batch/clean_ahead.py), pickled, used when it is of the bytes read now
    (the pipeline's second half on it), else the whole step."""
    try:
        data = doc.source.read()
    except SourceError as error:
        return engine_failure(doc.doc_id, str(error), context, doc.format)
    page = None if cleaned is None else cleaned_ahead(cleaned, data)
    if page is None:
        result = process_document(doc.doc_id, data, context.pmid_index, fmt=doc.format, url=doc.url)
    else:
        from ..pipeline import process_cleaned  # (loaded when needed: see process_document)

        result = process_cleaned(doc.doc_id, page, context.pmid_index, fmt=doc.format)
    return render_document(result, context.spreadsheet_safe)


def engine_failure(
    doc_id: str, message: str, context: WorkContext, fmt: PageFormat | None = None
) -> RenderedDocument:
    """The error row of a document that could not be read or processed (its
    worker died); `fmt` when the doc_id's suffix does not tell it. Never
    cached: the next run tries again."""
    known = {"format": fmt} if fmt else {}
    return render_document(failed(doc_id, message, **known), context.spreadsheet_safe)


# --- in a local worker process -------------------------------------------

_context = WorkContext()


def init_local_worker(context: WorkContext) -> None:
    """Pool initializer: keep the context, and `as_worker`."""
    global _context
    _context = context
    as_worker()


def as_worker() -> None:
    """In a process the run starts: leave Ctrl-C to the main process (which
    stops its helpers itself); die with the main process even when it is
    killed with SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def process_in_local_worker(doc: InputDocument) -> RenderedDocument:
    kill_worker_on(doc.doc_id)
    return process_source(doc, _context)


def finish_in_local_worker(doc: InputDocument, cleaned: bytes) -> RenderedDocument:
    """`process_in_local_worker` for a document whose page was cleaned ahead."""
    kill_worker_on(doc.doc_id)
    return process_source(doc, _context, cleaned)


def cleaned_ahead(cleaned: bytes, data: bytes) -> CleanedDocument | None:
    """The page cleaned ahead, if it is of exactly these bytes."""
    try:
        page = pickle.loads(cleaned)  # (from the run's own helper process)
    except Exception:  # unreadable: processed from the bytes instead
        return None
    if not isinstance(page, CleanedDocument) or page.sha256 != sha256(data):
        return None
    return page


# --- on a Dask worker ------------------------------------------------------

# A Dask worker may run several tasks in threads of one process; the
# per-document step is CPU-bound Python and its pipeline object is shared,
# so one document at a time per process.
_dask_lock = threading.Lock()


def context_on_dask_worker(context: WorkContext) -> WorkContext:
    """The context as a task's result: unlike scattered data, which is lost
    with the worker holding it, the scheduler can compute it again."""
    return context


def process_on_dask_worker(doc: InputDocument, context: WorkContext) -> RenderedDocument:
    kill_worker_on(doc.doc_id)
    with _dask_lock:
        return process_source(doc, context)
