"""PMIDs a page does not show, from the references of earlier runs.

Pages saved as text keep "[PUBMED Abstract]" but lose the link behind it;
the same summaries saved as HTML carry it. A reference index maps a
reference's text (case, punctuation and spacing folded) to its PMID, built
from `references.csv` files of earlier runs (`run --reference-index`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path

from .load import InputError

REFERENCE_WORD = re.compile(r"[^\W_]+")


def reference_key(text: str) -> str:
    """A reference's text as an index key: case, punctuation and spacing
    folded, so the same entry matches across renderings.

    >>> reference_key("Cunningham D, et al.: Perioperative  chemotherapy. N Engl J Med 355 (1): 11-20, 2006.")
    'cunningham d et al perioperative chemotherapy n engl j med 355 1 11 20 2006'
    """
    return " ".join(REFERENCE_WORD.findall(text.lower()))


def load_reference_index(paths: list[Path]) -> dict[str, str]:
    """Reference key -> PMID, from `references.csv` files of earlier runs
    (any CSV with `text` and `pmid` columns).

    A text that two files give different PMIDs is left out: the index never
    guesses.
    """
    found: dict[str, set[str]] = {}
    for path in paths:
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or not {"text", "pmid"} <= set(reader.fieldnames):
                    raise InputError(f"reference index {path} needs `text` and `pmid` columns")
                for row in reader:
                    if row["pmid"] and row["text"]:
                        found.setdefault(reference_key(row["text"]), set()).add(row["pmid"])
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise InputError(f"cannot read reference index {path}: {error}") from error
    return {key: next(iter(pmids)) for key, pmids in found.items() if len(pmids) == 1}


def pmid_of(pmid_on_page: str, reference_text: str, index: Mapping[str, str]) -> tuple[str, str]:
    """A reference's PMID and where it comes from: `page` (a PubMed link or
    `PMID:` on the page), else `index` (its text found in the index), else
    nothing."""
    if pmid_on_page:
        return pmid_on_page, "page"
    found = index.get(reference_key(reference_text), "")
    return (found, "index") if found else ("", "")
