"""Sentence boundaries: trailing callouts and tags stay with their claim."""

from __future__ import annotations

from evidence_extract.schema import Table

from .helpers import rows


def sentences(*paragraphs: str) -> list[str]:
    return [r.text for r in rows(*paragraphs, table=Table.SENTENCES)]


def test_trailing_callouts_and_tags_belong_to_the_sentence_before() -> None:
    text = (
        "Several studies reported it in relapsed ALL.[17,20,21,22]; [23][Level of evidence: "
        "3iiiDi] High levels of MRD were correlated with relapse."
    )
    assert sentences(text) == [
        "Several studies reported it in relapsed ALL.[17,20,21,22]; [23][Level of evidence: 3iiiDi]",
        "High levels of MRD were correlated with relapse.",
    ]


def test_callout_after_a_spaced_period() -> None:
    assert sentences("Reinduction was compared. [25][Level of evidence: 1iiA] The arm won.") == [
        "Reinduction was compared. [25][Level of evidence: 1iiA]",
        "The arm won.",
    ]


def test_abbreviations_and_decimals_do_not_split() -> None:
    text = "Rates were 69% vs. 45% (P = .007), see p. 12 and Smith J. et al. for details. Next one."
    assert sentences(text) == [
        "Rates were 69% vs. 45% (P = .007), see p. 12 and Smith J. et al. for details.",
        "Next one.",
    ]


def test_each_line_is_its_own_sentence_and_cells_split() -> None:
    assert sentences("Heading", "Stage | TNM | Description") == [
        "Heading",
        "Stage",
        "TNM",
        "Description",
    ]


def test_rows_point_at_their_sentence() -> None:
    table = rows("First claim.[1] Second claim 45%.", table=Table.PERCENTAGES)
    assert table[0].sentence_id == 2
