"""Boilerplate removal from pages saved as text: layouts the cleaner was not tuned
on (written for these tests, in tests/data/own-corpus), pages of layouts the
golden does not cover (tests/data/nogolden), and the blocks it keeps."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from evidence_extract.clean import BlockKind, clean_text
from evidence_extract.settings import default_clean_options

from .helpers import clean_file

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "own-corpus" / "pages"
NOGOLDEN = DATA / "nogolden"
OPTS = default_clean_options()


def test_portal_text_save_layout() -> None:
    page = clean_file(LAYOUTS / "portal-txt/portal-save.txt")
    assert page.title == "Endometrial Cancer Treatment (PDQ)"
    assert page.site == "healthportal"  # the copyright holder
    assert page.text.splitlines() == [
        "Endometrial Cancer Treatment (PDQ)",
        "Stage I endometrial cancer is usually treated with total hysterectomy and bilateral "
        "salpingo-oophorectomy; about 90% of patients are cured.[1,2]",
        "",
        "Adjuvant therapy",
        "Vaginal brachytherapy reduced vaginal recurrence compared with observation "
        "(P = .001).[3][Level of evidence: A1]",
        "* Pelvic radiation therapy.",
        "* Vaginal brachytherapy.",
        "",
        "References",
        "1. Keys HM, et al.: A phase III trial. Gynecol Oncol 92: 744-51, 2004.",
        "2. Nout RA, et al.: Vaginal brachytherapy. Lancet 375: 816-23, 2010.",
        "3. Creutzberg CL, et al.: Surgery and postoperative radiotherapy. Lancet 355: 1404-11, 2000.",
    ]
    kinds = [b.kind for b in page.blocks]
    assert kinds.count(BlockKind.REFERENCE) == 3 and kinds.count(BlockKind.ITEM) == 2


def test_text_tables_after_a_caption_are_kept() -> None:
    text = (
        "Site | Menu | Links\n\nTitle Here\n\n    A long paragraph of article text that "
        "goes on for a while, with enough words to count.\n\n    Table 1. Doses\n\n    Drug\n"
        "    Dose\n    Aspirin\n    81 mg\n\n    Another long paragraph of article text that "
        "also goes on for a while with words.\n"
    )
    page = clean_text(text, OPTS)
    assert "Aspirin" in page.text.splitlines()
    assert "Site | Menu" not in page.text


def test_2015_text_save() -> None:
    page = clean_file(NOGOLDEN / "nsclc-legacy-9.txt")
    assert page.title == "Non-Small Cell Lung Cancer Treatment (PDQ®)"
    lines = page.text.splitlines()
    # the title and its audience head the text, as on the web page
    assert lines[:4] == [
        "Non-Small Cell Lung Cancer Treatment (PDQ®)",
        "Health Professional Version",
        "",
        "Stage IIIA NSCLC Treatment",
    ]
    assert lines[-1] == "57. PMID: 16305839"
    for chrome in [
        "Page Options",
        "Quick Links",
        "Back to Top",
        "Next Section",
        "USA.gov",
        "U.S. Department of Health",
        "Last Modified",
    ]:
        assert chrome not in page.text, chrome
    refs = page.references
    assert len(refs) == 57 and refs[0].pmid == "21335122" and refs[-1].pmid == "16305839"


def test_text_save_reference_labels_are_stripped_and_read() -> None:
    text = (
        "A long paragraph of article text that goes on for a while, with enough words to count "
        "as the article here.[1]\n\nReferences\n\n1. Doe C: MCC. Cancer 2: 20-30, 2019. "
        "[PMC free article: PMC9437714] [PubMed: 34699590]\n"
    )
    (ref,) = clean_text(text, OPTS).references
    assert (ref.pmid, ref.ref_text) == ("34699590", "Doe C: MCC. Cancer 2: 20-30, 2019.")


# Hard-wrapped saves (issue 10, item 7): a print view wrapped at 62 columns.
WRAPPED = """National Cancer Institute
U.S. National Institutes of Health | www.cancer.gov

