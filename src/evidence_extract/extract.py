"""Stage 4 — turn matched spans into decoded records.

The matcher (nlp.py) decides *where* things are; this module decides *what
they say*: reference numbers of a callout, the values and qualifier of a
percentage, the comparator and value of a P value, the codes of a level tag.
Parsers of values are plain functions over strings, with examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc, Span

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
NUMBER = re.compile(r"^(?:\d+\.\d+|\.\d+|\d+)$")
SIGNS = {"-", "−", "–"}
PERCENT_UNITS = {"%", "percent", "percentage"}
RANGE_JOINERS = {"to", "-", "–", "—", "‒", "−", "and"}
# `from X% to Y%` is a range only after a verb of range; after a verb of
# change (increased from ... to ...) it is two values (STATS.md).
RANGE_VERBS = {"range", "ranged", "ranges", "ranging", "varied", "varies", "vary", "varying"}
CI_FOLLOWERS = (
    ("ci",),
    ("cis",),
    ("confidence",),
    ("credible",),
    ("cri",),
    ("cl",),
    ("cls",),
    ("lower", "bound"),
    ("upper", "bound"),
    ("lower", "limit"),
    ("upper", "limit"),
)
COMPARATORS = {"=": "=", "<": "<", ">": ">", "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">="}
CALLOUT_PART = re.compile(r"\d+|[-–—‒−]")
EXPONENT = re.compile(
    r"(?P<mantissa>\d*\.?\d+)\s*(?:[×xX*·]\s*10\s*\^?\s*[−\-–]|[eE]\s*[−\-–])\s*(?P<exp>\d+)"
)


def format_number(value: Decimal) -> str:
    """Write a number plainly: no exponent, no trailing zeros, leading zero.

    >>> format_number(Decimal(".007")), format_number(Decimal("43.0"))
    ('0.007', '43')
    >>> format_number(Decimal("1.2E-5"))
    '0.000012'
    """
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    text = format(value.normalize(), "f")
    return text


def parse_number(text: str) -> Decimal:
    """A decimal number as written, or a number word.

    >>> parse_number(".10"), parse_number("Sixty-five")
    (Decimal('0.10'), Decimal('65'))
    """
    cleaned = text.strip().replace("−", "-").replace("–", "-")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        pass
    total = 0
    for part in re.split(r"[\s-]+", text.lower()):
        if part not in NUMBER_WORDS:
            raise ValueError(f"not a number: {text!r}")
        total = total * 100 if part == "hundred" and total else total + NUMBER_WORDS[part]
    return Decimal(total)


def parse_callout(text: str) -> list[int]:
    """Reference numbers of a callout, ranges expanded, in written order.

    >>> parse_callout("[17,20-22]")
    [17, 20, 21, 22]
    >>> parse_callout("[9]-[12]")
    [9, 10, 11, 12]
    """
    numbers: list[int] = []
    pending_range = False
    for part in CALLOUT_PART.findall(text):
        if part.isdigit():
            n = int(part)
            if pending_range and numbers and numbers[-1] < n <= numbers[-1] + 500:
                numbers.extend(range(numbers[-1] + 1, n + 1))
            else:
                numbers.append(n)
            pending_range = False
        else:
            pending_range = True
    return numbers


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
    """
    body = re.sub(r"^[Pp]\s*", "", text.strip())
    m = re.search(r"(<\s*=|>\s*=|[=<>≤≥⩽⩾])", body)
    word = re.match(
        r"^(?:-?\s*value|for\s+\w+|interaction|trend|ranged|ranging|ranges)?\s*"
        r"(?:of|was|is|from)\b",
        body,
        re.I,
    )
    comparator = "="
    if m and (not word or m.start() < word.end()):
        symbol = m.group(1).replace(" ", "")
        comparator = {"<=": "<=", ">=": ">="}.get(symbol, COMPARATORS.get(symbol, "="))
    if re.search(r"\bns\b", body, re.I):
        return "ns", ""
    exp = EXPONENT.search(body)
    if exp:
        value = Decimal(exp.group("mantissa")) * (Decimal(10) ** -int(exp.group("exp")))
        return comparator, format_number(value)
    numbers = re.findall(r"\d*\.?\d+", body)
    if not numbers:
        raise ValueError(f"P value without a number: {text!r}")
    return comparator, format_number(Decimal(numbers[-1]))


