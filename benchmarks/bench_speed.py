"""Time the whole pipeline on the PDQ bench bundle beside what a user would
otherwise run, all measured in one run on the same pages:

* floor: lxml parses each page and walks every text node (no tool is faster);
* trafilatura: `trafilatura.extract` on each page, boilerplate removal only
  (`pip install -e ".[bench]"`), timed in its process around the loop (the
  issue's measure), and again as a script timed from outside, as the
  pipeline is (interpreter start-up, its import and reading the pages
  included; its results written nowhere);
* this pipeline: `evidence-extract run` with `--jobs 1` and `--jobs 2`, all
  tables and clean texts written, start-up included.

Each is timed in a process of its own (so each has its own peak memory), the
rounds interleaved, and the median round reported as pages/s, MB/s and peak
RSS, with ratios of time to trafilatura and to the floor. Then: the cold
start of `evidence-extract run` on one small page, and the scaling check
(one page's body repeated 1x, 4x, 16x: time per copy must stay flat).

    python benchmarks/bench_speed.py [BENCH.tar.xz | FOLDER] [--rounds N] [--limit N] [--copies N]

`--copies N` reads every page N times (as N files): a larger batch, over
which the pipeline's fixed start-up (spaCy's import, the pipeline built
once) weighs less. Copies of a page add no new words to the vocabulary, so
the pipeline's later copies are a little faster than new pages would be.

Default bundle: ../shared/bench/pdq-hp-cgov.tar.xz (a folder of extracted
pages works too). Timings on a shared machine are noisy: compare figures of
one run only; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "pdq-hp-cgov.tar.xz"
ONE_PAGE = Path(__file__).resolve().parents[1] / "tests" / "data" / "pages" / "cgov"

# Each measurement runs as `python bench_speed.py --measure KIND FOLDER`:
# the child prints one JSON line (seconds, peak RSS of itself and its workers).


def _measure(kind: str, folder: Path) -> dict:
    import resource

    pages = sorted(folder.glob("*.html"))
    data = [p.read_bytes() for p in pages]
    start = time.perf_counter()
    if kind == "floor":
        from lxml import etree

        for d in data:
            root = etree.fromstring(d, etree.HTMLParser())
            sum(len(t) for t in root.itertext()) if root is not None else 0
    elif kind == "trafilatura":
        import trafilatura

        for d in data:
            trafilatura.extract(d)
    else:
        raise ValueError(kind)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": 0.0,
    }


def _child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _run_pipeline(folder: Path, jobs: int, out: Path) -> dict:
    """`evidence-extract run` as a user starts it, timed from outside: the
    command's `main`, then the end the command makes (`cli.entry`: streams
    flushed, no interpreter teardown)."""
    code = (
        "import json, os, resource, sys, time\n"
        "t = time.perf_counter()\n"
        "from evidence_extract.cli import main\n"
        f"status = main(['run', {str(folder)!r}, '-o', {str(out)!r}, '--jobs', '{jobs}', "
        "'--no-progress'])\n"
        "s = time.perf_counter() - t\n"
        "print(json.dumps({'seconds': s, 'status': status,"
        " 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'worker_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
        "sys.stdout.flush()\n"
        "os._exit(0)\n"
    )
    return _timed_script(code)


def _timed_script(code: str) -> dict:
    """Run `python -c code`; the JSON line it prints last, with the seconds
    it took timed from outside (interpreter start-up included)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def _run_trafilatura(folder: Path) -> dict:
    """trafilatura as a user's script runs it, timed from outside as the
    pipeline is: interpreter start-up, the import and reading each page
    included (its results are not written anywhere)."""
    code = (
        "import json, pathlib, resource, sys\n"
        "import trafilatura\n"
        f"for p in sorted(pathlib.Path({str(folder)!r}).glob('*.html')):\n"
        "    trafilatura.extract(p.read_bytes())\n"
        "print(json.dumps({'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'worker_rss_mb': 0.0}))\n"
    )
    return _timed_script(code)


def _pages_folder(source: Path, tmp: Path, limit: int, copies: int = 1) -> Path:
    if source.is_dir():
        pages = sorted(source.glob("*.html"))
    else:
        with tarfile.open(source) as tar:
            tar.extractall(tmp / "bundle", filter="data")
        pages = sorted((tmp / "bundle").rglob("*.html"))
    if limit:
        pages = pages[:limit]
    folder = tmp / "pages"
    folder.mkdir()
    for p in pages:
        for k in range(copies):
            name = p.name if k == 0 else f"{p.stem}-copy{k}{p.suffix}"
            (folder / name).symlink_to(p.resolve())
    return folder


