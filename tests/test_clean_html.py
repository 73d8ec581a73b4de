"""Boilerplate removal from HTML pages: layouts the cleaner was not tuned
on (written for these tests, in tests/data/own-corpus), pages of layouts the
golden does not cover (tests/data/nogolden), and the blocks it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_extract.clean import BlockKind, clean_html
from evidence_extract.clean.html_inline import _collapse
from evidence_extract.settings import default_clean_options

from .helpers import clean_file

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "own-corpus" / "pages"
NOGOLDEN = DATA / "nogolden"
OPTS = default_clean_options()


def _html(markup: str):
    return clean_html(markup, OPTS)


def test_hospital_library_layout() -> None:
    page = clean_file(LAYOUTS / "library/hospital-library.html")
    lines = page.text.splitlines()
    assert page.title == "Merkel Cell Carcinoma Treatment (PDQ®)"
    assert page.site == "riversidehealth.example"
    assert lines[0] == "Merkel Cell Carcinoma Treatment (PDQ®)–Health Professional Version"
    for kept in [
        "General Information About Merkel Cell Carcinoma",
        "Prognosis",
        "Local disease.",
        "Table 1. Stage groups",
        "Stage | Description",
        "I | Tumor 2 cm or less",
        "no nodes",
        "Adjuvant radiation therapy reduced local recurrence.[4][Level of evidence C2]",
        "References",
    ]:
        assert kept in lines, kept
    for chrome in [
        "Call us",
        "cookies",
        "Related Topics",
        "Skin Cancer Overview",
        "Home",
        "You may also like",
        "Melanoma rates rose",
        "Read more",
        "Hidden survey",
        "Riverside Health. All rights",
        "Privacy",
        "Recommended 99%",
        ".x{",
    ]:
        assert chrome not in page.text, chrome


def test_hospital_library_references() -> None:
    page = clean_file(LAYOUTS / "library/hospital-library.html")
    refs = [
        (b.ref_section, b.ref_number, b.pmid, b.ref_text)
        for b in page.blocks
        if b.kind == BlockKind.REFERENCE
    ]
    assert [(n, pmid) for _, n, pmid, _ in refs] == [
        (1, "11111111"),
        (2, "22222222"),
        (3, ""),
        (4, "44444444"),
    ]
    assert refs[1][3] == "Doe C: Survival in MCC. Cancer 2: 20-30, 2019."
    # the clean text shows the entry as the page does, link label included
    assert "Doe C: Survival in MCC. Cancer 2: 20-30, 2019. [PUBMED Abstract]" in page.text


def test_print_view_layout() -> None:
    page = clean_file(LAYOUTS / "print/print-view.html")
    lines = page.text.splitlines()
    assert page.title == "Hot Flashes and Night Sweats (PDQ®)"
    assert page.site == "cancer.gov"  # from its footer: "Printed from www.cancer.gov"
    assert "Hot flash" in lines
    assert "A sudden feeling of warmth, occurring in up to 80% of women." in lines
    assert [b.ref_number for b in page.blocks if b.kind == BlockKind.REFERENCE] == [1, 2]
    for chrome in ["Close this window", "Printed from"]:
        assert chrome not in page.text


def test_headings_lists_tables_and_section_paths() -> None:
    page = _html(
        "<html><body><article><h1>T</h1><h2>A</h2><p>Para one.</p><h3>B</h3>"
        "<ul><li>Item <b>one</b><ul><li>Nested</li></ul></li><li>Two</li></ul>"
        "<table><tr><th>H1</th><th>H2</th></tr><tr><td>a</td><td>b</td></tr></table>"
        "<h2>C</h2><p>After.</p></article></body></html>",
    )
    assert (
        page.text == "T\n\nA\nPara one.\n\nB\nItem one\nNested\nTwo\nH1 | H2\na | b\n\nC\nAfter.\n"
    )
    sections = {b.text: b.section for b in page.blocks}
    assert sections["Para one."] == ("A",)
    assert sections["Nested"] == ("A", "B")
    assert sections["After."] == ("C",)
    assert sections["C"] == ()


def test_teaser_box_inside_article_is_removed() -> None:
    page = _html(
        "<html><body><main><h1>Title</h1><p>Main text with 10% of cases here and more words.</p>"
        "<div><h3>Recommended Related to Cancer</h3><p>Other article 85%.[1,2]</p>"
        "<a href='/x'>Read the Other Article article &gt; &gt;</a></div>"
        "<p>More main text.</p></main></body></html>",
    )
    assert "Other article" not in page.text and "Read the" not in page.text
    assert "More main text." in page.text


@pytest.mark.parametrize(
    "markup",
    [
        "<p hidden>secret 50%</p>",
        "<p aria-hidden='true'>secret 50%</p>",
        "<p style='display: none'>secret 50%</p>",
        "<script>secret 50%</script>",
        "<noscript>secret 50%</noscript>",
        "<nav><p>secret 50%</p></nav>",
    ],
)
def test_hidden_and_non_content_elements_are_dropped(markup: str) -> None:
    page = _html(f"<html><body><main><h1>T</h1><p>Visible text.</p>{markup}</main></body></html>")
    assert "secret" not in page.text


def test_print_view_keeps_every_section() -> None:
    # One section with a 115-entry reference list outweighs the others: the
    # article root must still hold all of them.
    page = clean_file(NOGOLDEN / "about-cancer-treatment-side-effects-hot-flashes-hp-pdq.html")
    headings = [b.text for b in page.blocks if b.kind == BlockKind.HEADING and b.level == 2]
    assert headings == [
        "Overview",
        "Etiology",
        "Primary Interventions",
        "Latest Updates to This Summary (01/15/2025)",
        "About This PDQ Summary",
    ]
    assert "Print this page" not in page.text and "Close window" not in page.text


def test_second_portal_layout() -> None:
    page = clean_file(NOGOLDEN / "types-liver-hp-bile-duct-treatment-pdq.html")
    assert page.title == "Bile Duct Cancer (Cholangiocarcinoma) Treatment (PDQ®)"
    assert page.site == "webmd"
    for chrome in [
        "Recommended Related to Cancer",
        "Childhood Soft Tissue Sarcoma",
        "NEXT IN THIS GUIDE",
        "We and our partners use cookies",
        "Symptom Checker",
        "From Our Sponsor",
        "Font Size",
    ]:
        assert chrome not in page.text, chrome
    assert page.text.splitlines()[0].startswith("Bile Duct Cancer (Cholangiocarcinoma)")


@pytest.mark.parametrize("heading", ["Related Conditions", "Related Disorders", "Popularity"])
def test_summary_sections_named_related_are_kept(heading: str) -> None:
    page = _html(
        f"<html><body><main><h1>T</h1><p>Intro text.</p><section><h3>{heading}</h3>"
        "<p>Patients with BHD may also have renal tumors.[3]</p></section></main></body></html>",
    )
    assert heading in page.text and "renal tumors" in page.text


@pytest.mark.parametrize(
    "heading",
    [
        "Recommended Related to Cancer",
        "Related Articles",
        "You May Also Like",
        "Top Picks",
        "More on Cancer",
    ],
)
def test_teaser_headings_are_dropped(heading: str) -> None:
    page = _html(
        f"<html><body><main><h1>T</h1><p>Intro text.</p><div><h3>{heading}</h3>"
        "<p>Another article, 85% of them.[1]</p></div></main></body></html>",
    )
    assert heading not in page.text and "Another article" not in page.text


def test_reference_entries_with_other_link_labels() -> None:
    # NCBI Bookshelf writes the labels in brackets around the links.
    page = _html(
        "<html><body><main><h1>T</h1><p>Text.[1]</p><h2>References</h2><ol><li>Doe C: MCC. "
        "Cancer 2: 20-30, 2019. [<a href='https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9437714/'>"
        "PMC free article: PMC9437714</a>] [<a href='https://pubmed.ncbi.nlm.nih.gov/34699590'>"
        "PubMed: 34699590</a>]</li><li>Roe D: Other. Lancet 1: 1, 2020. [PubMed: 12345678]</li>"
        "</ol></main></body></html>"
    )
    refs = [(b.ref_number, b.pmid, b.ref_text) for b in page.references]
    assert refs == [
        (1, "34699590", "Doe C: MCC. Cancer 2: 20-30, 2019."),
        (2, "12345678", "Roe D: Other. Lancet 1: 1, 2020."),
    ]


def _collapse_char_by_char(pieces: list[str], links: list) -> tuple[str, list]:
    """The definition: a browser's white-space collapse, character by
    character, link markers (indices into pieces) mapped as it goes."""
    out: list[str] = []
    offsets = []
    prev_space = True
    for piece in pieces:
        offsets.append(len(out))
        for ch in piece:
            if not ch.isspace():
                out.append(ch)
                prev_space = False
            elif not prev_space:
                out.append(" ")
                prev_space = True
    offsets.append(len(out))
    text = "".join(out).rstrip()
    spans = []
    for a, b, href in links:
        s, e = offsets[a], min(offsets[b], len(text))
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if s < e:
            spans.append((s, e, href))
    return text, spans


@given(
    st.lists(st.sampled_from(["a", "bc", " ", "  ", "\n", "\xa0", "", "[1]", " z "]), max_size=8),
    st.data(),
)
def test_whitespace_collapse_maps_link_offsets_as_the_definition(pieces, data) -> None:
    n = len(pieces)
    links = [(a, data.draw(st.integers(a, n)), "h") for a in data.draw(st.lists(st.integers(0, n)))]
    assert _collapse(pieces, links) == _collapse_char_by_char(pieces, links)


@given(
    st.text(alphabet="ab []\n\t\u00a0", max_size=40),
    st.sampled_from(
        [
            "",
            " [PUBMED Abstract]",
            " [PMC free article: PMC1] [PubMed: 123]",
            " [" + "x" * 40 + "]",  # as long as a label may be
            " [" + "x" * 41 + "]",  # one longer: no label
        ]
    ),
)
def test_link_labels_are_stripped_as_the_trailing_label_expression_strips_them(
    body: str, labels: str
) -> None:
    import re

    from evidence_extract.clean.references import strip_link_labels

    opts = default_clean_options()
    # the definition: `[label]` (1 to max characters, no bracket inside)
    # with the white space around it, removed from the end while one is there
    label = re.compile(rf"\s*\[[^\[\]]{{1,{opts.settings.reference_link_label_max_chars}}}\]\s*$")
    text = body + labels
    expected = text
    while True:
        stripped = label.sub("", expected)
        if stripped == expected:
            break
        expected = stripped
    assert strip_link_labels(text, opts) == " ".join(expected.split())


PROSE = "<p>" + "Survival was long in every arm of the trial and in each group. " * 3 + "</p>"


@pytest.mark.parametrize(
    ("between", "kinds"),
    [
        # the last paragraph since the heading that reads as a reference heading labels the list
        ("<p>References</p><p>Cited below.</p>", ["reference", "reference"]),
        ("<p>Cited below.</p><p>Bibliography:</p>", ["reference", "reference"]),
        # none does: the heading (not a reference heading) labels it
        ("<p>Cited below.</p>", ["item", "item"]),
        # a heading after the paragraph labels what follows it instead
        ("<p>References</p><h3>More notes</h3>", ["item", "item"]),
    ],
)
def test_a_paragraph_reading_as_a_reference_heading_labels_the_list_below_it(
    between: str, kinds: list[str]
) -> None:
    page = _html(
        f"<html><body><article><h1>T</h1>{PROSE}<h2>Notes</h2>{between}"
        "<ol><li>Smith J: A trial. Cancer 1: 1-2, 2001.</li>"
        "<li>Doe C: Another. Cancer 2: 3-4, 2002.</li></ol>"
        f"{PROSE}</article></body></html>"
    )
    listed = [b.kind for b in page.blocks if "Cancer" in b.text]
    assert listed == kinds


def test_a_paragraph_label_heads_the_next_list_only() -> None:
    page = _html(
        f"<html><body><article><h1>T</h1>{PROSE}<p>References</p>"
        "<ol><li>Smith J: A trial. Cancer 1: 1-2, 2001.</li></ol>"
        "<ol><li>Doe C: Another. Cancer 2: 3-4, 2002.</li></ol>"
        f"{PROSE}</article></body></html>"
    )
    assert [b.kind for b in page.blocks if "Cancer" in b.text] == ["reference", "item"]
