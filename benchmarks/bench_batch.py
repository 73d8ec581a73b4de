"""Batch runs at scale: peak memory, the cache, the Dask engine.

Each run is `python -m evidence_extract run` in a subprocess whose process
tree is sampled for resident memory (psutil, extra `bench`):

1. peak RSS over the bench bundle once and repeated 4x (four folders of
   symlinks to the same pages, so four times the documents under other
   doc_ids): memory must not grow with the number of documents (the 4x
   run within 15 % of the 1x run);
2. `--cache`: a first run into an empty cache, a re-run with nothing
   changed, and a re-run with 10 pages changed;
3. `--engine dask` (a local cluster of --jobs workers, started by the run)
   beside the local engine on the same pages.

    python benchmarks/bench_batch.py [BENCH.tar.xz] [--jobs N] [--parts memory,cache,dask]

Default archive: ../shared/bench/pdq-hp-cgov.tar.xz. Timings on a shared
machine are noisy: compare only figures of the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psutil

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "pdq-hp-cgov.tar.xz"
MAX_GROWTH = 0.15
CHANGED = 10


class Measured:
    def __init__(self, seconds: float, peaks: dict[str, float], summary: str) -> None:
        self.seconds, self.summary = seconds, summary
        self.main_mb, self.worker_mb, self.tree_mb = peaks["main"], peaks["worker"], peaks["tree"]


def measure(args: list[str]) -> Measured:
    """Run the tool; wall time and peak RSS, sampled every 20 ms: of the
    main process, of the largest other process (a worker), and of the whole
    tree at one instant (which also depends on which documents happen to be
    processed at the same time)."""
    command = [sys.executable, "-m", "evidence_extract", "run", *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    peaks = {"main": 0, "worker": 0, "tree": 0}
    done = threading.Event()

    def sample() -> None:
        main = psutil.Process(process.pid)
        while not done.is_set():
            try:
                rss = main.memory_info().rss
                others = [_rss(c) for c in main.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            peaks["main"] = max(peaks["main"], rss)
            peaks["worker"] = max(peaks["worker"], *others, 0)
            peaks["tree"] = max(peaks["tree"], rss + sum(others))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"run failed ({process.returncode}): {stderr}")
    summary = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return Measured(seconds, {k: v / 2**20 for k, v in peaks.items()}, summary)


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def show(label: str, m: Measured) -> None:
    print(
        f"{label:40s} {m.seconds:6.1f} s   peak RSS: main {m.main_mb:4.0f} MB, "
        f"largest worker {m.worker_mb:4.0f} MB, all at once {m.tree_mb:4.0f} MB",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--parts",
        default="memory,cache,dask",
        help="which measurements, comma-separated (default: memory,cache,dask)",
    )
    args = parser.parse_args()
    if not args.archive.exists():
        print(f"no bench archive at {args.archive}", file=sys.stderr)
        return 2
    jobs = ["-j", str(args.jobs), "--no-progress"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with tarfile.open(args.archive) as tar:
            tar.extractall(tmp / "archive", filter="data")
        pages = sorted((tmp / "archive").rglob("*.html"))
        once = tmp / "once"
        four = tmp / "four-times"
        once.mkdir()
        for page in pages:
            (once / page.name).symlink_to(page)
        for copy in range(4):
            (four / f"copy{copy}").mkdir(parents=True)
            for page in pages:
                (four / f"copy{copy}" / page.name).symlink_to(page)
        megabytes = sum(p.stat().st_size for p in pages) / 1e6
        print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML, --jobs {args.jobs}, "
              f"{os.cpu_count()} cores")  # fmt: skip

        parts = set(args.parts.split(","))
        if "memory" in parts:
            memory(once, four, len(pages), jobs, tmp)
        if "cache" in parts:
            cache(once, pages, jobs, tmp)
        if "dask" in parts:
            engines(four / "copy0", args.jobs, jobs, tmp)
    return 0


def memory(once: Path, four: Path, n_pages: int, jobs: list[str], tmp: Path) -> None:
    print("\n1. memory flat in the number of documents")
    one = measure([str(once), "-o", str(tmp / "out1"), *jobs])
    show(f"local, {n_pages} pages", one)
    many = measure([str(four), "-o", str(tmp / "out4"), *jobs])
    show(f"local, {n_pages} pages x4 ({4 * n_pages} documents)", many)
    growth = {
        "main": many.main_mb / one.main_mb - 1,
        "largest worker": many.worker_mb / one.worker_mb - 1,
        "all at once": many.tree_mb / one.tree_mb - 1,
    }
    print("x4 vs x1: " + ", ".join(f"{k} {v:+.1%}" for k, v in growth.items()))
    verdict = (
        "within" if max(growth["main"], growth["largest worker"]) <= MAX_GROWTH else "NOT within"
    )
    print(f"main and largest worker {verdict} {MAX_GROWTH:.0%}")


def cache(once: Path, pages: list[Path], jobs: list[str], tmp: Path) -> None:
    print("\n2. --cache")
    option = ["--cache", str(tmp / "cache")]
    cold = measure([str(once), "-o", str(tmp / "cold"), *jobs, *option])
    show("first run, empty cache", cold)
    warm = measure([str(once), "-o", str(tmp / "warm"), *jobs, *option])
    show("re-run, nothing changed", warm)
    for page in pages[:CHANGED]:
        (once / page.name).unlink()
        (once / page.name).write_bytes(page.read_bytes() + b"\n<!-- changed -->\n")
    changed = measure([str(once), "-o", str(tmp / "changed"), *jobs, *option])
    show(f"re-run, {CHANGED} pages changed", changed)
    print(f"re-run / first run: {warm.seconds / cold.seconds:.2f} (nothing changed), "
          f"{changed.seconds / cold.seconds:.2f} ({CHANGED} changed)")  # fmt: skip
    print("  ", changed.summary)


def engines(pages: Path, n_jobs: int, jobs: list[str], tmp: Path) -> None:
    print("\n3. engines, same pages")
    dask = measure([str(pages), "-o", str(tmp / "dask"), *jobs, "--engine", "dask"])
    show(f"dask, local cluster of {n_jobs} workers", dask)
    local = measure([str(pages), "-o", str(tmp / "local"), *jobs])
    show(f"local engine, {n_jobs} worker processes", local)
    same = _same_files(tmp / "dask", tmp / "local")
    print(f"dask / local: {dask.seconds / local.seconds:.2f}; outputs identical: {same}")


def _same_files(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    return files(a) == files(b)


if __name__ == "__main__":
    sys.exit(main())
