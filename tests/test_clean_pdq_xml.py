"""PDQ summaries in NCI's XML (the partner "vendor" format, root `<Summary>`).

The summary below is laid out as NCI's partner sample (see
tests/data/formats/README.md); its sentences are PDQ text, shortened.
"""

from __future__ import annotations

import pytest

from evidence_extract.clean.pdq_xml import callout_parts
from evidence_extract.pipeline import process_document
from evidence_extract.schema import Table

SUMMARY = """<?xml version="1.0" ?>
<!DOCTYPE Summary >
<Summary id="CDR0000062755"><SummaryMetaData><SummaryType>Supportive care</SummaryType>
<SummaryAudience>Health professionals</SummaryAudience><SummaryLanguage>English</SummaryLanguage>
<SummaryDescription>Expert-reviewed information summary about hot flashes.</SummaryDescription>
<SummaryURL xref="https://www.cancer.gov/about-cancer/treatment/side-effects/hot-flashes-hp-pdq">Hot Flashes</SummaryURL>
<SummaryEditorialBoard ref="CDR0000028536">PDQ Supportive and Palliative Care Editorial Board</SummaryEditorialBoard>
</SummaryMetaData><SummaryTitle>Hot Flashes and Night Sweats (PDQ®)</SummaryTitle>
<SummarySection id="_1"><SectMetaData><SectionType>Introduction</SectionType></SectMetaData>
<Title>General Information</Title>
<Para id="_2">Hot flashes occur in about
  two-thirds of postmenopausal women with a history of breast cancer.<Reference refidx="1"/> <Reference refidx="2"/></Para>
<ReferenceSection><Citation idx="1" PMID="9426689">Carpenter JS, Andrykowski MA, Cordova M, et al.: Hot flashes in postmenopausal women treated for breast carcinoma. Cancer 82 (9): 1682-91, 1998.</Citation>
<Citation idx="2">Couzi RJ, Helzlsouer KJ, Fetting JH: Prevalence of menopausal symptoms. <ExternalRef xref="https://example.org">Also available online</ExternalRef>.</Citation></ReferenceSection>
</SummarySection>
<SummarySection id="_3"><Title>Intervention</Title>
<SummarySection id="_4"><Title>Venlafaxine</Title>
<Para id="_5">Venlafaxine reduced hot flashes by 37% compared with placebo (<Emphasis>P</Emphasis> &lt; .001).<Reference refidx="17"/><Reference refidx="20"/><Reference refidx="21"/>
<Reference refidx="22"/>[<LOERef href="CDR0000335132">Level of evidence: I</LOERef>]; <Reference refidx="2"/><Reference refidx="3"/><LOERef href="CDR0000335133">Level of evidence: II</LOERef> The dose was:<ItemizedList id="_6" Style="bullet"><ListItem>75 mg/day.<Reference refidx="4"/></ListItem></ItemizedList>Nausea was common.<Note>Venlafaxine is not approved for this use.</Note></Para>
<Table id="_7"><Title>Table 1.  Agents</Title><TGroup Cols="2"><THead><Row><entry>Agent</entry><entry>Reduction</entry></Row></THead>
<TBody><Row><entry MoreRows="1">Venlafaxine</entry><entry>37%<Reference refidx="17"/></entry></Row><Row><entry/><entry>61%</entry></Row></TBody></TGroup></Table>
<ReferenceSection>
<Citation idx="2" PMID="11136935">Loprinzi CL, Kugler JW, Sloan JA, et al.: Venlafaxine in management of hot flashes. Lancet 356 (9247): 2059-63, 2000.</Citation>
<Citation idx="3" PMID="12743166">Stearns V, Beebe KL, Iyengar M, et al.: Paroxetine controlled release. JAMA 289 (21): 2827-34, 2003.</Citation>
<Citation idx="4" PMID="15254052">Evans ML, Pritts E, Vittinghoff E, et al.: Management of postmenopausal hot flushes with venlafaxine. Obstet Gynecol 105 (1): 161-6, 2005.</Citation>
<Citation idx="17" PMID="16415381">Loprinzi CL, Barton DL, Sloan JA, et al.: Mayo Clinic and North Central Cancer Treatment Group hot flash studies. Menopause 15 (4): 655-60, 2008.</Citation>
<Citation idx="20">Bordeleau L, Pritchard K, Goodwin P, et al.: Therapeutic options for hot flashes. Clin Ther 29 (2): 230-41, 2007.</Citation>
<Citation idx="21">Loprinzi CL, Sloan J, Stearns V, et al.: Newer antidepressants for hot flashes. J Clin Oncol 27 (17): 2831-7, 2009.</Citation>
<Citation idx="22">Boekhout AH, Vincent AD, Dalesio OB, et al.: Management of hot flashes. J Clin Oncol 29 (29): 3862-8, 2011.</Citation>
</ReferenceSection></SummarySection></SummarySection>
<DateLastModified>2024-06-01</DateLastModified></Summary>
"""


