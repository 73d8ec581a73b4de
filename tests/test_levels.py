"""Level-of-evidence tags: every written form, every PDQ ranking (docs/LEVELS.md)."""

from __future__ import annotations

import pytest

from evidence_extract.extract.levels import codes_in_tag, default_rankings
from evidence_extract.schema import Table

from .helpers import levels, rows

RANKINGS = default_rankings()


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("x.[1][Level of evidence: 1iiA]", ["1iiA"]),
        ("x.[1][Level of evidence:1iiA]", ["1iiA"]),
        ("x.[1][Level of evidence A1]", ["A1"]),
        ("x.[1][Level of Evidence: 4]", ["4"]),
        ("x.[1][ Level of evidence :  3aii ]", ["3aii"]),
        ("x.[1][Level of evidence [A1]]", ["A1"]),
        ("x.[1][Level of evidence: A1 and A3]", ["A1", "A3"]),
        ("x.[1][LEVEL OF EVIDENCE: II]", ["II"]),
    ],
)
def test_written_forms(text: str, codes: list[str]) -> None:
    assert [code for code, _, _ in levels(text)] == codes


def test_tag_text_keeps_its_brackets() -> None:
    table = rows("It helped.[3][Level of evidence: 3iiiDi] Then", table=Table.EVIDENCE_LEVELS)
    assert table[0].text == "[Level of evidence: 3iiiDi]"


def test_codes_in_tag() -> None:
    assert codes_in_tag("[Level of evidence A1 and A3]") == ["A1", "A3"]


@pytest.mark.parametrize(
    ("code", "summary_type", "scheme", "design", "endpoint", "endpoint_label"),
    [
        # treatment (current): letter design, digit end point
        (
            "A1",
            "treatment",
            "treatment",
            "A",
            "1",
            "Overall survival, total mortality or cause-specific mortality (randomized controlled trial)",
        ),
        (
            "B4",
            "",
            "treatment",
            "B",
            "4",
            "Planned efficacy comparison (nonrandomized, multicenter, prospective controlled trial)",
        ),
        (
            "C2",
            "",
            "treatment",
            "C",
            "2",
            "Event-, relapse-, disease- or progression-free survival",
        ),
        ("D", "", "treatment", "D", "", ""),
        # treatment-legacy
        (
            "1iiA",
            "treatment",
            "treatment-legacy",
            "1ii",
            "A",
            "Total mortality or overall survival",
        ),
        ("3iiiDiv", "", "treatment-legacy", "3iii", "Div", "Tumor response rate"),
        ("3iiiDii", "treatment", "treatment-legacy", "3iii", "Dii", "Disease-free survival"),
        # cam: same shape, other surrogate numbering, design 4 without end point
        ("3iiiDii", "cam", "cam", "3iii", "Dii", "Progression-free survival"),
        ("1iC", "cam", "cam", "1i", "C", "Carefully assessed quality of life"),
        ("4", "cam", "cam", "4", "", ""),
        # supportive care: roman numerals, design only
        ("I", "supportive-care", "supportive-care", "I", "", ""),
        ("IV", "", "supportive-care", "IV", "", ""),
        # genetics
        ("3aii", "genetics", "genetics", "3", "aii", "Cancer incidence"),
        ("3di", "", "genetics", "3", "di", "Disease-free survival"),
        ("5", "genetics", "genetics", "5", "", ""),
        # fits none: kept, unknown, no labels
        ("1A", "cam", "unknown", "", "", ""),
        ("Z9", "", "unknown", "", "", ""),
    ],
)
def test_decode(code, summary_type, scheme, design, endpoint, endpoint_label) -> None:
    level = RANKINGS.decode(code, summary_type)
    assert (level.code, level.scheme, level.design, level.endpoint, level.endpoint_label) == (
        code,
        scheme,
        design,
        endpoint,
        endpoint_label,
    )
    assert bool(level.design_label) == bool(design)


def test_legacy_and_cam_read_3iiiDii_differently() -> None:
    assert RANKINGS.decode("3iiiDii", "treatment").endpoint_label == "Disease-free survival"
    assert RANKINGS.decode("3iiiDii", "cam").endpoint_label == "Progression-free survival"


def test_page_kind_decides_before_shape() -> None:
    # `4` is genetics by shape, but a CAM page's `4` is CAM's best case series.
    assert RANKINGS.decode("4").scheme == "genetics"
    assert RANKINGS.decode("4", "cam").design_label == "Best case series"


