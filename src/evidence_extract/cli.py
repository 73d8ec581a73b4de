"""Stage 9 — the command line, thin over the library.

    evidence-extract run [INPUT ...] [-o OUTDIR] [--jobs N] [--cache DIR]
                         [--engine dask [--scheduler ADDRESS]] [--format csv|parquet] [--quiet] ...
    evidence-extract diff OLD NEW [--format text|json|markdown] [--fail-under NAME=F1 ...]
    evidence-extract score OUTDIR GOLDEN      (an alias of diff, kept for scripts)
    evidence-extract report OUTDIR [-o FILE]
    evidence-extract audit OUTDIR [--format text|json] [--fail-on-unexplained]
    evidence-extract schema
    evidence-extract --version

Exit status of `run`: 0 when every document was processed, 1 when one or
more failed (the rest are still written), 2 for a usage error (nothing
written), 130 when interrupted (OUTDIR left as it was). Every message is one
line on stderr. Of `diff`: 0 nothing differs, 1 something does (with
--fail-under: a metric is below its threshold), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
from pathlib import Path

from .resources import tool_version
from .schema import OutputFormat

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
        help="files or folders (walked for .html .htm .xhtml .txt .md .markdown .xml "
        ".warc .warc.gz, symlinks followed), or fsspec URLs (s3://...); default raw/",
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
        type=_at_least_one,
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
        "--format",
        choices=[f.value for f in OutputFormat],
        default=OutputFormat.CSV.value,
        help="csv (default): the CSV tables and datapackage.json; parquet: the same tables "
        "also as <table>.parquet, typed (needs pyarrow: the `parquet` extra)",
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
    _diff_options(
        sub.add_parser("diff", help="compare two output folders, or one with golden extracts")
    )
    _diff_options(sub.add_parser("score", help="the same as diff (an alias kept for scripts)"))
    report_p = sub.add_parser("report", help="write one self-contained HTML page of a run's tables")
    report_p.add_argument("outdir", type=Path, metavar="OUTDIR", help="a run's output folder")
    report_p.add_argument(
        "-o", "--output", type=Path, default=None, help="the HTML file (default OUTDIR/report.html)"
    )
    audit_p = sub.add_parser(
        "audit",
        help="list the places in the clean texts no row came from, and rows that look wrong",
    )
    audit_p.add_argument("outdir", type=Path, metavar="OUTDIR", help="a run's output folder")
    audit_p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (a table and examples) or json (every unexplained place)",
    )
    audit_p.add_argument(
        "--fail-on-unexplained",
        action="store_true",
        help="exit 1 when a place is left unexplained (for CI on your own pages)",
    )
    sub.add_parser("schema", help="print the data dictionary of every table")
    return parser


def _at_least_one(text: str) -> int:
    # a type, not a check after parsing: the usage shown is then run's own
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return number


def _threshold(text: str) -> tuple[str, float]:
    name, sep, value = text.rpartition("=")
    try:
        limit = float(value)
    except ValueError:
        limit = -1.0
    if not sep or not name or not 0.0 <= limit <= 1.0:
        raise argparse.ArgumentTypeError(f"expected NAME=F1 with F1 in 0..1, got {text!r}")
    return name, limit


def _diff_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", type=Path, metavar="OLD", help="output or golden folder")
    parser.add_argument("new", type=Path, metavar="NEW", help="output or golden folder")
    parser.add_argument(
        "--format",
        choices=["text", "json", "markdown"],
        default="text",
        help="text (a terminal), json (every row and metric) or markdown (a pull request)",
    )
    parser.add_argument(
        "--fail-under",
        type=_threshold,
        action="append",
        default=[],
        metavar="NAME=F1",
        help="exit 1 only when this metric's F1 is below the threshold (repeatable); "
        "NAME: a table (every value) or a metric as listed, e.g. evidence_levels/code",
    )
    parser.add_argument(
        "--max-rows", type=int, default=20, help="rows shown per table (text, markdown)"
    )


def _diff(args: argparse.Namespace) -> int:
    from .diff import FolderError, compare
    from .diff.render import DiffFormat, render

    try:
        comparison = compare(args.old, args.new)
        missed = comparison.missed(dict(args.fail_under))
    except FolderError as error:
        print(f"evidence-extract: error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(render(comparison, DiffFormat(args.format), args.max_rows))
    for line in missed:
        print(f"evidence-extract: below threshold: {line}", file=sys.stderr)
    if args.fail_under:
        return 1 if missed else 0
    return 1 if comparison.differs else 0


def _report(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("matplotlib") is None:
        print(
            "evidence-extract: error: report needs matplotlib: "
            "pip install 'evidence_extract[report]'",
            file=sys.stderr,
        )
        return 2
    from .frames import NotAnOutputFolder
    from .report import write_report

    try:
        path = write_report(args.outdir, args.output)
    except NotAnOutputFolder as error:
        print(f"evidence-extract: error: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from .audit import audit, render_json, render_text
    from .frames import NotAnOutputFolder

    try:
        result = audit(args.outdir)
    except NotAnOutputFolder as error:
        print(f"evidence-extract: error: {error}", file=sys.stderr)
        return 2
    print(render_json(result) if args.format == "json" else render_text(result), end="")
    return 1 if args.fail_on_unexplained and result.unexplained else 0


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


def entry() -> None:
    """The `evidence-extract` command: `main`, then the process ends
    without the interpreter's teardown, which frees every object of the run
    one by one (the spaCy vocabulary, the modules): 0.2 s at every exit,
    for memory the operating system takes back at once. Every output file
    is closed when `main` returns; the standard streams are flushed here."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a closed pipe
            stream.flush()
    os._exit(status)


def _error(message: str) -> None:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        from .schema import data_dictionary

        print(data_dictionary())
        return 0
    if args.command in ("diff", "score"):
        return _diff(args)
    if args.command == "report":
        return _report(args)
    if args.command == "audit":
        return _audit(args)
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    formats = frozenset({OutputFormat(args.format)})
    if OutputFormat.PARQUET in formats and importlib.util.find_spec("pyarrow") is None:
        parser.error("--format parquet needs pyarrow: pip install 'evidence_extract[parquet]'")
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
        formats=formats,
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
    entry()
