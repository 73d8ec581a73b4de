"""The rule matcher component: level tags, callouts, percentages, P values,
graded statements, effect-measure names and trial IDs into
`doc.spans["evidence"]`.

Token patterns go to a spaCy `Matcher` (validated against spaCy's pattern
schema), literal phrases to a `PhraseMatcher`, which costs far less per
token; one pair per rule family (`patterns/triggers.json`). When the Doc
carries the pre-filter's windows (`doc.user_data[WINDOWS_KEY]`), a family's
rules run only on its own windows; otherwise on the whole Doc. Each span's
`id_` is its rule's id. Qualifiers before a percentage (`approximately`,
`at least a`) and after it (`or more`) are attached here, so downstream
code reads finished spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import IDS
from spacy.errors import MatchPatternError
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .flags import compile_patterns
from .labels import SPAN_KEY, SpanLabel
from .rules import (
    PATTERN_FILES,
    TRIGGER_FILE,
    CalloutContext,
    Family,
    Rule,
    RuleError,
    load_callout_context,
    load_families,
    load_rules,
    most_tokens,
)
from .windows import TEXT_KEY, WINDOWS_KEY

ARTICLES = {"a", "an"}
# Tokens between a modifier and its match: an article (_qualified_percentages).
MODIFIER_GAP = 1

if not Span.has_extension("qualifier"):
    Span.set_extension("qualifier", default="")


@Language.factory(
    "evidence_matcher",
    assigns=["doc.spans"],
    default_config={"pattern_files": list(PATTERN_FILES), "trigger_file": TRIGGER_FILE},
)
def create_evidence_matcher(
    nlp: Language, name: str, pattern_files: list[str], trigger_file: str
) -> EvidenceMatcher:
    matcher = EvidenceMatcher(nlp, load_callout_context(), load_families(trigger_file))
    matcher.add_rules(load_rules(pattern_files))
    return matcher


@dataclass
class _FamilyMatchers:
    family: Family
    matcher: Matcher
    phrases: PhraseMatcher


class EvidenceMatcher:
    def __init__(
        self,
        nlp: Language,
        callout_context: CalloutContext | None = None,
        families: tuple[Family, ...] | None = None,
    ) -> None:
        self.nlp = nlp
        self.callout_context = callout_context
        self.families = {
            f.name: _FamilyMatchers(
                f,
                # patterns are validated as written in add_rules; the Matcher
                # gets them with lexeme flags, which its schema does not know
                Matcher(nlp.vocab, validate=False),
                PhraseMatcher(nlp.vocab, attr="LOWER"),
            )
            for f in (load_families() if families is None else families)
        }
        self.family_of = {
            label: f.family.name for f in self.families.values() for label in f.family.labels
        }
        # match key -> rank: ties between equal spans go to the earlier rule,
        # whatever the windows (and so the order matches are found in)
        self.rank: dict[str, int] = {}
        self._key_info: dict[int, tuple[int, SpanLabel, int, int]] | None = None
        # label -> the most tokens one of its rules matches (None: no bound)
        self._longest: dict[SpanLabel, int | None] = {}

    def add_rules(self, rules: Iterable[Rule]) -> None:
        patterns: dict[tuple[str, str], list[list[dict]]] = {}
        phrases: dict[tuple[str, str], list[Doc]] = {}
        lengths: list[tuple[SpanLabel, int | None]] = []
        for rule in rules:
            family = self.family_of.get(rule.label)
            if family is None:
                # a rule no trigger covers would never run on a pre-filtered page
                raise RuleError(f"label {rule.label} has no family in the trigger file: {rule}")
            key = (family, f"{rule.label}|{rule.id}")
            self.rank.setdefault(key[1], len(self.rank))
            self._key_info = None
            if rule.phrase is not None:
                phrase = self.nlp.make_doc(rule.phrase)
                phrases.setdefault(key, []).append(phrase)
                lengths.append((rule.label, len(phrase)))
            else:
                patterns.setdefault(key, []).append(list(rule.pattern or ()))
                lengths.append((rule.label, most_tokens(rule.pattern or ())))
        # Validated as written (spaCy's pattern schema: a typo in a pattern
        # file fails when the pipeline is built), then matched with flags.
        for (_, key), token_patterns in patterns.items():
            errors = {i: validate_token_pattern(p) for i, p in enumerate(token_patterns)}
            if any(errors.values()):
                raise MatchPatternError(key, errors)
            self._check_computed(key, token_patterns)
        flat = [p for token_patterns in patterns.values() for p in token_patterns]
        compiled = iter(compile_patterns(self.nlp.vocab, flat))
        for (family, key), token_patterns in patterns.items():
            flagged = [next(compiled) for _ in token_patterns]
            self.families[family].matcher.add(key, flagged, greedy="LONGEST")
        for (family, key), docs in phrases.items():
            self.families[family].phrases.add(key, docs)
        for label, length in lengths:
            known = self._longest.get(label, 0)
            if known is not None:
                self._longest[label] = None if length is None else max(known, length)
        for fm in self.families.values():
            fm.family = replace(fm.family, reach=self._reach(fm.family))

    def _reach(self, family: Family) -> int | None:
        """Words a match of `family` with its modifiers spans at most: a
        token is in one word at most, and a modifier sits next to its match
        or one word away (an article: `at least a 30%`)."""
        lengths = [self._longest.get(label, 0) for label in family.labels]
        if any(n is None for n in lengths):
            return None
        return sum(lengths) + MODIFIER_GAP * (len(lengths) - 1)  # type: ignore[arg-type]

    def _check_computed(self, key: str, token_patterns: list[list[dict]]) -> None:
        """The pipeline computes only the word attributes its rule files read
        (nlp.build_nlp): a rule added later that names another one would
        never match, so it fails here instead."""
        getters = self.nlp.vocab.lex_attr_getters
        for pattern in token_patterns:
            for token in pattern:
                for name in token:
                    attr = IDS.get(name.upper())
                    if attr in LEX_ATTRS and attr not in getters:
                        raise RuleError(
                            f"{key}: the pipeline does not compute {name} for its words "
                            "(only what its rule files read)"
                        )

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> dict[SpanLabel, list[Span]]:
        """Every rule's matches, by label (overlaps not yet resolved)."""
        windows = doc.user_data.get(WINDOWS_KEY)
        token_starts = doc.to_array("IDX") if windows is not None else None
        matches: list[tuple[int, int, int]] = []
        for name, fm in self.families.items():
            if windows is None:
                ranges = [(0, len(doc))]
            else:
                chars = numpy.array(windows.get(name, []), dtype="int64").reshape(-1)
                tokens = numpy.searchsorted(token_starts, chars).reshape(-1, 2).tolist()
                ranges = [(a, b) for a, b in tokens if a < b]  # (Python ints: no numpy scalars)
            for a, b in ranges:
                span = Span(doc, a, b)  # (a slice of the Doc normalises it in Python first)
                if len(fm.matcher):
                    # the Matcher gives offsets within the span, the PhraseMatcher within the Doc
                    matches.extend((m, s + a, e + a) for m, s, e in fm.matcher(span))
                if len(fm.phrases):
                    matches.extend(fm.phrases(span))
        found: dict[SpanLabel, list[Span]] = {}
        keys = self._keys(doc)
        for start, end, (_rank, label, label_id, rule_id) in sorted(
            (s, e, keys[m]) for m, s, e in matches
        ):
            found.setdefault(label, []).append(
                Span(doc, start, end, label=label_id, span_id=rule_id)
            )
        return found

    def _keys(self, doc: Doc) -> dict[int, tuple[int, SpanLabel, int, int]]:
        """Match key -> (rank, label, label's and rule id's string ids),
        read once: a match's key is `LABEL|rule-id`."""
        if self._key_info is None:
            strings = doc.vocab.strings
            info = {}
            for key, rank in self.rank.items():
                label, rule_id = key.split("|", 1)
                info[strings.add(key)] = (
                    rank,
                    SpanLabel(label),
                    strings.add(label),
                    strings.add(rule_id),
                )
            self._key_info = info
        return self._key_info

    def set_annotations(self, doc: Doc, found: dict[SpanLabel, list[Span]]) -> list[Span]:
        """Resolve overlaps per label, attach modifiers, drop context
        exclusions; the spans in document order."""
        spans: list[Span] = []
        # the clean text (the Doc's own text is blanked outside the windows);
        # Doc.text is rebuilt on every access: read it once
        text = doc.user_data.get(TEXT_KEY) or doc.text
        spans.extend(_level_tags(doc, text, filter_spans(found.get(SpanLabel.LEVEL, []))))
        for label in (SpanLabel.STATEMENT, SpanLabel.TRIAL):
            spans.extend(filter_spans(found.get(label, [])))
        spans.extend(_named_with_abbreviation(doc, filter_spans(found.get(SpanLabel.EFFECT, []))))
        spans.extend(
            s
            for s in filter_spans(found.get(SpanLabel.CALLOUT, []))
            if not self._cites_nothing(s, text)
        )
        spans.extend(_qualified_percentages(doc, found))
        spans.extend(_p_values(found))
        return sorted(spans, key=lambda s: (s.start, s.end))

    def _cites_nothing(self, span: Span, text: str) -> bool:
        """A bracket glued to a karyotype (`...(q34;q11.2)[20]`) is a count;
        a range right after a number it contains (`55% [33–72]`) is an interval."""
        context = self.callout_context
        if context is None:
            return False
        rule = context.not_after
        before = text[max(0, span.start_char - rule.window) : span.start_char]
        if context.interval.is_interval(text[span.start_char : span.end_char], before):
            return True
        if not before or before[-1].isspace():
            return False
        return bool(rule.regex.search(before))


