"""The local engine: documents processed by a pool of worker processes.

At most a few documents per worker are in flight, so finished results never
pile up in memory; they are yielded as they finish, in any order (the
writer orders them). A worker that dies (a crash, an out-of-memory kill)
breaks the pool: the documents that were in flight are then retried one at
a time in a fresh pool, so the one that kills its worker is found; it is
tried twice alone, then becomes an error row and the run goes on.

`--jobs 1` runs in the main process (no pool, no copies).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..discover import InputDocument
from ..tables import RenderedDocument
from .work import (
    WorkContext,
    engine_failure,
    finish_in_local_worker,
    init_local_worker,
    process_in_local_worker,
    process_source,
)

IN_FLIGHT_PER_WORKER = 2
SOLO_ATTEMPTS = 2


class LocalEngine:
    def __init__(
        self, jobs: int, context: WorkContext, cleaned: dict[str, bytes] | None = None
    ) -> None:
        self.jobs = jobs
        self.context = context
        # doc_id -> its page cleaned ahead (batch/clean_ahead.py), until submitted
        self.cleaned = cleaned or {}
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop(wait=exc[0] is None)

    def results(self, docs: list[InputDocument]) -> Iterator[RenderedDocument]:
        if self.jobs <= 1 or len(docs) <= 1:
            for doc in docs:
                yield process_source(doc, self.context)
            return
        yield from self._pooled(docs)

    def _start(self) -> ProcessPoolExecutor:
        self.pool = ProcessPoolExecutor(
            max_workers=self.jobs, initializer=init_local_worker, initargs=(self.context,)
        )
        return self.pool

    def _stop(self, wait: bool) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if wait:
            pool.shutdown(wait=True)
            return
        # Interrupted: do not let workers finish their documents.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)

    def _pooled(self, docs: list[InputDocument]) -> Iterator[RenderedDocument]:
        for doc_id in self.cleaned.keys() - {doc.doc_id for doc in docs}:
            del self.cleaned[doc_id]  # (a cache hit: never submitted)
        pending = deque(largest_first(docs))
        suspects: deque[tuple[InputDocument, int]] = deque()  # (document, solo deaths)
        in_flight: dict[Future, tuple[InputDocument, int]] = {}
        pool = self._start()
        limit = self.jobs * IN_FLIGHT_PER_WORKER
        while pending or suspects or in_flight:
            broken = False
            try:
                if suspects:  # after a worker died: one document at a time
                    if not in_flight:
                        doc, deaths = suspects[0]
                        in_flight[self._submit(pool, doc)] = (doc, deaths)
                        suspects.popleft()
                else:
                    while pending and len(in_flight) < limit:
                        in_flight[self._submit(pool, pending[0])] = (pending[0], 0)
                        pending.popleft()
            except BrokenProcessPool:
                # A worker died between the last wait and this submit: the
                # document not yet submitted stays queued; those in flight
                # are retried below, as after any death.
                broken = True
            if broken:
                suspects.extend(in_flight.values())
                in_flight.clear()
                self._stop(wait=False)
                pool = self._start()
                continue
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            alone = len(in_flight) == 1
            for future in done:
                doc, deaths = in_flight.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    if not alone:
                        suspects.append((doc, deaths))
                    elif deaths + 1 < SOLO_ATTEMPTS:
                        suspects.append((doc, deaths + 1))
                    else:
                        yield engine_failure(
                            doc.doc_id,
                            f"the worker process died while processing this document "
                            f"({SOLO_ATTEMPTS} tries): a crash or an out-of-memory kill",
                            self.context,
                            doc.format,
                        )
                except Exception as error:  # a result that could not come back
                    message = f"{type(error).__name__}: {' '.join(str(error).split())}"
                    yield engine_failure(doc.doc_id, message, self.context, doc.format)
            if broken:
                suspects.extend(in_flight.values())  # the pool fails them all
                in_flight.clear()
                self._stop(wait=False)
                pool = self._start()
        self._stop(wait=True)

    def _submit(self, pool: ProcessPoolExecutor, doc: InputDocument) -> Future:
        cleaned = self.cleaned.pop(doc.doc_id, None)  # (a retry processes the bytes)
        if cleaned is not None:
            return pool.submit(finish_in_local_worker, doc, cleaned)
        return pool.submit(process_in_local_worker, doc)


def largest_first(docs: list[InputDocument]) -> list[InputDocument]:
    """Files in decreasing size (others, such as web-archive records, after
    them in their order): a large page started last keeps one worker busy
    while the others wait with nothing left to do. Results are written in
    doc_id order whatever order they finish in."""

    def size(doc: InputDocument) -> int:
        path = getattr(doc.source, "path", None)
        if path is None:
            return -1
        try:
            return os.stat(path).st_size
        except OSError:
            return 0  # the worker reports it

    return sorted(docs, key=size, reverse=True)
