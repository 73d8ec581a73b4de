"""Percentage rule: one string at a time (docs/OUTPUT.md, docs/STATISTICS.md)."""

from __future__ import annotations

import pytest

from evidence_extract.schema import Table

from .helpers import percents, rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("approximately 85% of patients", [("approximately 85%", "85", "85", "approx", "value")]),
        (
            "(69% vs. 45%, P = .007)",
            [("69%", "69", "69", "", "value"), ("45%", "45", "45", "", "value")],
        ),
        ("in 10%–30% of cases", [("10%–30%", "10", "30", "", "value")]),
        ("in 3% to 5% of cases", [("3% to 5%", "3", "5", "", "value")]),
        ("in 10 to 30% of cases", [("10 to 30%", "10", "30", "", "value")]),
        ("in 14%‒31% (figure dash)", [("14%‒31%", "14", "31", "", "value")]),
        ("rates between 20% and 50% were", [("between 20% and 50%", "20", "50", "", "value")]),
        ("HR 0.80 (95% CI, 0.70–0.91)", [("95%", "95", "95", "", "ci_level")]),
        (
            "84% (95% CI, 72%–96%)",
            [
                ("84%", "84", "84", "", "value"),
                ("95%", "95", "95", "", "ci_level"),
                ("72%–96%", "72", "96", "", "value"),
            ],
        ),
        ("the 90% confidence interval", [("90%", "90", "90", "", "ci_level")]),
        ("a one-sided 95% lower bound", [("95%", "95", "95", "", "ci_level")]),
        ("Sixty-five percent of patients", [("Sixty-five percent", "65", "65", "", "value")]),
        ("Ninety percent responded", [("Ninety percent", "90", "90", "", "value")]),
        ("at least a 30% decrease", [("at least a 30%", "30", "30", "ge", "value")]),
        ("less than 1% of patients", [("less than 1%", "1", "1", "lt", "value")]),
        ("up to 40% of patients", [("up to 40%", "40", "40", "le", "value")]),
        ("more than 50% of patients", [("more than 50%", "50", "50", "gt", "value")]),
        ("an expected EFS rate, <70%", [("<70%", "70", "70", "lt", "value")]),
        ("in >0.1% of patients", [(">0.1%", "0.1", "0.1", "gt", "value")]),
        ("a 20% or more reduction", [("20% or more", "20", "20", "ge", "value")]),
        (
            "approximately 10% to 25% of cases",
            [("approximately 10% to 25%", "10", "25", "approx", "value")],
        ),
        (
            "increased from 15% to 21%",
            [("15%", "15", "15", "", "value"), ("21%", "21", "21", "", "value")],
        ),
        ("ranged from 15% to 21%", [("15% to 21%", "15", "21", "", "value")]),
        ("fell 34% to 14%", [("34%", "34", "34", "", "value"), ("14%", "14", "14", "", "value")]),
        (
            "39% to more than 90%",
            [("39%", "39", "39", "", "value"), ("more than 90%", "90", "90", "gt", "value")],
        ),
        (
            "42.5% ± 6.5%",
            [("42.5%", "42.5", "42.5", "", "value"), ("6.5%", "6.5", "6.5", "", "value")],
        ),
        ("a difference of -12% to 16%", [("-12% to 16%", "-12", "16", "", "value")]),
        ("overall 43.0% of patients", [("43.0%", "43", "43", "", "value")]),
        (
            "52%, 36%, and 73%",
            [
                ("52%", "52", "52", "", "value"),
                ("36%", "36", "36", "", "value"),
                ("73%", "73", "73", "", "value"),
            ],
        ),
        ("125% of the dose", [("125%", "125", "125", "", "value")]),
    ],
)
def test_percentages(text: str, expected: list) -> None:
    assert percents(text) == expected


@pytest.mark.parametrize(
    "text", ["the percentage was low", "Rate (%)", "a percent of them", "p53 and p16"]
)
def test_not_percentages(text: str) -> None:
    assert percents(text) == []


def _with_interval(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (r.text, r.low, r.ci_low, r.ci_high)
        for r in rows(text, table=Table.PERCENTAGES)
        if r.role == "value"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-year OS, 70% [95% CI, 50–83].", [("70%", "70", "50", "83")]),
        ("2-year OS, 55% [33–72] vs. 12% [2–30].", [("55%", "55", "33", "72"), ("12%", "12", "2", "30")]),
        ("Response, 84% (95% CI, 72%–96%).", [("84%", "84", "72", "96"), ("72%–96%", "72", "", "")]),
        ("Survival, 21.4% (14.9%–29.8%).", [("21.4%", "21.4", "14.9", "29.8"), ("14.9%–29.8%", "14.9", "", "")]),
        ("Survival, 65% (44–78).", [("65%", "65", "44", "78")]),
        # not directly after the value, a range of values, years, a margin
        ("13% in the radiation group (95% CI, 9%–19%).", [("13%", "13", "", ""), ("9%–19%", "9", "", "")]),
        ("Scores were 40% (range, 10–90).", [("40%", "40", "", "")]),
        ("Incidence rose 40% (1996–2005).", [("40%", "40", "", "")]),
        ("Survival was 42.5% ± 6.5%.", [("42.5%", "42.5", "", ""), ("6.5%", "6.5", "", "")]),
    ],
)  # fmt: skip
def test_a_value_followed_directly_by_its_interval(text: str, expected: list) -> None:
    assert _with_interval(text) == expected


def test_the_interval_of_a_percentage_is_not_a_callout() -> None:
    assert rows("2-year OS, 55% [33–72] vs. 12% [2–30].", table=Table.CITATIONS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the HR was 0.9 (CI 95% [0.78-1.04])", [("95%", "95", "95", "", "ci_level")]),
        ("SMD, –0.53; 95% CrI, –1.01 to –0.34", [("95%", "95", "95", "", "ci_level")]),
        ("Five percent to 19% of the cells", [("Five percent to 19%", "5", "19", "", "value")]),
        ("about 45 per cent of patients", [("about 45 per cent", "45", "45", "approx", "value")]),
        ("it rose by 1,000% in a decade", [("1,000%", "1000", "1000", "", "value")]),
        ("in not more than 5% of patients", [("not more than 5%", "5", "5", "le", "value")]),
        ("in no less than 5% of patients", [("no less than 5%", "5", "5", "ge", "value")]),
        ("a rate of 12·5% at 5 years", [("12·5%", "12.5", "12.5", "", "value")]),
    ],
)
def test_house_styles_of_other_journals(text: str, expected: list) -> None:
    assert percents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(HR, 0.99; CI, 95%, 0.91–1.09)", [("95%", "95", "95", "", "ci_level")]),
        ("4% (95% CI, -1% to 9%)", [("4%", "4", "4", "", "value"), ("95%", "95", "95", "", "ci_level"),
                                   ("-1% to 9%", "-1", "9", "", "value")]),
    ],
)  # fmt: skip
def test_a_level_after_the_interval_name_and_a_bound(text: str, expected: list) -> None:
    assert percents(text) == expected


def test_decimal_commas_and_thousands() -> None:
    assert percents("Rates were 0,5% versus 1,5%, and 1,000% once.") == [
        ("0,5%", "0.5", "0.5", "", "value"),
        ("1,5%", "1.5", "1.5", "", "value"),
        ("1,000%", "1000", "1000", "", "value"),
    ]