def _row(name: str, r: dict, n_pages: int, megabytes: float, traf: float, floor: float) -> str:
    s = r["seconds"]
    workers = f" + {r['worker_rss_mb']:.0f}/worker" if r.get("worker_rss_mb") else ""
    return (
        f"| {name} | {s:.2f} | {n_pages / s:.1f} | {megabytes / s:.2f} | "
        f"{r['rss_mb']:.0f}{workers} | {s / traf:.2f} | {s / floor:.1f} |"
    )


def _scaling(page: Path, copies: tuple[int, ...] = (1, 4, 16)) -> list[tuple[int, float]]:
    """Seconds per copy of one page whose body is repeated 1x, 4x, 16x."""
    from evidence_extract.pipeline import process_document

    html = page.read_text(encoding="utf-8")
    m = re.search(r"(?is)(<body[^>]*>)(.*)(</body>)", html)
    if not m:
        raise ValueError(f"{page}: no <body>")
    head, body, tail = html[: m.end(1)], m.group(2), html[m.start(3) :]
    process_document("warm-up.html", html.encode())
    out = []
    for n in copies:
        data = (head + body * n + tail).encode()
        best = min(_timed(lambda d=data: process_document("p.html", d)) for _ in range(2))
        out.append((n, best / n))
    return out


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--copies", type=int, default=1, help="read every page N times")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return 0
    if not args.source.exists():
        print(f"no bench bundle at {args.source}", file=sys.stderr)
        return 2
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print('trafilatura is not installed: pip install -e ".[bench]"', file=sys.stderr)
        return 2
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = _pages_folder(args.source, tmp, args.limit, args.copies)
        pages = sorted(folder.glob("*.html"))
        megabytes = sum(p.stat().st_size for p in pages) / 1e6
        print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML\n")
        rounds: dict[str, list[dict]] = {}
        for i in range(args.rounds):
            for kind in ("floor", "trafilatura"):
                rounds.setdefault(kind, []).append(_child(["--measure", kind, str(folder)]))
            rounds.setdefault("trafilatura_run", []).append(_run_trafilatura(folder))
            for jobs in (1, 2):
                result = _run_pipeline(folder, jobs, tmp / f"out-{jobs}-{i}")
                rounds.setdefault(f"jobs{jobs}", []).append(result)
        median = {k: statistics.median(r["seconds"] for r in v) for k, v in rounds.items()}
        pick = {
            k: min(v, key=lambda r, m=median[k]: abs(r["seconds"] - m)) for k, v in rounds.items()
        }
        traf, floor = median["trafilatura"], median["floor"]
        print(f"median of {args.rounds} rounds")
        print("| what | seconds | pages/s | MB/s | peak RSS MB | x trafilatura | x floor |")
        print("|---|---|---|---|---|---|---|")
        names = {
            "floor": "floor: lxml parse + walk of every text node",
            "trafilatura": "trafilatura `extract` per page (cleaning only)",
            "trafilatura_run": "the same as a script: start-up, import, reading included",
            "jobs1": "evidence-extract run --jobs 1 (all tables)",
            "jobs2": "evidence-extract run --jobs 2",
        }
        for key, name in names.items():
            print(_row(name, pick[key], len(pages), megabytes, traf, floor))
        print(
            f"\n--jobs 2 is {median['jobs1'] / median['jobs2']:.2f}x faster than --jobs 1; "
            f"--jobs 1 takes {median['jobs1'] / traf:.2f}x trafilatura's time "
            f"({median['jobs1'] / median['trafilatura_run']:.2f}x when both are timed from "
            "outside, start-up included)"
        )
        # jobs 1 and jobs 2 of one round run one after the other: their ratio
        # drifts less with the machine than a ratio of medians
        pairs = zip(rounds["jobs1"], rounds["jobs2"], strict=True)
        per_round = [one["seconds"] / two["seconds"] for one, two in pairs]
        print(
            "--jobs 1 / --jobs 2 per round: "
            + ", ".join(f"{r:.2f}" for r in per_round)
            + f" (median {statistics.median(per_round):.2f})"
        )
        one = sorted(ONE_PAGE.glob("*.html"), key=lambda p: p.stat().st_size)[0]
        cold = [_run_pipeline(one, 1, tmp / "one")["seconds"] for _ in range(3)]
        print(
            f"\ncold start, `evidence-extract run {one.name}` "
            f"({one.stat().st_size / 1e3:.0f} kB): {statistics.median(cold):.2f} s (median of 3)"
        )
        middle = sorted(pages, key=lambda p: p.stat().st_size)[len(pages) // 2]
        print(f"\nscaling: {middle.name} ({middle.stat().st_size / 1e3:.0f} kB), body repeated")
        per_copy = _scaling(middle)
        for n, seconds in per_copy:
            print(
                f"  {n:2d}x: {seconds:.3f} s per copy ({seconds / per_copy[0][1]:.2f}x the 1x time)"
            )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
