"""The Dask engine (`--engine dask [--scheduler ADDRESS]`, extra `dask`).

Each document is one task running the same unit of work as the local
engine (`work.process_on_dask_worker`) on a `dask.distributed` cluster; the
workers read the inputs themselves (a shared file system, or fsspec URLs)
and send back the rendered rows, which go to the same writer as a local
run's, so the output is byte-identical. Without `--scheduler` a local
cluster of `--jobs` single-threaded worker processes is started.

A worker that dies is handled by the scheduler first: its tasks are rerun
on other workers, and a task whose workers died more than
`distributed.scheduler.allowed-failures` times (Dask's default: 3) fails
with KilledWorker. Tasks that merely ran beside the culprit can fail so
too, so a failed document is submitted once more; failing again, it
becomes an error row. If the cluster has no worker at all for
`NO_WORKER_TIMEOUT` seconds, the documents still waiting become error
rows: a run never hangs on a cluster that is gone.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import replace

from ..discover import FileSource, InputDocument, WarcRecordSource
from ..load import InputError
from ..tables import RenderedDocument
from .work import WorkContext, context_on_dask_worker, engine_failure, process_on_dask_worker

CONNECT_TIMEOUT = "30s"
NO_WORKER_TIMEOUT = 120.0
POLL_SECONDS = 1.0
IN_FLIGHT_PER_THREAD = 2
# A task whose workers died (KilledWorker) may be an innocent one that ran
# beside the culprit on the same workers: it is submitted again, alone on
# the cluster (nothing else in flight), so that only the culprit dies again.
RESUBMISSIONS = 1


class DaskEngine:
    def __init__(self, scheduler: str | None, jobs: int, context: WorkContext) -> None:
        self.scheduler = scheduler
        self.jobs = jobs
        self.context = context
        self.client = None
        self.cluster = None

    def __enter__(self) -> DaskEngine:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise InputError(
                "--engine dask needs the optional `dask` extra: "
                "pip install 'evidence_extract[dask]'"
            ) from error
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = LocalCluster(
                    n_workers=self.jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as error:
            self.__exit__(None, None, None)
            where = self.scheduler or "a local cluster"
            raise InputError(f"cannot reach the Dask scheduler at {where}: {error}") from error
        return self

    def __exit__(self, *exc: object) -> None:
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def _threads(self) -> int:
        workers = self.client.scheduler_info()["workers"]  # type: ignore[union-attr]
        return sum(w.get("nthreads", 1) for w in workers.values())

    def results(self, docs: list[InputDocument]) -> Iterator[RenderedDocument]:
        from distributed import wait

        client = self.client
        assert client is not None, "use the engine as a context manager"
        context = client.submit(context_on_dask_worker, self.context, pure=False)
        pending = deque((doc, 0) for doc in docs)
        suspects: deque = deque()  # (doc, tries) whose workers died: run alone
        in_flight: dict = {}
        no_worker_since: float | None = None
        while pending or suspects or in_flight:
            if suspects:
                queue, limit = suspects, 0 if in_flight else 1
            else:
                queue, limit = pending, max(2, IN_FLIGHT_PER_THREAD * self._threads())
            while queue and len(in_flight) < limit:
                doc, tries = queue.popleft()
                task = _with_absolute_path(doc)
                future = client.submit(process_on_dask_worker, task, context, pure=False)
                in_flight[future] = (doc, tries)
            try:
                done = wait(list(in_flight), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
                finished = done.done
            except TimeoutError:  # distributed.wait raises when nothing finished in time
                finished = set()
            for future in finished:
                doc, tries = in_flight.pop(future)
                result, error = self._result(future)
                future.release()
                if result is not None:
                    yield result
                elif tries < RESUBMISSIONS:
                    suspects.append((doc, tries + 1))
                elif type(error).__name__ == "KilledWorker":
                    message = (
                        "the Dask workers running this document died (a crash or an "
                        "out-of-memory kill), also when it was submitted again"
                    )
                    yield engine_failure(doc.doc_id, message, self.context, doc.format)
                else:
                    message = f"{type(error).__name__}: {' '.join(str(error).split())}"
                    yield engine_failure(doc.doc_id, f"Dask: {message}", self.context, doc.format)
            if finished or self._threads():
                no_worker_since = None
                continue
            no_worker_since = no_worker_since or time.monotonic()
            if time.monotonic() - no_worker_since > NO_WORKER_TIMEOUT:
                message = f"no Dask worker was available for {NO_WORKER_TIMEOUT:.0f} s"
                for future, (doc, _) in in_flight.items():
                    future.cancel()
                    yield engine_failure(doc.doc_id, message, self.context, doc.format)
                # every document not yet done, resubmissions included, is a row
                for doc, _ in [*suspects, *pending]:
                    yield engine_failure(doc.doc_id, message, self.context, doc.format)
                return

    @staticmethod
    def _result(future) -> tuple[RenderedDocument | None, BaseException | None]:
        """The task's result, or the error that ended it (a result lost or
        cancelled between the status check and the fetch is an error too)."""
        try:
            if future.status == "finished":
                return future.result(), None
            return None, future.exception()
        except Exception as error:
            return None, error


def _with_absolute_path(doc: InputDocument) -> InputDocument:
    """Workers run in other folders (or machines): a relative path given on
    the command line must name the same file there."""
    source = doc.source
    if isinstance(source, FileSource):
        return replace(doc, source=FileSource(os.path.abspath(source.path)))
    if isinstance(source, WarcRecordSource) and isinstance(source.archive, FileSource):
        archive = FileSource(os.path.abspath(source.archive.path))
        return replace(doc, source=replace(source, archive=archive))
    return doc