def _run(source: str = SUMMARY, doc_id: str = "hot-flashes.xml"):
    result = process_document(doc_id, source.encode("utf-8"))
    assert result.document.status == "ok", result.document.error
    return result


def test_metadata_gives_title_site_and_kind() -> None:
    doc = _run().document
    assert (doc.format, doc.title, doc.site) == (
        "pdq-xml",
        "Hot Flashes and Night Sweats (PDQ®)",
        "cancer.gov",
    )
    # Declared, not guessed: the text names no board and the address no kind.
    assert doc.summary_type == "supportive-care"


def test_clean_text_is_the_summary_as_shown() -> None:
    text = _run().clean_text
    assert text.splitlines()[:3] == [
        "Hot Flashes and Night Sweats (PDQ®)–Health Professional Version",
        "",
        "General Information",
    ]
    # white space collapsed; adjacent markers one callout
    assert (
        "Hot flashes occur in about two-thirds of postmenopausal women with a history of breast cancer.[1,2]\n"
        in text
    )
    assert (
        "(P < .001).[17,20-22][Level of evidence: I]; [2,3][Level of evidence: II] The dose was:\n"
        in text
    )
    # a list inside a paragraph: its items follow the paragraph's first part
    assert (
        "\n75 mg/day.[4]\nNausea was common. [Note: Venlafaxine is not approved for this use.]\n"
        in text
    )
    for markup in ("<", "CDR0000", "Expert-reviewed", "Introduction", "2024-06-01"):
        assert markup not in text.replace("P < .001", ""), markup


def test_section_titles_give_sections() -> None:
    sentences = {s.text: s.section for s in _run().tables[Table.SENTENCES]}
    assert sentences["75 mg/day.[4]"] == "Intervention > Venlafaxine"
    assert sentences["Venlafaxine"] == "Intervention > Venlafaxine"  # a table cell
    assert sentences["Intervention"] == ""  # a heading's path is the headings above it


def test_callouts_levels_and_sections() -> None:
    tables = _run().tables
    cites = [(c.text, c.ref_number, c.ref_section, c.pmid) for c in tables[Table.CITATIONS]]
    assert cites == [
        ("[1,2]", 1, "1", "9426689"),
        ("[1,2]", 2, "1", ""),
        ("[17,20-22]", 17, "2", "16415381"),
        ("[17,20-22]", 20, "2", ""),
        ("[17,20-22]", 21, "2", ""),
        ("[17,20-22]", 22, "2", ""),
        ("[2,3]", 2, "2", "11136935"),
        ("[2,3]", 3, "2", "12743166"),
        ("[4]", 4, "2", "15254052"),
        ("[17]", 17, "2", "16415381"),
    ]
    levels = [(lv.text, lv.code, lv.scheme, lv.refs) for lv in tables[Table.EVIDENCE_LEVELS]]
    assert levels == [
        ("[Level of evidence: I]", "I", "supportive-care", "17;20;21;22"),
        # the source wrote no brackets round this one: they are added
        ("[Level of evidence: II]", "II", "supportive-care", "2;3"),
    ]


