"""Cleaning ahead (batch/clean_ahead.py): a helper cleans the largest pages
while the pipeline loads. It may only ever save time: the same result per
document, the same output per run, whatever the helper did or failed to do,
nothing on the terminal and nothing left behind."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import struct
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
from .warc_support import Record, write_warc

FOLDERS = [PAGES / "webmd-txt", PAGES / "webmd", PAGES / "cgov"]
# A helper's crash in a thread of the run (its receiver) fails the test.
no_thread_crash = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
run_module = sys.modules["evidence_extract.batch.run"]


def _docs(folders=FOLDERS):
    return discover([os.fspath(f) for f in folders], Skipped())


def doc_format(doc) -> PageFormat:
    return doc.format or page_format(doc.doc_id)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The vendored pages, and a web archive of two of them: an HTML and a
    text record, whose addresses name their site (the pages state none)."""
    folder = tmp_path_factory.mktemp("archive")
    html = (PAGES / "cgov" / "types-leukemia-hp-hairy-cell-treatment-pdq.html").read_bytes()
    text = (PAGES / "webmd-txt" / "recurrent-childhood-all-webmd.txt").read_bytes()
    write_warc(
        folder / "crawl.warc.gz",
        [
            Record("https://www.example-portal.org/cancer/hairy-cell", html),
            Record("https://www.example-portal.org/cancer/all.txt", text, "text/plain"),
        ],
    )
    return [*FOLDERS, folder]


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert run(inputs, out, jobs=1, quiet=True) == 0
    return snapshot(out)


@pytest.fixture
def used(tmp_path: Path, monkeypatch) -> Path:
    """Each page cleaned ahead is given a chance: the pipeline is built only
    once the helper has sent every page or ended (here it is built already);
    and the workers note, in the file returned, each page they used."""
    log = tmp_path / "used.log"
    real_exit = clean_ahead.CleanAhead.__exit__

    def after_the_helper(self, *exc):
        deadline = time.monotonic() + 60
        while (
            self.process is not None
            and self.process.is_alive()
            and len(self._received) < len(self.docs)
            and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        real_exit(self, *exc)

    real_cleaned_ahead = batch_work.cleaned_ahead

    def noted(cleaned, data):
        page = real_cleaned_ahead(cleaned, data)
        with open(log, "a", encoding="utf-8") as fh:  # (in a worker: a process of its own)
            fh.write(f"{page is not None}\n")
        return page

    monkeypatch.setattr(clean_ahead.CleanAhead, "__exit__", after_the_helper)
    monkeypatch.setattr(batch_work, "cleaned_ahead", noted)
    return log


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


@no_thread_crash
def test_the_helper_cleans_the_documents_in_order_until_stopped() -> None:
    docs = _docs()
    order = [d.doc_id for d in docs]
    opts = default_clean_options()
    with clean_ahead.CleanAhead(docs, opts) as ahead:
        deadline = time.monotonic() + 60
        while not ahead._received and time.monotonic() < deadline:
            time.sleep(0.02)
        process = ahead.process
    done = ahead.take()
    assert process is not None and ahead.process is None  # stopped
    assert done, "the helper finished no page in a minute"
    assert ahead.take() == {}  # handed over, not kept
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
    # another document's page; a page cut short; something else
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


@no_thread_crash
def test_a_run_cleaning_ahead_writes_what_a_run_without_it_writes(
    tmp_path, inputs, reference, used, capfd
) -> None:
    assert run(inputs, tmp_path / "ahead", jobs=2, clean_ahead=True, quiet=True) == 0
    assert snapshot(tmp_path / "ahead") == reference
    # every document was cleaned ahead (web-archive records too), and used
    n_documents = len([name for name in reference if name.startswith("clean/")])
    assert used.read_text().split() == ["True"] * n_documents
    assert capfd.readouterr().err == ""


@no_thread_crash
def test_a_helper_cut_off_mid_message_costs_nothing_but_its_time(
    tmp_path, inputs, reference, used, monkeypatch, capfd
) -> None:
    def cut_off(docs, opts, reader, writer, parent):
        os.write(writer.fileno(), struct.pack("!i", 1000) + b"the first bytes")
        os._exit(3)

    monkeypatch.setattr(clean_ahead, "_clean_all", cut_off)
    assert run(inputs, tmp_path / "ahead", jobs=2, clean_ahead=True, quiet=True) == 0
    assert snapshot(tmp_path / "ahead") == reference
    assert not used.exists()  # no page to use
    assert capfd.readouterr().err == ""


@no_thread_crash
def test_a_helper_that_fails_says_nothing(
    tmp_path, inputs, reference, used, monkeypatch, capfd
) -> None:
    def fails():
        raise RuntimeError("the helper's own bug")

    monkeypatch.setattr(clean_ahead, "as_worker", fails)  # before its first page
    assert run(inputs, tmp_path / "ahead", jobs=2, clean_ahead=True, quiet=True) == 0
    assert snapshot(tmp_path / "ahead") == reference
    assert not used.exists()
    assert capfd.readouterr().err == ""  # no traceback of the helper's


def test_a_helper_that_cannot_start_is_none(tmp_path, inputs, reference, monkeypatch) -> None:
    class Unstartable:
        def start(self):
            raise OSError(11, "Resource temporarily unavailable")  # fork's EAGAIN

    class NoProcess:
        def __init__(self):
            self.pipes = []

        def Pipe(self, duplex):  # noqa: N802 (multiprocessing's names)
            self.pipes.extend(multiprocessing.Pipe(duplex))
            return self.pipes[-2:]

        def Process(self, **_):  # noqa: N802
            return Unstartable()

    no_process = NoProcess()
    monkeypatch.setattr(clean_ahead, "FORK", no_process)
    assert run(inputs, tmp_path / "ahead", jobs=2, clean_ahead=True, quiet=True) == 0
    assert snapshot(tmp_path / "ahead") == reference
    assert no_process.pipes and all(end.closed for end in no_process.pipes)


def test_only_a_local_pool_still_loading_its_pipeline_cleans_ahead(monkeypatch) -> None:
    from evidence_extract.batch.run import Engine, RunOptions, _ahead

    docs = _docs()
    assert _ahead(RunOptions(jobs=2, clean_ahead=True), docs) == default_clean_options()
    assert _ahead(RunOptions(jobs=1, clean_ahead=True), docs) is None
    assert _ahead(RunOptions(jobs=2, engine=Engine.DASK, clean_ahead=True), docs) is None
    assert _ahead(RunOptions(jobs=2, clean_ahead=True), docs[:1]) is None
    assert _ahead(RunOptions(jobs=2, clean_ahead=False), docs) is None
    # by default: only while this process has not loaded the pipeline (this one has)
    assert "evidence_extract.pipeline" in sys.modules
    assert _ahead(RunOptions(jobs=2), docs) is None
    # options that do not load: no helper (building the pipeline then says why)
    from evidence_extract.settings import SettingsError

    def broken():
        raise SettingsError("data/settings.json: broken")

    monkeypatch.setattr(run_module, "default_clean_options", broken)
    assert _ahead(RunOptions(jobs=2, clean_ahead=True), docs) is None


def test_the_helper_reads_only_local_files() -> None:
    from evidence_extract.sources import InputDocument, UrlSource

    local = _docs()
    remote = InputDocument("page.html", UrlSource("s3://bucket/page.html"))
    ahead = clean_ahead.CleanAhead([remote, *local], default_clean_options())
    assert ahead.docs == local
