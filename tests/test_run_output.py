"""The output of a run: the same bytes whatever the jobs, the input order or
the cache; staging beside OUTDIR; the cache; a worker that dies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_extract.batch import ExtraOutput, run
from evidence_extract.batch import work as batch_work
from evidence_extract.batch.output_folder import OutputFolder, recover
from evidence_extract.batch.swap import exchange
from evidence_extract.load import InputError

from .batch_support import documents, page, resume, snapshot, staging_folders, start_paused
from .conftest import DATA, PAGES

FOLDERS = [PAGES / "webmd-txt", PAGES / "webmd", PAGES / "cgov", DATA / "nogolden"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert run(FOLDERS, out, jobs=1) == 0
    return snapshot(out)


def test_same_bytes_with_two_jobs_and_reversed_inputs(tmp_path: Path, reference) -> None:
    assert run(FOLDERS[::-1], tmp_path / "out", jobs=2) == 0
    assert snapshot(tmp_path / "out") == reference
    assert len([name for name in reference if name.startswith("clean/")]) == 9


def test_same_bytes_from_the_cache(tmp_path: Path, reference, monkeypatch) -> None:
    calls: list[str] = []
    real = batch_work.process_document
    monkeypatch.setattr(
        batch_work, "process_document", lambda d, *a, **k: calls.append(d) or real(d, *a, **k)
    )
    cache = tmp_path / "cache"
    assert run(FOLDERS, tmp_path / "cold", cache_dir=cache) == 0
    assert len(calls) == 9 and snapshot(tmp_path / "cold") == reference
    calls.clear()
    assert run(FOLDERS, tmp_path / "warm", cache_dir=cache) == 0
    assert calls == [] and snapshot(tmp_path / "warm") == reference


def test_the_cache_reprocesses_only_what_changed(tmp_path: Path, monkeypatch, capsys) -> None:
    calls: list[str] = []
    real = batch_work.process_document
    monkeypatch.setattr(
        batch_work, "process_document", lambda d, *a, **k: calls.append(d) or real(d, *a, **k)
    )
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        (src / f"p{i}.html").write_text(page(who=f"{i + 10} patients"), encoding="utf-8")
    (src / "gone.html").symlink_to(src / "nowhere.html")  # a read error: never cached
    cache = tmp_path / "cache"
    assert run([src], tmp_path / "out", cache_dir=cache) == 1
    (src / "p3.html").write_text(page(who="30 changed patients"), encoding="utf-8")
    calls.clear()
    capsys.readouterr()
    assert run([src], tmp_path / "out", cache_dir=cache) == 1
    assert calls == ["p3.html"]
    assert "(5 ok, 0 empty, 1 error, 4 from the cache)" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    assert run([src], fresh) == 1
    assert snapshot(tmp_path / "out") == snapshot(fresh)
    # another output option is another key; so is a damaged entry
    calls.clear()
    assert run([src], tmp_path / "safe", cache_dir=cache, spreadsheet_safe=True) == 1
    assert len(calls) == 5
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    calls.clear()
    assert run([src], tmp_path / "out", cache_dir=cache) == 1
    assert len(calls) == 5 and snapshot(tmp_path / "out") == snapshot(fresh)


def test_cache_entries_are_plain_json(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    run([tmp_path / "in"], tmp_path / "out", cache_dir=tmp_path / "cache")
    (entry,) = (tmp_path / "cache").rglob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["doc_id"] == "a.html" and data["rows"]["percentages"] == 2


def test_a_document_that_kills_its_worker_becomes_an_error_row(tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"p{i}.html").write_text(page(), encoding="utf-8")
    (src / "killer.html").write_text(page(), encoding="utf-8")
    monkeypatch.setenv("EVIDENCE_EXTRACT_TEST_KILL_WORKER", "killer.html")
    assert run([src], tmp_path / "out", jobs=2) == 1
    docs = documents(tmp_path / "out")
    assert docs.loc["killer.html", "error"] == (
        "the worker process died while processing this document (2 tries): "
        "a crash or an out-of-memory kill"
    )
    assert (docs.drop("killer.html")["status"] == "ok").all() and len(docs) == 7


def test_the_two_rename_fallback_gives_the_same_output(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    assert run([tmp_path / "in"], tmp_path / "atomic") == 0
    assert run([tmp_path / "in"], tmp_path / "fallback") == 0
    monkeypatch.setenv("EVIDENCE_EXTRACT_TEST_SWAP", "rename")
    (tmp_path / "in" / "b.html").write_text(page(), encoding="utf-8")
    assert run([tmp_path / "in"], tmp_path / "fallback") == 0
    monkeypatch.delenv("EVIDENCE_EXTRACT_TEST_SWAP")
    assert run([tmp_path / "in"], tmp_path / "atomic") == 0
    assert snapshot(tmp_path / "fallback") == snapshot(tmp_path / "atomic")
    assert staging_folders(tmp_path / "fallback") == []


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").touch()
    if not exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no RENAME_EXCHANGE on this system or file system")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from-b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]


def test_staging_is_beside_the_outdir_never_inside(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out) == 0
    before = snapshot(out)
    control = tmp_path / "control"
    process = start_paused([str(tmp_path / "in"), "-o", str(out)], "processing", control)
    try:
        assert snapshot(out) == before  # nothing new inside OUTDIR
        (staging,) = staging_folders(out)
        assert staging.parent == out.parent and staging.name.startswith(".out.evidence-extract-")
    finally:
        resume(control, "processing")
        process.communicate(timeout=120)
    assert process.returncode == 0
    assert staging_folders(out) == []


def _dead_pid() -> int:
    """The process id of a process that has ended."""
    code = "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(done.stdout)


def test_leftovers_of_dead_runs_are_cleaned_and_an_output_left_aside_restored(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out"
    folder = OutputFolder(target)  # a run that died before its swap
    (folder.new / "documents.csv").write_text("new", encoding="utf-8")
    dead_name = folder.staging.name.replace(f"-{os.getpid()}-", f"-{_dead_pid()}-")
    dead = folder.staging.with_name(dead_name)
    folder.staging.rename(dead)
    (dead / "previous").mkdir()  # the two-rename fallback had moved the old output aside
    (dead / "previous" / "documents.csv").write_text("old", encoding="utf-8")
    live = OutputFolder(target)  # this process is alive: its staging is kept
    recover(target)
    assert (target / "documents.csv").read_text(encoding="utf-8") == "old"
    assert staging_folders(target) == [live.staging]
    live.discard()
    assert staging_folders(target) == []


def test_extra_outputs_are_written_before_the_swap_and_count_as_own(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    seen: list[list[str]] = []

    def describe(folder: Path) -> None:
        seen.append(sorted(p.name for p in folder.iterdir()))
        (folder / "notes.json").write_text("{}", encoding="utf-8")

    extra = (ExtraOutput(("notes.json",), describe),)
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out, extra_outputs=extra) == 0
    # written after the tables and the data package, before the swap
    assert "documents.csv" in seen[0] and "datapackage.json" in seen[0]
    assert "notes.json" not in seen[0]
    assert (out / "notes.json").read_text(encoding="utf-8") == "{}"
    assert run([tmp_path / "in"], out, extra_outputs=extra) == 0  # its own file: replaced
    with pytest.raises(InputError, match="notes.json"):
        run([tmp_path / "in"], out)  # a run that does not write it refuses to delete it


def test_a_placeholder_that_keeps_the_folder_in_git_is_kept(tmp_path: Path) -> None:
    # A checkout's output/ holds only a .gitkeep: the default command must
    # run into it (and leave the placeholder), while any other file is refused.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_text("", encoding="utf-8")
    (out / ".gitignore").write_text("*\n", encoding="utf-8")
    assert run([tmp_path / "in"], out) == 0
    assert (out / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert (out / ".gitkeep").is_file() and (out / "documents.csv").is_file()
    assert run([tmp_path / "in"], out) == 0  # and again, over its own output
    assert (out / ".gitkeep").is_file()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="notes.txt"):
        run([tmp_path / "in"], out)


def test_workers_get_the_largest_files_first(tmp_path: Path) -> None:
    # longest processing first: a large page started last would keep one
    # worker busy while the others idle (the output order is doc_id order)
    from evidence_extract.batch.local_engine import largest_first
    from evidence_extract.sources import FileSource, InputDocument, UrlSource

    sizes = {"a.html": 10, "b.html": 300, "c.html": 20}
    docs = []
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
        docs.append(InputDocument(name, FileSource(str(tmp_path / name))))
    docs.append(InputDocument("gone.html", FileSource(str(tmp_path / "gone.html"))))
    docs.insert(0, InputDocument("u.html", UrlSource("https://example.org/u")))
    order = [d.doc_id for d in largest_first(docs)]
    assert order == ["b.html", "c.html", "a.html", "gone.html", "u.html"]
