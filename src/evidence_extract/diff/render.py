"""A comparison as text (for a terminal), JSON (for programs: every row) or
Markdown (for a pull request or a report)."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum

from . import Comparison
from .rows import Change, RowDiff, TableDiff

MARK = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~", Change.MOVED: ">"}
COUNTS = ("old", "new", "same", "added", "removed", "changed", "moved")


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def _counts(t: TableDiff) -> list[int]:
    return [t.n_old, t.n_new, t.n_same, *(t.count(c) for c in Change)]


def _where(at: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in at.items())


def _values(values: dict[str, str]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


def describe(row: RowDiff) -> str:
    """One row's difference on one line, with where it is and what differs."""
    if row.change == Change.CHANGED:
        what = "; ".join(f"{c}: {row.old[c]!r} -> {row.new[c]!r}" for c in row.old)
        return f"{row.doc_id} [{_where(row.old_at)} | {_where(row.new_at)}] {what}"
    if row.change == Change.MOVED:
        return f"{row.doc_id} [{_where(row.old_at)}] -> [{_where(row.new_at)}]"
    at, values = (row.new_at, row.new) if row.change == Change.ADDED else (row.old_at, row.old)
    return f"{row.doc_id} [{_where(at)}] {_values(values)}"


def _shown(t: TableDiff, max_rows: int) -> tuple[list[RowDiff], int]:
    order = {c: i for i, c in enumerate(Change)}
    rows = sorted(t.rows, key=lambda r: order[r.change])
    return rows[:max_rows], max(0, len(rows) - max_rows)


def _metric_rows(c: Comparison) -> list[tuple[str, str, float, float, float, int, int]]:
    return [
        (name, c.labels.get(name, ""), m.precision, m.recall, m.f1, m.n_gold, m.n_ours)
        for name, m in c.metrics.items()
    ]


def _below(c: Comparison) -> list[str]:
    return [
        f"{doc}: {name} F1 {m.f1:.3f}"
        for doc, metrics in c.per_document.items()
        for name, m in metrics.items()
        if m.f1 < 1.0
    ]


def _expected(c: Comparison) -> str:
    return "golden" if c.with_golden else "OLD"


def text(c: Comparison, max_rows: int = 20) -> str:
    out = [f"OLD {c.old} ({c.old_kind})", f"NEW {c.new} ({c.new_kind})", ""]
    out.append(f"{'table':22s}" + "".join(f"{h:>9s}" for h in COUNTS))
    for name, t in c.tables.items():
        out.append(f"{name:22s}" + "".join(f"{n:9d}" for n in _counts(t)))
    if c.missing:
        out.append(f"golden documents missing from the output: {', '.join(c.missing)}")
    for name, t in c.tables.items():
        rows, more = _shown(t, max_rows)
        if rows:
            out += ["", f"{name}:"] + [f"  {MARK[r.change]} {describe(r)}" for r in rows]
            out += [f"  ... and {more} more (--max-rows, or --format json for all)"] if more else []
    if c.with_golden:
        out += ["", f"against the {_expected(c)} side", "", _metric_table_text(c)]
        out.append(f"boilerplate lines in the clean text: {sum(c.leaked.values())}")
        below = _below(c)
        out += ["", "documents below F1 1.0:"] + [f"  {b}" for b in below] if below else []
    return "\n".join(out) + "\n"


def _metric_table_text(c: Comparison) -> str:
    lines = [f"{'metric':48s} {'P':>7s} {'R':>7s} {'F1':>7s} {'gold':>7s} {'ours':>7s}"]
    for name, _, p, r, f1, gold, ours in _metric_rows(c):
        lines.append(f"{name:48s} {p:7.4f} {r:7.4f} {f1:7.4f} {gold:7d} {ours:7d}")
    return "\n".join(lines)


def markdown(c: Comparison, max_rows: int = 20) -> str:
    out = [f"**OLD** `{c.old}` ({c.old_kind}) — **NEW** `{c.new}` ({c.new_kind})", ""]
    out += ["| table | " + " | ".join(COUNTS) + " |", "|---" * (len(COUNTS) + 1) + "|"]
    out += [f"| {n} | " + " | ".join(map(str, _counts(t))) + " |" for n, t in c.tables.items()]
    if c.missing:
        out += ["", "Golden documents missing from the output: " + ", ".join(c.missing)]
    for name, t in c.tables.items():
        rows, more = _shown(t, max_rows)
        if rows:
            out += ["", f"### {name}", ""]
            out += [f"- `{MARK[r.change]}` {describe(r)}" for r in rows]
            out += [f"- ... and {more} more"] if more else []
    if c.with_golden:
        out += ["", f"### Against the {_expected(c)} side", ""]
        out += ["| metric | what | P | R | F1 | gold | ours |", "|---|---|---|---|---|---|---|"]
        out += [
            f"| {n} | {label} | {p:.4f} | {r:.4f} | {f1:.4f} | {g} | {o} |"
            for n, label, p, r, f1, g, o in _metric_rows(c)
        ]
        out += ["", f"Boilerplate lines in the clean text: {sum(c.leaked.values())}"]
    return "\n".join(out) + "\n"


def as_json(c: Comparison) -> str:
    data = {
        "old": {"path": str(c.old), "kind": c.old_kind},
        "new": {"path": str(c.new), "kind": c.new_kind},
        "differs": c.differs,
        "missing_documents": c.missing,
        "tables": {
            name: {
                "columns": t.columns,
                "key": t.key,
                **dict(zip(COUNTS, _counts(t), strict=True)),
                "rows": [asdict(r) for r in t.rows],
            }
            for name, t in c.tables.items()
        },
        "metrics": {
            name: {**asdict(m), "precision": m.precision, "recall": m.recall, "f1": m.f1}
            for name, m in c.metrics.items()
        },
        "metric_labels": c.labels,
        "per_document": {
            doc: {name: asdict(m) for name, m in metrics.items()}
            for doc, metrics in c.per_document.items()
        },
        "leaked_boilerplate_lines": c.leaked,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(c: Comparison, fmt: DiffFormat, max_rows: int = 20) -> str:
    if fmt == DiffFormat.JSON:
        return as_json(c)
    return markdown(c, max_rows) if fmt == DiffFormat.MARKDOWN else text(c, max_rows)
