"""Precision, recall and F1 of one side against the other (the golden side,
or OLD when neither is golden), micro-averaged over documents.

Rows are compared by value as multisets within each document; each metric
names the columns it compares, so a metric can ask a narrow question
(`evidence_levels/code`: are the tags found?) or a wide one (the table's
name: are the rows right in every column both sides have?). Besides the
tables, `clean/words` compares the clean text's words with a golden
folder's main text; lines of its boilerplate found in the clean text are
counted apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..schema import Table
from .rows import normal
from .sides import LEVEL_CODE

WORD = re.compile(r"\w+")
WORDS = "clean/words"


@dataclass
class Counts:
    tp: int = 0
    n_gold: int = 0
    n_ours: int = 0

    def add(self, gold: Counter, ours: Counter) -> None:
        self.tp += sum((gold & ours).values())
        self.n_gold += sum(gold.values())
        self.n_ours += sum(ours.values())

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.n_gold, self.n_ours = (
            self.tp + other.tp,
            self.n_gold + other.n_gold,
            self.n_ours + other.n_ours,
        )
        return self

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
    """Rows of `table` compared as multisets of `columns`; `with_pmid`
    counts only rows that have a PMID, on both sides. A metric of every
    value both sides have is named by its table alone."""

    table: str
    columns: tuple[str, ...]
    with_pmid: bool = False
    label: str = ""
    every_value: bool = False

    @property
    def name(self) -> str:
        return self.table if self.every_value else f"{self.table}/{','.join(self.columns)}"

    def keys(self, frame: pd.DataFrame) -> Counter:
        if not set(self.columns) <= set(frame.columns):
            return Counter()
        if self.with_pmid:
            frame = frame[frame["pmid"] != ""]
        rows = frame[list(self.columns)].itertuples(index=False)
        return Counter(
            tuple(normal(c, v) for c, v in zip(self.columns, row, strict=True)) for row in rows
        )


# The questions the golden extracts were made to answer.
METRICS = (
    Metric(Table.EVIDENCE_LEVELS, ("code",), label="tags found"),
    Metric(Table.EVIDENCE_LEVELS, ("code", "scheme", "design", "endpoint"), label="decoded"),
    Metric(Table.EVIDENCE_LEVELS, ("code", "refs"), label="linked to their callout"),
    Metric(Table.CITATIONS, ("ref_number",), label="numbers cited"),
    Metric(Table.CITATIONS, ("ref_number", LEVEL_CODE), label="with the level qualifying them"),
    Metric(Table.CITATIONS, ("ref_number", "ref_section"), label="in the right reference list"),
    Metric(Table.CITATIONS, ("ref_number", "pmid"), True, label="PMIDs (rows with a PMID)"),
    Metric(Table.REFERENCES, ("ref_section", "ref_number", "pmid"), label="entries and PMIDs"),
    Metric(Table.REFERENCES, ("ref_number", "pmid"), label="entries and PMIDs, any list"),
    Metric(Table.PERCENTAGES, ("low", "high", "qualifier", "role"), label="values"),
    Metric(Table.P_VALUES, ("comparator", "value"), label="values"),
    Metric(Table.EFFECT_SIZES, ("measure", "value", "ci_low", "ci_high"), label="estimates"),
    Metric(Table.TRIALS, ("registry", "trial_id"), label="identifiers"),
)


def words(text: str) -> Counter:
    return Counter(WORD.findall(text))


def leaked_lines(boilerplate: str, clean: str) -> int:
    return sum(1 for line in boilerplate.splitlines() if line.strip() and line in clean)
