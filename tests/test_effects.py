"""Effect estimates and trial IDs, one real-looking sentence at a time
(docs/EFFECTS.md). Expected values are read off the sentences by hand."""

from __future__ import annotations

import pytest

from evidence_extract.extract.trials import normalise_trial_id
from evidence_extract.schema import Table

from .helpers import rows


def effects(text: str) -> list[tuple]:
    return [
        (r.measure, r.qualifier, r.value, r.ci_level, r.ci_low, r.ci_high, r.interval)
        for r in rows(text, table=Table.EFFECT_SIZES)
    ]


def values(text: str) -> list[tuple[str, str, str, str]]:
    return [(m, v, lo, hi) for m, _, v, _, lo, hi, _ in effects(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every measure, named in full, abbreviated, or both
        ("OS improved (hazard ratio [HR], 0.36; 95% confidence interval [CI], 0.17–0.75; P = .004).",
         [("hr", "0.36", "0.17", "0.75")]),
        ("OS was longer (HR, 0.67; 95% CI, 0.51–0.88).", [("hr", "0.67", "0.51", "0.88")]),
        ("Risk rose (OR 2.1 (95% CI 1.3–3.4)).", [("or", "2.1", "1.3", "3.4")]),
        ("The odds ratio was 1.62 (95% CI, 1.10–2.40).", [("or", "1.62", "1.1", "2.4")]),
        ("Incidence fell (relative risk [RR], 0.81; 95% CI, 0.70–0.94).", [("rr", "0.81", "0.7", "0.94")]),
        ("Deaths fell (risk ratio, 0.58; 95% CI, 0.37–0.93).", [("rr", "0.58", "0.37", "0.93")]),
        ("The rate ratio was 0.90 (95% CI, 0.72–1.13).", [("rr", "0.9", "0.72", "1.13")]),
        ("Risk rose (incidence rate ratio, 3.56; 95% CI, 3.08–4.69).", [("irr", "3.56", "3.08", "4.69")]),
        ("Anal cancer was more common (standardized incidence ratio [SIR], 1.34; 95% CI, 1.16–1.55).",
         [("sir", "1.34", "1.16", "1.55")]),
        ("Pain fell (mean difference, −1.66; 95% CI, −2.10 to −1.22).", [("md", "-1.66", "-2.1", "-1.22")]),
        ("Fatigue fell (SMD, –0.67; 95% CrI, –1.01 to –0.34).", [("smd", "-0.67", "-1.01", "-0.34")]),
        ("The effect was small (Cohen's d, 0.21; 95% CI, 0.05–0.37).", [("smd", "0.21", "0.05", "0.37")]),
        ("The effect was small (Hedges' g = 0.22).", [("smd", "0.22", "", "")]),
        ("Events fell (risk difference, -0.013; 95% CI, -0.047 to 0.022).",
         [("rd", "-0.013", "-0.047", "0.022")]),
        ("The number needed to treat was 12 (95% CI, 8–25).", [("nnt", "12", "8", "25")]),
        ("The number needed to treat was nine.", [("nnt", "9", "", "")]),
        # the measure's end point or comparison in its name is not kept
        ("Survival improved (HR for death, 0.71; 95% CI, 0.55–0.92).", [("hr", "0.71", "0.55", "0.92")]),
        ("Survival improved (HR (death), 0.71).", [("hr", "0.71", "", "")]),
        ("In this trial the hazard ratio for OS was 0.71.", [("hr", "0.71", "", "")]),
        ("Both arms did well (HRdeath, 0.75; 95% CI, 0.60–0.93).", [("hr", "0.75", "0.6", "0.93")]),
    ],
)  # fmt: skip
def test_measures(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("(HR, 0.80; 95% CI, 0.70–0.91)", ("95", "0.7", "0.91", "ci")),  # en dash
        ("(HR, 0.80; 95% CI, 0.70‒0.91)", ("95", "0.7", "0.91", "ci")),  # figure dash
        ("(HR, 0.80; 95% CI, 0.70-0.91)", ("95", "0.7", "0.91", "ci")),  # hyphen
        ("(HR, 0.80; 95% CI, 0.70−0.91)", ("95", "0.7", "0.91", "ci")),  # minus sign
        ("(HR, 0.80; 95% CI, 0.70 to 0.91)", ("95", "0.7", "0.91", "ci")),
        ("(HR, 0.80; 95% CI, 0.70, 0.91)", ("95", "0.7", "0.91", "ci")),
        ("(HR, 0.80; 90% CI, 0.70–0.91)", ("90", "0.7", "0.91", "ci")),
        ("(HR, 0.80; CI, 0.70–0.91)", ("95", "0.7", "0.91", "ci")),  # no level: 95
        ("(HR, 0.77; 99.3% CI, 0.64–0.92)", ("99.3", "0.64", "0.92", "ci")),
        (
            "(SMD, –0.53; 95% credible interval [CrI], –0.80 to –0.26)",
            ("95", "-0.8", "-0.26", "cri"),
        ),
        ("(RR, 0.97; 0.84–1.11)", ("95", "0.84", "1.11", "ci")),  # bare interval: 95% CI
        ("(HR, 0.60 [0.26–1.36, P = .22])", ("95", "0.26", "1.36", "ci")),
        ("(HR, 0.80)", ("", "", "", "")),
    ],
)
def test_interval_forms(text: str, interval: tuple) -> None:
    ((_, _, _, level, low, high, kind),) = effects("Survival improved " + text + ".")
    assert (level, low, high, kind) == interval


