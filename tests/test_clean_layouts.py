"""Titles, chrome and reading order on layouts the cleaner was not built on
(issue 10, items 3-5): snippets written after NCBI Bookshelf, cancer.gov of
2004 and 2010, a health-library syndication, a WordPress blog."""

from __future__ import annotations

import pytest

from evidence_extract.clean import BlockKind, clean_html
from evidence_extract.clean.metadata import summary_title
from evidence_extract.settings import default_clean_options

OPTS = default_clean_options()
PROSE = (
    "Primary CNS lymphoma is lymphoma limited to the cranial-spinal axis, including the brain, "
    "spinal cord, cerebrospinal fluid, and vitreoretinal spaces, without systemic disease."
)
ARTICLE = f"<p>{PROSE}</p>" * 6


def _lines(markup: str) -> list[str]:
    return clean_html(markup, OPTS).text.splitlines()


def test_a_site_heading_is_not_the_title() -> None:
    # NCBI Bookshelf: the site's name is the page's first <h1>; the
    # summary's own sits just outside the content root, with its subtitle,
    # authors and a publication date beside it.
    page = clean_html(
        "<html><head><title>Primary CNS Lymphoma Treatment (PDQ®) - PDQ Cancer Information"
        " Summaries - NCBI Bookshelf</title></head><body>"
        '<div class="header"><h1><a href="/books/">Bookshelf</a></h1></div>'
        '<div class="main-content"><div class="meta-content">'
        "<h1>Primary CNS Lymphoma Treatment (PDQ®)</h1><div>Health Professional Version</div>"
        "<p><span>PDQ Adult Treatment Editorial Board</span>.</p>"
        "<p>Published online: <span>May 23, 2025</span>.</p></div>"
        f'<div class="body-content"><h2>General Information</h2>{ARTICLE}</div></div>'
        "</body></html>",
        OPTS,
    )
    assert page.title == "Primary CNS Lymphoma Treatment (PDQ®)"
    assert page.text.splitlines()[:4] == [
        "Primary CNS Lymphoma Treatment (PDQ®)",
        "Health Professional Version",
        "PDQ Adult Treatment Editorial Board.",
        "",
    ]
    assert "Bookshelf" not in page.text and "May 23" not in page.text


def test_a_note_beside_an_outside_heading_is_not_kept() -> None:
    # a line beside the heading longer than a subtitle is a note about the page
    lines = _lines(
        "<html><body><div><h1>Cancer of Unknown Primary Treatment (PDQ®)</h1>"
        "<p>This summary is provided by the National Cancer Institute's PDQ® database and"
        " is reproduced without change.</p>"
        f"<div>{ARTICLE}</div></div></body></html>"
    )
    assert lines[0] == "Cancer of Unknown Primary Treatment (PDQ®)"
    assert not any("reproduced without change" in line for line in lines)


def test_a_heading_after_the_article_is_not_the_main_heading() -> None:
    # a promotion box's <h1> after the article heads the box, not the page:
    # neither it nor its short lines (another page's numbers) are kept
    lines = _lines(
        "<html><head><title>Breast Cancer Treatment (PDQ®)</title></head><body>"
        f"<div><h2>Breast Cancer Treatment (PDQ®)</h2>{ARTICLE}</div>"
        "<div><h1>Stay informed</h1><p>Get our digest of 45% better tips</p></div>"
        "</body></html>"
    )
    assert lines[0] == "Breast Cancer Treatment (PDQ®)"
    assert not any("Stay informed" in line or "45%" in line for line in lines)


def test_a_page_without_h1_takes_its_title_from_the_line_that_writes_it() -> None:
    # cancer.gov 2004: no <h1>; the title is written apart above the article
    # and the document title adds the site's name.
    page = clean_html(
        "<html><head><title>Colon Cancer Treatment (PDQ®) - National Cancer Institute</title>"
        '</head><body><table><tr><td><a href="/">National Cancer Institute</a></td></tr></table>'
        '<table><tr><td><span class="document-title">Colon Cancer Treatment (PDQ®)</span></td>'
        "</tr></table>"
        f'<div class="cdrcontent"><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>'
        "</body></html>",
        OPTS,
    )
    assert page.title == "Colon Cancer Treatment (PDQ®)"
    assert page.text.splitlines()[0] == "Colon Cancer Treatment (PDQ®)"
    assert page.blocks[0].kind == BlockKind.HEADING


