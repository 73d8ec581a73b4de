"""Layouts the cleaner was not built on (tests/data/unseen, issue 10: NCBI
Bookshelf, cancer.gov of 2004, 2008 and 2010, a health-library syndication,
a blog, a hard-wrapped print view, XHTML, a drug page that is not PDQ), end
to end against their golden main text, chrome, titles and evidence rows."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from evidence_extract.diff import compare
from evidence_extract.pipeline import process_document

from .conftest import DATA, UNSEEN
from .warc_support import Record, write_warc

# The evidence tables of the golden folder, each compared by its own keys
# and by every value (diff.compare's metrics).
EVIDENCE_TABLES = ("evidence_levels", "citations", "references", "percentages", "p_values")


def _golden_csv(name: str) -> list[dict[str, str]]:
    with open(UNSEEN / "golden" / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, dtype=str, keep_default_na=False)


def test_unseen_layouts_meet_the_cleaning_targets(unseen_output: Path) -> None:
    comparison = compare(unseen_output, UNSEEN / "golden")
    per_page = comparison.per_document
    assert len(per_page) == 9 and comparison.missing == []
    assert comparison.leaked == dict.fromkeys(per_page, 0)
    for slug, metrics in per_page.items():
        words = metrics["clean/words"]
        assert words.recall >= 0.995 and words.precision >= 0.99, (slug, words)


def test_unseen_layouts_titles(unseen_output: Path) -> None:
    slugs = {row["doc_path"]: row["slug"] for row in _golden_csv("manifest.csv")}
    expected = {row["slug"]: row["title"] for row in _golden_csv("titles.csv")}
    docs = _table(unseen_output, "documents.csv")
    found = {slugs[d]: t for d, t in zip(docs["doc_id"], docs["title"], strict=True)}
    assert found == expected


@pytest.mark.parametrize("table", EVIDENCE_TABLES)
def test_unseen_layouts_evidence_rows(unseen_output: Path, table: str) -> None:
    comparison = compare(unseen_output, UNSEEN / "golden")
    names = [n for n in comparison.metrics if n == table or n.startswith(f"{table}/")]
    assert names
    for name in names:
        counts = comparison.metrics[name]
        assert counts.precision == counts.recall == 1.0, (name, counts)


def test_a_hard_wrapped_range_and_qualifier(unseen_output: Path) -> None:
    # issue 10, item 7: "An additional 3%" / "to 4% are pure SCCs" and
    # "(fewer than" / "3% of all bladder cancers" as the save wraps them
    pct = _table(unseen_output, "percentages.csv")
    pct = pct[pct["doc_id"] == "wrapped-txt/bladder-screening-wrapped.txt"]
    rows = set(zip(pct["text"], pct["low"], pct["high"], pct["qualifier"], strict=True))
    assert ("3% to 4%", "3", "4", "") in rows
    assert ("fewer than 3%", "3", "3", "lt") in rows
    assert ("Seventy percent to 90%", "70", "90", "") in rows
    assert not {"3%", "4%"} & set(pct["text"])


def _inputs() -> list[Path]:
    suffixes = {".html", ".htm", ".xhtml", ".txt", ".md", ".xml"}
    folders = [UNSEEN / "pages", DATA / "pages", DATA / "own-corpus" / "pages"]
    folders += [DATA / "formats" / "markdown", DATA / "formats" / "pdq-xml", DATA / "nogolden"]
    return sorted(p for f in folders for p in f.rglob("*") if p.suffix in suffixes)


def test_no_input_format_warns() -> None:
    # issue 10, item 9: an XHTML page (an XML declaration, parsed as HTML)
    # printed XMLParsedAsHTMLWarning lines; no format may warn at all
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in _inputs():
            result = process_document(path.name, path.read_bytes())
            assert result.document.status == "ok", path
    found = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    assert [str(w.message) for w in found] == []


def test_a_run_prints_nothing_but_its_summary(tmp_path: Path) -> None:
    # every input format, the XHTML pages also as a web archive's records
    archive = tmp_path / "pages.warc.gz"
    write_warc(
        archive,
        [
            Record("https://example.org/cup", (UNSEEN / "pages/xhtml/cup-xhtml.html").read_bytes()),
            Record(
                "https://example.org/pcnsl",
                (UNSEEN / "pages/bookshelf/pcnsl-bookshelf.html").read_bytes(),
                content_type="application/xhtml+xml",
            ),
        ],
    )
    inputs = [UNSEEN / "pages", DATA / "formats", DATA / "nogolden", archive]
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "evidence_extract", "run", *map(str, inputs), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("evidence-extract: "), lines
    docs = _table(out, "documents.csv")
    assert len(docs) > 20 and set(docs["status"]) == {"ok"}
