"""P values: comparator and value of each matched span (docs/STATISTICS.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Span

from .numbers import NUMBER, format_number

COMPARATORS = {"=": "=", "<": "<", ">": ">", "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">="}
EXPONENT = re.compile(
    r"(?<![\d.])(?P<mantissa>\d++(?:\.\d++)?|\.\d++)\s*(?:[×xX*·]\s*10\s*\^?\s*[−\-–]|[eE]\s*[−\-–])\s*(?P<exp>\d+)"
)
# One way only to read a run of digits (`\d*\.?\d+` has many, and takes
# cubic time to fail on a long run of digits).
DECIMAL = re.compile(r"\d+(?:\.\d+)?|\.\d+")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
DECIMAL_COMMA = re.compile(r"(?<=\b0),(?=\d)")
# A value the matcher stopped short of: its exponent runs past the three
# digits the patterns take (`P = 1 × 10−999999`), or is written in a form
# they do not take (`P = 1.2 × 10^(−5)`, `P < 10−6` from a lost
# superscript), so the span holds the mantissa (or the 10) only, which is
# not the P value written. A digit must follow the sign: `P = .03 x 10-year
# survival` has no exponent.
NEGATIVE_POWER = r"\s*\^?\s*\(?\s*[⁻−\-–]\s*[\d⁰¹²³⁴⁵⁶⁷⁸⁹]"  # after a 10
EXPONENT_BEYOND = re.compile(rf"\s*(?:[×xX*·]\s*10{NEGATIVE_POWER}|[eE]\s*[−\-–]\s*[\d⁰¹²³⁴⁵⁶⁷⁸⁹])")
POWER_BEYOND = re.compile(NEGATIVE_POWER)
ENDS_AT_TEN = re.compile(r"(?<![\d.,·])10$")
# `× 10 ^ ( − 5`: how many tokens after a span can hold what EXPONENT_BEYOND reads
EXPONENT_TOKENS = 8
# Exponents past this are refused before 10 is raised to them: no value
# below 1e-300 is kept (numbers.SMALLEST), and far enough out Decimal
# underflows to 0, which would read as P = 0.
MAX_EXPONENT = 400
POWER_OF_TEN = re.compile(r"^[^\d]*\b10\s*\^?\s*[−\-–]\s*(?P<exp>\d+)\s*$")
COMPARATOR_SYMBOL = re.compile(r"(<\s*=|>\s*=|[=<>≤≥⩽⩾])")
COMPARATOR_SPELLED = re.compile(r"\b(less|lower|greater|higher)\s+than\b", re.I)
NOT_SIGNIFICANT = re.compile(
    r"\bns\b|\bn\s*\.\s*s\b|\bnot\s+sig|\bnon\s*-?\s*sig|\bnonsig|\binsignificant", re.I
)
COMPARATOR_WORD = re.compile(
    r"^(?:-?\s*value|for\s+\w+|interaction|trend|ranged|ranging|ranges)?\s*(?:of|was|is|from)\b",
    re.I,
)


@dataclass(frozen=True)
class PValueRecord:
    start: int  # clean-text offsets
    end: int
    comparator: str
    value: str


def parse_p_value(text: str) -> tuple[str, str]:
    """Comparator and value of a P value as written.

    >>> parse_p_value("P = .007")
    ('=', '0.007')
    >>> parse_p_value("P ≤ .05")
    ('<=', '0.05')
    >>> parse_p_value("P = 1.2 × 10−5")
    ('=', '0.000012')
    >>> parse_p_value("P = NS")
    ('ns', '')
    >>> parse_p_value("P value of .02")
    ('=', '0.02')
    >>> parse_p_value("P less than .05"), parse_p_value("Pinteraction = 0·03")
    (('<', '0.05'), ('=', '0.03'))
    >>> parse_p_value("P = n.s."), parse_p_value("P = not significant")
    (('ns', ''), ('ns', ''))
    >>> parse_p_value("P < 10⁻⁶"), parse_p_value("P = 3 × 10⁻⁸"), parse_p_value("P = 0,03")
    (('<', '0.000001'), ('=', '0.00000003'), ('=', '0.03'))
    """
    body = re.sub(r"^[Pp]\s*", "", text.strip()).replace("·", ".").translate(SUPERSCRIPTS)
    body = DECIMAL_COMMA.sub(".", body)
    body = re.sub(r"\.\s+(?=\d)", ".", body)  # `P =. 065`: the point before the space
    m = COMPARATOR_SYMBOL.search(body)
    word = COMPARATOR_WORD.match(body)
    comparator = "="
    if m and (not word or m.start() < word.end()):
        symbol = m.group(1).replace(" ", "")
        comparator = {"<=": "<=", ">=": ">="}.get(symbol, COMPARATORS.get(symbol, "="))
    spelled = COMPARATOR_SPELLED.search(body)
    if not m and spelled:
        comparator = "<" if spelled.group(1).lower() in {"less", "lower"} else ">"
    if NOT_SIGNIFICANT.search(body):
        return "ns", ""
    power = POWER_OF_TEN.search(body)
    if power:  # `P < 10⁻⁶`
        return comparator, format_number(_power_of_ten(power.group("exp")))
    exp = EXPONENT.search(body)
    if exp:
        value = Decimal(exp.group("mantissa")) * _power_of_ten(exp.group("exp"))
        return comparator, format_number(value)
    numbers = DECIMAL.findall(body)
    if not numbers:
        raise ValueError(f"P value without a number: {text!r}")
    return comparator, format_number(Decimal(numbers[-1]))


def _power_of_ten(exponent: str) -> Decimal:
    """10 to the minus `exponent`; ValueError where it would underflow."""
    if len(exponent) > len(str(MAX_EXPONENT)) or int(exponent) > MAX_EXPONENT:
        raise ValueError(f"exponent out of reach: -{exponent}")
    return Decimal(10) ** -int(exponent)


def p_value_records(span: Span) -> list[PValueRecord]:
    """The P value of a span, plus the further values of a `respectively`
    list that shares its comparator (`P = .02, .04, and .01, respectively`)."""
    doc = span.doc
    # the few tokens an exponent can take (never `doc.text`: it joins every
    # token of the page, for each P value)
    after = doc[span.end : span.end + EXPONENT_TOKENS].text
    if EXPONENT_BEYOND.match(after) or (
        ENDS_AT_TEN.search(span.text) and POWER_BEYOND.match(after)
    ):
        raise ValueError(f"P value cut short of its exponent: {span.text!r}")
    comparator, value = parse_p_value(span.text)
    records = [PValueRecord(span.start_char, span.end_char, comparator, value)]
    i = span.end
    extra: list[PValueRecord] = []
    while i < len(doc):
        j = i
        if doc[j].text == ",":
            j += 1
        if j < len(doc) and doc[j].lower_ == "and":
            j += 1
        if j < len(doc) and NUMBER.match(doc[j].text) and j > i:
            extra.append(
                PValueRecord(
                    doc[j].idx,
                    doc[j].idx + len(doc[j]),
                    comparator,
                    format_number(Decimal(doc[j].text.replace("·", "."))),
                )
            )
            i = j + 1
        else:
            break
    tail = [t.lower_ for t in doc[i : i + 3]]
    if extra and "respectively" in tail:
        records.extend(extra)
    return records
