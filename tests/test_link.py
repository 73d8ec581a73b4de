"""Linking on hand-built pages: tags to callouts, callouts to reference
lists, rows to sentences (no file, no cleaner)."""

from __future__ import annotations

from evidence_extract import link
from evidence_extract.clean.blocks import BlockKind, PageMeta, RawBlock, assemble
from evidence_extract.nlp import SPAN_KEY, SpanLabel, build_nlp, find_evidence


def _page(*blocks: RawBlock):
    page = assemble(list(blocks), PageMeta())
    return page, build_nlp()(page.text)


def _para(text: str, links: list | None = None) -> RawBlock:
    return RawBlock(BlockKind.PARAGRAPH, text, links=links or [])


def _ref(number: int, section: str = "1") -> RawBlock:
    return RawBlock(
        BlockKind.REFERENCE, f"{number}. A B: Title.", ref_section=section, ref_number=number
    )


def test_a_tag_qualifies_the_callout_directly_before_it() -> None:
    _, doc = _page(_para("A.[5]; [24][Level of evidence: 2A]; [17][Level of evidence: 2Di] B."))
    spans = list(doc.spans[SPAN_KEY])
    pairs = {
        s.text: c.text
        for s in spans
        if (c := link.qualified_callouts(spans, doc.text).get(s.start)) is not None
    }
    assert pairs == {"[Level of evidence: 2A]": "[24]", "[Level of evidence: 2Di]": "[17]"}


def test_a_tag_after_words_or_on_its_own_line_qualifies_nothing() -> None:
    _, doc = _page(_para("A.[5] and [Level of evidence: 2A]"), _para("[Level of evidence: 2A]"))
    assert link.qualified_callouts(list(doc.spans[SPAN_KEY]), doc.text) == {}


def test_sentences_skip_reference_entries_and_stay_within_their_line() -> None:
    page, _ = _page(
        RawBlock(BlockKind.HEADING, "Results", level=2),
        _para("First claim.[1] Second claim."),
        _ref(1),
    )
    starts = find_evidence(build_nlp(), page.text).sentence_starts
    index = link.sentences(page.text, link.BlockIndex(page.blocks), starts)
    texts = [(page.text[s.start : s.end], s.section) for s in index.sentences]
    assert texts == [
        ("Results", ""),
        ("First claim.[1]", "Results"),
        ("Second claim.", "Results"),
    ]
    reference_start = page.text.index("1. A B")
    assert index.find(reference_start) is None
    assert not link.BlockIndex(page.blocks).is_scanned(reference_start)


def test_callout_section_from_its_link_else_the_next_reference_list() -> None:
    page, doc = _page(
        _para("Linked.[3] Plain.[4]", links=[(8, 9, "#cit/section_2.3")]),
        _ref(3, "1"),
        _ref(4, "1"),
    )
    blocks = link.BlockIndex(page.blocks)
    sections = link.CalloutSections(page, blocks)
    callouts = [s for s in doc.spans[SPAN_KEY] if s.label_ == SpanLabel.CALLOUT]
    assert [sections.of(c) for c in callouts] == ["2", "1"]
    assert set(link.reference_lookup(page)) == {("1", 3), ("1", 4)}
