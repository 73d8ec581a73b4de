"""`evidence-extract report OUTDIR`: one self-contained HTML page of what an
analyst looks at first in a run's tables.

Documents and their status; level tags by ranking and code; levels per
document; the reported P values; percentages by role; the documents with the
most citations that found no PMID; and every level row with its sentence
and section in a table that sorts and filters. Charts are inline SVG
(charts.py), style and script are inline: the file opens offline, anywhere.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pandas as pd

from ..datapackage import DESCRIPTOR
from ..frames import read_output
from ..schema import REPORT_FILE, DocumentStatus, Table
from . import charts
from .page import PAGE, table_html


def _meta(outdir: Path) -> str:
    path = outdir / DESCRIPTOR
    if not path.is_file():
        return ""
    package = json.loads(path.read_text(encoding="utf-8")).get("evidence_extract", {})
    inputs = package.get("inputs", {})
    return (
        f"evidence_extract {escape(str(package.get('version', '?')))} · "
        f"inputs SHA-256 <code>{escape(str(inputs.get('sha256', '?'))[:16])}…</code>"
    )


def _status(documents: pd.DataFrame) -> str:
    counts = documents["status"].value_counts()
    chips = "".join(
        f'<span class="chip {escape(s)}">{escape(s)}: {n}</span>' for s, n in counts.items()
    )
    problems = documents[documents["status"] != DocumentStatus.OK][["doc_id", "status", "error"]]
    columns = ["doc_id", "title", "site", "summary_type", "status", "n_sentences"]
    columns += ["n_evidence_levels", "n_citations", "n_percentages", "n_p_values"]
    listing = table_html(documents[columns], "documents-table")
    problem_list = (
        "<p>Not processed:</p>" + table_html(problems, "problems-table")
        if len(problems)
        else "<p>Every document was processed.</p>"
    )
    return f'<p class="chips">{chips}</p>{problem_list}{_filter("documents-table")}{listing}'


def _filter(table_id: str) -> str:
    return (
        f'<p><input type="search" data-filter="{table_id}" placeholder="filter rows…">'
        f' <span class="shown" data-count="{table_id}"></span></p>'
    )


def _level_rows(levels: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    joined = levels.merge(
        sentences[["doc_id", "sentence_id", "section", "text"]],
        on=["doc_id", "sentence_id"],
        how="left",
        suffixes=("", "_sentence"),
    )
    columns = ["doc_id", "scheme", "code", "design_label", "endpoint_label", "refs"]
    return joined[[*columns, "section", "text_sentence"]].rename(
        columns={"text_sentence": "sentence"}
    )


def _p_note(p: pd.DataFrame) -> str:
    if p.empty:
        return ""
    ns = int((p["comparator"] == "ns").sum())
    below = int(((p["value"] < charts.P_THRESHOLD) & (p["comparator"] != ">")).sum())
    return f"<p>{len(p)} P values: {below} below .05; {ns} reported only as not significant.</p>"


def build_report(outdir: str | Path) -> str:
    folder = Path(outdir)
    frames = read_output(folder)
    empty = pd.DataFrame()
    docs = frames[Table.DOCUMENTS]
    levels = frames.get(Table.EVIDENCE_LEVELS, empty)
    cites = frames.get(Table.CITATIONS, empty)
    p = frames.get(Table.P_VALUES, empty)
    sections = [
        ("documents", f"Documents ({len(docs)})", _status(docs)),
        (
            "levels",
            "Evidence levels by ranking and code",
            "<p>A code means something only within its ranking (<code>scheme</code>): "
            "compare codes ranking by ranking.</p>" + charts.levels_by_scheme(levels),
        ),
        ("per-document", "Levels per document", charts.levels_per_document(levels)),
        ("p-values", "Reported P values", _p_note(p) + charts.p_values(p)),
        (
            "percentages",
            "Percentages by role",
            charts.percentages(frames.get(Table.PERCENTAGES, empty)),
        ),
        (
            "unresolved",
            "Documents with the most unresolved citations",
            "<p>Citations whose number found no PubMed ID on the page (or in a "
            "<code>--reference-index</code>).</p>" + charts.unresolved(cites),
        ),
        (
            "level-rows",
            f"Level rows ({len(levels)})",
            _filter("levels-table")
            + table_html(_level_rows(levels, frames[Table.SENTENCES]), "levels-table"),
        ),
    ]
    nav = " · ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{escape(title)}</h2>{content}</section>'
        for key, title, content in sections
    )
    return PAGE.format(
        title=escape(f"Evidence report: {folder.name}"),
        heading=escape(f"Evidence extracted from {len(docs)} documents"),
        meta=_meta(folder),
        nav=nav,
        body=body,
    )


def write_report(outdir: str | Path, target: str | Path | None = None) -> Path:
    path = Path(target) if target else Path(outdir) / REPORT_FILE
    path.write_text(build_report(outdir), encoding="utf-8", newline="\n")
    return path
