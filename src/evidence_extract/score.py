"""Compare an output folder with golden extracts (`evidence-extract score`).

The golden folder is laid out like the project corpus: `manifest.csv`
(slug, doc_path), per-table CSVs keyed by slug, `main/<slug>.txt` and
`boilerplate/<slug>.txt`. Rows are matched by value within each page, as
multisets (offsets and `text` are not compared): each metric names the
fields it compares. Prints per-metric precision, recall and F1 (micro
over pages), then per page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .schema import CLEAN_DIR, Table

WORD = re.compile(r"\w+")


def _num(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    try:
        d = Decimal(text)
    except InvalidOperation:
        return text.strip()
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@dataclass
class Counts:
    tp: int = 0
    n_gold: int = 0
    n_ours: int = 0

    def add(self, gold: Counter, ours: Counter) -> None:
        self.tp += sum((gold & ours).values())
        self.n_gold += sum(gold.values())
        self.n_ours += sum(ours.values())

    @property
    def precision(self) -> float:
        return self.tp / self.n_ours if self.n_ours else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Metric:
    """Rows of `table` compared as multisets of `fields` (numbers compared
    as numbers); `with_pmid` keeps only rows that have a PMID, on both sides."""

    name: str
    table: Table
    fields: tuple[str, ...]
    with_pmid: bool = False

    def key(self, row: dict) -> tuple:
        return tuple(_num(row[f]) if f in NUMERIC else row[f] for f in self.fields)

    def keys(self, rows: list[dict]) -> Counter:
        return Counter(self.key(r) for r in rows if not self.with_pmid or r["pmid"])


NUMERIC = {"ref_number", "low", "high", "value", "ci_low", "ci_high"}
METRICS = (
    Metric("levels (code)", Table.EVIDENCE_LEVELS, ("code",)),
    Metric(
        "levels decoded (code, scheme, design, endpoint)",
        Table.EVIDENCE_LEVELS,
        ("code", "scheme", "design", "endpoint"),
    ),
    Metric("levels with refs (code, refs)", Table.EVIDENCE_LEVELS, ("code", "refs")),
    Metric("citations (ref_number)", Table.CITATIONS, ("ref_number",)),
    Metric(
        "citations with level (ref_number, loe_code)", Table.CITATIONS, ("ref_number", "loe_code")
    ),
    Metric(
        "citations with section (ref_number, ref_section)",
        Table.CITATIONS,
        ("ref_number", "ref_section"),
    ),
    Metric(
        "citation PMIDs (ref_number, pmid; golden with pmid)",
        Table.CITATIONS,
        ("ref_number", "pmid"),
        with_pmid=True,
    ),
    Metric(
        "references (ref_section, ref_number, pmid)",
        Table.REFERENCES,
        ("ref_section", "ref_number", "pmid"),
    ),
    Metric("references (ref_number, pmid)", Table.REFERENCES, ("ref_number", "pmid")),
    Metric(
        "percentages (low, high, qualifier, role)",
        Table.PERCENTAGES,
        ("low", "high", "qualifier", "role"),
    ),
    Metric("P values (comparator, value)", Table.P_VALUES, ("comparator", "value")),
    Metric(
        "effect sizes (measure, value, ci_low, ci_high)",
        Table.EFFECT_SIZES,
        ("measure", "value", "ci_low", "ci_high"),
    ),
    Metric("trial IDs (registry, trial_id)", Table.TRIALS, ("registry", "trial_id")),
)


def _doc_ids(manifest: pd.DataFrame, documents: pd.DataFrame) -> dict[str, str]:
    """slug -> doc_id: the doc_id equals the golden doc_path, else its file
    stem equals the slug (pages vendored into another folder)."""
    ours = list(documents["doc_id"]) if "doc_id" in documents else []
    by_stem = {Path(d).stem: d for d in ours}
    out = {}
    for _, row in manifest.iterrows():
        if row["doc_path"] in ours:
            out[row["slug"]] = row["doc_path"]
        elif row["slug"] in by_stem:
            out[row["slug"]] = by_stem[row["slug"]]
    return out


def _grouped(path: Path, by: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in _read(path).to_dict("records"):
        groups[row[by]].append(row)
    return groups


def _our_tables(outdir: Path) -> dict[str, dict[str, list[dict]]]:
    """Our tables by doc_id; citations gain `loe_code`, the (first) code of
    the tag that qualifies them, as the golden files state it."""
    tables = {m.table: _grouped(outdir / m.table.file_name, "doc_id") for m in METRICS}
    code_of = {
        (row["doc_id"], row["loe_id"]): row["code"]
        for rows in tables[Table.EVIDENCE_LEVELS].values()
        for row in rows
    }
    for rows in tables[Table.CITATIONS].values():
        for row in rows:
            row["loe_code"] = code_of.get((row["doc_id"], row["loe_id"]), "")
    return tables


def score(
    outdir: Path, golden: Path
) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]], dict]:
    manifest = _read(golden / "manifest.csv")
    slug_to_doc = _doc_ids(manifest, _read(outdir / Table.DOCUMENTS.file_name))
    # A golden folder scores the tables it has files for.
    metrics = [m for m in METRICS if (golden / m.table.file_name).exists()]
    gold = {m.table: _grouped(golden / m.table.file_name, "slug") for m in metrics}
    ours = _our_tables(outdir)
    totals = {m.name: Counts() for m in metrics}
    per_page: dict[str, dict[str, Counts]] = {}
    cleaning = {"words": Counts(), "leaked_lines": 0, "missing_pages": []}
    for slug in manifest["slug"]:
        doc_id = slug_to_doc.get(slug)
        if doc_id is None:
            cleaning["missing_pages"].append(slug)
            continue
        per_page[slug] = {}
        for m in metrics:
            expected = m.keys(gold[m.table].get(slug, []))
            found = m.keys(ours[m.table].get(doc_id, []))
            page = per_page[slug][m.name] = Counts()
            page.add(expected, found)
            totals[m.name].add(expected, found)
        clean_path = outdir / CLEAN_DIR / f"{doc_id}.txt"
        clean = clean_path.read_text(encoding="utf-8") if clean_path.exists() else ""
        main = golden / "main" / f"{slug}.txt"
        if main.exists():
            expected_words = Counter(WORD.findall(main.read_text(encoding="utf-8")))
            words = per_page[slug]["main-content words"] = Counts()
            words.add(expected_words, Counter(WORD.findall(clean)))
            cleaning["words"].add(expected_words, Counter(WORD.findall(clean)))
        chrome = golden / "boilerplate" / f"{slug}.txt"
        if chrome.exists():
            leaked = [
                line
                for line in chrome.read_text(encoding="utf-8").splitlines()
                if line.strip() and line in clean
            ]
            cleaning["leaked_lines"] += len(leaked)
            per_page[slug]["leaked chrome lines"] = Counts(len(leaked), 0, 0)
    return totals, per_page, cleaning


def main(outdir: Path, golden: Path) -> int:
    totals, per_page, cleaning = score(outdir, golden)
    print(f"{'metric':58s} {'P':>7s} {'R':>7s} {'F1':>7s} {'gold':>6s} {'ours':>6s}")
    for name, c in totals.items():
        print(
            f"{name:58s} {c.precision:7.4f} {c.recall:7.4f} {c.f1:7.4f} {c.n_gold:6d} {c.n_ours:6d}"
        )
    w = cleaning["words"]
    print(
        f"{'main-content words':58s} {w.precision:7.4f} {w.recall:7.4f} {w.f1:7.4f} "
        f"{w.n_gold:6d} {w.n_ours:6d}"
    )
    print(f"leaked chrome lines: {cleaning['leaked_lines']}")
    if cleaning["missing_pages"]:
        print(f"golden pages missing from the output: {len(cleaning['missing_pages'])}")
    print()
    print("per page: F1 of each metric (in the order above), then leaked lines")
    for slug, metrics in per_page.items():
        f1s = " ".join(f"{c.f1:.3f}" for n, c in metrics.items() if n != "leaked chrome lines")
        leaked = metrics.get("leaked chrome lines", Counts()).tp
        print(f"  {slug[:60]:60s} {f1s} leaked={leaked}")
    return 0
