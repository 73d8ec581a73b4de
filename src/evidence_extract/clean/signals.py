"""Lines that are page chrome by their form, whatever the site calls them.

Shared by the readers (HTML title blocks, text saves): a date or a phone
number set apart on a line of its own with at most a short label
("Updated: August 26, 2010", "Posted on March 3, 2015 by admin",
"Questions About Cancer? 1-800-4-CANCER"), a rule drawn with punctuation
("_____"), an image's alt text alone ("National Cancer Institute logo") or
doubled by its link's label ("Print This Page  Print This Page"), and a row of link labels set apart by wide gaps or
bars ("NCI Home | Contact Us | Policies"). Article text is sentences around
its dates and numbers, so none of these forms catch it.
"""

from __future__ import annotations

import re

from ..settings import CleanOptions
from .blocks import WORD

# Two or more spaces (or a tab) between the labels of one line.
WIDE_GAP = re.compile(r"\s{2,}|\t")
LABEL_BREAK = re.compile(r"\s{2,}|\t|\s+\|\s+")
SENTENCE_PUNCTUATION = re.compile(r"[.;:,!?\]]")
HAS_ALNUM = re.compile(r"[^\W_]")


def _words(text: str) -> int:
    return len(WORD.findall(text))


# The most words a date or a phone number is written in ("March 3, 2015",
# "1-800-4-CANCER"): a longer line is read no further.
DATE_OR_PHONE_MAX_WORDS = 4


# What a label beside a date never holds, and the article's short lines do:
# a number or a sign of evidence (`Median PFS 40% since 2010-01-05`,
# `[Level of evidence: 1iiA] (2015-03-04)`, `Table 2. Results (March 2015)`).
NOT_A_LABEL = re.compile(r"[\d%\[\]]")
# A date in parentheses closing a line dates what the line names: a heading
# (`Changes to This Summary (07/30/2015)`), not a page's stamp.
DATED_HEADING = re.compile(r"\w.*\(\s*\)\s*$")


def is_set_apart(line: str, opts: CleanOptions) -> bool:
    """A date or a phone number alone on its line, beside a short label."""
    most = opts.settings.line_label_max_words + DATE_OR_PHONE_MAX_WORDS
    if len(line.split(None, most)) > most:  # more words than that (split no further)
        return False
    hints = opts.hints
    rest, dates = hints.date.subn("", line)
    rest, phones = hints.phone.subn("", rest)
    if not (dates or phones) or NOT_A_LABEL.search(rest):
        return False
    if dates and not phones and DATED_HEADING.match(rest):
        return False
    return _words(rest) <= opts.settings.line_label_max_words


def is_alt_text(line: str, opts: CleanOptions) -> bool:
    """A short line naming an image ("National Cancer Institute logo"): a
    text save writes an image as its alt text."""
    s = line.strip()
    return _words(s) <= opts.settings.text_short_line_max_words and bool(
        opts.hints.alt_text_line.match(s)
    )


def is_rule(line: str) -> bool:
    """A line drawn with punctuation only (`_____`, `-----`, `* * *`)."""
    s = line.strip()
    return len(s) >= 3 and not HAS_ALNUM.search(s)


def is_doubled_label(line: str) -> bool:
    """The same label twice across a wide gap: an image's alt text and
    its link's text, as a text save writes a tool-bar button."""
    parts = WIDE_GAP.split(line.strip())
    return len(parts) == 2 and parts[0] == parts[1] and bool(HAS_ALNUM.search(parts[0]))


def is_label_row(line: str, opts: CleanOptions) -> bool:
    """Several short labels set apart by wide gaps or bars, none of them a
    sentence: a row of links (a footer's agencies, a tool bar) as text."""
    parts = [p for p in LABEL_BREAK.split(line.strip()) if p]
    if len(parts) < 2:
        return False
    limit = opts.settings.text_short_line_max_words
    return all(
        _words(p) <= limit and not SENTENCE_PUNCTUATION.search(p[-1:]) and p[:1].isupper()
        for p in parts
    )


def is_chrome_form(line: str, opts: CleanOptions) -> bool:
    """Any of the forms above."""
    return (
        is_rule(line)
        or is_set_apart(line, opts)
        or is_doubled_label(line)
        or is_alt_text(line, opts)
        or is_label_row(line, opts)
    )