def test_references_keep_their_pmid_from_the_page() -> None:
    refs = _run().tables[Table.REFERENCES]
    assert [(r.ref_section, r.ref_number, r.pmid, r.pmid_source) for r in refs] == [
        ("1", 1, "9426689", "page"),
        ("1", 2, "", ""),
        ("2", 2, "11136935", "page"),
        ("2", 3, "12743166", "page"),
        ("2", 4, "15254052", "page"),
        ("2", 17, "16415381", "page"),
        ("2", 20, "", ""),
        ("2", 21, "", ""),
        ("2", 22, "", ""),
    ]
    assert (
        refs[1].text
        == "Couzi RJ, Helzlsouer KJ, Fetting JH: Prevalence of menopausal symptoms. Also available online."
    )


def test_tables_p_values_and_percentages() -> None:
    result = _run()
    lines = result.clean_text.splitlines()
    start = lines.index("Table 1. Agents")
    assert lines[start + 1 : start + 4] == ["Agent | Reduction", "Venlafaxine | 37%[17]", "61%"]
    tables = result.tables
    assert [(p.text, p.comparator, p.value) for p in tables[Table.P_VALUES]] == [
        ("P < .001", "<", "0.001")
    ]
    assert [p.text for p in tables[Table.PERCENTAGES]] == ["37%", "37%", "61%"]
    for table in (Table.CITATIONS, Table.EVIDENCE_LEVELS, Table.P_VALUES, Table.PERCENTAGES):
        for row in tables[table]:
            assert result.clean_text[row.char_start : row.char_end] == row.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<rss><channel/></rss>",
            "not a PDQ summary: the XML root element is <rss>, not <Summary>",
        ),
        (b"<Summary><SummaryTitle>x</Summary>", "not well-formed XML: "),
        (b"Plain text saved as .xml", "not well-formed XML: "),
    ],
)
def test_other_xml_is_an_error_row(data: bytes, message: str) -> None:
    doc = process_document("other.xml", data).document
    assert (doc.status, doc.format) == ("error", "pdq-xml")
    assert doc.error.startswith(message)
    assert "\n" not in doc.error


def test_declared_encoding_is_honoured() -> None:
    source = SUMMARY.replace(
        '<?xml version="1.0" ?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'
    )
    source = source.replace("General Information", "Généralités").replace("(PDQ®)", "(PDQ)")
    result = process_document("latin.xml", source.encode("latin-1"))
    assert "\nGénéralités\n" in result.clean_text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Treatment", "treatment"),
        ("Genetics", "genetics"),
        ("Screening", "screening-prevention"),
        ("Integrative, alternative, and complementary therapies", "cam"),
        ("Stages", ""),  # a patient-only kind names none; nothing else tells
    ],
)
def test_summary_type_from_the_declared_kind(kind: str, expected: str) -> None:
    source = SUMMARY.replace(
        "<SummaryType>Supportive care</SummaryType>", f"<SummaryType>{kind}</SummaryType>"
    )
    # an address that names no kind either
    source = source.replace("about-cancer/treatment/side-effects/hot-flashes-hp-pdq", "summary")
    assert _run(source).document.summary_type == expected


def test_callout_text_as_cancer_gov_writes_it() -> None:
    def written(numbers: list[int]) -> str:
        return "".join(map(str, callout_parts(numbers)))

    assert written([8, 9, 10, 11]) == "[8-11]"
    assert written([1, 3, 4, 5, 9, 10]) == "[1,3-5,9,10]"
    assert written([5, 4]) == "[5,4]"  # written order kept, as the publisher does
