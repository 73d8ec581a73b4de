"""Golden-extract regression: the worked example of docs/OUTPUT.md, and the
vendored dev pages against their golden extracts (copied from the project
corpus; rows compared by value, as the corpus README prescribes), through
`evidence-extract diff`'s comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence_extract.diff import compare

from .conftest import GOLDEN, REPO

EXAMPLE = "webmd-txt/recurrent-childhood-all-webmd.txt"


def _table(out: Path, name: str, doc_id: str) -> pd.DataFrame:
    df = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    return df[df["doc_id"] == doc_id]


def test_worked_example_levels(vendored_output: Path) -> None:
    levels = _table(vendored_output, "evidence_levels.csv", EXAMPLE)
    assert list(zip(levels["code"], levels["refs"], strict=True)) == [
        ("3iiiDi", "23"),
        ("2A", "24"),
        ("2Di", "17"),
        ("1iiA", "25"),
    ]
    assert set(levels["scheme"]) == {"treatment-legacy"}
    first = levels.iloc[0]
    assert (first["design"], first["endpoint"]) == ("3iii", "Di")
    assert first["design_label"] == "Nonconsecutive case series"
    assert first["endpoint_label"] == "Event-free survival"
    assert first["text"] == "[Level of evidence: 3iiiDi]"


def test_worked_example_citations(vendored_output: Path) -> None:
    cites = _table(vendored_output, "citations.csv", EXAMPLE)
    callouts = cites.drop_duplicates("callout_id")["text"].tolist()
    assert callouts == [
        "[5]",
        "[13]",
        "[17,20,21,22]",
        "[23]",
        "[5]",
        "[24]",
        "[17]",
        "[17,24]",
        "[25]",
    ]
    assert len(cites) == 13
    # levels qualify only the callout directly before them
    levels = _table(vendored_output, "evidence_levels.csv", EXAMPLE)
    code_of = dict(zip(levels["loe_id"], levels["code"], strict=True))
    with_level = [(r.ref_number, code_of[r.loe_id]) for r in cites.itertuples() if r.loe_id]
    assert with_level == [("23", "3iiiDi"), ("24", "2A"), ("17", "2Di"), ("25", "1iiA")]


def test_worked_example_values(vendored_output: Path) -> None:
    pct = _table(vendored_output, "percentages.csv", EXAMPLE)
    assert list(zip(pct["low"], pct["high"], pct["qualifier"], strict=True)) == [
        ("85", "85", "approx"),
        ("70", "70", "approx"),
        ("95", "95", "approx"),
        ("69", "69", ""),
        ("45", "45", ""),
    ]
    pv = _table(vendored_output, "p_values.csv", EXAMPLE)
    assert list(zip(pv["comparator"], pv["value"], pv["text"], strict=True)) == [
        ("=", "0.007", "P = .007")
    ]


def test_worked_example_clean_text_and_sentence(vendored_output: Path) -> None:
    clean = (vendored_output / "clean" / (EXAMPLE + ".txt")).read_text(encoding="utf-8")
    for chrome in [
        "Skip to content",
        "Cancer Health Center",
        "Font Size",
        "Today on WebMD",
        "Colorectal cancer cells",
        "Actor Michael Douglas",
    ]:
        assert chrome not in clean
    levels = _table(vendored_output, "evidence_levels.csv", EXAMPLE)
    sentences = _table(vendored_output, "sentences.csv", EXAMPLE)
    sid = levels.iloc[0]["sentence_id"]
    sentence = sentences[sentences["sentence_id"] == sid].iloc[0]
    assert sentence["text"].endswith(
        "in relapsed ALL.[17,20,21,22]; [23][Level of evidence: 3iiiDi]"
    )
    assert sentence["section"] == "Other factors"
    reinduction = sentences[sentences["text"].str.startswith("Initial treatment of relapse")]
    assert reinduction.iloc[0]["section"] == (
        "Standard Treatment Options for Recurrent Childhood ALL > Reinduction chemotherapy"
    )
    docs = _table(vendored_output, "documents.csv", EXAMPLE).iloc[0]
    assert (docs["title"], docs["site"], docs["summary_type"]) == (
        "Treatment of Recurrent Childhood ALL",
        "webmd",
        "treatment",
    )


def test_raw_holds_the_worked_example() -> None:
    assert (REPO / "raw" / "recurrent-childhood-all-webmd.txt").exists()


# Metrics that must be exact on every vendored page. Text saves show no
# PubMed links, so PMIDs and per-section reference numbers are checked on
# HTML pages only (the golden derives them from the source, not the text).
EXACT = [
    "evidence_levels/code",
    "evidence_levels/code,scheme,design,endpoint",
    "evidence_levels/code,refs",
    "citations/ref_number",
    "citations/ref_number,loe_code",
    "percentages/low,high,qualifier,role",
    "p_values/comparator,value",
]
HTML_EXACT = [
    "citations/ref_number,ref_section",
    "citations/ref_number,pmid",
    "references/ref_section,ref_number,pmid",
]


@pytest.fixture(scope="module")
def scores(vendored_output: Path):
    return compare(vendored_output, GOLDEN)


def _slugs() -> list[tuple[str, str]]:
    manifest = pd.read_csv(GOLDEN / "manifest.csv", dtype=str)
    return list(zip(manifest["slug"], manifest["rendering"], strict=True))


@pytest.mark.parametrize(("slug", "rendering"), _slugs())
def test_golden_page(scores, slug: str, rendering: str) -> None:
    assert slug not in scores.missing, f"{slug} missing from output"
    metrics = scores.per_document[slug]
    exact = EXACT + ([] if rendering.endswith("-txt") else HTML_EXACT)
    for name in exact:
        c = metrics[name]
        assert (c.tp, c.n_ours) == (c.n_gold, c.n_gold), f"{name}: {c}"
    words = metrics["clean/words"]
    assert words.recall >= 0.995 and words.precision >= 0.99, words
    assert scores.leaked[slug] == 0


def test_reference_numbers_of_text_saves(scores) -> None:
    # Text saves still list every reference with its number.
    per_page = scores.per_document
    for slug, rendering in _slugs():
        if rendering.endswith("-txt"):
            refs = per_page[slug]["references/ref_number,pmid"]
            assert refs.n_ours == refs.n_gold
