"""Boilerplate removal from pages saved as text: layouts the cleaner was not tuned
on (written for these tests, in tests/data/own-corpus), pages of layouts the
golden does not cover (tests/data/nogolden), and the blocks it keeps."""

from __future__ import annotations

from pathlib import Path

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
    assert lines[0] == "Stage IIIA NSCLC Treatment"
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
