"""P value rule: one string at a time (docs/OUTPUT.md, docs/STATISTICS.md)."""

from __future__ import annotations

import pytest

from evidence_extract.extract.p_values import parse_p_value

from .helpers import p_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(69% vs. 45%, P = .007)", [("P = .007", "=", "0.007")]),
        ("significant (p<0.001)", [("p<0.001", "<", "0.001")]),
        ("P ≤ .05 in both", [("P ≤ .05", "<=", "0.05")]),
        ("P ≥ .2 in both", [("P ≥ .2", ">=", "0.2")]),
        ("with a P value of .02", [("P value of .02", "=", "0.02")]),
        ("(P = 1.2 × 10−5)", [("P = 1.2 × 10−5", "=", "0.000012")]),
        ("(P = 2.5e-6)", [("P = 2.5e-6", "=", "0.0000025")]),
        ("(P = NS)", [("P = NS", "ns", "")]),
        ("(P = .10)", [("P = .10", "=", "0.1")]),
        ("log-rank P = .03", [("P = .03", "=", "0.03")]),
        ("(P for trend = .04)", [("P for trend = .04", "=", "0.04")]),
        ("eP < .05, acupuncture versus sham", [("P < .05", "<", "0.05")]),
        ("P < .05 for all comparisons", [("P < .05", "<", "0.05")]),
        (
            "(P = .02, .04, and .01, respectively)",
            [("P = .02", "=", "0.02"), (".04", "=", "0.04"), (".01", "=", "0.01")],
        ),
        (
            "P ranged from .016 to < .001",
            [("P ranged from .016", "=", "0.016"), ("< .001", "<", "0.001")],
        ),
        ("boundary of P = .0208", [("P = .0208", "=", "0.0208")]),
        ("not significant (P = .2)", [("P = .2", "=", "0.2")]),
    ],
)
def test_p_values(text: str, expected: list) -> None:
    assert p_values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "see p. 12 for details",
        "p53 mutations and p16 loss",
        "the p190 and p210 fusion proteins",
        "cytochrome P450 enzymes",
        "acupoint P6 stimulation",
        "phosphorus P 32 therapy",
        "p = pathological; P = pleura",
        "substance P release",
        "HGVS p.Cys634Arg variant",
        "Martus P, Smith J: a study",
        "P not reported",
        "(not statistically significant)",
    ],
)
def test_not_p_values(text: str) -> None:
    assert p_values(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(P <= .05)", [("P <= .05", "<=", "0.05")]),
        ("(P for heterogeneity = .21)", [("P for heterogeneity = .21", "=", "0.21")]),
        ("(P trend = .17)", [("P trend = .17", "=", "0.17")]),
        ("(Pinteraction = .03)", [("Pinteraction = .03", "=", "0.03")]),
        ("(P = 0·03)", [("P = 0·03", "=", "0.03")]),
        ("(P less than .05)", [("P less than .05", "<", "0.05")]),
        ("(P = not significant)", [("P = not significant", "ns", "")]),
        ("(P = n.s.)", [("P = n.s.", "ns", "")]),
    ],
)
def test_labelled_and_spelled_out_p_values(text: str, expected: list) -> None:
    assert p_values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(P < 10⁻⁶)", [("P < 10⁻⁶", "<", "0.000001")]),
        ("(P = 3 × 10⁻⁸)", [("P = 3 × 10⁻⁸", "=", "0.00000003")]),
        ("(P = 0,03)", [("P = 0,03", "=", "0.03")]),
        ("(P = ²)", []),  # a superscript is no number of the text
    ],
)
def test_superscript_exponents_and_decimal_commas(text: str, expected: list) -> None:
    assert p_values(text) == expected


def test_a_times_ten_without_an_exponent_is_no_exponent() -> None:
    # a digit must follow the sign (tests/test_overlong_numbers.py: exponents out of reach)
    assert p_values("(P = .03 x 10-year survival)") == [("P = .03", "=", "0.03")]
    # and only the number 10 can be a power's base: .10 before a dash is a value
    assert p_values("(P = .10-.20)") == [("P = .10", "=", "0.1")]


def test_an_exponent_that_would_underflow_is_refused() -> None:
    with pytest.raises(ValueError, match="exponent out of reach"):
        parse_p_value("P = 1e-9999999")  # (Decimal would make it 0, a value P = 0)