def test_interval_separated_by_words_of_the_same_clause() -> None:
    text = "Carriers had an OR of 1.62 in this cohort (95% CI, 1.1–2.4)."
    (row,) = rows(text, table=Table.EFFECT_SIZES)
    assert (row.value, row.ci_low, row.ci_high) == ("1.62", "1.1", "2.4")
    assert row.text == "OR of 1.62"  # the text ends at the estimate


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The adjusted HR was 0.70 (95% CI, 0.5–0.9).", "adjusted"),
        ("Risk fell (aOR, 0.62; 95% CI, 0.51–0.75).", "adjusted"),
        ("Risk fell (aHR, 0.62).", "adjusted"),
        ("The age-adjusted HR was 0.70.", "adjusted"),
        ("The unadjusted HR was 0.70.", ""),
        ("After adjusting for age, the HR was 0.70.", ""),
    ],
)
def test_adjusted(text: str, qualifier: str) -> None:
    ((_, q, *_),) = effects(text)
    assert q == qualifier


def test_several_estimates_in_one_sentence() -> None:
    assert values("The HRs were 0.75 and 0.80, respectively, for OS and PFS.") == [
        ("hr", "0.75", "", ""),
        ("hr", "0.8", "", ""),
    ]
    assert values(
        "The HR was 0.61 (95% CI, 0.43–0.85; P = .004) by BIS and 0.56 (95% CI, 0.33–0.96) by RAVI."
    ) == [("hr", "0.61", "0.43", "0.85"), ("hr", "0.56", "0.33", "0.96")]
    assert values("Smoking (OR, 2.71) and alcohol (OR, 1.77) raised the risk.") == [
        ("or", "2.71", "", ""),
        ("or", "1.77", "", ""),
    ]