def test_a_form_around_the_whole_page_is_the_page() -> None:
    # ASP.NET WebForms: one <form> holds the whole body; its fields still go.
    page = clean_html(
        '<html><body><form id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="x">'
        '<div id="nav"><ul><li><a href="/a">Cancer Topics</a></li><li><a href="/b">Clinical'
        ' Trials</a></li><li><a href="/c">Statistics</a></li></ul></div>'
        '<div id="main"><h1>Depression (PDQ®)</h1>'
        f"<p>{PROSE}</p><p>{PROSE}</p></div>"
        '<div><form action="/search"><label>Search NCI</label><input name="q"></form></div>'
        "</form></body></html>",
        OPTS,
    )
    assert page.title == "Depression (PDQ®)"
    assert page.text.splitlines() == ["Depression (PDQ®)", PROSE, PROSE]


def test_what_follows_the_pdq_mark_is_no_part_of_the_title() -> None:
    assert summary_title("Pancreatic Cancer Treatment (PDQ®)–Patient Version") == (
        "Pancreatic Cancer Treatment (PDQ®)"
    )
    assert summary_title(
        "Small Cell Lung Cancer Treatment (PDQ®): Treatment - Health Professional Information [NCI]"
    ) == ("Small Cell Lung Cancer Treatment (PDQ®)")
    # without the mark, the title is the page's own
    assert summary_title("Velnafentine Tablets: Patient Information") == (
        "Velnafentine Tablets: Patient Information"
    )


def test_a_teaser_title_in_og_title_is_not_the_title() -> None:
    page = clean_html(
        "<html><head><title>Small Cell Lung Cancer Treatment (PDQ&reg;): Treatment - Health"
        " Professional Information [NCI] | Health Library | Lakeshore</title>"
        '<meta property="og:title" content="Could Your Snoring Be Sleep Apnea?"></head><body>'
        '<div class="sidebar"><h2>Could Your Snoring Be Sleep Apnea?</h2><p>Up to 30%.</p></div>'
        "<main><h1>Small Cell Lung Cancer Treatment (PDQ&reg;): Treatment - Health Professional"
        ' Information [NCI]</h1><p class="HwDisclaimer">This information is produced and'
        " provided by the National Cancer Institute (NCI).</p>"
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        '<p class="HwCopyright">This information does not replace the advice of a doctor.</p>'
        "</main></body></html>",
        OPTS,
    )
    assert page.title == "Small Cell Lung Cancer Treatment (PDQ®)"
    assert "produced and provided" not in page.text
    assert "advice of a doctor" not in page.text


def test_related_posts_are_a_teaser_box() -> None:
    # Jetpack's "Related": headings that are links to other posts, each with
    # an excerpt carrying another post's numbers; the box heading goes too.
    lines = _lines(
        '<html><body><article><h1 class="entry-title">Pancreatic Cancer Treatment (PDQ®)</h1>'
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        '<div id="jp-relatedposts"><h3><em>Related</em></h3><div class="items">'
        '<div><h4><a href="https://blog.example/2015/02/fatigue/">Ways to Cope With Fatigue</a>'
        "</h4><p>Up to 90% of patients getting chemotherapy feel tired.</p></div>"
        '<div><h4><a href="https://blog.example/2015/01/first-year/">Our First Year</a></h4>'
        "</div></div></div></article></body></html>"
    )
    assert lines == ["Pancreatic Cancer Treatment (PDQ®)", PROSE, PROSE]


def test_related_posts_sharing_one_box_are_a_teaser_box() -> None:
    # no wrapper per post: linked headings and excerpts side by side in one box
    lines = _lines(
        '<html><body><article><h1 class="entry-title">Pancreatic Cancer Treatment (PDQ®)</h1>'
        f'<p>{PROSE}</p><p>{PROSE}</p><div class="box">'
        '<h4><a href="https://blog.example/p1/">Post 1</a></h4>'
        "<p>In this post we look at how up to 10% of patients manage at home.</p>"
        '<h4><a href="https://blog.example/p2/">Post 2</a></h4><p>Up to 20% feel tired.</p>'
        "</div></article></body></html>"
    )
    assert lines == ["Pancreatic Cancer Treatment (PDQ®)", PROSE, PROSE]


def test_one_related_post_under_a_title_is_a_teaser_box() -> None:
    lines = _lines(
        '<html><body><article><h1 class="entry-title">Pancreatic Cancer Treatment (PDQ®)</h1>'
        f'<p>{PROSE}</p><p>{PROSE}</p><div id="jp-relatedposts"><h3><em>Related</em></h3>'
        '<div><h4><a href="https://blog.example/2015/02/fatigue/">Ways to Cope With Fatigue</a>'
        "</h4><p>Up to 90% of patients getting chemotherapy feel tired.</p></div></div>"
        "</article></body></html>"
    )
    assert lines == ["Pancreatic Cancer Treatment (PDQ®)", PROSE, PROSE]


