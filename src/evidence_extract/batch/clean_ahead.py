"""Cleaning ahead: the largest pages cleaned while the pipeline loads.

Before the first document, a run loads spaCy and builds its pipeline in the
main process (about three quarters of a second, one core busy); the
workers are forked from it afterwards, so they share it instead of each
loading it again. With more than one job, the other cores would idle
meanwhile: a helper process, forked before spaCy loads, cleans the pages
the pool takes first (the largest) and sends each cleaned page back
through a pipe (a thread of the main process receives them as they come).
The workers then run only the pipeline's second half on those
(`pipeline.process_cleaned`).

The helper is only ever a head start. The run stops it once the pipeline
is built and uses the pages it finished; a worker uses one only when the
bytes it reads itself hash the same, and otherwise processes the document
from its bytes as always. So a helper that is slow, fails or dies costs
nothing but the idle core's time, leaves nothing behind, and the output is
the same with it or without it.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from multiprocessing.connection import Connection

from ..clean import clean_document
from ..discover import InputDocument
from ..load import page_format
from ..settings import default_clean_options
from .work import as_worker

# Forked before spaCy loads: the helper has nothing of it to copy.
FORK = multiprocessing.get_context("fork")


class CleanAhead:
    """A helper cleaning `docs` in their order until stopped. A context
    manager: leaving it stops the helper. Where no helper can be started,
    there is none, and the run goes on as without it."""

    def __init__(self, docs: list[InputDocument]) -> None:
        self.docs = docs
        self.process: multiprocessing.process.BaseProcess | None = None
        self._receiver: threading.Thread | None = None
        self._received: dict[int, bytes] = {}  # document's index -> its pickled CleanedDocument

    def __enter__(self) -> CleanAhead:
        try:
            reader, writer = FORK.Pipe(duplex=False)
            process = FORK.Process(target=_clean_all, args=(self.docs, writer), daemon=True)
            process.start()
        except OSError:
            return self  # only ever a head start
        writer.close()  # the helper's end: its reader sees the end when the helper ends
        self.process = process
        self._receiver = threading.Thread(target=self._receive, args=(reader,), daemon=True)
        self._receiver.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._end()

    def stop(self) -> dict[str, bytes]:
        """Stop the helper (a page it is cleaning is left unfinished); the
        pages it finished (pickled), by doc_id."""
        self._end()
        return {self.docs[i].doc_id: page for i, page in self._received.items()}

    def _receive(self, reader: Connection) -> None:
        with reader:
            while True:
                try:
                    index, page = reader.recv()
                except (EOFError, OSError, pickle.UnpicklingError):
                    return  # the helper ended (or was stopped while sending)
                self._received[index] = page

    def _end(self) -> None:
        if self.process is not None:
            self.process.kill()  # (one that has ended already is left as it is)
            self.process.join()
        if self._receiver is not None:
            # it ends at the pipe's end, now the helper has; should it not,
            # it is a daemon thread the run does not wait for
            self._receiver.join(timeout=10)


def _clean_all(docs: list[InputDocument], writer: Connection) -> None:
    """In the helper: each document cleaned in turn and sent, pickled, with
    its index. A document that cannot be read or cleaned is skipped: its
    worker processes it, and reports it."""
    as_worker()
    opts = default_clean_options()
    for i, doc in enumerate(docs):
        try:
            data = doc.source.read()
            cleaned = clean_document(data, doc.format or page_format(doc.doc_id), doc.url, opts)
            page = pickle.dumps(cleaned, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # only ever a head start: the worker reports it
            continue
        try:
            writer.send((i, page))
        except OSError:  # the run is ending
            return
