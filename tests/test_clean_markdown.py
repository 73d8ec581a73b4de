"""Pages saved as Markdown: front matter, headings, pipe tables, link callouts.

The page below is written from the anal cancer summary as the public
Markdown saves of cancer.gov write it (markdownify output with a YAML front
matter): its sentences are PDQ text, shortened.
"""

from __future__ import annotations

from evidence_extract.clean import BlockKind
from evidence_extract.pipeline import process_document
from evidence_extract.schema import Table

from .conftest import DATA
from .helpers import clean_file

PAGE = """---
audienceLevel: patient
cancerTypes:
- anal
lastReviewed: '2025-12-30'
tags:
- pdq
- treatment
title: Anal Cancer Treatment (PDQ®) - NCI
url: https://www.cancer.gov/types/anal/hp/anal-treatment-pdq
---

# Anal Cancer Treatment (PDQ®) - NCI

# Anal Cancer Treatment (PDQ®)–Health Professional Version

## General Information About Anal Cancer

[Go to Patient Version](/types/anal/patient/anal-treatment-pdq)

![Anatomy of the anus](/images/anal-anatomy.jpg)

Anal cancer is usually curable.[[1](#cit/section_1.1)]

###### References

1. Ryan DP, Compton CC, Mayer RJ: Carcinoma of the anal canal. N Engl J Med 342 (11): 792-800, 2000. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=10717015&dopt=Abstract "http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=10717015&dopt=Abstract")

## Treatment of Stages I, II, and III Anal Cancer

Table 1. Definitions of TNM Stage 0a

| Stage | TNM | Description |
| --- | --- | --- |
|  |  |  |
| --- | --- | --- |
| 0 | Tis, N0, M0 | Tis = carcinoma *in situ*. |
| N0 = No regional lymph node metastasis. |

- Outcomes favored chemoradiation therapy with respect to 5-year colostomy-free
survival rates (75% vs. 48%; *P* = .002).[[2](#cit/section_2.2)-[4](#cit/section_2.4)][[Level of evidence A1](/Common/PopUps/popDefinition.aspx?id=810017&version=HealthProfessional&language=English)]
- The *DPYD\\*2A* variant was tested.[[1](#cit/section_2.1),[3](#cit/section_2.3)]

###### References

1. UKCCCR Anal Cancer Trial Working Party: Epidermoid anal cancer. Lancet 348 (9034): 1049-54, 1996. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=8874455&dopt=Abstract)
2. Bartelink H, Roelofsen F, Eschwege F, et al.: Concomitant radiotherapy and chemotherapy. J Clin Oncol 15 (5): 2040-9, 1997. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=9164216&dopt=Abstract)
3. Surveillance Research Program: SEER Cancer Stat Facts. [Available online](https://seer.cancer.gov/statfacts/ "https://seer.cancer.gov/statfacts/"). Last accessed December 16, 2024.
4. Flam M, John M, Pajak TF, et al.: Role of mitomycin. J Clin Oncol 14 (9): 2527-39, 1996. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=8823332&dopt=Abstract)

## Latest Updates to This Summary (02/12/2025)

This summary is written and maintained by the [PDQ Adult Treatment Editorial Board](https://www.cancer.gov/publications/pdq/editorial-boards/adult-treatment "https://www.cancer.gov/publications/pdq/editorial-boards/adult-treatment"), which is
editorially independent of NCI. Updated <MM/DD/YYYY>.
"""


def _run(source: str = PAGE, doc_id: str = "anal.md"):
    result = process_document(doc_id, source.encode("utf-8"))
    assert result.document.status == "ok", result.document.error
    return result


def test_front_matter_is_metadata_never_text() -> None:
    result = _run()
    doc = result.document
    assert (doc.format, doc.title, doc.site) == (
        "markdown",
        "Anal Cancer Treatment (PDQ®)",
        "cancer.gov",
    )
    assert doc.summary_type == "treatment"  # the board the text names
    text = result.clean_text
    for leaked in ("audienceLevel", "lastReviewed", "title:", "url:", "- NCI", "2025-12-30"):
        assert leaked not in text
    # the front matter's title, written again as a heading, is dropped too
    assert text.splitlines()[0] == "Anal Cancer Treatment (PDQ®)–Health Professional Version"


def test_markup_never_in_the_clean_text() -> None:
    text = _run().clean_text
    for markup in (
        "](",
        "[[",
        "*P*",
        "*in",
        "| --- |",
        "|  |",
        "###",
        "![",
        "Go to Patient Version",
    ):
        assert markup not in text, markup
    assert "Anatomy of the anus" not in text  # an image's alt text is not text
    assert "Tis = carcinoma in situ." in text
    assert "The DPYD*2A variant was tested.[1,3]" in text  # an escaped star is text
    assert "Updated <MM/DD/YYYY>." in text  # raw HTML is not read: PDQ writes it as text


