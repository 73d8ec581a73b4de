"""Stage 8 — the command line, thin over the library.

    evidence-extract run [INPUT ...] [-o OUTDIR] [--jobs N] [--reference-index CSV ...]
    evidence-extract score OUTDIR GOLDEN
    evidence-extract schema

Exit status of `run`: 0 when every document was processed, 1 when one or
more failed (the rest are still written), 2 for a usage error (nothing
written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .schema import data_dictionary

DEFAULT_INPUT = Path("raw")
DEFAULT_OUTPUT = Path("output")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidence-extract",
        description="Turn saved PDQ-style health pages into tidy evidence tables.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="extract every table from saved pages")
    run_p.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        metavar="INPUT",
        help="files or folders (walked for .html .htm .xhtml .txt); default raw/",
    )
    run_p.add_argument(
        "-o",
        "--outdir",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="output folder (default output/); its tables are replaced",
    )
    run_p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="worker processes (default: up to 4, one per core)",
    )
    run_p.add_argument(
        "--reference-index",
        type=Path,
        action="append",
        default=[],
        metavar="CSV",
        help="references.csv of an earlier run (repeatable): fills PMIDs a page does not show "
        "(text saves) by the reference's text",
    )
    run_p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when stderr is a terminal)",
    )
    score_p = sub.add_parser("score", help="compare an output folder with golden extracts")
    score_p.add_argument("outdir", type=Path)
    score_p.add_argument("golden", type=Path)
    sub.add_parser("schema", help="print the data dictionary of every table")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error of the run.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        print(data_dictionary())
        return 0
    if args.command == "score":
        from .score import main as score_main

        return score_main(args.outdir, args.golden)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    # spaCy and the pipeline load only for a run (start-up of `schema`, `score`)
    from .batch import run
    from .load import InputError

    inputs = args.inputs or [DEFAULT_INPUT]
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        return run(inputs, args.outdir, args.jobs, progress, args.reference_index)
    except InputError as error:
        print(f"evidence-extract: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
