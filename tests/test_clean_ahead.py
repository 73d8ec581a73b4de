"""Cleaning ahead (batch/clean_ahead.py): a helper cleans the largest pages
while the pipeline loads. It may only ever save time: the same result per
document, the same output per run, whatever the helper did or failed to do."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import time
from pathlib import Path

import pytest

from evidence_extract.batch import clean_ahead, run
from evidence_extract.batch import work as batch_work
from evidence_extract.clean import clean_document
from evidence_extract.discover import discover
from evidence_extract.load import PageFormat, page_format
from evidence_extract.pipeline import process_cleaned, process_document
from evidence_extract.settings import default_clean_options
from evidence_extract.sources import Skipped

from .batch_support import snapshot
from .conftest import PAGES

FOLDERS = [PAGES / "webmd-txt", PAGES / "webmd", PAGES / "cgov"]


def _docs():
    return discover([os.fspath(f) for f in FOLDERS], Skipped())


def doc_format(doc) -> PageFormat:
    return doc.format or page_format(doc.doc_id)


@pytest.mark.parametrize("path", sorted(p for f in FOLDERS for p in f.iterdir()), ids=str)
def test_a_page_cleaned_ahead_gives_the_result_of_the_whole_step(path: Path) -> None:
    data = path.read_bytes()
    fmt = page_format(path.name)
    cleaned = clean_document(data, fmt, "", default_clean_options())
    assert process_cleaned(path.name, cleaned) == process_document(path.name, data)
    # what a container says the page's address was counts the same way
    url = "https://www.cancer.gov/types/x/hp/x-treatment-pdq"
    with_url = clean_document(data, fmt, url, default_clean_options())
    assert process_cleaned(path.name, with_url) == process_document(path.name, data, url=url)


def test_the_helper_cleans_the_documents_in_order_until_stopped() -> None:
    docs = _docs()
    order = [d.doc_id for d in docs]
    opts = default_clean_options()
    with clean_ahead.CleanAhead(docs) as ahead:
        deadline = time.monotonic() + 60
        while not ahead._received and time.monotonic() < deadline:
            time.sleep(0.02)
        done = ahead.stop()
        assert not ahead.process.is_alive()
    assert done, "the helper finished no page in a minute"
    # the first documents, in order (each of these pages cleans)
    assert sorted(done, key=order.index) == order[: len(done)]
    for doc in docs[: len(done)]:
        data = doc.source.read()
        expected = clean_document(data, doc_format(doc), "", opts)
        assert batch_work.cleaned_ahead(done[doc.doc_id], data) == expected


def test_a_worker_uses_a_page_cleaned_ahead_only_when_it_is_of_the_same_bytes(
    monkeypatch,
) -> None:
    monkeypatch.setattr(batch_work, "_context", batch_work.WorkContext())
    docs = _docs()
    doc, other = docs[0], docs[1]
    expected = batch_work.process_in_local_worker(doc)
    opts = default_clean_options()
    own = pickle.dumps(clean_document(doc.source.read(), doc_format(doc), "", opts))
    # another document's page; a message cut short; not a page at all
    mismatched = pickle.dumps(clean_document(other.source.read(), doc_format(other), "", opts))
    others = [mismatched, own[: len(own) // 2], pickle.dumps("a page")]
    calls: list[str] = []
    real = batch_work.process_document
    monkeypatch.setattr(
        batch_work, "process_document", lambda d, *a, **k: calls.append(d) or real(d, *a, **k)
    )
    assert batch_work.finish_in_local_worker(doc, own) == expected
    assert calls == []  # the page cleaned ahead was used
    for cleaned in others:
        assert batch_work.finish_in_local_worker(doc, cleaned) == expected
    assert calls == [doc.doc_id] * len(others)  # each time processed from its bytes instead


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert run(FOLDERS, out, jobs=1) == 0
    return snapshot(out)


def test_a_run_cleaning_ahead_writes_what_a_run_without_it_writes(tmp_path, reference) -> None:
    assert run(FOLDERS, tmp_path / "ahead", jobs=2, clean_ahead=True) == 0
    assert snapshot(tmp_path / "ahead") == reference


def test_a_helper_that_dies_costs_nothing_but_its_time(tmp_path, reference, monkeypatch) -> None:
    def dies(docs, writer):
        writer.send_bytes(b"half a message")  # as if killed while sending
        os._exit(3)

    monkeypatch.setattr(clean_ahead, "_clean_all", dies)
    assert run(FOLDERS, tmp_path / "ahead", jobs=2, clean_ahead=True) == 0
    assert snapshot(tmp_path / "ahead") == reference


def test_a_helper_that_cannot_start_is_none(tmp_path, reference, monkeypatch) -> None:
    class NoProcess:
        def Pipe(self, duplex):  # noqa: N802 (multiprocessing's names)
            return multiprocessing.Pipe(duplex)

        def Process(self, **_):  # noqa: N802
            raise OSError(11, "Resource temporarily unavailable")  # fork's EAGAIN

    monkeypatch.setattr(clean_ahead, "FORK", NoProcess())
    assert run(FOLDERS, tmp_path / "ahead", jobs=2, clean_ahead=True) == 0
    assert snapshot(tmp_path / "ahead") == reference


def test_only_a_local_pool_still_loading_its_pipeline_cleans_ahead() -> None:
    from evidence_extract.batch.run import Engine, RunOptions, _ahead

    docs = _docs()
    assert _ahead(RunOptions(jobs=2, clean_ahead=True), docs)
    assert not _ahead(RunOptions(jobs=1, clean_ahead=True), docs)
    assert not _ahead(RunOptions(jobs=2, engine=Engine.DASK, clean_ahead=True), docs)
    assert not _ahead(RunOptions(jobs=2, clean_ahead=True), docs[:1])
    assert not _ahead(RunOptions(jobs=2, clean_ahead=False), docs)
    # by default: only while this process has not loaded the pipeline (this one has)
    assert "evidence_extract.pipeline" in sys.modules
    assert not _ahead(RunOptions(jobs=2), docs)
