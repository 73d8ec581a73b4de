"""The report's charts: matplotlib figures rendered to inline SVG.

matplotlib draws every chart offline into SVG text that the page embeds, so
the report needs no network and no script to show them (Vega-Lite would need
its JavaScript inlined, and vl-convert to inline it). Text stays text in the
SVG (searchable, crisp), and the output is the same for the same tables.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

STYLE = {
    "svg.fonttype": "none",  # text as text, set in the page's font
    "svg.hashsalt": "evidence-extract",  # the same ids every time
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
P_THRESHOLD = 0.05


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> Figure:
    with rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def _empty(message: str) -> str:
    fig = _figure(6, 0.8)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666")
    return _svg(fig)


def scheme_colors(schemes: list[str]) -> dict[str, str]:
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted(schemes))}


def levels_by_scheme(levels: pd.DataFrame) -> str:
    """One bar chart of code counts per ranking: a code means something
    only within its ranking."""
    if levels.empty:
        return _empty("no level-of-evidence tags")
    counts = levels.groupby(["scheme", "code"]).size()
    schemes = sorted(counts.index.get_level_values(0).unique())
    colors = scheme_colors(schemes)
    ncols = min(3, len(schemes))
    nrows = -(-len(schemes) // ncols)
    tallest = max(len(counts[s]) for s in schemes)
    with rc_context(STYLE):
        fig = _figure(4 * ncols, max(1.6, 0.22 * tallest + 0.8) * nrows)
        for i, scheme in enumerate(schemes):
            ax = fig.add_subplot(nrows, ncols, i + 1)
            codes = counts[scheme].sort_index(ascending=False)
            ax.barh(codes.index, codes.values, color=colors[scheme])
            ax.set_title(f"{scheme} ({int(codes.sum())} rows)")
            ax.bar_label(ax.containers[0], padding=2, fontsize=8)
            ax.set_xlabel("level rows")
            ax.margins(x=0.15)
    return _svg(fig)


def levels_per_document(levels: pd.DataFrame, top: int = 30) -> str:
    if levels.empty:
        return _empty("no level-of-evidence tags")
    table = levels.groupby(["doc_id", "scheme"]).size().unstack(fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=True).index[-top:]]
    colors = scheme_colors(list(table.columns))
    with rc_context(STYLE):
        fig = _figure(9, 0.26 * len(table) + 1.2)
        ax = fig.add_subplot()
        left = np.zeros(len(table))
        labels = [d if len(d) <= 60 else "…" + d[-59:] for d in table.index]
        for scheme in table.columns:
            ax.barh(labels, table[scheme], left=left, color=colors[scheme], label=scheme)
            left += table[scheme].to_numpy()
        ax.set_xlabel("level rows")
        ax.legend(title="ranking", loc="lower right", frameon=False)
        if len(levels["doc_id"].unique()) > top:
            ax.set_title(f"the {top} documents with the most level rows")
    return _svg(fig)


def p_values(p: pd.DataFrame) -> str:
    """Reported P values on a log scale, exact values and bounds apart,
    with the conventional .05 line."""
    values = p[p["comparator"] != "ns"].dropna(subset=["value"])
    values = values[values["value"] > 0]
    if values.empty:
        return _empty("no P values")
    bins = np.logspace(np.log10(min(values["value"].min(), 1e-4)), 0, 41)
    exact = values[values["comparator"] == "="]["value"].astype(float)
    bounds = values[values["comparator"] != "="]["value"].astype(float)
    with rc_context(STYLE):
        fig = _figure(9, 3.2)
        ax = fig.add_subplot()
        ax.hist(
            [exact, bounds],
            bins=bins,
            stacked=True,
            color=[PALETTE[0], PALETTE[1]],
            label=["P = x", "P < x, P > x, ... (bounds)"],
        )
        ax.set_xscale("log")
        ax.axvline(P_THRESHOLD, color="#d62728", linestyle="--", linewidth=1.2)
        ax.text(P_THRESHOLD * 1.1, ax.get_ylim()[1] * 0.97, "P = .05", color="#d62728", va="top")
        ax.set_xlabel("P value (log scale)")
        ax.set_ylabel("P values")
        ax.legend(frameon=False, loc="upper left")
    return _svg(fig)


def percentages(pct: pd.DataFrame) -> str:
    """How many percentages per role and qualifier, and where the values lie."""
    if pct.empty:
        return _empty("no percentages")
    qualifier = pct["qualifier"].fillna("(none)")
    counts = pd.crosstab(pct["role"], qualifier)
    with rc_context(STYLE):
        fig = _figure(10, 3.2)
        ax = fig.add_subplot(1, 2, 1)
        left = np.zeros(len(counts))
        for i, name in enumerate(counts.columns):
            ax.barh(counts.index, counts[name], left=left, color=PALETTE[i % 8], label=name)
            left += counts[name].to_numpy()
        ax.set_title("percentages by role and qualifier")
        ax.set_xlabel("percentages")
        ax.legend(title="qualifier", frameon=False, fontsize=8)
        ax2 = fig.add_subplot(1, 2, 2)
        for i, role in enumerate(sorted(pct["role"].dropna().unique())):
            low = pct.loc[pct["role"] == role, "low"].dropna().astype(float)
            ax2.hist(low, bins=np.linspace(0, 100, 21), alpha=0.7, color=PALETTE[i], label=role)
        ax2.set_title("values (a range: its low end)")
        ax2.set_xlabel("percent")
        ax2.legend(title="role", frameon=False)
    return _svg(fig)


def unresolved(cites: pd.DataFrame, top: int = 15) -> str:
    """Documents with the most citations that found no PMID."""
    if cites.empty:
        return _empty("no citations")
    missing = cites["pmid"].isna().groupby(cites["doc_id"]).agg(["sum", "size"])
    missing = missing[missing["sum"] > 0].sort_values("sum").tail(top)
    if missing.empty:
        return _empty("every citation has a PMID")
    with rc_context(STYLE):
        fig = _figure(9, 0.28 * len(missing) + 1.0)
        ax = fig.add_subplot()
        labels = [d if len(d) <= 60 else "…" + d[-59:] for d in missing.index]
        bars = ax.barh(labels, missing["sum"], color=PALETTE[3])
        shares = [
            f"{s} of {n} ({s / n:.0%})"
            for s, n in zip(missing["sum"], missing["size"], strict=True)
        ]
        ax.bar_label(bars, shares, padding=3, fontsize=8)
        ax.set_xlabel("citations without a PMID")
        ax.margins(x=0.25)
    return _svg(fig)
