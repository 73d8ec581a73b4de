"""Cleaning ahead: the largest pages cleaned while the pipeline loads.

Before the first document, a run loads spaCy and builds its pipeline in the
main process (about three quarters of a second, one core busy); the
workers are forked from it afterwards, so they share it instead of each
loading it again. With more than one job, the other cores would idle
meanwhile: a helper process, forked before spaCy loads, cleans the pages
the pool takes first (the largest local files) and sends each cleaned page
back through a pipe (a thread of the main process receives them as they
come). The workers then run only the pipeline's second half on those
(`pipeline.process_cleaned`).

The helper is only ever a head start. The run stops it once the pipeline
is built and uses the pages it finished; a worker uses one only when the
bytes it reads itself hash the same, and otherwise processes the document
from its bytes as always. So a helper that is slow, fails or dies costs
nothing but the idle core's time, leaves nothing behind, and the output is
the same with it or without it. It reads only local files (a URL's bytes
would be fetched twice), and holds at most what one core cleans while the
pipeline loads (a few MB).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
from multiprocessing.connection import Connection

from ..clean import clean_document
from ..discover import FileSource, InputDocument, WarcRecordSource
from ..load import page_format
from ..settings import CleanOptions
from .work import as_worker

# Forked before spaCy loads: the helper has nothing of it to copy. Linux
# only, like the workers' death with the main process (work.as_worker);
# elsewhere forking is unsafe (macOS) or absent (Windows): no helper.
FORK = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
# The receiver ends when the helper does; should another process hold the
# pipe (one forked from another thread meanwhile), the run waits no longer.
RECEIVER_WAIT = 10.0
# Held back from the helper until it has set its own handlers (as_worker):
# until then it would run the main process's.
SIGNALS = {signal.SIGINT, signal.SIGTERM}


class CleanAhead:
    """A helper cleaning the local ones of `docs`, in their order, until
    stopped (leaving the context stops it). Where no helper can be
    started, there is none, and the run goes on as without it."""

    def __init__(self, docs: list[InputDocument], opts: CleanOptions) -> None:
        self.docs = [doc for doc in docs if is_local(doc)]
        self.opts = opts
        self.process: multiprocessing.process.BaseProcess | None = None
        self._receiver: threading.Thread | None = None
        self._received: dict[int, bytes] = {}  # document's index -> its pickled CleanedDocument

    def __enter__(self) -> CleanAhead:
        if self.docs:
            try:
                self._start()
            except BaseException:  # (Ctrl-C as it starts: no helper left behind)
                self.__exit__(None, None, None)
                raise
        return self

    def _start(self) -> None:
        if FORK is None:
            return
        held = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # (the mask as it is)
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
            reader, writer = FORK.Pipe(duplex=False)
            try:
                args = (self.docs, self.opts, reader, writer, os.getpid())
                process = FORK.Process(target=_clean_all, args=args, daemon=True)
                process.start()
            except OSError:  # only ever a head start
                reader.close()
                writer.close()
                return
            self.process = process
        except OSError:  # no pipe
            return
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        writer.close()  # the helper's end: its reader sees the end when the helper ends
        self._receiver = threading.Thread(target=self._receive, args=(reader,), daemon=True)
        self._receiver.start()

    def __exit__(self, *exc: object) -> None:
        """Stop the helper (a page it is cleaning is left unfinished)."""
        if self.process is not None:
            self.process.kill()  # (one that has ended already is left as it is)
            self.process.join()
            self.process.close()
            self.process = None
        if self._receiver is not None:
            # it ends at the pipe's end: the helper, its only writer, is gone
            self._receiver.join(RECEIVER_WAIT)
            if self._receiver.is_alive():
                self._received = {}  # (still being written to: none are used)
            else:
                self._receiver = None

    def take(self) -> dict[str, bytes]:
        """The pages finished (pickled), by doc_id; forgotten here."""
        if self._receiver is not None:
            return {}
        received, self._received = self._received, {}
        return {self.docs[i].doc_id: page for i, page in received.items()}

    def _receive(self, reader: Connection) -> None:
        with reader:
            while True:
                try:
                    index, page = reader.recv()
                except (EOFError, OSError, pickle.UnpicklingError):
                    return  # the helper ended (or was stopped while sending)
                self._received[index] = page


def is_local(doc: InputDocument) -> bool:
    """A document read from a local file (or a record of a local web archive)."""
    source = doc.source
    if isinstance(source, WarcRecordSource):
        source = source.archive
    return isinstance(source, FileSource)


def _clean_all(
    docs: list[InputDocument],
    opts: CleanOptions,
    reader: Connection,
    writer: Connection,
    parent: int,
) -> None:
    """In the helper: each document cleaned in turn and sent, pickled, with
    its index. A document that cannot be read or cleaned is skipped: its
    worker processes it, and reports it. Nothing of the helper's own ever
    reaches the terminal (it is stopped by a kill)."""
    try:
        reader.close()  # the main process's end: a send fails once it is gone
        as_worker()
        if os.getppid() != parent:
            return  # the main process died before the helper could follow it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
        for i, doc in enumerate(docs):
            try:
                data = doc.source.read()
                cleaned = clean_document(data, doc.format or page_format(doc.doc_id), doc.url, opts)
                page = pickle.dumps(cleaned, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # only ever a head start: the worker reports it
                continue
            writer.send((i, page))
    except BaseException:  # the run goes on without it
        return
