"""Lines that are chrome by their form (clean/signals.py): each form on the
chrome it is for, and on the article's own short lines, which must stay."""

from __future__ import annotations

import pytest

from evidence_extract.clean.signals import (
    is_alt_text,
    is_chrome_form,
    is_doubled_label,
    is_label_row,
    is_rule,
    is_set_apart,
)
from evidence_extract.settings import default_clean_options

OPTS = default_clean_options()


@pytest.mark.parametrize(
    "line",
    [
        "Updated: August 26, 2010",
        "Last Modified: 06/24/2004",
        "Posted on March 3, 2015 by admin",
        "Questions About Cancer? 1-800-4-CANCER",
        "Call (301) 496-5583",
        "Phone: 301-496-5583",
        "March 2015",
        "2015-03-04",
    ],
)
def test_a_date_or_phone_number_beside_a_short_label_is_set_apart(line: str) -> None:
    assert is_set_apart(line, OPTS)


@pytest.mark.parametrize(
    "line",
    [
        # numbers beside it: a dose range, a row of counts, a result
        "Dose: 500-1000 mg/m2 daily",
        "- Nephrectomy in 120 240 1200 patients",
        "Median PFS 40% since 2010-01-05",
        # a sign of evidence
        "[Level of evidence: 1iiA] (2015-03-04)",
        # a caption, and a heading dated in parentheses
        "Table 2. Results (March 2015)",
        "Changes to This Summary (07/30/2015)",
        "Latest Updates to This Summary (03/14/2024)",
        # a sentence around a date has more words than a label
        "The summary was last updated on August 26, 2010, by the editorial board.",
        # no date or phone number at all
        "Treatment Option Overview",
    ],
)
def test_the_articles_short_lines_are_not_set_apart(line: str) -> None:
    assert not is_set_apart(line, OPTS)
    assert not is_chrome_form(line, OPTS)


def test_a_rule_is_punctuation_only() -> None:
    assert is_rule("_____") and is_rule("* * *") and is_rule("-----")
    assert not is_rule("--") and not is_rule("- 5 -")


def test_an_images_alt_text_alone() -> None:
    assert is_alt_text("National Cancer Institute logo", OPTS)
    assert not is_alt_text("The logo of the trial was changed.", OPTS)


def test_a_label_doubled_across_a_wide_gap() -> None:
    assert is_doubled_label("Print This Page  Print This Page")
    assert not is_doubled_label("Stage I  Stage II")


def test_a_row_of_link_labels() -> None:
    assert is_label_row("NCI Home | Contact Us | Policies", OPTS)
    assert is_label_row("Contact Us    Privacy    Accessibility", OPTS)
    # a table row of numbers, or a sentence, is not a row of labels
    assert not is_label_row("55%    40%", OPTS)
    assert not is_label_row("Patients were randomized.  Survival improved.", OPTS)
