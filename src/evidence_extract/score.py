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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

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
    name: str
    golden_table: str
    our_table: str
    golden_key: Callable[[dict], tuple]
    our_key: Callable[[dict], tuple]
    golden_filter: Callable[[dict], bool] = lambda r: True
    our_filter: Callable[[dict], bool] = lambda r: True


def _metrics(level_code: dict[tuple[str, str], str]) -> list[Metric]:
    def loe_code(r: dict) -> str:
        return level_code.get((r["doc_id"], r["loe_id"]), "")

    return [
        Metric(
            "levels (code)",
            "evidence_levels",
            "evidence_levels",
            lambda r: (r["code"],),
            lambda r: (r["code"],),
        ),
        Metric(
            "levels decoded (code, scheme, design, endpoint)",
            "evidence_levels",
            "evidence_levels",
            lambda r: (r["code"], r["scheme"], r["design"], r["endpoint"]),
            lambda r: (r["code"], r["scheme"], r["design"], r["endpoint"]),
        ),
        Metric(
            "levels with refs (code, refs)",
            "evidence_levels",
            "evidence_levels",
            lambda r: (r["code"], r["refs"]),
            lambda r: (r["code"], r["refs"]),
        ),
        Metric(
            "citations (ref_number)",
            "citations",
            "citations",
            lambda r: (_num(r["ref_number"]),),
            lambda r: (_num(r["ref_number"]),),
        ),
        Metric(
            "citations with level (ref_number, loe_code)",
            "citations",
            "citations",
            lambda r: (_num(r["ref_number"]), r["loe_code"]),
            lambda r: (_num(r["ref_number"]), loe_code(r)),
        ),
        Metric(
            "citations with section (ref_number, ref_section)",
            "citations",
            "citations",
            lambda r: (_num(r["ref_number"]), r["ref_section"]),
            lambda r: (_num(r["ref_number"]), r["ref_section"]),
        ),
        Metric(
            "citation PMIDs (ref_number, pmid; golden with pmid)",
            "citations",
            "citations",
            lambda r: (_num(r["ref_number"]), r["pmid"]),
            lambda r: (_num(r["ref_number"]), r["pmid"]),
            golden_filter=lambda r: bool(r["pmid"]),
            our_filter=lambda r: bool(r["pmid"]),
        ),
        Metric(
            "references (ref_section, ref_number, pmid)",
            "references",
            "references",
            lambda r: (r["ref_section"], _num(r["ref_number"]), r["pmid"]),
            lambda r: (r["ref_section"], _num(r["ref_number"]), r["pmid"]),
        ),
        Metric(
            "references (ref_number, pmid)",
            "references",
            "references",
            lambda r: (_num(r["ref_number"]), r["pmid"]),
            lambda r: (_num(r["ref_number"]), r["pmid"]),
        ),
        Metric(
            "percentages (low, high, qualifier, role)",
            "percentages",
            "percentages",
            lambda r: (_num(r["low"]), _num(r["high"]), r["qualifier"], r["role"]),
            lambda r: (_num(r["low"]), _num(r["high"]), r["qualifier"], r["role"]),
        ),
        Metric(
            "P values (comparator, value)",
            "p_values",
            "p_values",
            lambda r: (r["comparator"], _num(r["value"])),
            lambda r: (r["comparator"], _num(r["value"])),
        ),
    ]


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


def score(
    outdir: Path, golden: Path
) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]], dict]:
    manifest = _read(golden / "manifest.csv")
    documents = _read(outdir / "documents.csv")
    slug_to_doc = _doc_ids(manifest, documents)
    ours_levels = _read(outdir / "evidence_levels.csv")
    level_code = {(r["doc_id"], r["loe_id"]): r["code"] for r in ours_levels.to_dict("records")}
    metrics = _metrics(level_code)
    totals = {m.name: Counts() for m in metrics}
    per_page: dict[str, dict[str, Counts]] = {}
    cache: dict[str, pd.DataFrame] = {}

    def table(folder: Path, name: str) -> pd.DataFrame:
        key = f"{folder}/{name}"
        if key not in cache:
            cache[key] = _read(folder / f"{name}.csv")
        return cache[key]

    cleaning = {"words": Counts(), "leaked_lines": 0, "missing_pages": []}
    for slug in manifest["slug"]:
        doc_id = slug_to_doc.get(slug)
        if doc_id is None:
            cleaning["missing_pages"].append(slug)
            continue
        per_page[slug] = {}
        for m in metrics:
            g = table(golden, m.golden_table)
            o = table(outdir, m.our_table)
            g_rows = (
                [r for r in g.to_dict("records") if r["slug"] == slug and m.golden_filter(r)]
                if len(g)
                else []
            )
            o_rows = (
                [r for r in o.to_dict("records") if r["doc_id"] == doc_id and m.our_filter(r)]
                if len(o)
                else []
            )
            c = Counts()
            c.add(Counter(map(m.golden_key, g_rows)), Counter(map(m.our_key, o_rows)))
            per_page[slug][m.name] = c
            totals[m.name].add(Counter(map(m.golden_key, g_rows)), Counter(map(m.our_key, o_rows)))
        clean_path = outdir / "clean" / f"{doc_id}.txt"
        clean = clean_path.read_text(encoding="utf-8") if clean_path.exists() else ""
        main = golden / "main" / f"{slug}.txt"
        if main.exists():
            words = Counts()
            words.add(
                Counter(WORD.findall(main.read_text(encoding="utf-8"))),
                Counter(WORD.findall(clean)),
            )
            per_page[slug]["main-content words"] = words
            cleaning["words"].add(
                Counter(WORD.findall(main.read_text(encoding="utf-8"))),
                Counter(WORD.findall(clean)),
            )
        chrome = golden / "boilerplate" / f"{slug}.txt"
        if chrome.exists():
            leaked = [
                ln
                for ln in chrome.read_text(encoding="utf-8").splitlines()
                if ln.strip() and ln in clean
            ]
            cleaning["leaked_lines"] += len(leaked)
            per_page[slug]["leaked chrome lines"] = Counts(len(leaked), 0, 0)
    return totals, per_page, cleaning


def main(outdir: Path, golden: Path, pages: Path | None = None) -> int:
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
