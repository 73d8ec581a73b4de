"""Row building on hand-built pages: the level -> callout join, PMIDs from
the page and from a reference index, reference entries never scanned."""

from __future__ import annotations

from evidence_extract.clean.blocks import BlockKind, PageMeta, RawBlock, assemble
from evidence_extract.extract.levels import default_rankings
from evidence_extract.nlp import build_nlp, find_evidence
from evidence_extract.pmid_index import reference_key
from evidence_extract.rows import build_rows
from evidence_extract.schema import Table

ENTRY = "Smith J: A trial of 40% of patients (P = .01). Lancet 1: 1-2, 2020."


def _rows(pmid_index: dict | None = None, pmid: str = "12345678"):
    page = assemble(
        [
            RawBlock(BlockKind.PARAGRAPH, "Survival was 85%.[1][Level of evidence: A1] Others.[2]"),
            RawBlock(BlockKind.HEADING, "References", level=2),
            RawBlock(
                BlockKind.REFERENCE,
                "1. " + ENTRY,
                ref_section="1",
                ref_number=1,
                pmid=pmid,
                ref_text=ENTRY,
            ),
            RawBlock(
                BlockKind.REFERENCE,
                "2. Doe C: Other.",
                ref_section="1",
                ref_number=2,
                ref_text="Doe C: Other.",
            ),
        ],
        PageMeta(),
    )
    evidence = find_evidence(build_nlp(), page.text)
    return page, build_rows("d", page, evidence, "treatment", default_rankings(), pmid_index or {})


def test_level_and_citation_join_by_loe_id() -> None:
    _, tables = _rows()
    (level,) = tables[Table.EVIDENCE_LEVELS]
    assert (level.loe_id, level.code, level.scheme, level.refs) == (1, "A1", "treatment", "1")
    cites = tables[Table.CITATIONS]
    assert [(c.callout_id, c.ref_number, c.loe_id) for c in cites] == [(1, 1, "1"), (2, 2, "")]
    assert level.sentence_id == cites[0].sentence_id != cites[1].sentence_id


def test_reference_entries_are_rows_but_never_scanned() -> None:
    _, tables = _rows()
    # The entry's 40% and P = .01 are not rows; the paragraph's 85% is.
    assert [p.text for p in tables[Table.PERCENTAGES]] == ["85%"]
    assert tables[Table.P_VALUES] == []
    refs = tables[Table.REFERENCES]
    assert [(r.ref_number, r.pmid, r.pmid_source) for r in refs] == [
        (1, "12345678", "page"),
        (2, "", ""),
    ]
    assert tables[Table.CITATIONS][0].reference == ENTRY


def test_pmid_from_the_reference_index_when_the_page_shows_none() -> None:
    _, tables = _rows({reference_key("Doe C: other"): "999"}, pmid="")
    refs = tables[Table.REFERENCES]
    assert [(r.pmid, r.pmid_source) for r in refs] == [("", ""), ("999", "index")]
    assert tables[Table.CITATIONS][1].pmid == "999"


def test_every_offset_slices_the_clean_text() -> None:
    page, tables = _rows()
    for rows in tables.values():
        for row in rows:
            if hasattr(row, "char_start"):
                assert page.text[row.char_start : row.char_end] == row.text
