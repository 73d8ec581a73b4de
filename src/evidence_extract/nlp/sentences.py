"""Sentence boundaries that keep trailing callouts and level tags with the
claim they support: `...in relapsed ALL.[17,20,21,22]; [23][Level of
evidence: 3iiiDi] High levels` ends after `3iiiDi]`.

A sentence starts at every line start, after every table-cell separator, and
after sentence-final punctuation followed by white space and a capital, a
digit or an opening bracket — not after an abbreviation or an initial.

The boundaries are found on the text itself (`sentence_starts`): only the
places that can end a sentence (`.`, `?`, `!`, `|`, line ends) are looked
at, with the tokens around them read locally (`LocalTokens`), so a page is
split in time proportional to its punctuation, not its tokens. The spaCy
component `evidence_sentences` sets the same boundaries on a Doc.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .labels import SPAN_KEY, SpanLabel
from .tokenizer import LocalTokens

SENTENCE_END = {".", "?", "!"}
CLOSERS = {")", "]", "”", "’", '"', "'"}
CELL_SEPARATOR_TOKEN = "|"
ATTACHED_LABELS = {SpanLabel.CALLOUT, SpanLabel.LEVEL}
ABBREVIATIONS = [
    "vs", "e.g", "i.e", "al", "approx", "Dr", "Fig", "fig", "No", "no", "St", "Inc", "Jr", "Sr",
    "U.S", "ca", "cf", "Mr", "Ms", "Mrs", "p", "pp", "Ref", "ref", "Vol", "vol", "Eq", "etc",
]  # fmt: skip
# What can end a sentence or start one: a `.` that is a token of its own (a
# `.` before a digit belongs to a number), `?`, `!`, a cell separator
# followed by a space, and a run of white space holding a line break.
BREAK = re.compile(r"\.(?!\d)|[?!]|\|(?= )|\n\s*")
ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
LETTER = re.compile(r"[^\W\d_]")  # what the tokenizer's letter runs are made of
CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")
LOOK_BACK = 40  # a longer word before a period is read token by token


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
        self.splitter = SentenceSplitter(abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = self.splitter.starts(doc.text, attached_spans(doc))
        token_starts = doc.to_array("IDX")
        values = numpy.full(len(doc), -1, dtype="int32")
        indices = numpy.searchsorted(token_starts, starts)
        values[indices[indices < len(doc)]] = 1  # a start at the very end starts nothing
        # One array write: setting token.is_sent_start one by one re-checks
        # the whole Doc's annotation each time.
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))
        return doc


def attached_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) characters of the callouts and level tags, which stay
    with the sentence before them."""
    return [
        (s.start_char, s.end_char)
        for s in doc.spans.get(SPAN_KEY, [])
        if s.label_ in ATTACHED_LABELS
    ]


class SentenceSplitter:
    """Sentence starts of a text, as character offsets of the tokens that
    start them (the same tokens `EvidenceTokenizer` makes)."""

    def __init__(self, abbreviations: Iterable[str] = ABBREVIATIONS) -> None:
        self.abbreviations = {a.lower() for a in abbreviations}
        # "e.g." tokenises as e . g . : the part after a dot is the token
        # before the period, the part before it three tokens before it.
        self.dotted = {a[k + 1 :] for a in self.abbreviations for k, c in enumerate(a) if c == "."}

    def starts(
        self,
        text: str,
        attached: list[tuple[int, int]] = (),  # type: ignore[assignment]
        lines: Iterable[tuple[int, int]] | None = None,
    ) -> list[int]:
        """Offsets of sentence-start tokens, ascending. `attached`: (start,
        end) of spans a sentence end skips over (callouts, tags). `lines`:
        only starts within these (start, end) ranges are needed — any others
        may be left out (a line start is always a sentence start, so each
        line can be split on its own)."""
        return self.split(text, lines).starts(attached)

    def split(self, text: str, lines: Iterable[tuple[int, int]] | None = None) -> Split:
        """The sentence boundaries of `text` before the callouts are known;
        `Split.starts` gives them once they are."""
        return Split(self, text, lines)

    def _is_abbreviation(self, tokens: LocalTokens, period: int) -> bool:
        text = tokens.text
        # A comparator glued to the period and a number after it (`P =. 065`):
        # the point of a number whose space slipped, not a sentence end.
        if (
            period > 0
            and text[period - 1] in COMPARATOR_CHARS
            and SLIPPED_POINT.match(text, period + 1)
        ):
            return True
        # Most periods end a plain ASCII word: read it without tokenizing.
        i = period
        floor = max(0, period - LOOK_BACK)
        while i > floor and text[i - 1] in ASCII_LETTERS:
            i -= 1
        # the whole word: it starts the text or follows a non-letter
        if (period > i > floor or i == 0) and (i == 0 or not LETTER.match(text, i - 1)):
            run = text[i:period]
            word = run
            if not (run.islower() or run.isupper()):  # (ASCII letters: one case, no change)
                changes = list(CASE_CHANGE.finditer(run))
                word = run[changes[-1].start() :] if changes else run
            if word.lower() in self.abbreviations:
                return True
            if word.lower() not in self.dotted:
                return len(word) == 1 and word.isupper()
        return self._is_abbreviation_token_by_token(tokens, period)

    def _is_abbreviation_token_by_token(self, tokens: LocalTokens, period: int) -> bool:
        prev = tokens.previous(period)
        if prev is None or tokens.has_trailing_space(prev[1]) or prev[1] != period:
            return False
        text = tokens.text
        word = text[prev[0] : prev[1]]
        if word.lower() in self.abbreviations:
            return True
        if word.lower() in self.dotted:
            second = tokens.previous(prev[0])
            third = tokens.previous(second[0]) if second is not None else None
            if third is not None and f"{text[third[0] : third[1]]}.{word}".lower() in (
                self.abbreviations
            ):
                return True
        # a lone capital is an initial (J. Smith), not a sentence end
        return len(word) == 1 and word.isupper() and word.isalpha()


