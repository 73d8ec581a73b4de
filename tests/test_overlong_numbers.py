"""Numbers no page really writes (a list `start` of 5,000 digits, a
percentage of 400 nines) neither fail the page nor reach a table: the typed
columns are 64-bit, and Python refuses to read an integer past 4,300 digits.
"""

from __future__ import annotations

import pytest

from evidence_extract.pipeline import process_document
from evidence_extract.schema import Table

SENTENCE = (
    "In a randomized trial of 400 patients, survival was 45% versus 30% (P = .03).<sup>1</sup>"
)
ENTRY = "Smith J, Doe R: A randomized trial. N Engl J Med 352 (10): 997-1003, 2005."
INT64_MAX = 2**63 - 1


def _html(start: str, value: str) -> str:
    return (
        f"<html><body><main><h1>A Summary</h1><p>{SENTENCE}</p><h2>References</h2>"
        f"<ol start='{start}'><li value='{value}'>{ENTRY}</li><li>{ENTRY}</li></ol>"
        "</main></body></html>"
    )


def _ok(doc_id: str, source: str):
    result = process_document(doc_id, source.encode("utf-8"))
    assert result.document.status == "ok", result.document.error
    return result


def _integers(result) -> list[int]:
    return [
        v
        for rows in result.tables.values()
        for row in rows
        for v in vars(row).values()
        if isinstance(v, int) and not isinstance(v, bool)
    ]


@pytest.mark.parametrize(
    ("start", "value", "numbers"),
    [
        ("1" * 5000, "", [1, 2]),  # past Python's limit: numbered from 1
        ("3", "9" * 23, [3, 4]),  # past 64 bits: the entry keeps its place
        ("3", "1" * 5000, [3, 4]),
        ("12", "", [12, 13]),  # (a real start still counts)
    ],
)
def test_an_overlong_list_number_is_no_reference_number(start, value, numbers) -> None:
    result = _ok("p.html", _html(start, value))
    refs = result.tables[Table.REFERENCES]
    assert [r.ref_number for r in refs] == numbers
    assert all(abs(n) <= INT64_MAX for n in _integers(result))


def test_an_overlong_pdq_xml_index_keeps_the_citation_in_its_place() -> None:
    source = (
        '<?xml version="1.0" ?><Summary id="CDR1"><SummaryTitle>A Summary</SummaryTitle>'
        '<SummarySection id="_1"><Title>Results</Title><Para id="_2">Survival was 45%.'
        f'<Reference refidx="{"8" * 5000}"/><Reference refidx="2"/></Para>'
        f'<ReferenceSection><Citation idx="{"8" * 5000}">{ENTRY}</Citation>'
        f'<Citation idx="2">{ENTRY}</Citation></ReferenceSection></SummarySection></Summary>'
    )
    result = _ok("s.xml", source)
    assert [r.ref_number for r in result.tables[Table.REFERENCES]] == [1, 2]
    assert [c.ref_number for c in result.tables[Table.CITATIONS]] == [2]


@pytest.mark.parametrize(
    "statistic",
    [
        "9" * 400 + "%",
        "0." + "0" * 400 + "1%",
        "P = ." + "0" * 5000 + "1",
        "P = 1e-99999999999999999999",
        # an exponent past the patterns' three digits: never the mantissa as P = 1
        "P = 1 × 10−999999",
        "P = 2 × 10⁻⁸⁸⁸⁸⁸",
        "P = 1 × 10−301",  # below 1e-300, where 64-bit floats lose their digits
        # a power the patterns do not take: never the 10 or the mantissa alone
        "P < 10−6",  # a superscript lost in the save
        "P < 10^-1000",
        "P = 1.2 × 10^(−5)",
    ],
)
def test_a_number_no_statistic_is_written_in_is_no_row(statistic) -> None:
    source = f"Results\n\nIn one arm the rate was {statistic} at five years. Survival was 45%.\n"
    result = _ok("p.txt", source)
    assert [r.low for r in result.tables[Table.PERCENTAGES]] == ["45"]
    assert result.tables[Table.P_VALUES] == []


def test_an_effect_with_an_overlong_bound_keeps_its_estimate_but_no_interval() -> None:
    source = f"Results\n\nThe hazard ratio was 0.7 (95% CI, 0.{'5' * 5000}–0.9) in one trial.\n"
    (effect,) = _ok("p.txt", source).tables[Table.EFFECT_SIZES]
    assert (effect.value, effect.ci_low, effect.ci_high) == ("0.7", "", "")


def test_the_smallest_p_value_kept_is_1e_minus_300() -> None:
    source = "Results\n\nThe association was genome-wide significant (P = 1 × 10−300).\n"
    (p,) = _ok("p.txt", source).tables[Table.P_VALUES]
    assert (p.text, p.value) == ("P = 1 × 10−300", "0." + "0" * 299 + "1")
