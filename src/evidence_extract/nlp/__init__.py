"""Stage 3 — the spaCy pipeline: tokenizer, rule matcher, sentence boundaries.

A blank English pipeline (no trained model, nothing downloaded):

    tokenizer.py   `evidence_tokenizer`: codes, brackets, comparators on token boundaries
    matcher.py     `evidence_matcher`: rules from `patterns/*.jsonl` into doc.spans["evidence"]
    sentences.py   `evidence_sentences`: boundaries that keep callouts with their claim
    rules.py       the rule files as validated data
    labels.py      span labels and the span group's name
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.attrs import LIKE_NUM
from spacy.language import Language

# Importing the modules registers the tokenizer and the components with spaCy.
from . import matcher as _matcher  # noqa: F401
from . import sentences as _sentences  # noqa: F401
from . import tokenizer as _tokenizer  # noqa: F401
from .labels import MODIFIER_LABELS, ROW_LABELS, SPAN_KEY, SpanLabel
from .tokenizer import like_number

__all__ = ["MODIFIER_LABELS", "ROW_LABELS", "SPAN_KEY", "SpanLabel", "build_nlp"]

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
    nlp.vocab.lex_attr_getters[LIKE_NUM] = like_number
    nlp.add_pipe("evidence_matcher")
    nlp.add_pipe("evidence_sentences")
    nlp.max_length = MAX_TEXT_CHARS
    return nlp
