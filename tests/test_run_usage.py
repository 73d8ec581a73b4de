"""Usage errors are found before any processing: exit 2, one line, nothing
written, the previous output kept. And what a run says on stderr."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from evidence_extract.cli import main
from evidence_extract.resources import tool_version

from .batch_support import cli, documents, page, snapshot, staging_folders, write_pages


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An OUTDIR holding the output of an earlier run."""
    write_pages(tmp_path / "earlier", 2)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "earlier"), "-o", str(out), "-q"]) == 0
    return out


def _usage_error(capsys, args: list[str], out: Path, expected: str) -> None:
    before = snapshot(out)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("evidence-extract: error: "), err
    assert expected in err
    assert snapshot(out) == before
    assert staging_folders(out) == []


def test_missing_input(tmp_path: Path, previous: Path, capsys) -> None:
    args = ["run", str(tmp_path / "nope"), "-o", str(previous)]
    _usage_error(capsys, args, previous, "input not found")


@pytest.mark.parametrize("content", [None, "notes.pdf"])
def test_no_input_documents_keeps_the_previous_output(
    tmp_path: Path, previous: Path, capsys, content: str | None
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    if content:
        (empty / content).write_text("x", encoding="utf-8")
    args = ["run", str(empty), "-o", str(previous)]
    _usage_error(capsys, args, previous, "no input documents")


def test_outdir_that_is_a_file(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    target = tmp_path / "out.csv"
    target.write_text("mine", encoding="utf-8")
    _usage_error(capsys, ["run", str(tmp_path / "in"), "-o", str(target)], target, "is a file")
    assert target.read_text(encoding="utf-8") == "mine"


def test_read_only_outdir(tmp_path: Path, previous: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    previous.chmod(0o555)
    try:
        args = ["run", str(tmp_path / "in"), "-o", str(previous)]
        _usage_error(capsys, args, previous, "not writable")
    finally:
        previous.chmod(0o755)


def test_outdir_in_a_read_only_folder(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        args = ["run", str(tmp_path / "in"), "-o", str(locked / "out")]
        _usage_error(capsys, args, locked / "out", "not a writable folder")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_outdir_inside_an_input_folder(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    out = tmp_path / "in" / "out"
    _usage_error(capsys, ["run", str(tmp_path / "in"), "-o", str(out)], out, "inside the input")
    assert not out.exists()


def test_input_inside_the_outdir(tmp_path: Path, previous: Path, capsys) -> None:
    args = ["run", str(previous / "clean"), "-o", str(previous)]
    _usage_error(capsys, args, previous, "inside OUTDIR")


def test_outdir_holding_other_files_is_never_replaced(
    tmp_path: Path, previous: Path, capsys
) -> None:
    (previous / "my-notes.txt").write_text("precious", encoding="utf-8")
    write_pages(tmp_path / "in", 1)
    args = ["run", str(tmp_path / "in"), "-o", str(previous)]
    _usage_error(capsys, args, previous, "my-notes.txt")


def test_scheduler_without_the_dask_engine(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert exc.value.code == 2


def test_dask_engine_without_the_extra(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    write_pages(tmp_path / "in", 1)
    out = tmp_path / "out"
    _usage_error(
        capsys, ["run", str(tmp_path / "in"), "-o", str(out), "--engine", "dask"], out, "extra"
    )


def test_an_outdir_that_is_a_symlink_keeps_pointing_at_the_new_output(
    tmp_path: Path, previous: Path
) -> None:
    link = tmp_path / "latest"
    link.symlink_to(previous, target_is_directory=True)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "new.html").write_text(page(), encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "-o", str(link), "-q"]) == 0
    assert link.is_symlink()
    assert documents(previous).index.tolist() == ["new.html"]


def test_version() -> None:
    done = cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"evidence-extract {tool_version()}"


def test_summary_line_and_quiet(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("evidence-extract: 3 documents (3 ok, 0 empty, 0 error); rows: ")
    assert "sentences 9, evidence_levels 0, citations 6," in err and "p_values 3," in err
    assert "effect_sizes 0, trials 0;" in err
    assert err.rstrip().endswith(" s")
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_failures_are_listed_first_by_doc_id(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    for i in range(7):
        (tmp_path / "in" / f"bad{6 - i}.html").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("evidence-extract: 8 documents (1 ok, 0 empty, 7 error)")
    assert lines[1] == "evidence-extract: failed documents (2 more: status=error in documents.csv):"
    assert lines[2:] == [f"  bad{i}.html: the file is empty" for i in range(5)]


def test_progress_bar_shows_pages_per_second_and_errors(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 2)
    (tmp_path / "in" / "bad.html").write_bytes(b"")
    assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--progress"]) == 1
    err = capsys.readouterr().err
    assert "pages/s" in err and "errors=1" in err and "3/3" in err


def test_spreadsheet_safe(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    body = '<p>=HYPERLINK("http://example.org","click") was found in 12% of the notes.</p>'
    (tmp_path / "in" / "f.html").write_text(page(body=body), encoding="utf-8")
    for flag, start in (([], "=HYPERLINK"), (["--spreadsheet-safe"], "'=HYPERLINK")):
        out = tmp_path / f"out{len(flag)}"
        assert main(["run", str(tmp_path / "in"), "-o", str(out), "-q", *flag]) == 0
        sentences = (out / "sentences.csv").read_text(encoding="utf-8")
        assert f'"{start}(""http://example.org"",""click"") was found' in sentences
        clean = (out / "clean" / "f.html.txt").read_text(encoding="utf-8")
        assert '=HYPERLINK("http://example.org","click")' in clean  # clean text as on the page


@pytest.mark.skipif(not os.path.ismount("/proc"), reason="needs /proc mounted")
def test_outdir_that_is_a_mount_point(tmp_path: Path, capsys) -> None:
    write_pages(tmp_path / "in", 1)
    assert main(["run", str(tmp_path / "in"), "-o", "/proc"]) == 2
    err = capsys.readouterr().err
    assert "is a mount point" in err and err.count("\n") == 1


def test_a_broken_rule_file_is_one_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    from evidence_extract import pipeline
    from evidence_extract.nlp.rules import RuleError

    def broken():
        raise RuleError("patterns/levels.jsonl: unknown label 'LEVELS'")

    write_pages(tmp_path / "in", 2)
    # the run builds the pipeline before any document (batch/run.py's
    # _check_pipeline, which loads it from the pipeline module when called)
    monkeypatch.setattr(pipeline, "default_extractor", broken)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "-j", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rule or settings files are broken" in err
    assert "unknown label 'LEVELS'" in err and not out.exists()