def test_pipe_table_rows_keep_their_cells() -> None:
    lines = _run().clean_text.splitlines()
    start = lines.index("Table 1. Definitions of TNM Stage 0a")
    # Empty rows and the `---` rows converters leave in a table body are no row.
    assert lines[start + 1 : start + 4] == [
        "Stage | TNM | Description",
        "0 | Tis, N0, M0 | Tis = carcinoma in situ.",
        "N0 = No regional lymph node metastasis.",
    ]


def test_headings_give_sections_and_each_cell_is_a_sentence() -> None:
    sentences = {s.text: s.section for s in _run().tables[Table.SENTENCES]}
    section = "Treatment of Stages I, II, and III Anal Cancer"
    assert (
        sentences["Anal cancer is usually curable.[1]"] == "General Information About Anal Cancer"
    )
    for cell in ("0", "Tis, N0, M0", "Tis = carcinoma in situ."):
        assert sentences[cell] == section
    claim = next(t for t in sentences if t.startswith("Outcomes favored"))
    assert claim.endswith("(75% vs. 48%; P = .002).[2-4][Level of evidence A1]")
    assert sentences[claim] == section


def test_link_callouts_are_one_callout_with_its_section_and_range() -> None:
    tables = _run().tables
    cites = [(c.text, c.ref_number, c.ref_section, c.pmid) for c in tables[Table.CITATIONS]]
    assert cites == [
        ("[1]", 1, "1", "10717015"),
        ("[2-4]", 2, "2", "9164216"),
        ("[2-4]", 3, "2", ""),  # "Available online": no PubMed link
        ("[2-4]", 4, "2", "8823332"),
        ("[1,3]", 1, "2", "8874455"),
        ("[1,3]", 3, "2", ""),
    ]
    levels = tables[Table.EVIDENCE_LEVELS]
    assert [(lv.text, lv.code, lv.refs) for lv in levels] == [
        ("[Level of evidence A1]", "A1", "2;3;4")
    ]
    assert {c.loe_id for c in tables[Table.CITATIONS] if c.text == "[2-4]"} == {"1"}


def test_p_values_and_percentages_inside_emphasis() -> None:
    tables = _run().tables
    assert [(p.text, p.comparator, p.value) for p in tables[Table.P_VALUES]] == [
        ("P = .002", "=", "0.002")
    ]
    assert [p.text for p in tables[Table.PERCENTAGES]] == ["75%", "48%"]


def test_offsets_slice_the_clean_text() -> None:
    result = _run()
    text = result.clean_text
    for table in (Table.CITATIONS, Table.EVIDENCE_LEVELS, Table.P_VALUES, Table.PERCENTAGES):
        for row in result.tables[table]:
            assert text[row.char_start : row.char_end] == row.text


def test_link_spans_cover_the_link_text() -> None:
    page = clean_file(DATA / "formats" / "markdown" / NHL)
    spans = {(page.text[lk.start : lk.end], lk.href) for lk in page.links}
    assert ("4", "#cit/section_5.4") in spans
    assert ("9", "#cit/section_5.9") in spans
    assert (
        "Level of evidence C3",
        "/Common/PopUps/popDefinition.aspx?id=810039&version=HealthProfessional&language=English",
    ) in spans


def test_references_are_entries_with_pubmed_ids() -> None:
    refs = _run().tables[Table.REFERENCES]
    assert [(r.ref_section, r.ref_number, r.pmid, r.pmid_source) for r in refs] == [
        ("1", 1, "10717015", "page"),
        ("2", 1, "8874455", "page"),
        ("2", 2, "9164216", "page"),
        ("2", 3, "", ""),
        ("2", 4, "8823332", "page"),
    ]
    assert refs[0].text == (
        "Ryan DP, Compton CC, Mayer RJ: Carcinoma of the anal canal. "
        "N Engl J Med 342 (11): 792-800, 2000."
    )


def test_a_broken_front_matter_is_no_text_and_no_failure() -> None:
    result = _run("---\ntitle: [unclosed\n---\n\n# Heading\n\nSurvival was 50%.\n")
    assert result.clean_text == "Heading\nSurvival was 50%.\n"
    assert result.document.title == "Heading"


def test_a_page_without_front_matter_takes_its_title_from_the_heading() -> None:
    result = _run("# Anal Cancer Treatment (PDQ®)–Health Professional Version\n\nText.\n")
    assert (result.document.title, result.document.site) == ("Anal Cancer Treatment (PDQ®)", "")


NHL = "types-lymphoma-hp-non-hodgkin-lymphoma-treatment-during-pregnancy-pdq.md"


def test_real_save_ragged_table() -> None:
    # The converter flattened a row span: rows of one cell in a two-column table.
    page = clean_file(DATA / "formats" / "markdown" / NHL)
    rows = [b.text for b in page.blocks if b.kind == BlockKind.ROW]
    assert rows == [
        "Stage | Treatment Options",
        "Indolent NHL During Pregnancy | Delay treatment until after delivery",
        "Aggressive NHL During Pregnancy | Immediate therapy",
        "Early delivery, when feasible",
        "Termination of pregnancy",
    ]
