"""Real saves in the other formats (tests/data/formats, sources in its README).

The Markdown saves of the hairy cell leukemia and anal cancer summaries are
the sources of the project corpus's cancer.gov pages: scored against the
same golden extracts, with the same exact metrics as the HTML pages. The
other pages are checked against facts read by hand from the source files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence_extract.batch import run
from evidence_extract.diff import compare

from .conftest import DATA, GOLDEN
from .test_golden import EXACT, HTML_EXACT

FORMATS = DATA / "formats"
NHL = "types-lymphoma-hp-non-hodgkin-lymphoma-treatment-during-pregnancy-pdq.md"
EPENDYMOMA = "CDR0000062843-child-ependymoma-PDQ-summary.xml"


@pytest.fixture(scope="module")
def formats_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats-output")
    assert run([FORMATS / "markdown", FORMATS / "pdq-xml"], out, jobs=1) == 0
    return out


def _table(out: Path, name: str, doc_id: str) -> pd.DataFrame:
    df = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    return df[df["doc_id"] == doc_id]


@pytest.mark.parametrize(
    ("golden", "slug"),
    [
        (GOLDEN, "types-leukemia-hp-hairy-cell-treatment-pdq"),
        (FORMATS / "golden", "types-anal-hp-anal-treatment-pdq"),
    ],
)
def test_markdown_save_scores_as_the_html_page(
    formats_output: Path, golden: Path, slug: str
) -> None:
    metrics = compare(formats_output, golden).per_document[slug]
    for name in EXACT + HTML_EXACT:
        c = metrics[name]
        assert (c.tp, c.n_ours) == (c.n_gold, c.n_gold), f"{name}: {c}"
    words = metrics["clean/words"]
    # Only "Go to Patient Version" is left out on purpose.
    assert words.recall >= 0.999 and words.precision == 1.0, words


def test_markdown_save_with_ranges_and_a_ragged_table(formats_output: Path) -> None:
    docs = _table(formats_output, "documents.csv", NHL).iloc[0]
    assert (docs["format"], docs["title"], docs["site"], docs["summary_type"]) == (
        "markdown",
        "Non-Hodgkin Lymphoma Treatment During Pregnancy (PDQ®)",
        "cancer.gov",
        "treatment",
    )
    cites = _table(formats_output, "citations.csv", NHL)
    ranged = cites[cites["text"].isin(["[1-4]", "[4,7-9]"])]
    assert list(
        zip(
            ranged["text"], ranged["ref_number"], ranged["ref_section"], ranged["pmid"], strict=True
        )
    ) == [
        ("[1-4]", "1", "5", "2678489"),
        ("[1-4]", "2", "5", "4027936"),
        ("[1-4]", "3", "5", "1752504"),
        ("[1-4]", "4", "5", "8674008"),
        ("[4,7-9]", "4", "5", "8674008"),
        ("[4,7-9]", "7", "5", "2351317"),
        ("[4,7-9]", "8", "5", "1921384"),
        ("[4,7-9]", "9", "5", "1689451"),
    ]
    assert len(cites) == 18
    assert list(cites.drop_duplicates("callout_id")["ref_section"]) == ["1"] * 3 + ["2"] + ["5"] * 8
    levels = _table(formats_output, "evidence_levels.csv", NHL)
    assert list(zip(levels["code"], levels["refs"], strict=True)) == [("C3", "5"), ("C3", "6")]
    pct = _table(formats_output, "percentages.csv", NHL)
    assert list(pct["text"]) == ["53%", "83%", "53%", "82%"]
    refs = _table(formats_output, "references.csv", NHL)
    assert list(zip(refs["ref_section"], refs["ref_number"], refs["pmid"], strict=True))[:4] == [
        ("1", "1", ""),  # SEER Stat Facts: "Available online", no PubMed link
        ("1", "2", ""),
        ("1", "3", "2678489"),
        ("2", "1", "11130469"),
    ]
    assert len(refs) == 14


def test_pdq_xml_partner_sample(formats_output: Path) -> None:
    # NCI's sample for PDQ partners; counts read from the XML: 21 <LOERef>,
    # 116 <Reference>, 95 <Citation> of which 91 with a PMID.
    docs = _table(formats_output, "documents.csv", EPENDYMOMA).iloc[0]
    assert (docs["format"], docs["title"], docs["site"], docs["summary_type"]) == (
        "pdq-xml",
        "Childhood Ependymoma Treatment (PDQ®)",
        "cancer.gov",
        "treatment",
    )
    levels = _table(formats_output, "evidence_levels.csv", EPENDYMOMA)
    assert len(levels) == 21
    assert set(levels["scheme"]) == {"treatment-legacy"}
    cites = _table(formats_output, "citations.csv", EPENDYMOMA)
    assert len(cites) == 116
    assert cites["pmid_source"].isin(["page", ""]).all()
    refs = _table(formats_output, "references.csv", EPENDYMOMA)
    assert (len(refs), (refs["pmid"] != "").sum()) == (95, 91)
    # "Anaplastic histology.<Reference 22/><Reference 23/><Reference 24/>; <Reference 25/>
    # [<LOERef>Level of evidence: 3iA</LOERef>]" in the first top-level section
    anaplastic = cites[cites["text"].isin(["[22-24]", "[25]"]) & (cites["ref_section"] == "1")]
    assert list(zip(anaplastic["text"], anaplastic["ref_number"], strict=True)) == [
        ("[22-24]", "22"),
        ("[22-24]", "23"),
        ("[22-24]", "24"),
        ("[25]", "25"),
    ]
    code_of = dict(zip(levels["loe_id"], levels["code"], strict=True))
    assert [code_of.get(x, "") for x in anaplastic["loe_id"]] == ["", "", "", "3iA"]
    pv = _table(formats_output, "p_values.csv", EPENDYMOMA)
    assert list(zip(pv["text"], pv["value"], strict=True)) == [("P = .005", "0.005")]
    clean = (formats_output / "clean" / f"{EPENDYMOMA}.txt").read_text(encoding="utf-8")
    assert "Stage and/or Histopathologic Classification | Standard Treatment Options\n" in clean
    assert "\nNo residual disease, no disseminated disease | —Radiation therapy\n" in clean
    assert "\nAnatomy of the inside of the brain, showing the pineal" in clean  # a figure's caption
    # "<MM/DD/YYYY>" is PDQ text (`&lt;MM/DD/YYYY&gt;` in the source); no element is
    markup = (
        "<Para",
        "<Reference",
        "refidx",
        "<LOERef",
        "Drawing of the inside",
        "Expert-reviewed",
        "Prognosis--legacy",
    )
    for leaked in markup:
        assert leaked not in clean, leaked
