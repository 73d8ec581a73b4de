"""A run: check, discover, process, write, swap — and stop cleanly.

Order of a run:
1. usage checks, nothing written yet (InputError, exit 2): OUTDIR, inputs,
   at least one document, the reference index, the cache folder, the engine;
2. a staging folder beside OUTDIR; each document's result, as it finishes,
   goes to disk (`spool.py`), from the cache or from the engine;
3. the tables merged in doc_id order into the staging folder;
4. the staging folder swapped with OUTDIR in one step (`swap.py`) — the
   commit point; then the old output is removed.

SIGINT and SIGTERM raise `Interrupted` in the main process. Before the
commit point the run stops its workers, removes its staging folder and
re-raises (exit 130: OUTDIR untouched). Once the swap has happened the run
is complete: an interrupt then only skips removing the old output (the next
run does it) and the run ends with its own status.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from ..datapackage import finish_output, output_files
from ..discover import InputDocument, Skipped, SourceError, discover, local_roots
from ..load import ARCHIVE_SUFFIXES, INPUT_SUFFIXES, InputError, PageFormat
from ..pmid_index import load_reference_index
from ..schema import REPORT_FILE, OutputFormat
from ..settings import CleanOptions, default_clean_options
from ..tables import RenderedDocument
from .cache import ResultCache, settings_digest
from .clean_ahead import CleanAhead
from .dask_engine import DaskEngine
from .fault_points import Point, pause
from .local_engine import LocalEngine, largest_first
from .output_folder import OutputFolder, check_output_folder, own_names
from .spool import Spool
from .summary import RunSummary
from .work import WorkContext, engine_failure


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


@dataclass(frozen=True)
class ExtraOutput:
    """Files a run writes into OUTDIR beside the tables (a data package
    descriptor, Parquet copies): `write(folder)` is called with the complete
    new output folder before the swap. `names` are every file it may write,
    so that an OUTDIR holding them is recognised as an earlier run's."""

    names: tuple[str, ...]
    write: Callable[[Path], None]


@dataclass(frozen=True)
class RunOptions:
    jobs: int = 1
    engine: Engine = Engine.LOCAL
    scheduler: str | None = None
    cache_dir: Path | None = None
    reference_index: tuple[Path, ...] = ()
    spreadsheet_safe: bool = False
    progress: bool = False
    quiet: bool = False
    # Besides the CSV tables and datapackage.json, always written.
    formats: frozenset[OutputFormat] = frozenset()
    extra_outputs: tuple[ExtraOutput, ...] = ()
    # Clean the largest pages in a helper while the pipeline loads
    # (batch/clean_ahead.py; the local engine with two jobs or more). None:
    # when this process has not loaded the pipeline yet.
    clean_ahead: bool | None = None


class Interrupted(BaseException):
    """SIGINT or SIGTERM. A BaseException, like KeyboardInterrupt, so the
    per-document boundary (`except Exception`) never swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class OutputError(Exception):
    """The run failed as a whole (a full disk): OUTDIR untouched."""


class InterruptGuard:
    """SIGINT/SIGTERM -> Interrupted, with a window (`deferred`) in which
    they wait: the swap is never cut between its steps and its bookkeeping.
    Python runs signal handlers in the main thread only, whichever thread
    the signal reached, so a flag is enough."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.deferring = False
        self.pending: int | None = None
        self.saved: dict = {}

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            self.saved = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self.deferring:
            self.pending = signum
        else:
            raise Interrupted(signum)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        if self.pending is not None:
            signum, self.pending = self.pending, None
            raise Interrupted(signum)


def _build_pipeline(opts: RunOptions, docs: list[InputDocument]) -> dict[str, bytes]:
    """`_check_pipeline`, with the largest pages cleaned meanwhile where
    that helps (`_ahead`): those pages (pickled) by doc_id, for the pool."""
    clean_options = _ahead(opts, docs)
    if clean_options is None:
        _check_pipeline()
        return {}
    with CleanAhead(largest_first(docs), clean_options) as ahead:
        _check_pipeline()
    return ahead.take()


def _ahead(opts: RunOptions, docs: list[InputDocument]) -> CleanOptions | None:
    """The cleaner's options for a helper cleaning ahead (batch/clean_ahead.py),
    or None for no helper: it needs a local pool and the pipeline still to
    load in this process (otherwise there is no start-up to overlap); and
    options that load (if they do not, `_check_pipeline` says why)."""
    wanted = opts.clean_ahead
    if wanted is None:
        wanted = "evidence_extract.pipeline" not in sys.modules
    if not (wanted and opts.engine == Engine.LOCAL and opts.jobs > 1 and len(docs) > 1):
        return None
    try:
        return default_clean_options()
    except ValueError:  # SettingsError
        return None


def _check_pipeline() -> None:
    """Build the per-document pipeline once here, before any work: a broken
    rule, trigger or settings file is one clear error, not an error row for
    every document (each worker builds its own copy)."""
    from ..pipeline import default_extractor  # loads spaCy: see batch/clean_ahead.py

    try:
        default_extractor()
    except ValueError as error:  # RuleError, SettingsError, spaCy's pattern checks
        message = " ".join(str(error).split())
        raise InputError(f"the package's rule or settings files are broken: {message}") from error


