"""Reference numbers of a citation callout."""

from __future__ import annotations

import re

CALLOUT_PART = re.compile(r"\d+|[-–—‒−]")
# A range in a callout spans at most this many references; a wider "range"
# is not expanded (it is two numbers, not 500 citations).
MAX_RANGE = 500


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
            if pending_range and numbers and numbers[-1] < n <= numbers[-1] + MAX_RANGE:
                numbers.extend(range(numbers[-1] + 1, n + 1))
            else:
                numbers.append(n)
            pending_range = False
        else:
            pending_range = True
    return numbers
