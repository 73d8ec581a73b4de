"""Layouts written for the tests (tests/data/own-corpus: a hospital library,
a bare print view, another portal's text save, a screening page), end to end
and against their hand-written golden main text and chrome."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evidence_extract.diff import compare

from .conftest import OWN_CORPUS


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, dtype=str, keep_default_na=False)


def test_own_layouts_end_to_end(own_corpus_output: Path) -> None:
    levels = _table(own_corpus_output, "evidence_levels.csv")
    assert sorted(zip(levels["doc_id"], levels["code"], levels["refs"], strict=True)) == [
        ("library/hospital-library.html", "C2", "4"),
        ("portal-txt/portal-save.txt", "A1", "3"),
        ("print/print-view.html", "I", "2"),
    ]
    pct = _table(own_corpus_output, "percentages.csv")
    assert sorted(pct[pct["doc_id"] == "library/hospital-library.html"]["text"]) == [
        "14%",
        "about 51%",
    ]
    cites = _table(own_corpus_output, "citations.csv")
    hospital = cites[cites["doc_id"] == "library/hospital-library.html"]
    assert list(
        zip(hospital["ref_number"], hospital["ref_section"], hospital["pmid"], strict=True)
    ) == [("1", "1", "11111111"), ("2", "1", "22222222"), ("3", "1", ""), ("4", "1", "44444444")]
    portal = cites[cites["doc_id"] == "portal-txt/portal-save.txt"]
    assert portal["ref_number"].tolist() == ["1", "2", "3"]
    assert portal["reference"].iloc[2].startswith("Creutzberg CL")


def test_screening_statements_and_summary_type(own_corpus_output: Path) -> None:
    doc_id = "cgov-like/screening-page.html"
    docs = _table(own_corpus_output, "documents.csv").set_index("doc_id")
    assert docs.loc[doc_id, "summary_type"] == "screening-prevention"
    statements = _table(own_corpus_output, "evidence_statements.csv")
    statements = statements[statements["doc_id"] == doc_id].reset_index()
    assert list(zip(statements["text"], statements["strength"], strict=True)) == [
        ("Based on solid evidence", "solid"),
        ("Based on fair evidence", "fair"),
        ("The evidence is inadequate", "inadequate"),
    ]
    sentences = _table(own_corpus_output, "sentences.csv")
    sentences = sentences[sentences["doc_id"] == doc_id]
    first = sentences[sentences["sentence_id"] == statements.loc[0, "sentence_id"]].iloc[0]
    assert first["text"].startswith("Based on solid evidence, screening by low-dose")
    assert first["section"] == "Overview > Benefits"


def test_own_corpus_meets_the_cleaning_targets(own_corpus_output: Path) -> None:
    comparison = compare(own_corpus_output, OWN_CORPUS / "golden")
    per_page = comparison.per_document
    assert len(per_page) == 4 and comparison.missing == []
    assert comparison.leaked == dict.fromkeys(per_page, 0)
    for slug, metrics in per_page.items():
        words = metrics["clean/words"]
        assert words.recall >= 0.995 and words.precision >= 0.99, (slug, words)
