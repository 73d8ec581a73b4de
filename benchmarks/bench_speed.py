"""Time the pipeline on the PDQ bench corpus, as ratios to a baseline.

The baseline, measured in the same run on the same pages, is the floor of
any HTML tool: parse the page with BeautifulSoup + lxml and take its text.
Then, per stage: cleaning only, the whole per-document step in one process,
and `evidence-extract run` with worker processes (tables written).

    python benchmarks/bench_speed.py [BENCH.tar.xz] [--limit N] [--jobs N]

Default archive: ../shared/bench/pdq-hp-cgov.tar.xz.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from evidence_extract.batch import run
from evidence_extract.clean import clean_page
from evidence_extract.load import decode
from evidence_extract.pipeline import process_document
from evidence_extract.settings import default_clean_options

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "pdq-hp-cgov.tar.xz"


def timed(label: str, fn, baseline: float | None = None) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    ratio = f"{seconds / baseline:6.2f}x baseline" if baseline else "  (baseline)"
    print(f"{label:52s} {seconds:8.2f} s {ratio}", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not args.archive.exists():
        print(f"no bench archive at {args.archive}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(args.archive) as tar:
            tar.extractall(tmp, filter="data")
        pages = sorted(Path(tmp).rglob("*.html"))
        if args.limit:
            pages = pages[: args.limit]
        data = [p.read_bytes() for p in pages]
        megabytes = sum(map(len, data)) / 1e6
        print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML, {os.cpu_count()} cores")
        process_document("warm-up.html", data[0])  # build the spaCy pipeline once

        def baseline() -> None:
            for d in data:
                BeautifulSoup(d, "lxml").get_text()

        base = timed("baseline: BeautifulSoup(lxml).get_text()", baseline)
        timed(
            "clean only (decode + boilerplate removal)",
            lambda: [clean_page(decode(d, True), "html", default_clean_options()) for d in data],
            base,
        )
        timed(
            "per-document step, 1 process (all rows)",
            lambda: [process_document(f"{i}.html", d) for i, d in enumerate(data)],
            base,
        )
        folder = pages[0].parent
        out = Path(tmp) / "out"
        subset = Path(tmp) / "subset"
        if args.limit:
            subset.mkdir()
            for p in pages:
                (subset / p.name).symlink_to(p)
            folder = subset
        timed(
            f"evidence-extract run, {args.jobs} worker processes",
            lambda: run([folder], out, jobs=args.jobs),
            base,
        )
        with open(out / "documents.csv", encoding="utf-8") as fh:
            statuses = Counter(row["status"] for row in csv.DictReader(fh))
        print("documents by status:", dict(sorted(statuses.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