def _qualified_percentages(doc: Doc, found: dict[SpanLabel, list[Span]]) -> list[Span]:
    """Percentages with a qualifier directly before (an article may sit in
    between: `at least a 30%`) or a postfix qualifier after (`20% or more`)."""
    before = {s.end: s for s in filter_spans(found.get(SpanLabel.QUALIFIER, []))}
    after = {s.start: s for s in filter_spans(found.get(SpanLabel.POSTFIX, []))}
    out = []
    for span in filter_spans(found.get(SpanLabel.PERCENT, [])):
        start, end, qualifier = span.start, span.end, ""
        anchor = start
        if anchor > 0 and doc[anchor - 1].lower_ in ARTICLES and (anchor - 1) in before:
            anchor -= 1
        if anchor in before:
            q = before[anchor]
            start, qualifier = q.start, q.id_
        elif end in after:
            end, qualifier = after[end].end, after[end].id_
        new = Span(doc, start, end, label=SpanLabel.PERCENT, span_id=span.id_)
        if qualifier:  # (the extension's default is ""; setting it is a Python call chain)
            new._.qualifier = qualifier
        out.append(new)
    return out


def _p_values(found: dict[SpanLabel, list[Span]]) -> list[Span]:
    pvalues = filter_spans(found.get(SpanLabel.PVALUE, []))
    ranged_ends = {s.end for s in pvalues if s.id_ == "p-ranged-from"}
    out = []
    for tail in found.get(SpanLabel.PVALUE_TAIL, []):
        if tail.start in ranged_ends:
            # `to < .001` ends a `P ranged from ...`: the P value is `< .001`.
            out.append(
                Span(
                    tail.doc,
                    tail.start + 1,
                    tail.end,
                    label=SpanLabel.PVALUE,
                    span_id="p-range-end",
                )
            )
    return pvalues + out


