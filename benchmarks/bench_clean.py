"""Benchmark the boilerplate remover against golden main content, beside trafilatura.

For every page of a corpus laid out like the project's (`pages/MANIFEST.csv`,
`golden/manifest.csv`, `golden/main/<slug>.txt`, `golden/boilerplate/<slug>.txt`)
it scores, per layout (rendering):

* word-level precision, recall and F1 of the clean text against the true
  main content (multisets of word tokens);
* leaked chrome lines: golden boilerplate lines found in the clean text;

for evidence_extract's cleaner and, in the same run, for trafilatura
(`pip install -e ".[bench]"`; skipped with a note if it is not installed),
configured for the most recall it offers (tables, lists, links kept).

    python benchmarks/bench_clean.py [CORPUS]     # default ../shared/corpus
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from evidence_extract.clean import clean_page
from evidence_extract.load import decode, page_format
from evidence_extract.settings import default_clean_options

WORD = re.compile(r"\w+")
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def ours(data: bytes, doc_path: str) -> str:
    fmt = page_format(doc_path)
    return clean_page(decode(data, fmt == "html"), fmt, default_clean_options()).text


def trafilatura_text(data: bytes, doc_path: str) -> str:
    import trafilatura

    text = decode(data, page_format(doc_path) == "html").text
    if page_format(doc_path) == "text":
        # trafilatura reads HTML only: give it the text as one <pre> page
        from html import escape

        text = f"<html><body><pre>{escape(text)}</pre></body></html>"
    out = trafilatura.extract(
        text,
        include_tables=True,
        include_formatting=False,
        include_links=False,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    return out or ""


def score(clean: str, main: str, chrome_lines: list[str]) -> tuple[int, int, int, int]:
    gold, got = Counter(WORD.findall(main)), Counter(WORD.findall(clean))
    tp = sum((gold & got).values())
    leaked = sum(1 for line in chrome_lines if line.strip() and line in clean)
    return tp, sum(gold.values()), sum(got.values()), leaked


def prf(tp: int, n_gold: int, n_ours: int) -> tuple[float, float, float]:
    p = tp / n_ours if n_ours else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    golden = args.corpus / "golden"
    if not (golden / "manifest.csv").exists():
        print(f"no golden corpus at {args.corpus}", file=sys.stderr)
        return 2
    tools = {"evidence_extract": ours}
    try:
        import trafilatura  # noqa: F401

        tools["trafilatura"] = trafilatura_text
    except ImportError:
        print("trafilatura not installed: pip install -e '.[bench]' to compare", file=sys.stderr)
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    seconds: dict[str, float] = defaultdict(float)
    with open(golden / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        data = (args.corpus / "pages" / row["doc_path"]).read_bytes()
        main_text = (golden / "main" / f"{row['slug']}.txt").read_text(encoding="utf-8")
        chrome = (golden / "boilerplate" / f"{row['slug']}.txt").read_text(encoding="utf-8")
        for name, tool in tools.items():
            start = time.perf_counter()
            clean = tool(data, row["doc_path"])
            seconds[name] += time.perf_counter() - start
            tp, n_gold, n_got, leaked = score(clean, main_text, chrome.splitlines())
            for key in ((name, row["rendering"]), (name, "ALL")):
                t = totals[key]
                t[0] += tp
                t[1] += n_gold
                t[2] += n_got
                t[3] += leaked
                t[4] += 1
    print(
        f"{'tool':18s} {'layout':14s} {'pages':>5s} {'P':>7s} {'R':>7s} {'F1':>7s} {'leaked':>6s}"
    )
    for (name, layout), (tp, n_gold, n_got, leaked, pages) in sorted(totals.items()):
        p, r, f = prf(tp, n_gold, n_got)
        print(f"{name:18s} {layout:14s} {pages:5d} {p:7.4f} {r:7.4f} {f:7.4f} {leaked:6d}")
    base = seconds["evidence_extract"]
    for name, s in seconds.items():
        print(f"time {name}: {s:.2f} s ({s / base:.2f}x evidence_extract's cleaner)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
