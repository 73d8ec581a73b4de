"""Prove that a change leaves the output as it was: run the pipeline over
inputs and compare every table and clean text, byte for byte, with an
earlier run's output folder.

    python benchmarks/check_identical.py INPUT BASELINE [INPUT BASELINE ...] [--jobs N]
    python benchmarks/check_identical.py --write INPUT OUTDIR ...   # make the baseline first

Typical use: `--write` on the commit before a refactoring (into /tmp), then
the plain form on the commit after. Exit status 0 when every pair is
identical, 1 otherwise (the first differing lines of each file are shown).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
import time
from pathlib import Path

from evidence_extract.batch import run


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def compare(out: Path, baseline: Path, show: int = 6) -> list[str]:
    """Differences between two output folders, one line each (empty: identical)."""
    ours, theirs = _files(out), _files(baseline)
    problems = [f"only in the baseline: {name}" for name in sorted(theirs.keys() - ours.keys())]
    problems += [f"only in the new output: {name}" for name in sorted(ours.keys() - theirs.keys())]
    for name in sorted(ours.keys() & theirs.keys()):
        a, b = theirs[name].read_bytes(), ours[name].read_bytes()
        if a == b:
            continue
        diff = difflib.unified_diff(
            a.decode("utf-8", "replace").splitlines(),
            b.decode("utf-8", "replace").splitlines(),
            "baseline/" + name,
            "new/" + name,
            n=0,
            lineterm="",
        )
        problems.append(f"differs: {name}\n    " + "\n    ".join(list(diff)[2 : 2 + show]))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", type=Path, metavar="INPUT BASELINE")
    parser.add_argument("--write", action="store_true", help="write the baselines instead")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give INPUT BASELINE pairs")
    failed = False
    for source, baseline in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        start = time.perf_counter()
        if args.write:
            run([source], baseline, jobs=args.jobs)
            print(f"wrote {baseline} from {source}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            run([source], Path(tmp), jobs=args.jobs)
            problems = compare(Path(tmp), baseline)
        seconds = time.perf_counter() - start
        verdict = "identical" if not problems else f"{len(problems)} difference(s)"
        print(f"{source} vs {baseline}: {verdict} ({seconds:.1f} s)")
        for problem in problems:
            print("  " + problem)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