def test_estimates_in_table_cells() -> None:
    assert values("Trial A | HR, 0.74; 95% CI, 0.60–0.91 | HR, 0.80 | P = .01") == [
        ("hr", "0.74", "0.6", "0.91"),
        ("hr", "0.8", "", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The heart rate (HR) of 80 bpm was normal.",
        "Resting HR was 72 beats per minute.",
        "The male-to-female ratio was 2:1.",
        "A CD4/CD8 ratio of 1.5 was seen.",
        "Patients were randomly assigned in a 2:1 ratio.",
        "Surgery OR radiation therapy 2 was given.",
        "Patients received surgery or 2 cycles of chemotherapy.",
        "The hazard ratio favored the combination arm.",
        "The trial used a noninferiority margin of HR 1.15.",
        "Cancers were more common (SIR, 6.5–7.5).",
        "The RRs ranged from 1.8 to 2.4.",
        "All estimates were small (HR < 0.2).",
        "The absolute risk reduction was 4%.",
        "The standardized mortality ratio was 1.8.",
        "The C statistic was 0.72.",
        "The effect size was 0.4.",
        "The number needed to screen was 1,000.",
        "A median of 43 months (95% CI, 0.84–1.22; P = .90) was reported.",
        "95% CI, 0.67 [0.49–0.92]",
        "The MD Anderson Cancer Center scoring systems.[4,5]",
    ],
)
def test_not_effect_estimates(text: str) -> None:
    assert effects(text) == []


def test_p_value_reported_with_the_estimate() -> None:
    tables = rows(
        "OS improved (HR, 0.67; 95% CI, 0.51–0.88; P = .004), and PFS improved (HR, 0.70; P = .01).",
        table=Table.EFFECT_SIZES,
    )
    p_rows = rows(
        "OS improved (HR, 0.67; 95% CI, 0.51–0.88; P = .004), and PFS improved (HR, 0.70; P = .01).",
        table=Table.P_VALUES,
    )
    assert [r.p_start for r in tables] == [str(p.char_start) for p in p_rows]


@pytest.mark.parametrize(
    "text",
    [
        "There was a difference (P < .001) in OS (HR, 0.67).",  # the P value comes first
        "Anxiety (OR, 2.71) and depression (OR, 1.77) rose (P < .001 for each).",  # covers several
    ],
)
def test_p_values_that_link_to_no_estimate(text: str) -> None:
    assert all(r.p_start == "" for r in rows(text, table=Table.EFFECT_SIZES))


def test_offsets_and_text() -> None:
    text = (
        "OS improved (hazard ratio [HR], 0.36; 95% confidence interval [CI], 0.17–0.75; P = .004)."
    )
    (row,) = rows(text, table=Table.EFFECT_SIZES)
    assert row.text == "hazard ratio [HR], 0.36; 95% confidence interval [CI], 0.17–0.75"
    assert text[row.char_start : row.char_end] == row.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COG-AALL0232 (NCT00075725)", [("nct", "NCT00075725")]),
        ("the trial [NCT00002812] enrolled", [("nct", "NCT00002812")]),
        ("registered as NCT 01234567.", [("nct", "NCT01234567")]),
        ("ISRCTN12345678 and ACTRN12607000237482", [("isrctn", "ISRCTN12345678"), ("actrn", "ACTRN12607000237482")]),
        ("EudraCT 2004-000123-45 and DRKS00012345", [("eudract", "2004-000123-45"), ("drks", "DRKS00012345")]),
        ("ChiCTR-TRC-12002345 and UMIN000012345", [("chictr", "ChiCTR-TRC-12002345"), ("umin", "UMIN000012345")]),
        ("CALGB-9343 and COG-AALL0232 are protocol codes", []),
        ("NCT0123456 has a digit too few", []),
        ("the Netherlands Trial Register NTR1234", []),
    ],
)  # fmt: skip
def test_trial_ids(text: str, expected: list) -> None:
    assert [(r.registry, r.trial_id) for r in rows(text, table=Table.TRIALS)] == expected


def test_trial_id_in_brackets_is_not_a_callout() -> None:
    assert rows("the trial [NCT00002812] enrolled", table=Table.CITATIONS) == []


def test_normalise_trial_id() -> None:
    assert normalise_trial_id("isrctn 12345678", "isrctn") == "ISRCTN12345678"
