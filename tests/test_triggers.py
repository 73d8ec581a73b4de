"""The pre-filter drops nothing: every rule of patterns/*.jsonl matches only
inside text its family's trigger keeps, so a page read through the
pre-filter gives the same spans, records and sentences as a page read whole.

Checked two ways: on texts generated from every rule (each token of its
pattern drawn from what the pattern allows, the match set among other
sentences and lines), and on every vendored page. A rule whose family's
trigger misses what it matches fails here, naming the rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from evidence_extract.clean import BlockKind
from evidence_extract.extract.p_values import p_value_records
from evidence_extract.extract.percentages import percentage_records
from evidence_extract.nlp import ROW_LABELS, SpanLabel, build_nlp, find_evidence
from evidence_extract.nlp.rules import RuleError, Trigger, Window, load_families, load_rules
from evidence_extract.nlp.windows import AFTER_TRIGGER, _word_before
from evidence_extract.pipeline import _merged

from .helpers import clean_file

DATA = Path(__file__).parent / "data"
RULES = load_rules()
FAMILY_OF = {label: f for f in load_families() for label in f.labels}
NUMBER = st.from_regex(r"\A(?:[1-9]\d{0,2}(?:\.\d{1,2})?|\.\d{1,3})\Z")
CONTEXT = st.sampled_from(
    [
        "",
        "Survival improved. ",
        "In the trial (n = 40), ",
        "Rates were low; ",
        "Table 2 | ",
        "See e.g. Smith J. et al. ",
    ]
)
MODIFIED = {
    SpanLabel.QUALIFIER: ["{} 45%", "{} 5 percentage points"],
    # `per cent` matches inside `percentage`: the postfix is three words after that word
    SpanLabel.POSTFIX: ["45% {}", "5 percentage points {}"],
    SpanLabel.PVALUE_TAIL: ["P ranged from .016 {}"],
}
AFTER = st.sampled_from(
    [
        "",
        ".",
        " in all.",
        ", respectively.",
        " CI.",
        "; [12]",
        " | next",
        # a later trigger far on in the sentence
        " in all of the arms of this long trial, which ran for years, and 9% in the others.",
    ]
)


def _evidence(text: str, prefilter: bool):
    """What the spaCy stage gives for a text: spans with their records, and
    the sentence starts."""
    evidence = find_evidence(build_nlp(), text, prefilter=prefilter)
    parsers = {SpanLabel.PERCENT: percentage_records, SpanLabel.PVALUE: p_value_records}
    spans = []
    for s in evidence.spans:
        records: list | str = []
        if s.label_ in parsers:
            try:
                records = parsers[s.label_](s)
            except ValueError as error:  # no row (as rows._parsed), but the same in both readings
                records = str(error)
        spans.append((s.label_, s.id_, s.start_char, s.end_char, s._.qualifier, records))
    return spans, evidence.sentence_starts


def _token_text(spec: dict) -> st.SearchStrategy[str]:
    """A token that satisfies one token spec of a pattern."""
    for key in ("ORTH", "TEXT", "LOWER"):
        value = spec.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            options = [value]
        elif "IN" in value:
            options = list(value["IN"])
        elif "REGEX" in value:
            return st.from_regex(value["REGEX"], fullmatch=True).filter(lambda t: t.strip())
        else:
            raise AssertionError(f"no generator for {spec}")
        if key == "LOWER":
            options += [o.upper() for o in options] + [o.capitalize() for o in options]
        return st.sampled_from(options)
    if spec.get("LIKE_NUM") or spec.get("IS_DIGIT"):
        return NUMBER
    raise AssertionError(f"no generator for {spec}")


@st.composite
def _match_text(draw, pattern: tuple[dict, ...]) -> str:
    """A text a token pattern matches: tokens drawn per spec, spaced as the
    specs allow (SPACY: false glues the next token)."""
    parts: list[str] = []
    for spec in pattern:
        op = spec.get("OP", "1")
        count = {"?": (0, 1), "*": (0, 3), "+": (1, 3)}.get(op, (1, 1))
        for _ in range(draw(st.integers(*count))):
            token = draw(_token_text(spec))
            # glued words read as one word (or a case change splits them, a
            # form the number-word parser does not take): glue only others
            glue = spec.get("SPACY") is False or (
                not token.isalpha() and draw(st.sampled_from([False, False, True]))
            )
            parts.append(token + ("" if glue else " "))
    return "".join(parts).strip()


def _rule_ids() -> list[str]:
    return [f"{r.label}:{r.id}:{i}" for i, r in enumerate(RULES)]


def test_every_label_of_the_rules_has_a_family() -> None:
    assert {r.label for r in RULES} <= set(FAMILY_OF)


def test_a_rule_of_no_family_stops_the_build() -> None:
    from evidence_extract.nlp.matcher import EvidenceMatcher
    from evidence_extract.nlp.rules import Rule

    families = tuple(f for f in load_families() if SpanLabel.PERCENT not in f.labels)
    matcher = EvidenceMatcher(build_nlp(), None, families)
    rule = Rule.from_dict({"id": "x", "label": "PERCENT", "comment": "c", "phrase": "x"})
    with pytest.raises(RuleError, match="no family"):
        matcher.add_rules([rule])


def test_a_lowercase_trigger_reads_the_text_lowercased_and_either_trigger_counts() -> None:
    trigger = Trigger(re.compile("HR"), re.compile(r"hazard\s*ratio"))
    text = "The HAZARD  Ratio and the HR."
    assert [m.span() for m in trigger.finditer(text)] == [(4, 17), (26, 28)]
    assert trigger.search(text, 5).span() == (26, 28)
    # `İ` lower-cases to two characters: offsets stay those of the text as written
    shifted = "İİ Hazard ratio"
    assert [m.span() for m in trigger.finditer(shifted)] == [(3, 15)]
    assert Trigger(None, re.compile("cohen")).search("Cohen's d").span() == (0, 5)


ANCHORED = [f for f in load_families() if f.trigger.anchors]


def test_some_families_search_by_anchor() -> None:
    assert {f.name for f in ANCHORED} >= {"effects", "statements"}


@pytest.mark.parametrize("family", ANCHORED, ids=[f.name for f in ANCHORED])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_text_an_anchored_trigger_matches_holds_an_anchor(family, data) -> None:
    text = data.draw(st.from_regex(family.trigger.lowercase, fullmatch=True))
    assert any(anchor in text for anchor in family.trigger.anchors), text


def test_an_anchored_trigger_finds_what_the_expression_finds_line_by_line() -> None:
    plain = Trigger(None, re.compile(r"hazard\s*ratio|odds\s*ratio|cohen"))
    anchored = Trigger(None, plain.lowercase, ("ratio", "cohen"))
    text = (
        "Odds Ratio 2; a ratio alone.\nCohen's d and the hazard ratio.\n"
        "ratio first, then hazard\nratio split by a line end; odds ratio"
    )
    found = [m.span() for m in anchored.finditer(text)]
    assert found == [(0, 10), (29, 34), (47, 59), (113, 123)]  # not (79, 91): across a line end
    # the same as the expression searched on each line alone
    expected = []
    start = 0
    for line in text.split("\n"):
        expected += [(start + a, start + b) for a, b in (m.span() for m in plain.finditer(line))]
        start += len(line) + 1
    assert found == expected
    assert anchored.search(text, 35).span() == (47, 59)
    assert anchored.search(text, 48).span() == (113, 123)
    assert anchored.search("no anchor here") is None


def test_a_family_needs_a_trigger_of_one_kind_or_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evidence_extract.nlp import rules

    families: dict = {}
    monkeypatch.setattr(rules, "read_json", lambda _path: {"families": families})
    families["x"] = {"labels": ["PERCENT"], "comment": "no trigger"}
    with pytest.raises(RuleError, match="needs labels and a trigger"):
        rules.load_families()
    families["x"] = {"labels": ["PERCENT"], "lowercase_trigger": "percent"}
    (family,) = rules.load_families()
    assert family.trigger.written is None and family.trigger.search("5 Percent")


@pytest.mark.parametrize("index", range(len(RULES)), ids=_rule_ids())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_filtered_reading_equals_whole_reading_on_texts_each_rule_matches(
    index: int, data: st.DataObject
) -> None:
    rule = RULES[index]
    if rule.phrase is not None:
        core = data.draw(st.sampled_from([rule.phrase, rule.phrase.upper(), rule.phrase.title()]))
    else:
        core = data.draw(_match_text(rule.pattern))
    assume(core)
    if rule.label in ROW_LABELS:
        # the drawn tokens may merge or split otherwise than drawn: keep
        # texts the rule's label does match whole, and its family's trigger
        # must occur in them
        whole, _ = _evidence(core, prefilter=False)
        assume(any(s[0] == rule.label and (s[2], s[3]) == (0, len(core)) for s in whole))
        family = FAMILY_OF[rule.label]
        assert family.trigger.search(core), (rule.id, core)
        hits = list(family.trigger.finditer(core))
        if family.window == Window.TRIGGER:  # the trigger covers the whole match
            assert any(m.span() == (0, len(core)) for m in hits), core
        elif family.window == Window.FROM_TRIGGER:  # the match starts at a trigger
            assert any(_word_before(core, 0, m.start()) == 0 for m in hits), (rule.id, core)
        elif family.window == Window.UNTIL_TRIGGER:  # ... or ends just after one
            assert any(AFTER_TRIGGER.match(core, m.end()).end() == len(core) for m in hits), (
                rule.id,
                core,
            )
    else:  # a modifier counts next to a match of its family
        core = data.draw(st.sampled_from(MODIFIED[rule.label])).format(core)
    text = data.draw(CONTEXT) + core + data.draw(AFTER)
    text = data.draw(st.sampled_from([text, "Heading\n" + text, text + "\nNext line 5%."]))
    assert _evidence(text, prefilter=True) == _evidence(text, prefilter=False), (rule.id, text)


@pytest.mark.parametrize(
    "text",
    [
        "level of evidence ( . ) A",  # found by the test above: a name across a sentence end
        "Level of evidence (a | b): 1b",  # ... and across a table cell
    ],
)
def test_no_level_tag_spans_a_sentence_end_or_a_cell(text: str) -> None:
    assert _evidence(text, prefilter=True) == _evidence(text, prefilter=False)


PAGES = sorted(
    p
    for folder in (DATA / "pages", DATA / "nogolden", DATA / "own-corpus" / "pages")
    for p in folder.rglob("*")
    if p.suffix in {".html", ".txt"}
)


@pytest.mark.parametrize("path", PAGES, ids=[p.parent.name + "/" + p.name for p in PAGES])
def test_filtered_reading_equals_whole_reading_on_real_pages(path: Path) -> None:
    page = clean_file(path)
    lines = _merged([(b.start, b.end) for b in page.blocks if b.kind != BlockKind.REFERENCE])
    nlp = build_nlp()
    filtered = find_evidence(nlp, page.text, lines)
    whole = find_evidence(nlp, page.text, lines, prefilter=False)
    assert filtered.sentence_starts == whole.sentence_starts

    def rows(evidence) -> list:
        return [
            (s.label_, s.id_, s.start_char, s.end_char, s._.qualifier, s.text)
            for s in evidence.spans
        ]

    assert rows(filtered) == rows(whole)


@pytest.mark.parametrize("path", PAGES, ids=[p.parent.name + "/" + p.name for p in PAGES])
def test_anchored_triggers_find_on_real_pages_what_their_expressions_find(path: Path) -> None:
    text = clean_file(path).text
    for family in ANCHORED:
        plain = Trigger(None, family.trigger.lowercase)
        anchored = Trigger(None, family.trigger.lowercase, family.trigger.anchors)
        expected = []
        start = 0
        for line in text.split("\n"):
            expected += [(start + m.start(), start + m.end()) for m in plain.finditer(line)]
            start += len(line) + 1
        assert [m.span() for m in anchored.finditer(text)] == expected, family.name


def _find_windows(window: Window, text: str, trigger: str = "%", reach: int | None = None):
    from evidence_extract.nlp.rules import Family
    from evidence_extract.nlp.sentences import SentenceSplitter
    from evidence_extract.nlp.windows import find_windows

    family = Family("f", frozenset(), Trigger(re.compile(trigger), None), "", window, reach)
    starts = SentenceSplitter().split(text).starts()
    return find_windows(text, [family], starts, [(0, len(text))])


def _windows_of(
    window: Window, text: str, trigger: str = "%", reach: int | None = None
) -> list[str]:
    found = _find_windows(window, text, trigger, reach)
    return [text[s:e] for s, e in found.by_family["f"]]


TWO_SENTENCES = (
    "Few had it. In all, about 40% and up to 55% or more of them did so later on. Next 9%"
)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        # windows that touch are one
        (
            Window.SENTENCE,
            ["In all, about 40% and up to 55% or more of them did so later on. Next 9%"],
        ),
        (Window.TRIGGER, ["%", "%", "%"]),
        (Window.FROM_TRIGGER, ["about 40% and up to 55% or more of them did so later on. Next 9%"]),
        (Window.UNTIL_TRIGGER, ["In all, about 40% and up to 55% or more of", "Next 9%"]),
    ],
)
def test_each_window_kind_keeps_what_its_rules_can_match(window: Window, expected: list) -> None:
    assert _windows_of(window, TWO_SENTENCES) == expected


@pytest.mark.parametrize(
    ("window", "reach", "expected"),
    [
        # the word holding each trigger and the one before, to three words after it
        (Window.UNTIL_TRIGGER, 2, ["about 40% and up to 55% or more of", "Next 9%"]),
        # from the word before each trigger, two words
        (Window.FROM_TRIGGER, 1, ["about 40%", "to 55%", "Next 9%"]),
    ],
)
def test_a_family_of_known_reach_gives_the_matcher_only_that_many_words(
    window: Window, reach: int, expected: list
) -> None:
    assert _windows_of(window, TWO_SENTENCES, reach=reach) == expected
    # the tokenizer still keeps the sentence for the parsers
    assert (
        _find_windows(window, TWO_SENTENCES, reach=1).text
        == _find_windows(window, TWO_SENTENCES).text
    )


def test_a_familys_reach_is_the_longest_match_of_each_label_and_a_word_between() -> None:
    from evidence_extract.nlp.matcher import EvidenceMatcher
    from evidence_extract.nlp.rules import Family, Rule

    labels = frozenset({SpanLabel.PERCENT, SpanLabel.QUALIFIER, SpanLabel.POSTFIX})
    family = Family("p", labels, Trigger(re.compile("%"), None), "", Window.UNTIL_TRIGGER)
    matcher = EvidenceMatcher(build_nlp(), None, (family,))

    def rule(label: str, **how) -> Rule:
        return Rule.from_dict({"id": "x", "label": label, "comment": "c", **how})

    number = {"LIKE_NUM": True}
    matcher.add_rules(
        [
            rule("PERCENT", pattern=[number, {"ORTH": "%"}]),
            rule("PERCENT", pattern=[{"ORTH": "-", "OP": "?"}, number, {"ORTH": "%"}]),
            rule("QUALIFIER", phrase="at least"),  # two tokens
            rule("QUALIFIER", phrase="<="),  # `<` and `=`: two tokens, one word
            rule("POSTFIX", phrase="or more"),
        ]
    )
    assert matcher.families["p"].family.reach == 3 + 2 + 2 + 2  # and a word between each
    matcher.add_rules([rule("PERCENT", pattern=[{"LIKE_NUM": True, "OP": "+"}, {"ORTH": "%"}])])
    assert matcher.families["p"].family.reach is None


def test_a_from_trigger_window_keeps_the_word_before_and_not_the_sentence_before() -> None:
    text = "See above. Results [ Level of evidence: 1iiA] held."
    assert _windows_of(Window.FROM_TRIGGER, text, r"Level") == ["[ Level of evidence: 1iiA] held."]


def test_anchors_are_lowercase_words_of_a_lowercase_trigger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evidence_extract.nlp import rules

    families: dict = {}
    monkeypatch.setattr(rules, "read_json", lambda _path: {"families": families})
    for entry in (
        {"trigger": "HR", "lowercase_anchors": ["hr"]},  # no lower-case expression
        {"lowercase_trigger": "hazard ratio", "lowercase_anchors": ["Ratio"]},
        {"lowercase_trigger": "hazard ratio", "lowercase_anchors": [""]},
    ):
        families["x"] = {"labels": ["EFFECT"], **entry}
        with pytest.raises(RuleError, match="anchors are lower-case words"):
            rules.load_families()
    families["x"] = {
        "labels": ["EFFECT"],
        "lowercase_trigger": "hazard ratio",
        "lowercase_anchors": ["ratio"],
    }
    (family,) = rules.load_families()
    assert family.trigger.anchors == ("ratio",)
