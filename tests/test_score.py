"""The scorer: multiset matching by value, checked on hand-made folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_extract.score import score


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    golden, out = tmp_path / "golden", tmp_path / "out"
    _write(
        golden / "manifest.csv",
        "slug,doc_path,rendering,set,n_chars_main\npage-a,site/page-a.html,site,dev,10\n",
    )
    _write(
        golden / "evidence_levels.csv",
        "slug,code,scheme,design,endpoint,refs\n"
        "page-a,A1,treatment,A,1,3\npage-a,C2,treatment,C,2,\n",
    )
    _write(
        golden / "citations.csv",
        "slug,ref_number,ref_section,loe_code,pmid\n"
        "page-a,3,1,A1,111\npage-a,3,1,,111\npage-a,4,1,,\n",
    )
    _write(
        golden / "percentages.csv", "slug,text,low,high,qualifier,role\npage-a,85%,85,85,,value\n"
    )
    _write(golden / "p_values.csv", "slug,text,comparator,value\npage-a,P = .007,=,0.007\n")
    _write(golden / "references.csv", "slug,ref_section,ref_number,pmid\npage-a,1,3,111\n")
    _write(golden / "main" / "page-a.txt", "Alpha beta gamma delta\n")
    _write(golden / "boilerplate" / "page-a.txt", "Skip to main content\n")
    doc = "site/page-a.html"
    _write(out / "documents.csv", f"doc_id\n{doc}\n")
    _write(
        out / "evidence_levels.csv",
        "doc_id,loe_id,code,scheme,design,endpoint,refs\n"
        f"{doc},1,A1,treatment,A,1,3\n{doc},2,C1,treatment,C,1,\n",
    )
    _write(
        out / "citations.csv",
        "doc_id,ref_number,ref_section,loe_id,pmid\n"
        f"{doc},3,1,1,111\n{doc},3,1,,111\n{doc},5,1,,\n",
    )
    _write(out / "percentages.csv", f"doc_id,low,high,qualifier,role\n{doc},85.0,85,,value\n")
    _write(out / "p_values.csv", f"doc_id,comparator,value\n{doc},=,.007\n{doc},<,0.05\n")
    _write(out / "references.csv", f"doc_id,ref_section,ref_number,pmid\n{doc},1,3,111\n")
    _write(out / "clean" / f"{doc}.txt", "Alpha beta gamma\nSkip to main content\n")
    return out, golden


def test_scores_by_value(folders: tuple[Path, Path]) -> None:
    totals, per_page, cleaning = score(*folders)
    levels = totals["levels (code)"]
    assert (levels.tp, levels.n_gold, levels.n_ours) == (1, 2, 2)  # A1 right, C1 for C2
    cites = totals["citations with level (ref_number, loe_code)"]
    assert (cites.tp, cites.n_gold, cites.n_ours) == (2, 3, 3)  # 3/A1 and 3/- match, 5 for 4
    pmids = totals["citation PMIDs (ref_number, pmid; golden with pmid)"]
    assert (pmids.tp, pmids.n_gold, pmids.n_ours) == (2, 2, 2)
    assert totals["percentages (low, high, qualifier, role)"].f1 == 1.0  # 85.0 is 85
    p = totals["P values (comparator, value)"]
    assert (p.precision, p.recall) == (0.5, 1.0)  # .007 is 0.007; one extra row
    words = cleaning["words"]
    assert (words.tp, words.n_gold, words.n_ours) == (3, 4, 7)
    assert cleaning["leaked_lines"] == 1
    assert per_page["page-a"]["levels (code)"].f1 == pytest.approx(0.5)


def test_pages_missing_from_the_output_are_reported(folders: tuple[Path, Path]) -> None:
    out, golden = folders
    _write(out / "documents.csv", "doc_id\nother.html\n")
    _, per_page, cleaning = score(out, golden)
    assert per_page == {} and cleaning["missing_pages"] == ["page-a"]
