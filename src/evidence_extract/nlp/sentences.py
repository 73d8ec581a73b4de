"""Sentence boundaries that keep trailing callouts and level tags with the
claim they support: `...in relapsed ALL.[17,20,21,22]; [23][Level of
evidence: 3iiiDi] High levels` ends after `3iiiDi]`.

A sentence starts at every line start, after every table-cell separator, and
after sentence-final punctuation followed by white space and a capital, a
digit or an opening bracket — not after an abbreviation or an initial.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .labels import SPAN_KEY, SpanLabel

SENTENCE_END = {".", "?", "!"}
CLOSERS = {")", "]", "”", "’", '"', "'"}
CELL_SEPARATOR_TOKEN = "|"
ATTACHED_LABELS = {SpanLabel.CALLOUT, SpanLabel.LEVEL}
ABBREVIATIONS = [
    "vs", "e.g", "i.e", "al", "approx", "Dr", "Fig", "fig", "No", "no", "St", "Inc", "Jr", "Sr",
    "U.S", "ca", "cf", "Mr", "Ms", "Mrs", "p", "pp", "Ref", "ref", "Vol", "vol", "Eq", "etc",
]  # fmt: skip


@Language.factory(
    "evidence_sentences",
    assigns=["token.is_sent_start"],
    requires=["doc.spans"],
    default_config={"abbreviations": ABBREVIATIONS},
)
def create_sentences(nlp: Language, name: str, abbreviations: list[str]) -> EvidenceSentences:
    return EvidenceSentences(abbreviations)


class EvidenceSentences:
    def __init__(self, abbreviations: list[str]) -> None:
        self.abbreviations = {a.lower() for a in abbreviations}

    def _is_abbreviation(self, doc: Doc, period: int) -> bool:
        if period == 0 or doc[period - 1].whitespace_:
            return False
        prev = doc[period - 1].text
        # "e.g." and "i.e." tokenise as e . g . — look two tokens back too.
        two_back = doc[period - 3].text + "." + prev if period >= 3 else prev
        if prev.lower() in self.abbreviations or two_back.lower() in self.abbreviations:
            return True
        # a lone capital is an initial (J. Smith), not a sentence end
        return len(prev) == 1 and prev.isupper() and prev.isalpha()

    def __call__(self, doc: Doc) -> Doc:
        attached = set()  # token indices of callouts and level tags
        span_end = {}
        for span in doc.spans.get(SPAN_KEY, []):
            if span.label_ in ATTACHED_LABELS:
                span_end[span.start] = span.end
                attached.update(range(span.start, span.end))
        n = len(doc)
        starts = [False] * n
        if n:
            starts[0] = True
        for i, token in enumerate(doc):
            if (
                token.is_space
                and "\n" in token.text
                and i + 1 < n
                or token.text == CELL_SEPARATOR_TOKEN
                and i + 1 < n
                and token.whitespace_
            ):
                starts[i + 1] = True
            elif token.text in SENTENCE_END and i not in attached:
                if token.text == "." and self._is_abbreviation(doc, i):
                    continue
                j = i + 1
                while j < n and doc[j].text in CLOSERS and j not in attached:
                    j += 1
                while j < n:
                    if j in span_end:
                        j = span_end[j]
                    elif doc[j].text in {";", ","} and j + 1 < n and (j + 1) in span_end:
                        j += 1
                    else:
                        break
                if j < n and doc[j - 1].whitespace_ and _opens_sentence(doc[j].text):
                    starts[j] = True
        # One array write: setting token.is_sent_start one by one re-checks
        # the whole Doc's annotation each time.
        values = numpy.array([1 if is_start else -1 for is_start in starts], dtype="int32")
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))
        return doc


def _opens_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in '([“"•'
