"""The rule files themselves: every entry well-formed, every label used."""

from __future__ import annotations

from evidence_extract.nlp import MODIFIER_LABELS, build_nlp, load_patterns

ROW_LABELS = {"LEVEL", "CALLOUT", "PERCENT", "PVALUE", "STATEMENT"}


def test_every_entry_has_id_label_comment_and_one_rule() -> None:
    for entry in load_patterns():
        assert {"id", "label", "comment"} <= entry.keys(), entry
        assert entry["comment"].strip(), entry
        assert ("pattern" in entry) != ("phrase" in entry), entry
        assert entry["label"] in ROW_LABELS | MODIFIER_LABELS, entry


def test_qualifier_ids_are_the_spec_codes() -> None:
    codes = {e["id"] for e in load_patterns() if e["label"] in {"QUALIFIER", "POSTFIX"}}
    assert codes == {"approx", "lt", "le", "gt", "ge"}


def test_statement_ids_are_strengths() -> None:
    assert {e["id"] for e in load_patterns() if e["label"] == "STATEMENT"} == {
        "solid",
        "fair",
        "inadequate",
    }


def test_pipeline_builds_with_validated_patterns() -> None:
    nlp = build_nlp()
    assert nlp.pipe_names == ["evidence_matcher", "evidence_sentences"]
