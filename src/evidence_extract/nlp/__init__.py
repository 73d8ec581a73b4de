"""Stage 3 — the spaCy pipeline: tokenizer, rule matcher, sentence boundaries.

A blank English pipeline (no trained model, nothing downloaded):

    tokenizer.py   `evidence_tokenizer`: codes, brackets, comparators on token boundaries
    matcher.py     `evidence_matcher`: rules from `patterns/*.jsonl` into doc.spans["evidence"]
    flags.py       set and regex predicates as lexeme flags (checked in C by the Matcher)
    sentences.py   `evidence_sentences`: boundaries that keep callouts with their claim
    windows.py     the pre-filter: the sentences each rule family runs on
    rules.py       the rule files as validated data
    labels.py      span labels and the span group's name

`find_evidence` is how the pipeline reads a page: sentences are split on the
text itself, and the tokenizer and matcher see only the sentences a rule
family's trigger occurs in (`patterns/triggers.json`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.attrs import LIKE_NUM, NAMES
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# Importing the modules registers the tokenizer and the components with spaCy.
from . import matcher as _matcher  # noqa: F401
from . import sentences as _sentences  # noqa: F401
from . import tokenizer as _tokenizer  # noqa: F401
from .labels import MODIFIER_LABELS, ROW_LABELS, SPAN_KEY, SpanLabel
from .rules import load_rules
from .sentences import attached_spans
from .tokenizer import EvidenceTokenizer, like_number
from .windows import TEXT_KEY, WINDOWS_KEY, Windows, find_windows

__all__ = [
    "MODIFIER_LABELS",
    "ROW_LABELS",
    "SPAN_KEY",
    "Evidence",
    "SpanLabel",
    "build_nlp",
    "find_evidence",
]

MATCHER = "evidence_matcher"
SENTENCES = "evidence_sentences"
# Clean texts of the largest real pages are a few MB; spaCy's default cap
# (1,000,000 characters) guards against trained models' memory use, which a
# rule pipeline does not have.
MAX_TEXT_CHARS = 20_000_000


@cache
def build_nlp() -> Language:
    """The pipeline, built once per process (it is pure: no I/O per call)."""
    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "evidence_extract.tokenizer.v1"}}}
    )
    # `0·03` is a number (Lancet's decimal point)
    nlp.vocab.lex_attr_getters[LIKE_NUM] = like_number
    _compute_only(nlp.vocab, lexical_attributes_read())
    nlp.add_pipe(MATCHER)
    nlp.add_pipe(SENTENCES)
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


# Lexical attributes the code reads besides those the rule files name:
# `lower_` and `is_space` (the percentage parsers), LIKE_NUM (the tokenizer's).
READ_BY_CODE = frozenset({"LOWER", "IS_SPACE", "LIKE_NUM"})


def lexical_attributes_read() -> frozenset[str]:
    """The lexical attributes the rules and the parsers read."""
    named = {key for rule in load_rules() for token in rule.pattern or () for key in token}
    return READ_BY_CODE | frozenset(named)


def _compute_only(vocab: Vocab, attributes: frozenset[str]) -> None:
    """Keep only the lexical attributes in `attributes`: a blank pipeline
    computes some twenty for every new word, each a Python function, and
    the rest are never read (they took most of the time of adding a word to
    the vocabulary). Lexeme flags added later (nlp/flags.py) are kept."""
    for attr in list(vocab.lex_attr_getters):
        if isinstance(attr, int) and attr < len(NAMES) and NAMES[attr] not in attributes:
            del vocab.lex_attr_getters[attr]


@dataclass(frozen=True)
class Evidence:
    """What the spaCy stage finds in a clean text."""

    doc: Doc  # the clean text's length and offsets; blank where nothing can match
    sentence_starts: list[int]  # offsets of sentence starts, ascending

    @property
    def spans(self) -> list[Span]:
        """The matches in text order; their character offsets are clean-text offsets."""
        return list(self.doc.spans[SPAN_KEY])


def find_evidence(
    nlp: Language,
    text: str,
    lines: Iterable[tuple[int, int]] | None = None,
    prefilter: bool = True,
) -> Evidence:
    """Matches and sentence starts of `text`, only within `lines` ((start,
    end) ranges, each starting a line; default: all of it).

    Sentences are split first without knowing the callouts; the tokenizer
    and matcher then run on the sentences some family's trigger occurs in;
    the final sentence starts keep callouts and tags with their claim.
    `prefilter=False` runs every rule on all of `lines` instead (the tests
    compare both)."""
    ranges = [(0, len(text))] if lines is None else list(lines)
    splitter = nlp.get_pipe(SENTENCES).splitter
    families = [f.family for f in nlp.get_pipe(MATCHER).families.values()]
    split = splitter.split(text, ranges)
    if prefilter:
        windows = find_windows(text, families, split.starts(), ranges)
    else:
        windows = Windows(text, {f.name: ranges for f in families})
    doc = nlp.make_doc(windows.text)
    # Offsets into the clean text depend on the tokenizer keeping the text.
    # The package's own does by construction (its tests hold it to that);
    # another is checked, token by token.
    if type(nlp.tokenizer) is not EvidenceTokenizer and doc.text != windows.text:
        raise RuntimeError("tokenizer changed the text")
    doc.user_data[WINDOWS_KEY] = windows.by_family
    doc.user_data[TEXT_KEY] = text
    doc = nlp(doc, disable=[SENTENCES])
    return Evidence(doc, split.starts(attached_spans(doc)))