@pytest.mark.parametrize(
    ("text", "hints", "kind"),
    [
        (
            "This summary is written and maintained by the PDQ Integrative, Alternative, and "
            "Complementary Therapies Editorial Board.",
            (),
            "cam",
        ),
        (
            "...maintained by the PDQ Supportive and Palliative Care Editorial Board.",
            (),
            "supportive-care",
        ),
        ("...maintained by the PDQ Cancer Genetics Editorial Board.", (), "genetics"),
        ("...maintained by the PDQ Pediatric Treatment Editorial Board.", (), "treatment"),
        (
            "...maintained by the PDQ Screening and Prevention Editorial Board.",
            (),
            "screening-prevention",
        ),
        ("", ("https://www.cancer.gov/about-cancer/treatment/cam/hp/cannabis-pdq",), "cam"),
        ("", ("Treatment of Recurrent Childhood ALL",), "treatment"),
        ("", ("Hot Flashes and Night Sweats (PDQ®)",), ""),
    ],
)
def test_summary_type(text: str, hints: tuple, kind: str) -> None:
    assert RANKINGS.summary_type(text, hints) == kind


GENETICS = "Hereditary Syndrome (PDQ®)"


@pytest.mark.parametrize(
    ("paragraphs", "title", "expected"),
    [
        # genetics summaries tag a statement on a line of its own, without brackets
        (["Surveillance by MRI is preferred.[6]", "Level of evidence: 5"], GENETICS, [("5", "genetics", "")]),
        (["A substudy.[57]", "Level of evidence (tamoxifen in a high-risk population): 1aii"],
         GENETICS, [("1aii", "genetics", "")]),
        # plural, several codes, words between them
        (["Randomization was 2:1:1.[12][Levels of evidence A1 and B1]"], "Treatment of X",
         [("A1", "treatment", "12"), ("B1", "treatment", "12")]),
        (["Dose mattered.[15][Levels of evidence A1; B1; and B3]"], "Treatment of X",
         [("A1", "treatment", "15"), ("B1", "treatment", "15"), ("B3", "treatment", "15")]),
        (["Two hypotheses.[13][Levels of evidence B1 for the full study population and A1 for patients with solitary metastases]"],
         "Treatment of X", [("B1", "treatment", "13"), ("A1", "treatment", "13")]),
        (["No benefit (HR, 0.939).[35][Level of evidence B1 based on PFS, as noted above]"],
         "Treatment of X", [("B1", "treatment", "35")]),
        # typos: a missing closing or opening bracket, no brackets after a callout
        (["Radiation followed.[9][Level of evidence B1", "Similarly, a combined analysis."], "Treatment of X",
         [("B1", "treatment", "9")]),
        (["The study included 141 patients. [3,4]Level of evidence A1]"], "Treatment of X",
         [("A1", "treatment", "3;4")]),
        (["Quality of life.[14][Level of evidence: II];[15]Level of evidence: IV"], "Nausea supportive care",
         [("II", "supportive-care", "14"), ("IV", "supportive-care", "15")]),
    ],
)  # fmt: skip
def test_more_written_forms(paragraphs: list[str], title: str, expected: list) -> None:
    assert levels(*paragraphs, title=title) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Added level of evidence II.",  # a change log names a tag of the body
        "Added text about a trial (cited Galsky et al. as reference 24 and level of evidence A1).",
        "The evidence is retrospective, which represents a very low Level of evidence C3.",
        "These drugs have a level of evidence lower than C3.",
        "Levels of Evidence",  # the heading of the summary's About section
        "Levels of Evidence for Human Studies of Integrative, Alternative, and Complementary Therapies",
        "Study | Design | Level of Evidence Score",
        "Drug | Dose | Levels of Evidence b",
        "Level of evidence: Insufficient evidence",
        "Note: Some citations in this section are followed by a level of evidence.",
    ],
)
def test_phrases_about_levels_are_not_tags(paragraph: str) -> None:
    assert levels(paragraph, title="Treatment of X") == []


def test_design_only_legacy_code_decodes_by_the_page_kind() -> None:
    assert levels("It helped.[3][Level of evidence: 3iii]", title="Treatment of X") == [
        ("3iii", "treatment-legacy", "3")
    ]
    assert levels("It helped.[3][Level of evidence: 3iii]", title="Hot Flashes") == [
        ("3iii", "unknown", "3")
    ]


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Based on solid evidence, screening reduces mortality.", "solid"),
        (
            "There is inadequate evidence to determine whether screening reduces mortality.",
            "inadequate",
        ),
        ("Based on fair evidence, the harms are small.", "fair"),
    ],
)
def test_graded_statements(text: str, strength: str) -> None:
    (row,) = rows(text, table=Table.EVIDENCE_STATEMENTS)
    assert row.strength == strength and text.lower().startswith(row.text.lower())
