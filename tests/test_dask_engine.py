"""The Dask engine on a LocalCluster of two worker processes: the same bytes
as a local run, inputs read by the workers (paths and fsspec URLs), a
worker that dies. Skipped only when the `dask` extra is not installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from evidence_extract.batch import dask_engine, run  # noqa: E402
from evidence_extract.cli import main  # noqa: E402

from .batch_support import documents, page, snapshot  # noqa: E402
from .test_run_output import FOLDERS  # noqa: E402
from .warc_support import Record, write_warc  # noqa: E402

KILLER = "killer.html"


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker cluster whose scheduler gives up on a task after its
    worker died twice (Dask's default is 3 retries)."""
    import dask

    # inherited by the workers, also those the nannies (in this process) restart
    os.environ["EVIDENCE_EXTRACT_TEST_KILL_WORKER"] = KILLER
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
            cluster = distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
        with cluster:
            yield cluster.scheduler_address
    finally:
        del os.environ["EVIDENCE_EXTRACT_TEST_KILL_WORKER"]


def test_same_bytes_as_a_local_run(tmp_path: Path, scheduler: str) -> None:
    assert run(FOLDERS, tmp_path / "local", jobs=2) == 0
    assert run(FOLDERS[::-1], tmp_path / "dask", engine="dask", scheduler=scheduler) == 0
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")


def test_workers_read_fsspec_urls(tmp_path: Path, scheduler: str) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.html").write_text(page(), encoding="utf-8")
    (src / "sub" / "b.html").write_text(page(who="12 patients"), encoding="utf-8")
    assert run([src], tmp_path / "local") == 0
    assert run([src.as_uri()], tmp_path / "url", engine="dask", scheduler=scheduler) == 0
    assert snapshot(tmp_path / "url") == snapshot(tmp_path / "local")


def test_a_document_whose_workers_die_becomes_an_error_row(tmp_path: Path, scheduler) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"p{i}.html").write_text(page(), encoding="utf-8")
    (src / KILLER).write_text(page(), encoding="utf-8")
    assert run([src], tmp_path / "out", engine="dask", scheduler=scheduler) == 1
    docs = documents(tmp_path / "out")
    assert docs.loc[KILLER, "status"] == "error"
    assert docs.loc[KILLER, "error"].startswith("the Dask workers running this document died")
    assert (docs.drop(KILLER)["status"] == "ok").all() and len(docs) == 5


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    assert run([tmp_path / "in"], tmp_path / "local") == 0
    assert run([tmp_path / "in"], tmp_path / "dask", engine="dask", jobs=1) == 0
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    args = ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    assert main([*args, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evidence-extract: error: cannot reach the Dask scheduler") and (
        err.count("\n") == 1
    )
    assert not (tmp_path / "out").exists()


def test_web_archive_records_are_read_by_the_workers(
    tmp_path: Path, scheduler: str, monkeypatch
) -> None:
    (tmp_path / "in").mkdir()
    write_warc(
        tmp_path / "in" / "a.warc.gz",
        [Record(f"https://a.org/{i}", page(who=f"{i} patients").encode()) for i in range(3)],
    )
    monkeypatch.chdir(tmp_path)  # a relative archive path must reach the workers whole
    assert run([Path("in")], tmp_path / "local") == 0
    assert run([Path("in")], tmp_path / "dask", engine="dask", scheduler=scheduler) == 0
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
    assert set(documents(tmp_path / "dask")["format"]) == {"warc-html"}


class _KilledWorker(Exception):
    pass


class _Future:
    def __init__(self, status: str) -> None:
        self.status = status

    def exception(self) -> BaseException:
        return _KilledWorker("the worker died")

    def release(self) -> None:
        pass

    def cancel(self) -> None:
        pass


def test_documents_left_when_no_worker_remains_are_error_rows(monkeypatch) -> None:
    # A fake cluster: a.html's worker dies (a resubmission is queued), then
    # the cluster has no worker at all. Every document must still get a row.
    from evidence_extract.batch.work import WorkContext
    from evidence_extract.sources import BrokenSource, InputDocument

    class Client:
        infos = 0

        def submit(self, fn, *args, **kwargs):
            if fn is dask_engine.context_on_dask_worker:
                return _Future("finished")
            return _Future("error" if args[0].doc_id == "a.html" else "pending")

        def scheduler_info(self):
            Client.infos += 1
            return {"workers": {"w": {"nthreads": 1}} if Client.infos <= 1 else {}}

    def wait(futures, timeout, return_when):
        done = {f for f in futures if f.status == "error"}
        if not done:
            raise TimeoutError
        return type("Done", (), {"done": done})()

    monkeypatch.setattr(distributed, "wait", wait)
    monkeypatch.setattr(dask_engine, "NO_WORKER_TIMEOUT", 0.0)
    engine = dask_engine.DaskEngine(None, 1, WorkContext())
    engine.client = Client()
    docs = [InputDocument(name, BrokenSource("unused")) for name in ("a.html", "b.html", "c.html")]
    results = list(engine.results(docs))
    assert sorted(r.doc_id for r in results) == ["a.html", "b.html", "c.html"]
    assert all(r.status == "error" and "no Dask worker" in r.error for r in results)
