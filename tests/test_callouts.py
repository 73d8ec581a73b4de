"""Citation-callout rule and tag-to-callout linking (docs/OUTPUT.md)."""

from __future__ import annotations

import csv
import io

import pytest

from evidence_extract.schema import CitationRow, Table
from evidence_extract.tables import render_csv

from .helpers import callouts, levels, rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("poor prognosis.[5]", [("[5]", 5)]),
        ("relapsed ALL.[17,20,21,22]", [("[17,20,21,22]", n) for n in (17, 20, 21, 22)]),
        ("relapsed ALL.[17,20-22]", [("[17,20-22]", n) for n in (17, 20, 21, 22)]),
        ("in several trials[9]-[12] and", [("[9]-[12]", n) for n in (9, 10, 11, 12)]),
        ("as shown [1,3-5].", [("[1,3-5]", n) for n in (1, 3, 4, 5)]),
        ("as shown [2–4].", [("[2–4]", n) for n in (2, 3, 4)]),
        ("as shown [1, 2].", [("[1, 2]", 1), ("[1, 2]", 2)]),
        ("before the period[3]. After", [("[3]", 3)]),
        ("TP53 and p53[12] were", [("[12]", 12)]),
        ("25 mg q6h[19] orally", [("[19]", 19)]),
        ("the t(9;22)[5] translocation", [("[5]", 5)]),
    ],
)
def test_callouts(text: str, expected: list) -> None:
    assert callouts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the trial [NCT00002812] enrolled",
        "patients with [stage II] disease",
        "published in [2005] by",
        "a bracketed [see below] remark",
        "t(9;22)(q34;q11.2) translocation",
        "[Level of evidence: 1iiA]",
        "46,XY,t(9;22)(q34;q11.2)[20] metaphases",
        "karyotype 46,XX[20] was normal",
    ],
)
def test_not_callouts(text: str) -> None:
    assert callouts(text) == []


def test_level_qualifies_only_the_callout_directly_before_it() -> None:
    text = (
        "A CR2 was reached.[5]; [24][Level of evidence: 2A]; [17][Level of evidence: 2Di] "
        "Next sentence."
    )
    assert levels(text, title="Treatment of X") == [
        ("2A", "treatment-legacy", "24"),
        ("2Di", "treatment-legacy", "17"),
    ]
    cites = rows(text, table=Table.CITATIONS, title="Treatment of X")
    by_number = {c.ref_number: c.loe_id for c in cites}
    assert by_number == {5: "", 24: "1", 17: "2"}


def test_tag_without_callout_has_no_refs() -> None:
    assert levels("Survival improved. [Level of evidence: 1iiA]", "Treatment of X") == [
        ("1iiA", "treatment-legacy", "")
    ]


def test_tag_in_its_own_paragraph_qualifies_nothing() -> None:
    table = rows("Survival improved.[5]", "[Level of evidence: 4]", table=Table.EVIDENCE_LEVELS)
    assert [(r.code, r.refs) for r in table] == [("4", "")]


def test_run_of_tags_after_one_callout() -> None:
    assert levels("It worked.[6][Level of evidence A1][Level of evidence B1]") == [
        ("A1", "treatment", "6"),
        ("B1", "treatment", "6"),
    ]


def test_numbers_keep_their_written_order_in_the_csv() -> None:
    table = rows("as reported.[24,17] and then [5].", table=Table.CITATIONS)
    lines = list(csv.reader(io.StringIO(render_csv(CitationRow, table))))[1:]
    assert [(line[5], line[6]) for line in lines] == [
        ("[24,17]", "24"),
        ("[24,17]", "17"),
        ("[5]", "5"),
    ]


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("A median of 200 [150–450] was seen.", []),  # the range holds the value: an interval
        ("Rates of 33%–83% [1-5] were seen.", [1, 2, 3, 4, 5]),  # it does not: a callout
        ("As in Sweden 1977 [6-8].", [6, 7, 8]),
    ],
)
def test_a_range_after_a_number_it_contains_is_an_interval(text: str, cited: list) -> None:
    assert [n for _, n in callouts(text)] == cited


def test_a_callout_past_the_end_of_its_reference_list_is_no_callout() -> None:
    from evidence_extract.clean.blocks import BlockKind, PageMeta, RawBlock, assemble
    from evidence_extract.pipeline import default_extractor, extract_page

    page = assemble(
        [
            RawBlock(BlockKind.PARAGRAPH, "Platelets were low [150–450] in two trials.[1,2]"),
            RawBlock(BlockKind.HEADING, "References", level=2),
            RawBlock(
                BlockKind.REFERENCE, "1. A: T.", ref_section="1", ref_number=1, ref_text="A: T."
            ),
            RawBlock(
                BlockKind.REFERENCE, "2. B: U.", ref_section="1", ref_number=2, ref_text="B: U."
            ),
        ],
        PageMeta(),
    )
    cites = extract_page("d", page, "", {}, default_extractor())[Table.CITATIONS]
    assert [(c.text, c.ref_number, c.callout_id) for c in cites] == [
        ("[1,2]", 1, 1),
        ("[1,2]", 2, 1),
    ]
