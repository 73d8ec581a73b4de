"""Stage 3 — the spaCy pipeline: tokenizer, rule matcher, sentence boundaries.

A blank English pipeline (no trained model, nothing downloaded) with:
- `evidence_tokenizer`: splits digits, letter runs and every punctuation
  mark apart (and letter runs at a lower-to-upper case change), so that codes
  (`3iiiDi` -> 3 / iii / Di), callouts (`[17,20-22]`), comparators and
  percent signs all sit on token boundaries. Whitespace is kept exactly, so
  `doc.text` equals the clean text and token offsets are clean-text offsets.
- `evidence_matcher`: rules from `patterns/*.jsonl` (one JSON object a line:
  id, label, comment, and a token `pattern` or a literal `phrase`) into
  `doc.spans["evidence"]`, with the rule's id as `span.id_`. Qualifiers before a percentage are
  attached to it here, so downstream code reads finished spans.
- `evidence_sentences`: sentence starts at line starts, table-cell
  separators and sentence-final punctuation; callouts and level tags that
  follow a period stay with the sentence before them.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

SPAN_KEY = "evidence"
PATTERN_FILES = (
    "levels.jsonl",
    "callouts.jsonl",
    "percentages.jsonl",
    "qualifiers.jsonl",
    "p_values.jsonl",
    "statements.jsonl",
)
# Labels that are parts of other matches, not rows of their own.
MODIFIER_LABELS = {"QUALIFIER", "POSTFIX", "PVALUE_TAIL"}
TOKEN = re.compile(r"\s+|\d+\.\d+|\.\d+|\d+|[^\W\d_]+|\S")
CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")
ARTICLES = {"a", "an"}
SENTENCE_END = {".", "?", "!"}
CLOSERS = {")", "]", "”", "’", '"', "'"}
CELL_SEPARATOR_TOKEN = "|"

if not Span.has_extension("qualifier"):
    Span.set_extension("qualifier", default="")


class EvidenceTokenizer:
    """Regex tokenizer that keeps every whitespace character in the Doc."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in TOKEN.finditer(text):
            piece = m.group()
            if piece.isspace():
                if words and not spaces[-1] and piece.startswith(" "):
                    spaces[-1] = True
                    piece = piece[1:]
                if piece:
                    words.append(piece)
                    spaces.append(False)
                continue
            if piece[0].isalpha() and len(piece) > 1:
                for part in CASE_CHANGE.split(piece):
                    words.append(part)
                    spaces.append(False)
            else:
                words.append(piece)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises tokenizers; this one has no state beyond its code.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> EvidenceTokenizer:
        return self

    def to_disk(self, _path: object, **_: object) -> None:
        return None

    def from_disk(self, _path: object, **_: object) -> EvidenceTokenizer:
        return self


