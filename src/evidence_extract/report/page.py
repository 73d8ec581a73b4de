"""The report's page: inline style and script, and tables that sort (click
a heading) and filter (type in the box above)."""

from __future__ import annotations

from html import escape

import pandas as pd

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 1em 2em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
.meta { color: #666; margin-top: 0; }
nav { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid #eee; }
nav a { color: #1f5fa8; text-decoration: none; }
.chip { display: inline-block; padding: 0.15em 0.7em; margin-right: 0.5em; border-radius: 1em;
        background: #e8f0fa; }
.chip.ok { background: #e3f4e1; } .chip.error { background: #fbe3e1; } .chip.empty { background: #fdf3d8; }
svg { max-width: 100%; height: auto; }
.scroll { max-height: 32em; overflow: auto; border: 1px solid #ddd; }
table.sortable { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.sortable th { position: sticky; top: 0; background: #f4f4f4; cursor: pointer; text-align: left;
                    padding: 0.3em 0.5em; border-bottom: 1px solid #ccc; white-space: nowrap; }
table.sortable th[data-order="asc"]::after { content: " ▲"; }
table.sortable th[data-order="desc"]::after { content: " ▼"; }
table.sortable td { padding: 0.25em 0.5em; border-bottom: 1px solid #eee; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
input[type=search] { width: 24em; padding: 0.3em 0.5em; }
.shown { color: #666; }
"""

SCRIPT = """
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, i) => th.addEventListener("click", () => {
    const asc = th.dataset.order !== "asc";
    heads.forEach(h => delete h.dataset.order);
    th.dataset.order = asc ? "asc" : "desc";
    const numeric = th.dataset.type === "number";
    const rows = Array.from(table.tBodies[0].rows);
    rows.sort((a, b) => {
      const x = a.cells[i].textContent, y = b.cells[i].textContent;
      const c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return asc ? c : -c;
    });
    table.tBodies[0].append(...rows);
  }));
  table.dataset.ready = "sortable";
}
for (const input of document.querySelectorAll("input[data-filter]")) {
  const table = document.getElementById(input.dataset.filter);
  const count = document.querySelector(`[data-count="${input.dataset.filter}"]`);
  const update = () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every(w => text.includes(w));
      shown += row.hidden ? 0 : 1;
    }
    count.textContent = `${shown} of ${table.tBodies[0].rows.length} rows`;
  };
  input.addEventListener("input", update);
  update();
}
"""

PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>{title}</title>\n<style>"
    + STYLE.replace("{", "{{").replace("}", "}}")
    + '</style>\n</head>\n<body>\n<h1>{heading}</h1>\n<p class="meta">{meta}</p>\n'
    "<nav>{nav}</nav>\n{body}\n<script>"
    + SCRIPT.replace("{", "{{").replace("}", "}}")
    + "</script>\n</body>\n</html>\n"
)


def _cell(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else escape(str(value))  # fmt: skip


def table_html(frame: pd.DataFrame, table_id: str) -> str:
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    heads = "".join(
        f'<th data-type="{"number" if c in numeric else "text"}">{escape(c)}</th>'
        for c in frame.columns
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_cell(v)}</td>' if c in numeric else f"<td>{_cell(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="scroll"><table class="sortable" id="{table_id}">'
        f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
