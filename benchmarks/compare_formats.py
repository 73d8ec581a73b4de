"""Compare the level and citation rows of the same summaries saved two ways.

Two output folders of `evidence-extract run` (say, cancer.gov HTML pages
and the same summaries saved as Markdown) are matched by slug: the doc_id's
file name without its suffixes. Per slug, rows are compared as multisets of
values that do not depend on the format's clean text (no offsets, no
sentence ids):

- levels: (code, scheme, refs)
- citations: (callout text, ref_number, ref_section, pmid, level code)

    python benchmarks/compare_formats.py OUT_A OUT_B [--show N]

Prints per-slug counts and the first N differing rows of each side.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path


def slug(doc_id: str) -> str:
    name = doc_id.rsplit("/", 1)[-1]
    for suffix in (".html", ".htm", ".xhtml", ".txt", ".markdown", ".md", ".xml"):
        name = name.removesuffix(suffix)
    return name


def read(out: Path, table: str) -> list[dict[str, str]]:
    with (out / table).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rows_by_slug(out: Path) -> dict[str, dict[str, Counter]]:
    levels = read(out, "evidence_levels.csv")
    code_of = {(r["doc_id"], r["loe_id"]): r["code"] for r in levels}
    found: dict[str, dict[str, Counter]] = {}

    def of(doc_id: str) -> dict[str, Counter]:
        return found.setdefault(slug(doc_id), {"levels": Counter(), "citations": Counter()})

    for r in levels:
        of(r["doc_id"])["levels"][(r["code"], r["scheme"], r["refs"])] += 1
    for r in read(out, "citations.csv"):
        level = code_of.get((r["doc_id"], r["loe_id"]), "")
        key = (r["text"], r["ref_number"], r["ref_section"], r["pmid"], level)
        of(r["doc_id"])["citations"][key] += 1
    for r in read(out, "documents.csv"):
        of(r["doc_id"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--show", type=int, default=5, help="differing rows shown per side")
    args = parser.parse_args()
    a, b = rows_by_slug(args.a), rows_by_slug(args.b)
    totals: Counter = Counter()
    for name in sorted(a.keys() & b.keys()):
        line = [name]
        for table in ("levels", "citations"):
            only_a = a[name][table] - b[name][table]
            only_b = b[name][table] - a[name][table]
            n_a, n_b = sum(a[name][table].values()), sum(b[name][table].values())
            same = n_a - sum(only_a.values())
            totals.update({f"{table} a": n_a, f"{table} b": n_b, f"{table} same": same})
            totals[f"slugs with {table} equal"] += not only_a and not only_b
            line.append(f"{table} {n_a}/{n_b} same {same}")
            for label, diff in (("only a", only_a), ("only b", only_b)):
                for row in list(diff.elements())[: args.show]:
                    line.append(f"\n    {table} {label}: {row}")
        print("  ".join(line))
    print(
        f"slugs in both: {len(a.keys() & b.keys())}; only a: {len(a.keys() - b.keys())}; "
        f"only b: {len(b.keys() - a.keys())}"
    )
    for key in sorted(totals):
        print(f"{key}: {totals[key]}")


if __name__ == "__main__":
    main()