@spacy.registry.tokenizers("evidence_extract.tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> EvidenceTokenizer:
        return EvidenceTokenizer(nlp.vocab)

    return make


@cache
def load_patterns() -> tuple[dict, ...]:
    """Every pattern entry of the package's pattern files."""
    entries: list[dict] = []
    folder = resources.files(__package__).joinpath("patterns")
    for name in PATTERN_FILES:
        for line in folder.joinpath(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                entries.append(json.loads(line))
    return tuple(entries)


@cache
def load_context() -> dict:
    text = resources.files(__package__).joinpath("patterns/context.json").read_text("utf-8")
    return json.loads(text)


@Language.factory("evidence_matcher", default_config={})
def create_evidence_matcher(nlp: Language, name: str) -> EvidenceMatcher:
    return EvidenceMatcher(nlp)


class EvidenceMatcher:
    """Rule matcher: finds level tags, callouts, percentages, P values and
    graded statements, and stores them in `doc.spans["evidence"]`."""

    def __init__(self, nlp: Language) -> None:
        # Token patterns go to a Matcher; literal phrases (qualifiers, graded
        # statements) to a PhraseMatcher, which costs far less per token.
        # validate=True: spaCy checks every token pattern against its schema,
        # so a typo in a pattern file fails loudly when the pipeline is built.
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: dict[str, list[list[dict]]] = {}
        phrases: dict[str, list[Doc]] = {}
        for entry in load_patterns():
            key = f"{entry['label']}|{entry['id']}"
            if "phrase" in entry:
                phrases.setdefault(key, []).append(nlp.make_doc(entry["phrase"]))
            else:
                patterns.setdefault(key, []).append(entry["pattern"])
        for key, token_patterns in patterns.items():
            self.matcher.add(key, token_patterns, greedy="LONGEST")
        for key, docs in phrases.items():
            self.phrases.add(key, docs)
        rule = load_context()["callout_not_after"]
        self.not_after = re.compile(rule["regex"])
        self.window = int(rule["window"])

    def _cites_nothing(self, span: Span, text: str) -> bool:
        """A bracket glued to a karyotype (`...(q34;q11.2)[20]`) is a count."""
        before = text[max(0, span.start_char - self.window) : span.start_char]
        if not before or before[-1].isspace():
            return False
        return bool(self.not_after.search(before))

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {}
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            label, pattern_id = doc.vocab.strings[match_id].split("|", 1)
            found.setdefault(label, []).append(
                Span(doc, start, end, label=label, span_id=pattern_id)
            )
        spans: list[Span] = []
        for label in ("LEVEL", "STATEMENT"):
            spans.extend(filter_spans(found.get(label, [])))
        text = doc.text  # rebuilt on every access: read it once
        spans.extend(
            s for s in filter_spans(found.get("CALLOUT", [])) if not self._cites_nothing(s, text)
        )
        spans.extend(_qualified_percentages(doc, found))
        spans.extend(_p_values(found))
        doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc


def _qualified_percentages(doc: Doc, found: dict[str, list[Span]]) -> list[Span]:
    """Percentages with a qualifier directly before (an article may sit in
    between: `at least a 30%`) or a postfix qualifier after (`20% or more`)."""
    before = {s.end: s for s in filter_spans(found.get("QUALIFIER", []))}
    after = {s.start: s for s in filter_spans(found.get("POSTFIX", []))}
    out = []
    for span in filter_spans(found.get("PERCENT", [])):
        start, end, qualifier = span.start, span.end, ""
        anchor = start
        if anchor > 0 and doc[anchor - 1].lower_ in ARTICLES and (anchor - 1) in before:
            anchor -= 1
        if anchor in before:
            q = before[anchor]
            start, qualifier = q.start, q.id_
        elif end in after:
            end, qualifier = after[end].end, after[end].id_
        new = Span(doc, start, end, label="PERCENT", span_id=span.id_)
        new._.qualifier = qualifier
        out.append(new)
    return out


def _p_values(found: dict[str, list[Span]]) -> list[Span]:
    pvalues = filter_spans(found.get("PVALUE", []))
    ranged_ends = {s.end for s in pvalues if s.id_ == "p-ranged-from"}
    tails = [s for s in found.get("PVALUE_TAIL", []) if s.start in ranged_ends]
    out = []
    for tail in tails:
        # `to < .001` ends a `P ranged from ...`: the P value is `< .001`.
        out.append(Span(tail.doc, tail.start + 1, tail.end, label="PVALUE", span_id="p-range-end"))
    return pvalues + out


@Language.factory(
    "evidence_sentences",
    default_config={
        "abbreviations": [
            "vs",
            "e.g",
            "i.e",
            "al",
            "approx",
            "Dr",
            "Fig",
            "fig",
            "No",
            "no",
            "St",
            "Inc",
            "Jr",
            "Sr",
            "U.S",
            "ca",
            "cf",
            "Mr",
            "Ms",
            "Mrs",
            "p",
            "pp",
            "Ref",
            "ref",
            "Vol",
            "vol",
            "Eq",
            "etc",
        ]
    },
)
def create_sentences(nlp: Language, name: str, abbreviations: list[str]) -> EvidenceSentences:
    return EvidenceSentences(abbreviations)


class EvidenceSentences:
    """Sentence boundaries that keep trailing callouts and level tags with
    the claim they support (`...in relapsed ALL.[17,20,21,22]; [23][Level of
    evidence: 3iiiDi] High levels` ends after `3iiiDi]`)."""

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
            if span.label_ in {"CALLOUT", "LEVEL"}:
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


@cache
def build_nlp() -> Language:
    """The pipeline, built once per process (it is pure: no I/O per call)."""
    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "evidence_extract.tokenizer.v1"}}}
    )
    nlp.add_pipe("evidence_matcher")
    nlp.add_pipe("evidence_sentences")
    nlp.max_length = 20_000_000
    return nlp