Send to Printer

Bladder and Other Urothelial Cancers Screening (PDQ®)
Health Professional Version
Last Modified: 03/27/2009

Description of the Evidence

  * Study Design: There are no studies that directly address
    this question.
  * Internal Validity: Not applicable (N/A).

Histopathology

More than 90% of bladder cancers diagnosed in the United
States are pure transitional cell carcinomas (TCCs) or TCCs
mixed with other histologies, primarily squamous cell
carcinomas (SCCs), adenocarcinomas, or both. An additional 3%
to 4% are pure SCCs, which are approximately twice as likely
to occur in women as in men. Because of Wisconsin's small
population of Black males aged 50 years and older (fewer than
3% of all bladder cancers occurred in non-White
individuals),[2] differences in grade and stage at
presentation could not be determined.

References

   1. O'Keane JC: Carcinoma of the urinary bladder after
      treatment with cyclophosphamide. N Engl J Med 319 (13):
      871, 1988. [PUBMED Abstract]
   2. Kantor AF, Hartge P, Hoover RN, et al.: Urinary tract
      infection and risk of bladder cancer. Am J Epidemiol 119
      (4): 510-5, 1984. [PUBMED Abstract]

______________________________________________________________

Back to Top

   A Service of the National Cancer Institute
   Department of Health and Human Services
"""


def test_a_wrapped_paragraph_is_one_line() -> None:
    page = clean_text(WRAPPED, OPTS)
    lines = page.text.splitlines()
    assert page.title == "Bladder and Other Urothelial Cancers Screening (PDQ®)"
    assert lines[:2] == [page.title, "Health Professional Version"]
    assert (
        "More than 90% of bladder cancers diagnosed in the United States are pure transitional "
        "cell carcinomas (TCCs) or TCCs mixed with other histologies, primarily squamous cell "
        "carcinomas (SCCs), adenocarcinomas, or both. An additional 3% to 4% are pure SCCs, which "
        "are approximately twice as likely to occur in women as in men. Because of Wisconsin's "
        "small population of Black males aged 50 years and older (fewer than 3% of all bladder "
        "cancers occurred in non-White individuals),[2] differences in grade and stage at "
        "presentation could not be determined." in lines
    )
    # list items keep their lines, their wrapped words joined under them
    assert "* Study Design: There are no studies that directly address this question." in lines
    assert "* Internal Validity: Not applicable (N/A)." in lines
    refs = page.references
    assert [r.ref_number for r in refs] == [1, 2]
    assert refs[1].ref_text == (
        "Kantor AF, Hartge P, Hoover RN, et al.: Urinary tract infection and risk of bladder "
        "cancer. Am J Epidemiol 119 (4): 510-5, 1984."
    )
    for chrome in ("____", "Last Modified", "Send to Printer", "A Service of"):
        assert chrome not in page.text, chrome


def test_a_save_written_a_block_per_line_is_not_joined() -> None:
    # short lines in one group of a save that is not wrapped stay apart
    text = (
        "Title Here\n\n"
        + "A long paragraph of article text that goes on for a while, with enough words. " * 4
        + "\nIts next paragraph, on the next line.\n"
        + "Another paragraph that says something else entirely, also on its own line.\n"
    )
    lines = clean_text(text, OPTS).text.splitlines()
    assert "Its next paragraph, on the next line." in lines


# A cancer.gov page of 2008 saved as text: a line per block, a table of
# contents as bullets, a table as aligned columns, a footer of link labels.
SAVE_2008 = """Skip to Content
National Cancer Institute National Cancer Institute
In English En español

Acute Lymphoblastic Leukemia Treatment (PDQ®)
Health Professional Version
Patient Version
Last Modified: 09/12/2008

Page Options
Print This Page  Print This Page
E-Mail This Document  E-Mail This Document