class Split:
    """A text's sentence boundaries before the callouts are known, kept so
    that knowing them re-judges only the sentence ends they can change."""

    def __init__(
        self, splitter: SentenceSplitter, text: str, lines: Iterable[tuple[int, int]] | None
    ) -> None:
        self.text = text
        self.tokens = tokens = LocalTokens(text)
        self.fixed: set[int] = {0} if text else set()  # line starts, cells
        # sentence ends: (period, token after its closing brackets)
        self.ends: list[tuple[int, int | None]] = []
        ranges = [(0, len(text))] if lines is None else lines
        no_span = _Intervals(())
        for lo, hi in ranges:
            if lines is not None:
                self.fixed.add(lo)
            for m in BREAK.finditer(text, lo, hi):
                p = m.start()
                ch = text[p]
                if ch.isspace():
                    if m.end() < len(text):
                        self.fixed.add(m.end())
                elif ch == CELL_SEPARATOR_TOKEN:
                    nxt = tokens.next_start(p + 1)
                    if nxt is not None:
                        self.fixed.add(nxt)
                elif ch != "." or not splitter._is_abbreviation(tokens, p):
                    self.ends.append((p, _past_closers(tokens, p, no_span)))

    def starts(self, attached: Iterable[tuple[int, int]] = ()) -> list[int]:
        """Sentence starts, with `attached` spans (callouts, tags) kept in
        the sentence they follow."""
        text, tokens = self.text, self.tokens
        span_end: dict[int, int] = {}
        for s, e in sorted(attached):
            span_end[s] = e  # the longest span at a start wins
        inside = _Intervals(span_end.items())
        span_starts = sorted(span_end)
        found = set(self.fixed)
        for p, j in self.ends:
            if span_end:
                if inside(p):
                    continue
                # a span starting among the closers, or right after them
                k = bisect_right(span_starts, p)
                if k < len(span_starts) and (j is None or span_starts[k] <= j + 1):
                    j = _past_closers(tokens, p, inside)
                j = _past_spans(tokens, j, span_end)
            if j is not None and tokens.has_trailing_space(j - 1) and _opens_sentence(text[j]):
                found.add(j)
        return sorted(found)


def _past_closers(tokens: LocalTokens, p: int, inside: _Intervals) -> int | None:
    """The token after a sentence end at `p` and its closing brackets and quotes."""
    text = tokens.text
    j = tokens.next_start(p + 1)
    while j is not None and text[j] in CLOSERS and not inside(j):
        j = tokens.next_start(j + 1)
    return j


def _past_spans(tokens: LocalTokens, j: int | None, span_end: dict[int, int]) -> int | None:
    """Past callouts and tags (`.[5]`, `. [5]; [6]`), which stay with the claim."""
    text = tokens.text
    while j is not None:
        if j in span_end:
            j = tokens.next_start(span_end[j])
        elif text[j] in ";,":
            nxt = tokens.next_start(j + 1)
            if nxt is None or nxt not in span_end:
                break
            j = nxt
        else:
            break
    return j


class _Intervals:
    """Membership in a union of (start, end) ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(ranges):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __call__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


COMPARATOR_CHARS = "=<>≤≥"
SLIPPED_POINT = re.compile(r" ?\d")


def _opens_sentence(first: str) -> bool:
    return first.isupper() or first.isdigit() or first in '([“"•'