@dataclass(frozen=True)
class PercentRecord:
    start: int  # clean-text offsets
    end: int
    low: str
    high: str
    qualifier: str
    role: str


@dataclass(frozen=True)
class PValueRecord:
    start: int
    end: int
    comparator: str
    value: str


def _operands(span: Span) -> list[tuple[int, int, Decimal]]:
    """Numeric operands of a percentage span: token range (unit included), value."""
    tokens = list(span)
    out: list[tuple[int, int, Decimal]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        sign = 1
        start = i
        if (
            tok.text in SIGNS
            and i + 1 < len(tokens)
            and NUMBER.match(tokens[i + 1].text)
            and (
                not tok.whitespace_
                and (i == 0 or tokens[i - 1].lower_ in RANGE_JOINERS | {"between"})
            )
        ):
            sign = -1
            i += 1
            tok = tokens[i]
        if NUMBER.match(tok.text):
            value = Decimal(tok.text) * sign
            end = i + 1
        elif tok.lower_ in NUMBER_WORDS:
            end = i + 1
            while end < len(tokens) and (
                tokens[end].lower_ in NUMBER_WORDS
                or (
                    tokens[end].text == "-"
                    and end + 1 < len(tokens)
                    and tokens[end + 1].lower_ in NUMBER_WORDS
                )
            ):
                end += 1
            value = parse_number(span[i:end].text)
        else:
            i += 1
            continue
        if end < len(tokens) and tokens[end].lower_ in PERCENT_UNITS:
            end += 1
            if end < len(tokens) and tokens[end].lower_ in {"point", "points"}:
                end += 1
        out.append((start, end, value))
        i = end
    return out


def _is_ci_level(doc: Doc, end: int) -> bool:
    following = [t.lower_ for t in doc[end : end + 2] if not t.is_space]
    return any(tuple(following[: len(f)]) == f for f in CI_FOLLOWERS)


def percentage_records(span: Span) -> list[PercentRecord]:
    """Rows of one percentage span (STATS.md): a range is one row unless it
    descends (X > Y) or follows `from` after a verb of change, then each end
    is a row of its own."""
    doc = span.doc
    operands = _operands(span)
    qualifier = span._.qualifier
    if not operands:
        return []
    if len(operands) == 1:
        ((_, _, value),) = operands
        role = "ci_level" if _is_ci_level(doc, span.end) else "value"
        text_value = format_number(value)
        return [
            PercentRecord(span.start_char, span.end_char, text_value, text_value, qualifier, role)
        ]
    (s1, e1, v1), (s2, e2, v2) = operands[0], operands[-1]
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    after_from = (
        bool(before) and before[-1] == "from" and (len(before) < 2 or before[0] not in RANGE_VERBS)
    )
    if v1 > v2 or after_from:
        first = span[s1:e1]
        second = span[s2:e2]
        first_start = span.start_char if qualifier else first.start_char
        return [
            PercentRecord(
                first_start,
                first.end_char,
                format_number(v1),
                format_number(v1),
                qualifier,
                "value",
            ),
            PercentRecord(
                second.start_char,
                second.end_char,
                format_number(v2),
                format_number(v2),
                "",
                "value",
            ),
        ]
    return [
        PercentRecord(
            span.start_char, span.end_char, format_number(v1), format_number(v2), qualifier, "value"
        )
    ]


def p_value_records(span: Span) -> list[PValueRecord]:
    """The P value of a span, plus the further values of a `respectively`
    list that shares its comparator (`P = .02, .04, and .01, respectively`)."""
    comparator, value = parse_p_value(span.text)
    records = [PValueRecord(span.start_char, span.end_char, comparator, value)]
    doc = span.doc
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
                    format_number(Decimal(doc[j].text)),
                )
            )
            i = j + 1
        else:
            break
    tail = [t.lower_ for t in doc[i : i + 3]]
    if extra and "respectively" in tail:
        records.extend(extra)
    return records
