"""Level-of-evidence codes: which codes a tag names, what each means.

No ranking is a code branch here: the rankings, their code shapes and labels
are data (`data/levels.json`, described in docs/LEVELS.md), and the page's
kind of summary picks which rankings are tried first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import read_json, without_comments

# The phrase that opens a tag, and the target a genetics tag may name
# (`Level of evidence (tamoxifen in a high-risk population): 1aii`).
TAG_PHRASE = re.compile(r"levels?\s+of\s+evidence\s*(?:\([^()\n]*\))?", re.I)
# A code as the rankings write them: treatment `A1`, `D`; legacy and CAM
# `1iiA`, `3iiiDiv`, `3iii`; genetics `3aii`, `1b`, `5`; supportive care `II`.
CODE = re.compile(
    r"(?<![\w])(?:[A-D][1-4]?|[1-5](?:i{1,3}|iv)?(?:[A-Da-d](?:i{1,3}|iv)?)?|I{1,3}|IV)(?![\w])"
)
MAINTAINED_BY = re.compile(r"maintained by the (?:pdq )?([a-z ,-]+? editorial board)")
BOARD_SUFFIX = "editorial board"
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Level:
    code: str
    scheme: str
    design: str = ""
    design_label: str = ""
    endpoint: str = ""
    endpoint_label: str = ""


def codes_in_tag(tag: str) -> list[str]:
    """The codes a level-of-evidence tag names, in written order: every
    code-shaped word after the phrase (the caller keeps those after the
    first only when they decode under the page's ranking).

    >>> codes_in_tag("[Level of evidence: 3iiiDi]")
    ['3iiiDi']
    >>> codes_in_tag("[Level of evidence A1 and A3]")
    ['A1', 'A3']
    >>> codes_in_tag("[Level of Evidence [B4]]")
    ['B4']
    >>> codes_in_tag("[Levels of evidence B1 for the full study population and A1 for others]")
    ['B1', 'A1']
    >>> codes_in_tag("Level of evidence (tamoxifen in 2 trials): 1aii")
    ['1aii']
    """
    m = TAG_PHRASE.search(tag)
    if not m:
        return []
    return CODE.findall(tag, m.end())


@dataclass(frozen=True)
class Rankings:
    """Every PDQ ranking (`schemes`), the rankings each kind of summary uses
    (`by_summary_type`), the order shapes are tried in (`by_shape`), the
    words that tell a page's kind (`summary_type_signals`) and the names a
    document that declares its kind uses (`summary_type_declared`)."""

    schemes: dict[str, Any]
    by_summary_type: dict[str, list[str]]
    by_shape: list[str]
    summary_type_signals: dict[str, list[str]]
    summary_type_declared: dict[str, list[str]]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rankings:
        data = without_comments(data)
        return cls(
            schemes=data["schemes"],
            by_summary_type=without_comments(data["by_summary_type"]),
            by_shape=list(data["by_shape"]),
            summary_type_signals=without_comments(data["summary_type_signals"]),
            summary_type_declared=without_comments(data["summary_type_declared"]),
        )

    def _decode_with(self, code: str, name: str, page_kind_uses_it: bool) -> Level | None:
        scheme = self.schemes[name]
        m = re.fullmatch(scheme["pattern"], code)
        if not m:
            return None
        design, endpoint = m.group("design"), m.group("endpoint") or ""
        if design not in scheme["designs"]:
            return None
        if endpoint and design in scheme["no_endpoint"]:
            return None
        if (
            not endpoint
            and design in scheme["requires_endpoint"]
            and not (page_kind_uses_it and scheme["design_only_by_page_kind"])
        ):
            return None
        endpoint_label = ""
        if endpoint:
            key = code if scheme["endpoint_key"] == "code" else endpoint
            if key not in scheme["endpoints"]:
                return None
            endpoint_label = scheme["endpoints"][key]
        return Level(code, name, design, scheme["designs"][design], endpoint, endpoint_label)

    def decode(self, code: str, summary_type: str = "") -> Level:
        """Decode a code: the page's kind of summary first, then the code's shape.

        >>> rankings = default_rankings()
        >>> rankings.decode("3iiiDii", "treatment").endpoint_label
        'Disease-free survival'
        >>> rankings.decode("3iiiDii", "cam").endpoint_label
        'Progression-free survival'
        >>> rankings.decode("A1").scheme
        'treatment'
        >>> rankings.decode("1A").scheme
        'unknown'
        >>> rankings.decode("3iii", "treatment").design_label, rankings.decode("3iii").scheme
        ('Nonconsecutive case series', 'unknown')
        """
        preferred = self.by_summary_type.get(summary_type, [])
        for name in [*preferred, *(n for n in self.by_shape if n not in preferred)]:
            level = self._decode_with(code, name, name in preferred)
            if level is not None:
                return level
        return Level(code, "unknown")

    def uses(self, summary_type: str, scheme: str) -> bool:
        """Whether a page of this kind grades with this ranking (any known
        ranking when the kind is unknown)."""
        preferred = self.by_summary_type.get(summary_type)
        # a kind that grades in words (screening and prevention) uses none
        return scheme in preferred if preferred is not None else scheme != "unknown"

    def summary_type(self, clean_text: str, page_hints: tuple[str, ...], declared: str = "") -> str:
        """The page's kind of summary, from what the page says of itself.

        A kind the document declares (PDQ XML's `SummaryType`) comes first;
        then the editorial board named in the text (PDQ names the board that
        maintains every summary); then the title, canonical address and
        description. Empty when the page says nothing.

        >>> default_rankings().summary_type("", (), declared="Supportive care")
        'supportive-care'
        """
        named_kind = SPACE.sub(" ", declared).strip().lower()
        for kind, names in self.summary_type_declared.items():
            if named_kind in names:
                return kind
        lowered = clean_text.lower()
        # "This summary is written and maintained by the PDQ ... Editorial Board."
        maintainer = MAINTAINED_BY.search(lowered)
        named = maintainer.group(1) if maintainer else lowered
        for kind, words in self.summary_type_signals.items():
            if any(w in named for w in words if w.endswith(BOARD_SUFFIX)):
                return kind
        meta = " ".join(page_hints).lower()
        for kind, words in self.summary_type_signals.items():
            if any(w in meta for w in words if not w.endswith(BOARD_SUFFIX)):
                return kind
        return ""


@cache
def default_rankings() -> Rankings:
    """The package's rankings (`data/levels.json`), read once per process."""
    return Rankings.from_dict(read_json("data/levels.json"))
