"""Row-by-row differences of one table: rows added, removed, changed.

Rows of the same document are matched first by where they are (offsets, or
the table's own key such as a reference's section and number), then, for
the rows left over (the offsets moved, or one side is golden and has none),
by value: the two sequences of rows in page order are aligned as diff(1)
aligns lines. Values are compared as the schema types them (`85.0` is `85`,
`.007` is `0.007`).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pandas as pd

from ..schema import ROW_TYPES, ColumnType, column_types, positional_columns, primary_key

OFFSETS = ("char_start", "char_end")
# Columns never compared: the shared document name, and a golden row's slug.
NOT_VALUES = {"doc_id", "slug"}
COLUMN_TYPES: dict[str, ColumnType] = {}
POSITIONAL: set[str] = set()
for _row_type in ROW_TYPES.values():
    COLUMN_TYPES.update(column_types(_row_type))
    POSITIONAL.update(positional_columns(_row_type))


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # the same values at other offsets


def normal(column: str, value: str) -> str:
    """A cell as compared: numbers by value, text as written."""
    if COLUMN_TYPES.get(column) not in (ColumnType.INTEGER, ColumnType.NUMBER):
        return value
    if value.isdigit() and value[:1] != "0":  # most cells: already plain
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value.strip()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


@dataclass
class RowDiff:
    change: Change
    doc_id: str
    # where the row is on each side: its key columns and its row number in the file
    old_at: dict[str, str] = field(default_factory=dict)
    new_at: dict[str, str] = field(default_factory=dict)
    # the values: all compared ones, or for a changed row only those that differ
    old: dict[str, str] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)


@dataclass
class TableDiff:
    table: str
    columns: list[str]  # the values compared
    key: list[str]  # matched first by these (empty: by value only)
    n_old: int = 0
    n_new: int = 0
    rows: list[RowDiff] = field(default_factory=list)

    def count(self, change: Change) -> int:
        return sum(1 for r in self.rows if r.change == change)

    @property
    def n_same(self) -> int:
        return self.n_old - self.count(Change.REMOVED) - self.count(Change.CHANGED)


def compared_columns(table: str, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    shared = [c for c in old.columns if c in set(new.columns)]
    return [c for c in shared if c not in NOT_VALUES and c not in POSITIONAL]


def key_columns(table: str, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Offsets when both sides have them, else the table's own key when it
    is made of values both sides have (a reference's section and number)."""
    both = set(old.columns) & set(new.columns)
    if set(OFFSETS) <= both:
        return list(OFFSETS)
    row_type = next((r for t, r in ROW_TYPES.items() if t.value == table), None)
    key = [c for c in primary_key(row_type) if c != "doc_id"] if row_type else []
    if key and set(key) <= both and not set(key) & POSITIONAL:
        return key
    return []


class _Rows:
    """One side's rows of one document: values, keys, row numbers."""

    def __init__(self, frame: pd.DataFrame, positions, columns: list[str], key: list[str]):
        self.numbers = [int(p) + 1 for p in positions]
        records = frame.iloc[list(positions)]
        self.values = [
            tuple(normal(c, v) for c, v in zip(columns, row, strict=True))
            for row in records[columns].itertuples(index=False)
        ]
        self.keys = [tuple(normal(c, v) for c, v in zip(key, row, strict=True)) for row in records[key].itertuples(index=False)] if key else []  # fmt: skip

    def at(self, i: int, key: list[str]) -> dict[str, str]:
        where = dict(zip(key, self.keys[i], strict=True)) if key else {}
        return {**where, "row": str(self.numbers[i])}


def _by_key(old: _Rows, new: _Rows) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of rows with the same key (the n-th of a key with the n-th),
    and the rows of each side left over."""
    slots: dict[tuple, list[int]] = defaultdict(list)
    for j, key in enumerate(new.keys):
        slots[key].append(j)
    pairs, old_left = [], []
    for i, key in enumerate(old.keys):
        if slots.get(key):
            pairs.append((i, slots[key].pop(0)))
        else:
            old_left.append(i)
    paired = {j for _, j in pairs}
    return pairs, old_left, [j for j in range(len(new.keys)) if j not in paired]


def _changed(columns: list[str], a: tuple, b: tuple) -> tuple[dict, dict]:
    differ = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return {columns[k]: a[k] for k in differ}, {columns[k]: b[k] for k in differ}


def _diff_document(diff: TableDiff, doc_id: str, old: _Rows, new: _Rows) -> None:
    cols, key = diff.columns, diff.key
    if key:
        pairs, old_left, new_left = _by_key(old, new)
        for i, j in pairs:
            if old.values[i] != new.values[j]:
                before, after = _changed(cols, old.values[i], new.values[j])
                diff.rows.append(
                    RowDiff(Change.CHANGED, doc_id, old.at(i, key), new.at(j, key), before, after)
                )
    else:
        old_left, new_left = list(range(len(old.values))), list(range(len(new.values)))
    a = [old.values[i] for i in old_left]
    b = [new.values[j] for j in new_left]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_left[i1:i2], new_left[j1:j2]
        if op == "equal":
            if key:  # matched by value, not where it was
                for i, j in zip(olds, news, strict=True):
                    diff.rows.append(RowDiff(Change.MOVED, doc_id, old.at(i, key), new.at(j, key)))
            continue
        n_pairs = min(len(olds), len(news)) if op == "replace" else 0
        for i, j in zip(olds[:n_pairs], news[:n_pairs], strict=True):
            before, after = _changed(cols, old.values[i], new.values[j])
            diff.rows.append(
                RowDiff(Change.CHANGED, doc_id, old.at(i, key), new.at(j, key), before, after)
            )
        for i in olds[n_pairs:]:
            full = dict(zip(cols, old.values[i], strict=True))
            diff.rows.append(RowDiff(Change.REMOVED, doc_id, old_at=old.at(i, key), old=full))
        for j in news[n_pairs:]:
            full = dict(zip(cols, new.values[j], strict=True))
            diff.rows.append(RowDiff(Change.ADDED, doc_id, new_at=new.at(j, key), new=full))


def diff_table(table: str, old: pd.DataFrame, new: pd.DataFrame, docs: list[str]) -> TableDiff:
    """The differences of one table over the documents `docs`."""
    diff = TableDiff(table, compared_columns(table, old, new), key_columns(table, old, new))
    old_at = old.groupby("doc_id", sort=False).indices if len(old) else {}
    new_at = new.groupby("doc_id", sort=False).indices if len(new) else {}
    for doc_id in docs:
        a = _Rows(old, old_at.get(doc_id, []), diff.columns, diff.key)
        b = _Rows(new, new_at.get(doc_id, []), diff.columns, diff.key)
        diff.n_old += len(a.values)
        diff.n_new += len(b.values)
        _diff_document(diff, doc_id, a, b)
    return diff