def run(
    inputs: list[str | Path], outdir: str | Path, options: RunOptions | None = None, **overrides
) -> int:
    """Process every document below `inputs` into the tables in `outdir`;
    the exit status: 0 all processed, 1 some failed. Raises InputError
    (usage), Interrupted (OUTDIR untouched) or OutputError."""
    opts = replace(options or RunOptions(), **overrides)
    started = time.monotonic()
    with InterruptGuard() as guard:
        roots = [os.fspath(i) for i in inputs]
        # Whatever this run's formats, an earlier run's Parquet files and
        # data package, and the report `report` wrote, are a run's own.
        names = own_names(
            [
                *output_files(),
                REPORT_FILE,
                *(name for extra in opts.extra_outputs for name in extra.names),
            ]
        )
        target = check_output_folder(Path(outdir), local_roots(roots), names)
        skipped = Skipped()
        docs = discover(roots, skipped)
        if not docs:
            kinds = " ".join(f"*{s}" for s in (*INPUT_SUFFIXES, *ARCHIVE_SUFFIXES))
            passed = f" (skipped: {skipped.line()})" if skipped.line() else ""
            raise InputError(f"no input documents ({kinds}) found in {' '.join(roots)}{passed}")
        index = load_reference_index(list(opts.reference_index))
        cleaned = _build_pipeline(opts, docs)
        context = WorkContext(index, opts.spreadsheet_safe)
        cache = None
        if opts.cache_dir is not None:
            cache = ResultCache(opts.cache_dir, settings_digest(index, opts.spreadsheet_safe))
        engine = (
            DaskEngine(opts.scheduler, opts.jobs, context)
            if opts.engine == Engine.DASK
            else LocalEngine(opts.jobs, context, cleaned)
        )
        with _long_lived_frozen(), engine:
            pause(Point.DISCOVERED)
            folder = OutputFolder(target)
            summary = RunSummary(len(docs), opts.progress and not opts.quiet, skipped=skipped)
            # A record of a web archive has a format its doc_id does not tell.
            formats = {doc.doc_id: doc.format for doc in docs if doc.format}
            try:
                results = _results(docs, engine, cache)
                _write(folder, results, summary, opts, context, guard, formats)
                pause(Point.SWAPPED)
            except Interrupted:
                if not folder.committed:
                    raise
            except OSError as error:  # a full disk, a lost cluster: nothing swapped in
                reason = str(error) or type(error).__name__
                raise OutputError(f"the run stopped: {reason}; {outdir} left as it was") from error
            finally:
                summary.close()
                _tidy(folder)
    summary.report(time.monotonic() - started, opts.quiet)
    return 1 if summary.n_failed else 0


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """What exists before the documents (modules, the pipeline) lives as long
    as the run: kept out of the cyclic collector's scans, and not copied into
    forked workers page by page when a collection there touches it
    (CPython's advice before forking). Back to normal after the run."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _results(
    docs: list[InputDocument],
    engine: LocalEngine | DaskEngine,
    cache: ResultCache | None,
) -> Iterator[tuple[RenderedDocument, bool]]:
    """(result, from the cache) of every document, in no particular order."""
    misses = docs
    if cache is not None:
        misses = []
        for doc in docs:
            try:
                hit = cache.get(doc.doc_id, doc.source.read(), doc.format)
            except SourceError:
                hit = None  # the worker reports it
            if hit is None:
                misses.append(doc)
            else:
                yield hit, True
    formats = {doc.doc_id: doc.format for doc in misses if doc.format}
    for result in engine.results(misses):
        if cache is not None:
            with suppress(OSError):  # a cache that cannot be written costs time, not results
                cache.put(result, formats.get(result.doc_id))
        yield result, False


def _write(
    folder: OutputFolder,
    results: Iterator[tuple[RenderedDocument, bool]],
    summary: RunSummary,
    opts: RunOptions,
    context: WorkContext,
    guard: InterruptGuard,
    formats: dict[str, PageFormat],
) -> None:
    spool = Spool(folder.spool, folder.new)
    try:
        for n, (rendered, cached) in enumerate(results):
            result = rendered
            try:
                spool.add(result)
            except OSError as error:
                if error.errno != errno.ENAMETOOLONG:
                    raise  # a full disk: the run stops, OUTDIR untouched
                # a long name (escaped bytes take four characters each)
                message = "its clean text cannot be written: the file name is too long"
                result = engine_failure(
                    rendered.doc_id, message, context, formats.get(rendered.doc_id)
                )
                spool.add(result)
            summary.add(result, cached)
            if n == 0:
                pause(Point.PROCESSING)
        spool.merge()
    finally:
        spool.close()
    finish_output(folder.new, opts.formats)
    for extra in opts.extra_outputs:
        extra.write(folder.new)
    pause(Point.MERGED)
    with guard.deferred():
        folder.commit()


def _tidy(folder: OutputFolder) -> None:
    """Remove the staging folder; an interrupt here leaves it to the next run."""
    with suppress(Interrupted):
        folder.discard()
