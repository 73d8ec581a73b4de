"""Percentages: values, ranges, qualifiers and roles of each matched span
(docs/STATISTICS.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc, Span

from .effects import Interval, interval_at
from .numbers import NUMBER, NUMBER_WORDS, SIGNS, format_number, parse_number

PERCENT_UNITS = {"%", "percent", "percentage"}
RANGE_JOINERS = {"to", "-", "–", "—", "‒", "−", "and"}
# `from X% to Y%` is a range only after a verb of range; after a verb of
# change (increased from ... to ...) it is two values (docs/STATISTICS.md).
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
    ("cr", "i"),  # `CrI`: the tokenizer splits at the case change
)
# An interval's name before its level: `CI 95% [0.78-1.04]`.
CI_PRECEDERS = (
    ("ci",),
    ("cri",),
    ("cr", "i"),
    ("confidence", "interval"),
    ("credible", "interval"),
)


@dataclass(frozen=True)
class PercentRecord:
    start: int  # clean-text offsets
    end: int
    low: str
    high: str
    qualifier: str
    role: str
    ci_low: str = ""  # the interval that follows the value directly, if any
    ci_high: str = ""


THOUSANDS_GROUP = re.compile(r"^\d{3}$")
DECIMAL_COMMA_DIGITS = re.compile(r"^\d{1,2}$")
# A span of years in parentheses is not an interval: `(1996–2005)`.
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
BRACKET_OPENS = re.compile(r"\s*[\[(]")


def percentage_interval(text: str, end: int) -> Interval | None:
    """The interval written directly after a percentage that ends at `end`:
    `70% [95% CI, 50–83]`, `55% [33–72]`, `84% (95% CI, 72%–96%)`,
    `21.4% (14.9%–29.8%)`. Not `(range, 10–90)`, not years, not `±`.

    >>> i = percentage_interval("70% [95% CI, 50–83]", 3)
    >>> (i.low, i.high)
    ('50', '83')
    >>> percentage_interval("13% in the radiation group (95% CI, 9%–19%)", 3) is None
    True
    >>> percentage_interval("40% (1996–2005)", 3) is None
    True
    """
    if not BRACKET_OPENS.match(text, end):  # (not on a copy of the rest of the page)
        return None  # directly after the value, in brackets only
    interval = interval_at(text, end)
    if interval is None or (YEAR.match(interval.low) and YEAR.match(interval.high)):
        return None
    return interval


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
            end = i + 1
            digits = tok.text
            # thousands written with commas: `1,000%`
            while (
                end + 1 < len(tokens)
                and tokens[end].text == ","
                and not tokens[end - 1].whitespace_
                and not tokens[end].whitespace_
                and THOUSANDS_GROUP.match(tokens[end + 1].text)
            ):
                digits += tokens[end + 1].text
                end += 2
            # a decimal comma: `0,5%` (one or two digits after it)
            if (
                end + 1 < len(tokens)
                and tokens[end].text == ","
                and not tokens[end - 1].whitespace_
                and not tokens[end].whitespace_
                and DECIMAL_COMMA_DIGITS.match(tokens[end + 1].text)
            ):
                digits += "." + tokens[end + 1].text
                end += 2
            value = Decimal(digits.replace("·", ".")) * sign
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
        if end + 1 < len(tokens) and (tokens[end].lower_, tokens[end + 1].lower_) == (
            "per",
            "cent",
        ):
            end += 1  # `per cent`: the unit's second word is taken below
        if end < len(tokens) and tokens[end].lower_ in PERCENT_UNITS | {"cent"}:
            end += 1
            if end < len(tokens) and tokens[end].lower_ in {"point", "points"}:
                end += 1
        out.append((start, end, value))
        i = end
    return out


def _is_ci_level(doc: Doc, start: int, end: int) -> bool:
    """A level named by the interval after it (`95% CI`) or before it (`CI 95%`)."""
    following = [t.lower_ for t in doc[end : end + 2] if not t.is_space]
    if any(tuple(following[: len(f)]) == f for f in CI_FOLLOWERS):
        return True
    preceding = [t.lower_ for t in doc[max(0, start - 4) : start] if not t.is_space]
    if preceding[-1:] == [","] and following[:1] == [","]:
        # `CI, 95%, 0.91–1.09`: the level between the name and the bounds
        preceding = preceding[:-1]
    elif preceding[-1:] == [","]:
        return False  # `95% CI, -1% to 9%`: a bound written with %
    return any(tuple(preceding[-len(f) :]) == f for f in CI_PRECEDERS)


def percentage_records(span: Span) -> list[PercentRecord]:
    """Rows of one percentage span (docs/STATISTICS.md): a range is one row unless it
    descends (X > Y) or follows `from` after a verb of change, then each end
    is a row of its own."""
    doc = span.doc
    operands = _operands(span)
    qualifier = span._.qualifier
    if not operands:
        return []
    if len(operands) == 1:
        ((_, _, value),) = operands
        role = "ci_level" if _is_ci_level(doc, span.start, span.end) else "value"
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