@pytest.mark.parametrize("paragraphs", [1, 3, 14])
def test_a_section_heading_linking_to_its_page_stays(paragraphs: int) -> None:
    # a heading that links elsewhere, alone, over a section short or long:
    # the section's own, not a related post
    section = "".join(f"<p>{PROSE}</p>" for _ in range(paragraphs))
    lines = _lines(
        f"<html><body><main><h1>Title (PDQ®)</h1><div><h2><a href='/page2'>Stage II</a></h2>"
        f"{section}</div></main></body></html>"
    )
    assert "Stage II" in lines and lines.count(PROSE) == paragraphs


def test_sibling_sections_with_linked_headings_and_evidence_stay() -> None:
    # two sections, each headed by a link to a page of its own, each short:
    # the shape of related posts, but their text carries the article's
    # callouts and level tags, which no post's excerpt does
    evidence = "Survival was 45% versus 30% (P = .03).[12] [Level of evidence: 1iiA]"
    lines = _lines(
        f"<html><body><main><h1>Title (PDQ®)</h1><p>{PROSE}</p>"
        f"<div><h2><a href='/types/kidney'>Kidney cancer</a></h2><p>{evidence}</p></div>"
        f"<div><h2><a href='/types/bladder'>Bladder cancer</a></h2><p>{evidence}</p></div>"
        "</main></body></html>"
    )
    assert lines.count(evidence) == 2
    assert "Kidney cancer" in lines and "Bladder cancer" in lines


def test_paragraphs_of_a_list_item_keep_their_order_around_its_list() -> None:
    # NCBI Bookshelf: an item's paragraphs as sibling <div>s, the first
    # holding its own list; a level tag must stay beside its sentence.
    page = clean_html(
        f"<html><body><main><h1>T</h1><p>{PROSE}</p><ol><li>"
        "<div>Poor prognostic factors include:[11]<ul><li>Age older than 60 years.</li>"
        "<li>HIV positivity.</li></ul></div>"
        "<div>When tumor progression occurs, it is confined to the CNS.[1]</div>"
        "<div>Older age is the most relevant factor.[12][Level of evidence C3]</div>"
        f"</li><li>Next item.</li></ol><p>{PROSE}</p></main></body></html>",
        OPTS,
    )
    items = [b.text for b in page.blocks if b.kind == BlockKind.ITEM]
    assert items == [
        "Poor prognostic factors include:[11]",
        "Age older than 60 years.",
        "HIV positivity.",
        "When tumor progression occurs, it is confined to the CNS.[1]",
        "Older age is the most relevant factor.[12][Level of evidence C3]",
        "Next item.",
    ]


def test_tool_bars_dates_and_phone_lines_in_the_article_are_chrome() -> None:
    # cancer.gov 2004 laid the page out in tables: its page options, date and
    # phone call-out can sit in the same cell as a short article.
    lines = _lines(
        "<html><body><table><tr><td>"
        "<table><tr><td><span>Colon Cancer Treatment (PDQ®)</span></td></tr>"
        "<tr><td><span>Last Modified: 06/24/2004</span></td></tr></table>"
        '<a href="/allpages">View entire document</a><br><a href="/print">Print This Page</a>'
        '<br><a href="/email">E-Mail This Document</a>'
        "<p><b>Questions About Cancer?</b><br>1-800-4-CANCER</p>"
        "<p>Updated: August 26, 2010</p>"
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        "<p>Posted on March 3, 2015 by admin</p>"
        "</td></tr></table></body></html>"
    )
    assert lines[-2:] == [PROSE, PROSE]
    for chrome in ("Last Modified", "Print This Page", "1-800-4-CANCER", "Updated:", "Posted on"):
        assert not any(chrome in line for line in lines), chrome


def test_a_date_or_a_link_inside_a_sentence_stays() -> None:
    sentence = "The summary was last updated on August 26, 2010, by the editorial board."
    lines = _lines(
        f"<html><body><main><h1>T</h1><p>{PROSE}</p><p>{sentence}</p>"
        '<p><a href="/patient">Go to Patient Version</a></p>'
        '<p>See <a href="/a">Surgery</a> and <a href="/b">Radiation therapy</a>.</p>'
        "<table><tr><td><a href='#s1'>Surgery</a></td><td><a href='#s2'>Chemotherapy</a></td>"
        "</tr></table></main></body></html>"
    )
    assert sentence in lines
    # one link alone may be the article's own (PDQ's audience switch, a
    # level-of-evidence line); a row of linked cells is a table's
    assert "Go to Patient Version" in lines
    assert "See Surgery and Radiation therapy." in lines
    assert "Surgery | Chemotherapy" in lines