Table of Contents
  * General Information About ALL
  * Cellular Classification of ALL
  * Changes to This Summary (09/12/2008)

General Information About ALL

ALL is an aggressive type of leukemia characterized by the presence of too many lymphoblasts or lymphocytes in the bone marrow and peripheral blood.

Signs and symptoms of ALL may include:

  * Weakness or fatigue.
  * Fever or night sweats.

Cellular Classification of ALL

Using heteroantisera and monoclonal antibodies, ALL cells can be divided into several subtypes (see Table 1).[1,4-6]

Table 1. Frequency of ALL Cell Subtypes

  Cell Subtype                            Approximate Frequency
  Early B-cell lineage                    80%
  T cells                                 10%–15%

About 95% of all types of ALL have elevated terminal deoxynucleotidyl transferase, except the Burkitt type.

Back to Top

< Previous Section  |  Next Section >

A Service of the National Cancer Institute
National Cancer Institute   Department of Health and Human Services   National Institutes of Health   USA.gov
NCI Home | Contact Us | Policies | Accessibility | Viewing Files | FOIA | Site Help | Site Map
"""


def test_a_2008_text_save() -> None:
    page = clean_text(SAVE_2008, OPTS)
    lines = page.text.splitlines()
    assert page.title == "Acute Lymphoblastic Leukemia Treatment (PDQ®)"
    assert lines[:3] == [page.title, "Health Professional Version", ""]
    # the table of contents lists the page's headings: not the article
    assert "Table of Contents" not in page.text
    assert lines.count("Cellular Classification of ALL") == 1
    rows = [b.text for b in page.blocks if b.kind == BlockKind.ROW]
    assert rows == [
        "Cell Subtype | Approximate Frequency",
        "Early B-cell lineage | 80%",
        "T cells | 10%–15%",
    ]
    assert "* Weakness or fatigue." in lines
    assert lines[-1].startswith("About 95% of all types of ALL")
    for chrome in ("Department of Health", "NCI Home", "Print This Page", "Last Modified"):
        assert chrome not in page.text, chrome


def test_a_syndicated_text_save_drops_the_logo_and_the_syndicators_suffix() -> None:
    # a health library's page saved as text: the NCI logo is its alt text
    text = (
        "Health Library | Find a Doctor | Locations\n\n"
        "Small Cell Lung Cancer Treatment (PDQ®): Treatment - Health Professional "
        "Information [NCI]\n\n"
        "National Cancer Institute logo\n"
        "SCLC accounts for approximately 15% of bronchogenic carcinomas. At the time of "
        "diagnosis, approximately 30% of patients with SCLC have tumors confined to the "
        "hemithorax of origin.[1]\n"
        "SCLC is more responsive to chemotherapy and radiation therapy than other cell types "
        "of lung cancer.\n"
    )
    page = clean_text(text, OPTS)
    assert page.title == "Small Cell Lung Cancer Treatment (PDQ®)"
    assert "logo" not in page.text
    assert page.text.splitlines()[1].startswith("SCLC accounts for approximately 15%")


@pytest.mark.parametrize("width", [40, 50, 72, 100])
def test_wrapped_paragraphs_at_any_width(width: int) -> None:
    # textwrap also breaks words after their hyphens ("long-" / "term")
    paragraphs = [
        "Incidence of squamous cell carcinoma in patients with long-term catheter drainage "
        "was studied in a population-based setting of men aged 50 years and older.[3]",
        "Seventy percent to 90% of patients with muscularis propria invading bladder cancer "
        "present with this diagnosis; however, they do not come from the much larger pool of "
        "patients with recurring superficial transitional cell carcinomas.[7,8]",
    ]
    text = "Histopathology\n\n" + "\n\n".join(
        "\n".join(textwrap.wrap(p, width)) for p in paragraphs
    )
    lines = clean_text(text + "\n", OPTS).text.splitlines()
    assert lines == ["Histopathology", *paragraphs]
