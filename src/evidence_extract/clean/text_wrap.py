"""Text saves broken at a fixed width: lines joined back into blocks.

A print view saved as text, or any text wrapped for e-mail, breaks every
paragraph into lines of nearly the same length. A paragraph is then a run of
non-blank lines, unless the lines look like a list (a marker starts a new
item; its wrapped lines hang indented under it) or stand apart on purpose
(a heading, a short line). Greedy wrapping leaves a telltale: a line ends
where the next line's first word would not have fit. A save is taken as
wrapped only when most of its lines fill the width, as wrapped text does;
saves written a block per line (cancer.gov, WebMD) have long and short
lines of every length and are left as they are.
"""

from __future__ import annotations

import re

from ..settings import CleanOptions

MARKER = r"^(?:[•◦▪‣·*–-]|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s+"
LIST_MARKER = re.compile(MARKER + r"\S")
MARKER_PREFIX = re.compile(MARKER)
HYPHEN_BREAK = re.compile(r"[^\W\d_]-$")


def wrap_width(lines: list[str], opts: CleanOptions) -> int:
    """The width a save was wrapped at, or 0 when it is not wrapped."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    s = opts.settings
    width = lengths[int(s.text_wrap_width_quantile * (len(lengths) - 1))]
    # full: close to the width, not past it (a line per block: some lines
    # are much longer than the rest)
    full = sum(1 for n in lengths if s.text_wrap_full_ratio * width <= n <= width)
    return width if full >= s.text_wrap_min_full_share * len(lengths) else 0


def unwrap(lines: list[str], width: int) -> list[str]:
    """The lines of one group joined into blocks (lines of a save wrapped
    at `width`): a line continues the one above when the above is full (the
    continuation's first word would not have fit) and the line starts no
    list item (a word broken after its hyphen is joined without a space).
    A joined block keeps its first line's indentation."""
    blocks: list[str] = []
    above = ""  # the physical line above
    for line in lines:
        line = line.rstrip()
        words = line.split()
        if (
            blocks
            and words
            and above
            and not LIST_MARKER.match(line.lstrip())
            and len(above) + 1 + len(words[0]) > width
        ):
            # a word broken at its hyphen ("long-" / "term") is one word again
            glue = "" if HYPHEN_BREAK.search(above) else " "
            blocks[-1] = f"{blocks[-1]}{glue}{line.strip()}"
            above = line
            continue
        blocks.append(line)
        above = line
    return blocks
