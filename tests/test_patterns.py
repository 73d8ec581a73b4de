"""The rule files themselves: every entry well-formed, every label used."""

from __future__ import annotations

import pytest

from evidence_extract.nlp import MODIFIER_LABELS, ROW_LABELS, SpanLabel, build_nlp
from evidence_extract.nlp.rules import Rule, RuleError, load_callout_context, load_rules


def test_every_entry_has_id_label_comment_and_one_rule() -> None:
    rules = load_rules()
    assert rules
    for rule in rules:
        assert rule.comment.strip(), rule
        assert (rule.pattern is None) != (rule.phrase is None), rule
        assert rule.label in ROW_LABELS | MODIFIER_LABELS, rule


def test_every_label_has_a_rule() -> None:
    assert {rule.label for rule in load_rules()} == set(SpanLabel)


def test_qualifier_ids_are_the_table_codes() -> None:
    codes = {r.id for r in load_rules() if r.label in {SpanLabel.QUALIFIER, SpanLabel.POSTFIX}}
    assert codes == {"approx", "lt", "le", "gt", "ge"}


def test_statement_ids_are_strengths() -> None:
    assert {r.id for r in load_rules() if r.label == SpanLabel.STATEMENT} == {
        "solid",
        "fair",
        "inadequate",
    }


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x", "label": "PERCENT", "comment": "c", "phrase": "a", "patern": []}, "unknown"),
        ({"id": "x", "label": "PERCENTAGE", "comment": "c", "phrase": "a"}, "unknown label"),
        ({"id": "x", "label": "PERCENT", "phrase": "a"}, "needs an id"),
        ({"id": "x", "label": "PERCENT", "comment": "c"}, "not both"),
        ({"id": "x", "label": "PERCENT", "comment": "c", "phrase": "a", "pattern": []}, "not both"),
    ],
)
def test_a_bad_rule_fails_when_read(entry: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        Rule.from_dict(entry)


def test_context_rules_are_read() -> None:
    context = load_callout_context()
    assert context.not_after.regex.search("46,XY,t(9;22)(q34;q11.2)")
    assert context.interval.is_interval("[33–72]", "2-year OS, 55% ")
    assert not context.interval.is_interval("[1-5]", "| 33%–83% ")


def test_pipeline_builds_with_validated_patterns() -> None:
    nlp = build_nlp()
    assert nlp.pipe_names == ["evidence_matcher", "evidence_sentences"]
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {"evidence_matcher": [], "evidence_sentences": []}


def test_a_misspelt_token_pattern_fails_when_the_matcher_is_built() -> None:
    # patterns are checked against spaCy's schema as written, before the
    # Matcher gets them with lexeme flags (nlp/flags.py)
    from spacy.errors import MatchPatternError

    from evidence_extract.nlp.matcher import EvidenceMatcher

    bad = Rule.from_dict(
        {"id": "x", "label": "PERCENT", "comment": "c", "pattern": [{"LOWR": {"IN": ["a"]}}]}
    )
    with pytest.raises(MatchPatternError, match="LOWR"):
        EvidenceMatcher(build_nlp()).add_rules([bad])


def test_a_rule_naming_a_word_attribute_the_pipeline_does_not_compute_fails() -> None:
    from evidence_extract.nlp.matcher import EvidenceMatcher

    bad = Rule.from_dict(
        {"id": "x", "label": "PERCENT", "comment": "c", "pattern": [{"IS_UPPER": True}]}
    )
    with pytest.raises(RuleError, match="does not compute IS_UPPER"):
        EvidenceMatcher(build_nlp()).add_rules([bad])
