"""Trial registry identifiers, normalised to the registry's own spelling."""

from __future__ import annotations

import re

# The registry's own spelling of each prefix (ids of the TRIAL rules).
PREFIXES = {
    "nct": "NCT",
    "isrctn": "ISRCTN",
    "actrn": "ACTRN",
    "drks": "DRKS",
    "umin": "UMIN",
    "chictr": "ChiCTR",
    "eudract": "",
}


def normalise_trial_id(text: str, registry: str) -> str:
    """The identifier without spaces, its prefix spelled as the registry does.

    >>> normalise_trial_id("NCT 01234567", "nct")
    'NCT01234567'
    >>> normalise_trial_id("chictr-TRC-12002345", "chictr")
    'ChiCTR-TRC-12002345'
    >>> normalise_trial_id("2004-000123-45", "eudract")
    '2004-000123-45'
    """
    compact = re.sub(r"\s+", "", text)
    prefix = PREFIXES[registry]
    if prefix and compact[: len(prefix)].lower() == prefix.lower():
        compact = prefix + compact[len(prefix) :]
    return compact
