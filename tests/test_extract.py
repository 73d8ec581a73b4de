"""The value parsers, one string at a time (no spaCy)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evidence_extract.extract.callouts import MAX_RANGE, parse_callout
from evidence_extract.extract.levels import Rankings, codes_in_tag
from evidence_extract.extract.numbers import format_number, parse_number
from evidence_extract.extract.p_values import parse_p_value
from evidence_extract.resources import read_json


@pytest.mark.parametrize(
    ("text", "value"),
    [(".007", "0.007"), ("43.0", "43"), ("-3.2", "-3.2"), ("–12", "-12"), ("Ninety", "90"),
     ("sixty-five", "65"), ("one hundred", "100")],
)  # fmt: skip
def test_numbers(text: str, value: str) -> None:
    assert format_number(parse_number(text)) == value


def test_not_a_number() -> None:
    with pytest.raises(ValueError):
        parse_number("several")


def test_format_number_never_writes_an_exponent() -> None:
    assert format_number(Decimal("2.5e-6")) == "0.0000025"
    assert format_number(Decimal("1E+3")) == "1000"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("[5]", [5]),
        ("[17,20-22]", [17, 20, 21, 22]),
        ("[9]-[12]", [9, 10, 11, 12]),
        ("[2–4]", [2, 3, 4]),
        ("[1, 3-5]", [1, 3, 4, 5]),
        ("[12-3]", [12, 3]),  # a descending "range" is two numbers
        (f"[1-{MAX_RANGE + 2}]", [1, MAX_RANGE + 2]),  # too wide to be a range
    ],
)
def test_parse_callout(text: str, numbers: list[int]) -> None:
    assert parse_callout(text) == numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P = .007", ("=", "0.007")),
        ("p<0.001", ("<", "0.001")),
        ("P ≥ .05", (">=", "0.05")),
        ("P < = .05", ("<=", "0.05")),
        ("P value of .02", ("=", "0.02")),
        ("P for trend = .03", ("=", "0.03")),
        ("P = 2.5e-6", ("=", "0.0000025")),
        ("P = NS", ("ns", "")),
    ],
)
def test_parse_p_value(text: str, expected: tuple[str, str]) -> None:
    assert parse_p_value(text) == expected


def test_codes_in_tag() -> None:
    assert codes_in_tag("[Level of evidence: 1iiA]") == ["1iiA"]
    assert codes_in_tag("[Level of evidence A1 and A3]") == ["A1", "A3"]
    assert codes_in_tag("no tag") == []


def test_rankings_are_data() -> None:
    # A ranking added to the data file decodes without a code change.
    data = dict(read_json("data/levels.json"))
    data["schemes"] = dict(data["schemes"]) | {
        "toy": {
            "pattern": "^(?P<design>Z)(?P<endpoint>9?)$",
            "designs": {"Z": "Toy design"},
            "endpoint_key": "endpoint",
            "endpoints": {"9": "Toy end point"},
            "requires_endpoint": [],
            "no_endpoint": [],
        }
    }
    data["by_summary_type"] = dict(data["by_summary_type"]) | {"toy-kind": ["toy"]}
    level = Rankings.from_dict(data).decode("Z9", "toy-kind")
    assert (level.scheme, level.design_label, level.endpoint_label) == (
        "toy",
        "Toy design",
        "Toy end point",
    )
