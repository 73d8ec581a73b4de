"""Set and regex predicates as lexeme flags (nlp/flags.py): the Matcher
finds exactly what it finds with the predicates as written."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.matcher import Matcher

from evidence_extract.nlp import build_nlp
from evidence_extract.nlp.flags import compile_patterns
from evidence_extract.nlp.rules import load_rules

from .helpers import clean_file

DATA = Path(__file__).parent / "data"


def _matches(nlp, patterns: list[list[dict]], text: str) -> list[tuple[int, int, int]]:
    matcher = Matcher(nlp.vocab, validate=False)
    for i, pattern in enumerate(patterns):
        matcher.add(f"p{i}", [pattern], greedy="LONGEST")
    doc = nlp.make_doc(text)
    return sorted(((int(m), s, e) for m, s, e in matcher(doc)), key=lambda x: x[1:])


def _fresh_nlp():
    """A pipeline of its own: flags are added to the vocabulary for good."""
    return spacy.blank("en")


def test_set_and_regex_predicates_become_flags_that_match_the_same() -> None:
    nlp = _fresh_nlp()
    patterns = [
        [
            {"LOWER": {"IN": ["twenty", "thirty"]}},
            {"TEXT": {"REGEX": "^\\d{1,3}$"}},
            {"ORTH": {"IN": ["%", "percent"]}},
        ],
        [{"TEXT": {"REGEX": "^\\d{1,3}$"}}, {"ORTH": "%"}],
    ]
    compiled = compile_patterns(nlp.vocab, patterns)
    assert all(isinstance(key, int) for tokens in compiled for key in tokens[0])
    # the same predicate shares its flag wherever it stands; one no match
    # starts at stays as written
    assert compiled[0][1] == compiled[1][0]
    assert compiled[0][2] == patterns[0][2]
    text = "Twenty 15 % and THIRTY 1234 % and thirty 7 %; forty 5 %"
    # tokens: Twenty 15 % | and | THIRTY 1234 % | and | thirty 7 % | ; forty 5 %
    expected = [(0, 3), (1, 3), (8, 11), (9, 11), (13, 15)]
    assert [(s, e) for _, s, e in _matches(nlp, patterns, text)] == expected
    assert [(s, e) for _, s, e in _matches(nlp, compiled, text)] == expected


def test_only_predicates_where_a_match_starts_become_flags() -> None:
    nlp = _fresh_nlp()
    leading = {"LOWER": {"IN": ["a"]}}
    later = {"LOWER": {"IN": ["b"]}}
    (compiled,) = compile_patterns(nlp.vocab, [[{"ORTH": "x", "OP": "?"}, leading, later]])
    assert list(compiled[1]) == [next(iter(compiled[1]))] and isinstance(
        next(iter(compiled[1])), int
    )
    assert compiled[2] == later  # called only where a match is under way
    assert _matches(nlp, [compiled], "x A b")[0][1:] == (0, 3)


def test_when_the_flag_bits_run_out_the_rest_stay_python_predicates() -> None:
    nlp = _fresh_nlp()
    while len([b for b in range(1, 64) if b not in nlp.vocab.lex_attr_getters]) > 1:
        nlp.vocab.add_flag(lambda _text: False)
    patterns = [[{"LOWER": {"IN": ["a"]}}], [{"LOWER": {"IN": ["b"]}}]]
    compiled = compile_patterns(nlp.vocab, patterns)
    assert (
        sum(token != pattern[0] for (token,), pattern in zip(compiled, patterns, strict=True)) == 1
    )
    assert [s for _, s, _ in _matches(nlp, compiled, "a b c")] == [0, 1]


def test_the_rule_files_match_the_same_with_flags_on_a_real_page() -> None:
    """Every token pattern of patterns/*.jsonl, flagged and as written, on a
    vendored page's clean text: the same matches."""
    pipeline_nlp = build_nlp()
    page = clean_file(DATA / "pages" / "cgov" / "types-leukemia-hp-hairy-cell-treatment-pdq.html")
    patterns = [list(rule.pattern) for rule in load_rules() if rule.pattern is not None]
    nlp = _fresh_nlp()
    nlp.tokenizer = pipeline_nlp.tokenizer.__class__(nlp.vocab)
    as_written = _matches(nlp, patterns, page.text)
    flagged = _matches(nlp, compile_patterns(nlp.vocab, patterns), page.text)
    assert len(as_written) > 100
    assert flagged == as_written


def test_a_second_matcher_on_one_pipeline_uses_the_flags_again() -> None:
    nlp = _fresh_nlp()
    pattern = [{"LOWER": {"IN": ["a", "b"]}}, {"TEXT": {"REGEX": "^c$"}}]
    first = compile_patterns(nlp.vocab, [pattern])
    bits = set(nlp.vocab.lex_attr_getters)
    assert compile_patterns(nlp.vocab, [pattern]) == first
    assert set(nlp.vocab.lex_attr_getters) == bits


def test_flags_take_only_the_bits_spacy_leaves_to_users() -> None:
    nlp = _fresh_nlp()
    del nlp.vocab.lex_attr_getters[2]  # a built-in attribute's bit (IS_ASCII) left free
    (compiled,) = compile_patterns(nlp.vocab, [[{"LOWER": {"IN": ["a"]}}]])
    (bit,) = compiled[0]
    assert 19 <= bit < 64


def test_the_pipeline_computes_the_lexical_attributes_its_rules_and_parsers_read() -> None:
    from spacy.attrs import NAMES

    from evidence_extract.nlp import lexical_attributes_read

    kept = {NAMES[a] for a in build_nlp().vocab.lex_attr_getters if a < len(NAMES)}
    # the rules name IS_ALPHA and LIKE_NUM; the parsers read lower_ and is_space
    assert {"IS_ALPHA", "LIKE_NUM", "LOWER", "IS_SPACE"} <= kept
    assert not kept & {"NORM", "SHAPE", "IS_STOP", "LIKE_URL"}  # never read
    named = {key for r in load_rules() for token in r.pattern or () for key in token}
    assert named <= lexical_attributes_read()
    doc = build_nlp().make_doc("Twenty  percent")
    assert [(t.lower_, t.is_alpha, t.like_num, t.is_space) for t in doc] == [
        ("twenty", True, True, False),
        (" ", False, False, True),
        ("percent", True, False, False),
    ]
