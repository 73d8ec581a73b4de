"""Numbers as pages write them, and as the tables write them (plainly)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}  # fmt: skip
NUMBER = re.compile(r"^(?:\d+[.·]\d+|[.·]\d+|\d+)$")
# Signs a page writes before a negative number: hyphen, minus, en dash.
SIGNS = {"-", "−", "–"}


# The numbers a statistic is written in: the tables' typed columns read
# them as 64-bit floats, which hold 15 significant digits and magnitudes down
# to about 1e-308 (a genome-wide P value reaches 1e-300). Anything outside
# is no statistic (a run of digits, an exponent typed wrong): not a row,
# rather than a value that breaks every reader of the column.
MAX_DIGITS = 30
LARGEST = Decimal("1e15")
SMALLEST = Decimal("1e-300")


def format_number(value: Decimal) -> str:
    """Write a number plainly: no exponent, no trailing zeros, leading zero.
    ValueError for a number no statistic is written in.

    >>> format_number(Decimal(".007")), format_number(Decimal("43.0"))
    ('0.007', '43')
    >>> format_number(Decimal("1.2E-5"))
    '0.000012'
    >>> format_number(Decimal("9" * 40))
    Traceback (most recent call last):
    ValueError: not a number a statistic is written in: 9999999999999999999999999999999999999999
    """
    magnitude = abs(value)
    if (
        not value.is_finite()
        or len(value.as_tuple().digits) > MAX_DIGITS
        or magnitude >= LARGEST
        or (magnitude and magnitude < SMALLEST)
    ):
        raise ValueError(f"not a number a statistic is written in: {value}")
    if value == value.to_integral_value():
        # (quantize would fail past the context's 28 digits)
        return format(value.to_integral_value(), "f")
    return format(value.normalize(), "f")


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
