"""The spaCy components on their own, each in a blank pipeline with a couple
of inline rules (as spaCy tests its own components), apart from the rule
files (test_patterns.py) and the value parsers (test_extract.py)."""

from __future__ import annotations

import spacy

from evidence_extract.nlp import SPAN_KEY, SpanLabel
from evidence_extract.nlp.matcher import EvidenceMatcher
from evidence_extract.nlp.rules import Rule
from evidence_extract.nlp.tokenizer import EvidenceTokenizer


def _blank():
    nlp = spacy.blank("xx")
    nlp.tokenizer = EvidenceTokenizer(nlp.vocab)
    return nlp


def _matcher(nlp, *rules: dict) -> EvidenceMatcher:
    matcher = nlp.add_pipe("evidence_matcher", config={"pattern_files": []})
    matcher.add_rules(Rule.from_dict(r) for r in rules)
    return matcher


def test_tokenizer_splits_codes_and_keeps_text() -> None:
    nlp = _blank()
    text = "ALL.[17,20-22]; [Level of evidence: 3iiiDi]  P<.05\n\n10%–30%"
    doc = nlp(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert words[:10] == ["ALL", ".", "[", "17", ",", "20", "-", "22", "]", ";"]
    assert words[15:18] == ["3", "iii", "Di"]
    assert words[19:22] == ["P", "<", ".05"]
    assert words[22:] == ["10", "%", "–", "30", "%"]


def test_matcher_with_inline_rules() -> None:
    nlp = _blank()
    _matcher(
        nlp,
        {
            "id": "pct",
            "label": "PERCENT",
            "comment": "n%",
            "pattern": [{"LIKE_NUM": True}, {"ORTH": "%"}],
        },
        {"id": "approx", "label": "QUALIFIER", "comment": "about", "phrase": "about"},
        {"id": "ge", "label": "POSTFIX", "comment": "or more", "phrase": "or more"},
    )
    doc = nlp("about 85% and 20% or more")
    spans = [(s.text, s.label_, s._.qualifier) for s in doc.spans[SPAN_KEY]]
    assert spans == [("about 85%", "PERCENT", "approx"), ("20% or more", "PERCENT", "ge")]


def test_matcher_keeps_the_longest_overlapping_match() -> None:
    nlp = _blank()
    _matcher(
        nlp,
        {
            "id": "one",
            "label": "CALLOUT",
            "comment": "[n]",
            "pattern": [{"ORTH": "["}, {"IS_DIGIT": True}, {"ORTH": "]"}],
        },
        {
            "id": "range",
            "label": "CALLOUT",
            "comment": "[n]-[m]",
            "pattern": [
                {"ORTH": "["},
                {"IS_DIGIT": True},
                {"ORTH": "]"},
                {"ORTH": "-"},
                {"ORTH": "["},
                {"IS_DIGIT": True},
                {"ORTH": "]"},
            ],
        },
    )
    doc = nlp("trials[9]-[12] and [3]")
    assert [(s.text, s.id_) for s in doc.spans[SPAN_KEY]] == [("[9]-[12]", "range"), ("[3]", "one")]


def test_sentences_keep_callouts_and_tags_with_their_claim() -> None:
    nlp = _blank()
    _matcher(
        nlp,
        {
            "id": "c",
            "label": "CALLOUT",
            "comment": "[n]",
            "pattern": [{"ORTH": "["}, {"IS_DIGIT": True}, {"ORTH": "]"}],
        },
        {
            "id": "l",
            "label": "LEVEL",
            "comment": "tag",
            "pattern": [{"ORTH": "["}, {"LOWER": "level"}, {"ORTH": "]"}],
        },
    )
    nlp.add_pipe("evidence_sentences")
    doc = nlp("It worked.[5]; [6][level] Then more, e.g. this. Dr. Smith agreed.\nNew line")
    assert [s.text for s in doc.sents] == [
        "It worked.[5]; [6][level]",
        "Then more, e.g. this.",
        "Dr. Smith agreed.\n",
        "New line",
    ]


def test_sentences_start_after_a_cell_separator() -> None:
    nlp = _blank()
    _matcher(nlp)
    nlp.add_pipe("evidence_sentences")
    assert [s.text for s in nlp("Drug | 81 mg | daily").sents] == ["Drug |", "81 mg |", "daily"]


def test_span_labels_are_the_matcher_labels() -> None:
    assert SpanLabel("LEVEL") is SpanLabel.LEVEL
