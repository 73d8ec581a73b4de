"""`evidence-extract diff OLD NEW`: two output folders, or an output folder
and a golden folder, compared by value, table by table.

Rows added, removed and changed per table (rows.py), and precision, recall
and F1 of one side against the other (metrics.py): against the golden side
when there is one, else against OLD. Exit status as diff(1)'s: 0 when
nothing differs, 1 when something does (or, with `--fail-under`, when a
metric misses its threshold), 2 on a usage error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..schema import ROW_TYPES, Table
from .metrics import METRICS, WORDS, Counts, Metric, leaked_lines, words
from .rows import Change, RowDiff, TableDiff, diff_table
from .sides import FolderError, Side, SideKind, align, read_side

__all__ = ["Change", "Comparison", "Counts", "FolderError", "RowDiff", "TableDiff", "compare"]


@dataclass
class Comparison:
    old: Path
    new: Path
    old_kind: SideKind
    new_kind: SideKind
    tables: dict[str, TableDiff]
    # documents of the golden side that the output lacks (golden slugs)
    missing: list[str] = field(default_factory=list)
    # metric name -> counts over all documents, and per document (a golden
    # document by its slug); the expected side is the golden one, else OLD
    metrics: dict[str, Counts] = field(default_factory=dict)
    per_document: dict[str, dict[str, Counts]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # golden boilerplate lines found in the clean text, per document (slug)
    leaked: dict[str, int] = field(default_factory=dict)

    @property
    def with_golden(self) -> bool:
        return SideKind.GOLDEN in (self.old_kind, self.new_kind)

    @property
    def differs(self) -> bool:
        words = self.metrics.get(WORDS)
        return (
            bool(self.missing)
            or any(t.rows for t in self.tables.values())
            or (words is not None and not words.tp == words.n_gold == words.n_ours)
            or any(self.leaked.values())
        )

    def missed(self, thresholds: dict[str, float]) -> list[str]:
        """The thresholds not reached, as `name F1 < threshold`."""
        unknown = sorted(set(thresholds) - set(self.metrics))
        if unknown:
            raise FolderError(
                f"--fail-under: no metric {', '.join(unknown)} (one of: {', '.join(self.metrics)})"
            )
        return [
            f"{name} F1 {self.metrics[name].f1:.4f} < {limit}"
            for name, limit in thresholds.items()
            if self.metrics[name].f1 < limit
        ]


def _table_order(old: Side, new: Side) -> list[str]:
    known = [t.value for t in ROW_TYPES]
    shared = (set(old.tables) & set(new.tables)) - {"manifest"}
    return [t for t in known if t in shared] + sorted(shared - set(known))


def _by_document(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return dict(tuple(frame.groupby("doc_id", sort=False))) if len(frame) else {}


def _score_tables(result: Comparison, expected: Side, found: Side, docs: list[str]) -> None:
    metrics = [
        Metric(t, tuple(d.columns), label="rows equal in every value", every_value=True)
        for t, d in result.tables.items()
    ]
    metrics += [m for m in METRICS if m.table in result.tables]
    names = {**expected.names, **found.names}
    for table in result.tables:
        gold, ours = _by_document(expected.tables[table]), _by_document(found.tables[table])
        empty = expected.tables[table].iloc[0:0]
        for metric in (m for m in metrics if m.table == table):
            result.labels[metric.name] = metric.label
            total = result.metrics.setdefault(metric.name, Counts())
            for doc_id in docs:
                page = Counts()
                page.add(metric.keys(gold.get(doc_id, empty)), metric.keys(ours.get(doc_id, empty)))
                result.per_document.setdefault(names.get(doc_id, doc_id), {})[metric.name] = page
                total += page


def _score_cleaning(result: Comparison, golden: Side, ours: Side, docs: list[str]) -> None:
    result.labels[WORDS] = "main-content words"
    words_total = Counts()
    for doc_id in docs:
        clean = ours.clean_text(doc_id)
        if clean is None:
            continue
        page = result.per_document.setdefault(golden.names.get(doc_id, doc_id), {})
        main = golden.golden_text("main", doc_id)
        if main is not None:
            page[WORDS] = Counts()
            page[WORDS].add(words(main), words(clean))
            words_total += page[WORDS]
        chrome = golden.golden_text("boilerplate", doc_id)
        if chrome is not None:
            result.leaked[golden.names.get(doc_id, doc_id)] = leaked_lines(chrome, clean)
    result.metrics[WORDS] = words_total


def compare(old_path: str | Path, new_path: str | Path) -> Comparison:
    """Compare two folders (FolderError when one is neither an output nor a
    golden folder)."""
    old, new = read_side(Path(old_path)), read_side(Path(new_path))
    docs = align(old, new)
    result = Comparison(Path(old_path), Path(new_path), old.kind, new.kind, {})
    for table in _table_order(old, new):
        result.tables[table] = diff_table(table, old.tables[table], new.tables[table], docs)
    golden = next((s for s in (old, new) if s.kind == SideKind.GOLDEN), None)
    expected = golden or old
    found = new if expected is old else old
    if golden is not None and found.kind == SideKind.OUTPUT:
        have = set(found.tables[Table.DOCUMENTS]["doc_id"])
        result.missing = [golden.names[d] for d in docs if d not in have]
    _score_tables(result, expected, found, docs)
    if golden is not None and found.kind == SideKind.OUTPUT:
        _score_cleaning(result, golden, found, docs)
    return result