def _named_with_abbreviation(doc: Doc, names: list[Span]) -> list[Span]:
    """`hazard ratio [HR]`, `odds ratio (OR)`: a measure named in full and
    then abbreviated in brackets is one name, not two."""
    out: list[Span] = []
    for span in names:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.id_ == span.id_
            and span.start - previous.end == 1
            and doc[previous.end].text in {"[", "("}
            and span.end < len(doc)
            and doc[span.end].text in {"]", ")"}
        ):
            out[-1] = Span(
                doc, previous.start, span.end + 1, label=SpanLabel.EFFECT, span_id=span.id_
            )
        else:
            out.append(span)
    return out


def unbracketed_tag_may_start(text: str, start: int) -> bool:
    """A level tag without its opening bracket counts only at a line start
    (genetics summaries) or glued to a callout (`[15]Level of evidence: IV`);
    in running text the phrase talks about a level."""
    line_before = text[text.rfind("\n", 0, start) + 1 : start]
    return not line_before.strip() or line_before.endswith("]")


def _level_tags(doc: Doc, text: str, heads: list[Span]) -> list[Span]:
    """Whole level tags from the matched heads (`[Level of evidence B1`):

    - a bracketed tag runs on to its closing bracket on the same line, past
      further codes and words (`[Levels of evidence B1 for the full study
      population and A1 for ...]`); without one (a typo), it ends at its code;
    - a tag without an opening bracket counts only at a line start (genetics
      summaries: `Level of evidence: 5`) or glued to a callout (`[15]Level of
      evidence: IV`); in a sentence (`Added level of evidence II.`, `a very
      low Level of evidence C3`) the phrase talks about a level, it tags
      nothing. A stray closing bracket after it belongs to it.
    """
    out = []
    for head in heads:
        start, end = head.start_char, head.end_char
        if head.id_ != "level-tag" and not unbracketed_tag_may_start(text, start):
            continue
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[end:line_end]
        close = rest.find("]")
        opens = rest.find("[")
        if close >= 0 and (opens < 0 or close < opens):
            end += close + 1
        tag = doc.char_span(start, end, label=SpanLabel.LEVEL, alignment_mode="expand")
        out.append(Span(doc, tag.start, tag.end, label=SpanLabel.LEVEL, span_id=head.id_))
    return out
