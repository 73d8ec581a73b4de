"""Stage 9 — the command line, thin over the library.

    evidence-extract run [INPUT ...] [-o OUTDIR] [--jobs N] [--cache DIR]
                         [--engine dask [--scheduler ADDRESS]] [--quiet] ...
    evidence-extract score OUTDIR GOLDEN
    evidence-extract schema
    evidence-extract --version

Exit status of `run`: 0 when every document was processed, 1 when one or
more failed (the rest are still written), 2 for a usage error (nothing
written), 130 when interrupted (OUTDIR left as it was). Every message is one
line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .resources import tool_version

PROG = "evidence-extract"
DEFAULT_INPUT = "raw"
DEFAULT_OUTPUT = Path("output")
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Turn saved PDQ-style health pages into tidy evidence tables."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {tool_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="extract every table from saved pages")
    run_p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or folders (walked for .html .htm .xhtml .txt, symlinks followed), or "
        "fsspec URLs (s3://...); default raw/",
    )
    run_p.add_argument(
        "-o",
        "--outdir",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="output folder (default output/); replaced as a whole when the run is complete",
    )
    run_p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="worker processes (default: up to 4, one per core); 1 runs in this process",
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
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep each document's result in DIR and reuse it when the document, the tool "
        "and its rules are unchanged",
    )
    run_p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local worker processes (default) or a Dask cluster (extra `dask`)",
    )
    run_p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a "
        "local cluster of --jobs workers",
    )
    run_p.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="put a ' before text cells a spreadsheet would run as a formula "
        "(starting with = + - @, tab or CR)",
    )
    run_p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when stderr is a terminal)",
    )
    run_p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar, and no summary unless documents failed",
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
    except KeyboardInterrupt:  # before the run had its own handler
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _error(message: str) -> None:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        from .schema import data_dictionary

        print(data_dictionary())
        return 0
    if args.command == "score":
        from .score import main as score_main

        return score_main(args.outdir, args.golden)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    # Imported here: spaCy takes a moment to load, and --version, usage
    # errors and Ctrl-C during start-up should not wait for it.
    from .batch import Engine, Interrupted, OutputError, RunOptions, run
    from .load import InputError

    options = RunOptions(
        jobs=args.jobs,
        engine=Engine(args.engine),
        scheduler=args.scheduler,
        cache_dir=args.cache,
        reference_index=tuple(args.reference_index),
        spreadsheet_safe=args.spreadsheet_safe,
        progress=sys.stderr.isatty() if args.progress is None else args.progress,
        quiet=args.quiet,
    )
    try:
        return run(args.inputs or [DEFAULT_INPUT], args.outdir, options)
    except InputError as error:
        _error(str(error))
        return 2
    except OutputError as error:
        _error(str(error))
        return 1
    except (Interrupted, KeyboardInterrupt):
        print(f"{PROG}: interrupted; {args.outdir} left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
