"""Nothing is lost, whatever stops a run: killed (SIGKILL) or interrupted
(SIGINT, SIGTERM) before, during or after the final swap, OUTDIR holds the
previous output byte for byte or the new one complete, never a mix.

Runs are subprocesses paused at a named point (test-only hook,
batch/fault_points.py) and signalled there.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from evidence_extract.batch import run

from .batch_support import resume, snapshot, staging_folders, start_paused, write_pages

BEFORE_SWAP = ["discovered", "processing", "merged"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Inputs of an earlier and a new run, and the new run's output."""
    base = tmp_path_factory.mktemp("interrupt")
    write_pages(base / "old-in", 2, prefix="old")
    new_in = base / "new-in"
    write_pages(new_in, 4, prefix="new")
    (new_in / "extra.txt").write_text("A text page.\n\nSurvival was 50% at five years.\n")
    assert run([new_in], base / "expected") == 0
    return {"old_in": base / "old-in", "new_in": new_in, "expected": base / "expected"}


def _previous_output(tmp_path: Path, runs: dict[str, Path]) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    assert run([runs["old_in"]], out) == 0
    previous = snapshot(out)
    # every file of the new output but a header-only table differs from the
    # previous one's, so a mix would show
    new = snapshot(runs["expected"]).items()
    assert all(previous.get(k) != v or v.count(b"\n") == 1 for k, v in new)
    return out, previous


def _args(runs: dict[str, Path], out: Path, jobs: int = 2) -> list[str]:
    return [str(runs["new_in"]), "-o", str(out), "-j", str(jobs)]


@pytest.mark.parametrize("point", [*BEFORE_SWAP, "swapped"])
def test_sigkill(tmp_path: Path, runs, point: str) -> None:
    out, previous = _previous_output(tmp_path, runs)
    control = tmp_path / "control"
    process = start_paused(_args(runs, out), point, control)
    workers = _children(process.pid)
    process.kill()
    process.communicate(timeout=60)
    expected = snapshot(runs["expected"]) if point == "swapped" else previous
    assert snapshot(out) == expected
    _assert_gone(workers)
    # the next run removes what the killed one left beside OUTDIR
    assert run([runs["old_in"]], out) == 0
    assert snapshot(out) == previous and staging_folders(out) == []


@pytest.mark.parametrize(
    ("point", "signum"),
    [(p, signal.SIGINT) for p in BEFORE_SWAP] + [("processing", signal.SIGTERM)],
)
def test_interrupt_before_the_swap_keeps_the_previous_output(
    tmp_path: Path, runs, point: str, signum: int
) -> None:
    out, previous = _previous_output(tmp_path, runs)
    control = tmp_path / "control"
    process = start_paused(_args(runs, out), point, control)
    workers = _children(process.pid)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == f"evidence-extract: interrupted; {out} left as it was\n"
    assert snapshot(out) == previous
    assert staging_folders(out) == []
    _assert_gone(workers)


def test_interrupt_after_the_swap_ends_the_run_complete(tmp_path: Path, runs) -> None:
    out, _ = _previous_output(tmp_path, runs)
    control = tmp_path / "control"
    process = start_paused(_args(runs, out), "swapped", control)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert snapshot(out) == snapshot(runs["expected"])
    assert staging_folders(out) == []


def test_two_rename_fallback_window(tmp_path: Path, runs) -> None:
    """Without RENAME_EXCHANGE, OUTDIR is briefly absent between two renames.
    Signals wait until both are done; a SIGKILL there leaves the previous
    output whole beside OUTDIR, and the next run puts it back first."""
    out, previous = _previous_output(tmp_path, runs)
    control = tmp_path / "control"
    fallback = {"EVIDENCE_EXTRACT_TEST_SWAP": "rename"}
    process = start_paused(_args(runs, out), "moved-aside", control, **fallback)
    process.send_signal(signal.SIGINT)  # deferred until the new output is in
    resume(control, "moved-aside")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert snapshot(out) == snapshot(runs["expected"])

    shutil.rmtree(out)
    out, previous = _previous_output(tmp_path, runs)
    shutil.rmtree(control)
    process = start_paused(_args(runs, out), "moved-aside", control, **fallback)
    process.kill()
    process.communicate(timeout=60)
    assert not out.exists()
    (left,) = staging_folders(out)
    assert snapshot(left / "previous") == previous
    # the next run restores it before anything else; killed right after, it
    # leaves OUTDIR as it was before the first run
    shutil.rmtree(control)
    process = start_paused(_args(runs, out), "processing", control)
    process.kill()
    process.communicate(timeout=60)
    assert snapshot(out) == previous


def _children(pid: int) -> list:
    psutil = pytest.importorskip("psutil")
    return psutil.Process(pid).children(recursive=True)


def _assert_gone(processes: list) -> None:
    """Worker processes do not outlive the run, however it ended."""
    psutil = pytest.importorskip("psutil")
    _, alive = psutil.wait_procs(processes, timeout=20)
    assert alive == []
