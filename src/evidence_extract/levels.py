"""Decoding of level-of-evidence codes, from the one data file `data/levels.json`.

No ranking is a code branch here: schemes, their code shapes and labels are
data, and the page's kind of summary picks which schemes are tried first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

TAG_CODES = re.compile(
    r"level\s+of\s+evidence\s*:?\s*\[?\s*(?P<codes>[0-9A-Za-z]+(?:\s*(?:and|,|or|&)\s*[0-9A-Za-z]+)*)",
    re.I,
)
MAINTAINED_BY = re.compile(r"maintained by the (?:pdq )?([a-z ,-]+? editorial board)")
CODE_SPLIT = re.compile(r"\s*(?:and|,|or|&)\s*", re.I)


@dataclass(frozen=True)
class Level:
    code: str
    scheme: str
    design: str = ""
    design_label: str = ""
    endpoint: str = ""
    endpoint_label: str = ""


@cache
def rankings() -> dict:
    return json.loads(resources.files(__package__).joinpath("data/levels.json").read_text())


def codes_in_tag(tag: str) -> list[str]:
    """The codes a level-of-evidence tag names, in written order.

    >>> codes_in_tag("[Level of evidence: 3iiiDi]")
    ['3iiiDi']
    >>> codes_in_tag("[Level of evidence A1 and A3]")
    ['A1', 'A3']
    >>> codes_in_tag("[Level of Evidence [B4]]")
    ['B4']
    """
    m = TAG_CODES.search(tag)
    if not m:
        return []
    return [c for c in CODE_SPLIT.split(m.group("codes")) if c]


def _decode_with(code: str, name: str) -> Level | None:
    scheme = rankings()["schemes"][name]
    m = re.fullmatch(scheme["pattern"], code)
    if not m:
        return None
    design, endpoint = m.group("design"), m.group("endpoint") or ""
    if design not in scheme["designs"]:
        return None
    if endpoint and design in scheme["no_endpoint"]:
        return None
    if not endpoint and design in scheme["requires_endpoint"]:
        return None
    endpoint_label = ""
    if endpoint:
        key = code if scheme["endpoint_key"] == "code" else endpoint
        if key not in scheme["endpoints"]:
            return None
        endpoint_label = scheme["endpoints"][key]
    return Level(code, name, design, scheme["designs"][design], endpoint, endpoint_label)


def decode_level(code: str, summary_type: str = "") -> Level:
    """Decode a code: the page's kind of summary first, then the code's shape.

    >>> decode_level("3iiiDii", "treatment").endpoint_label
    'Disease-free survival'
    >>> decode_level("3iiiDii", "cam").endpoint_label
    'Progression-free survival'
    >>> decode_level("A1").scheme
    'treatment'
    >>> decode_level("1A").scheme
    'unknown'
    """
    data = rankings()
    preferred = data["by_summary_type"].get(summary_type, [])
    for name in preferred:
        level = _decode_with(code, name)
        if level is not None:
            return level
    for name in data["by_shape"]:
        if name in preferred:
            continue
        level = _decode_with(code, name)
        if level is not None:
            return level
    return Level(code, "unknown")


def detect_summary_type(clean_text: str, page_hints: tuple[str, ...]) -> str:
    """The page's kind of summary, from what the page says of itself.

    The editorial board named in the text is the strongest signal (PDQ
    names the board that maintains every summary); then the title, canonical
    address and description. Empty when the page says nothing.
    """
    signals = rankings()["summary_type_signals"]
    lowered = clean_text.lower()
    # "This summary is written and maintained by the PDQ ... Editorial Board."
    maintainer = MAINTAINED_BY.search(lowered)
    named = [maintainer.group(1)] if maintainer else [lowered]
    for text in named:
        for kind, words in signals.items():
            if kind.startswith("_"):
                continue
            if any(w in text for w in words if w.endswith("editorial board")):
                return kind
    meta = " ".join(page_hints).lower()
    for kind, words in signals.items():
        if kind.startswith("_"):
            continue
        if any(w in meta for w in words if not w.endswith("editorial board")):
            return kind
    return ""
