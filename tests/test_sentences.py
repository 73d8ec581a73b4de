"""Sentence boundaries: trailing callouts and tags stay with their claim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_extract.nlp import SPAN_KEY, SpanLabel, build_nlp
from evidence_extract.nlp.sentences import ABBREVIATIONS as SENTENCE_ABBREVIATIONS
from evidence_extract.nlp.sentences import SentenceSplitter, attached_spans
from evidence_extract.schema import Table

from .helpers import rows


def sentences(*paragraphs: str) -> list[str]:
    return [r.text for r in rows(*paragraphs, table=Table.SENTENCES)]


def test_trailing_callouts_and_tags_belong_to_the_sentence_before() -> None:
    text = (
        "Several studies reported it in relapsed ALL.[17,20,21,22]; [23][Level of evidence: "
        "3iiiDi] High levels of MRD were correlated with relapse."
    )
    assert sentences(text) == [
        "Several studies reported it in relapsed ALL.[17,20,21,22]; [23][Level of evidence: 3iiiDi]",
        "High levels of MRD were correlated with relapse.",
    ]


def test_callout_after_a_spaced_period() -> None:
    assert sentences("Reinduction was compared. [25][Level of evidence: 1iiA] The arm won.") == [
        "Reinduction was compared. [25][Level of evidence: 1iiA]",
        "The arm won.",
    ]


def test_abbreviations_and_decimals_do_not_split() -> None:
    text = "Rates were 69% vs. 45% (P = .007), see p. 12 and Smith J. et al. for details. Next one."
    assert sentences(text) == [
        "Rates were 69% vs. 45% (P = .007), see p. 12 and Smith J. et al. for details.",
        "Next one.",
    ]


def test_each_line_is_its_own_sentence_and_cells_split() -> None:
    assert sentences("Heading", "Stage | TNM | Description") == [
        "Heading",
        "Stage",
        "TNM",
        "Description",
    ]


def test_rows_point_at_their_sentence() -> None:
    table = rows("First claim.[1] Second claim 45%.", table=Table.PERCENTAGES)
    assert table[0].sentence_id == 2


# -- the splitter reads the text; its definition reads tokens -------------

ABBREVIATIONS = {a.lower() for a in SENTENCE_ABBREVIATIONS}


def starts_token_by_token(doc) -> list[int]:
    """Sentence starts by the definition, walking the Doc's tokens (the
    component's first implementation), as character offsets."""
    attached: set[int] = set()
    span_end: dict[int, int] = {}
    for span in doc.spans.get(SPAN_KEY, []):
        if span.label_ in {SpanLabel.CALLOUT, SpanLabel.LEVEL}:
            span_end[span.start] = span.end
            attached.update(range(span.start, span.end))

    def abbreviation(period: int) -> bool:
        if period == 0 or doc[period - 1].whitespace_:
            return False
        prev = doc[period - 1].text
        two_back = doc[period - 3].text + "." + prev if period >= 3 else prev
        if prev.lower() in ABBREVIATIONS or two_back.lower() in ABBREVIATIONS:
            return True
        return len(prev) == 1 and prev.isupper() and prev.isalpha()

    n = len(doc)
    starts = [i == 0 for i in range(n)]
    for i, token in enumerate(doc):
        if (token.is_space and "\n" in token.text or token.text == "|" and token.whitespace_) and (
            i + 1 < n
        ):
            starts[i + 1] = True
        elif token.text in {".", "?", "!"} and i not in attached:
            if token.text == "." and abbreviation(i):
                continue
            j = i + 1
            while j < n and doc[j].text in {")", "]", "”", "’", '"', "'"} and j not in attached:
                j += 1
            while j < n:
                if j in span_end:
                    j = span_end[j]
                elif doc[j].text in {";", ","} and j + 1 < n and (j + 1) in span_end:
                    j += 1
                else:
                    break
            if j < n and doc[j - 1].whitespace_ and _opens_sentence(doc[j].text[0]):
                starts[j] = True
    return [doc[i].idx for i in range(n) if starts[i]]


def _opens_sentence(first: str) -> bool:
    return first.isupper() or first.isdigit() or first in '([“"•'


PIECES = [*"aAbBeEgGiIsSuUpPxX.?!)]”’\"'[;,|0123456789 \n\t²_-%µé", "  ", " ", " ", "e.g.",
          "i. e.", "U.S.", "1.5", ".5", "McDo", "[1]", "[Level of evidence: 1A]", "[2, 3]",
          " [4]", "vs.", "Dr.", " The", " A", "approx.", "Fig."]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_splitter_agrees_with_the_token_by_token_definition(text: str) -> None:
    nlp = build_nlp()
    doc = nlp(text, disable=["evidence_sentences"])
    spans = attached_spans(doc)
    assert SentenceSplitter().starts(text, spans) == starts_token_by_token(doc)
    # the component sets the same starts on the Doc
    doc = nlp.get_pipe("evidence_sentences")(doc)
    assert [t.idx for t in doc if t.is_sent_start] == starts_token_by_token(doc)
