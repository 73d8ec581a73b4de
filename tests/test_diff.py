"""`evidence-extract diff`: rows added, removed, changed and moved, metrics
against golden extracts, exit status and formats; on hand-made folders
(values checked by hand) and on real runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidence_extract.cli import main
from evidence_extract.diff import Change, compare

from .conftest import GOLDEN


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
    _write(
        out / "percentages.csv",
        f"doc_id,text,low,high,qualifier,role\n{doc},85%,85.0,85,,value\n",
    )
    _write(
        out / "p_values.csv",
        f"doc_id,text,comparator,value\n{doc},P = .007,=,.007\n{doc},P<.05,<,0.05\n",
    )
    _write(out / "references.csv", f"doc_id,ref_section,ref_number,pmid\n{doc},1,3,111\n")
    _write(out / "clean" / f"{doc}.txt", "Alpha beta gamma\nSkip to main content\n")
    return out, golden


def test_metrics_by_value(folders: tuple[Path, Path]) -> None:
    c = compare(*folders)
    levels = c.metrics["evidence_levels/code"]
    assert (levels.tp, levels.n_gold, levels.n_ours) == (1, 2, 2)  # A1 right, C1 for C2
    cites = c.metrics["citations/ref_number,loe_code"]
    assert (cites.tp, cites.n_gold, cites.n_ours) == (2, 3, 3)  # 3/A1 and 3/- match, 5 for 4
    pmids = c.metrics["citations/ref_number,pmid"]
    assert (pmids.tp, pmids.n_gold, pmids.n_ours) == (2, 2, 2)
    assert c.metrics["percentages/low,high,qualifier,role"].f1 == 1.0  # 85.0 is 85
    p = c.metrics["p_values/comparator,value"]
    assert (p.precision, p.recall) == (0.5, 1.0)  # .007 is 0.007; one extra row
    words = c.metrics["clean/words"]
    assert (words.tp, words.n_gold, words.n_ours) == (3, 4, 7)
    assert c.leaked == {"page-a": 1}
    assert c.per_document["page-a"]["evidence_levels/code"].f1 == pytest.approx(0.5)
    # every value: a level is right only when code, decoding and refs all are
    assert c.metrics["evidence_levels"].tp == 1


def test_rows_against_golden(folders: tuple[Path, Path]) -> None:
    c = compare(*folders)  # OLD = output, NEW = golden
    levels = c.tables["evidence_levels"]
    (changed,) = levels.rows
    assert changed.change == Change.CHANGED and changed.doc_id == "site/page-a.html"
    assert (changed.old, changed.new) == (
        {"code": "C1", "endpoint": "1"},
        {"code": "C2", "endpoint": "2"},
    )
    assert (changed.old_at, changed.new_at) == ({"row": "2"}, {"row": "2"})
    (p_value,) = c.tables["p_values"].rows
    assert p_value.change == Change.REMOVED and p_value.old["value"] == "0.05"
    (citation,) = c.tables["citations"].rows
    assert (citation.old, citation.new) == ({"ref_number": "5"}, {"ref_number": "4"})
    assert c.tables["percentages"].rows == [] and c.tables["references"].rows == []


def test_pages_missing_from_the_output_are_reported(folders: tuple[Path, Path]) -> None:
    out, golden = folders
    _write(out / "documents.csv", "doc_id\nother.html\n")
    c = compare(out, golden)
    assert c.missing == ["page-a"] and c.differs
    assert c.metrics["evidence_levels/code"].recall == 0.0  # missed, not left out
    assert main(["diff", str(out), str(golden), "--fail-under", "p_values=0.5"]) == 1


def test_a_run_against_itself_differs_in_nothing(vendored_output: Path, capsys) -> None:
    c = compare(vendored_output, vendored_output)
    assert not c.differs and all(t.n_old == t.n_same == t.n_new for t in c.tables.values())
    assert c.tables["sentences"].n_same > 1000
    assert set(c.tables) >= {"documents", "sentences", "citations", "references"}
    assert main(["diff", str(vendored_output), str(vendored_output)]) == 0
    assert "   added" in capsys.readouterr().out


def test_an_altered_golden_row_is_reported(vendored_output: Path, tmp_path: Path, capsys) -> None:
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    path = golden / "evidence_levels.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    slug, code, scheme, *rest = lines[5].split(",")
    altered = "1iiA" if code != "1iiA" else "2A"
    lines[5] = ",".join([slug, altered, scheme, *rest])
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["diff", str(vendored_output), str(golden), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (row,) = report["tables"]["evidence_levels"]["rows"]
    assert row["change"] == "changed" and row["new_at"] == {"row": "5"}
    assert row["old"]["code"] == code and row["new"]["code"] == altered
    assert row["doc_id"].endswith(f"{slug}.html") or row["doc_id"].endswith(f"{slug}.txt")
    # nothing else differs from the unaltered golden (the vendored levels are exact)
    assert main(["diff", str(vendored_output), str(GOLDEN), "--format", "json"]) == 1
    before = json.loads(capsys.readouterr().out)
    assert before["tables"]["evidence_levels"]["rows"] == []
    for name, table in report["tables"].items():
        if name != "evidence_levels":
            assert table == before["tables"][name], name
    # the threshold decides the status, not the difference
    name = "evidence_levels/code"
    assert main(["diff", str(vendored_output), str(golden), "--fail-under", f"{name}=0.98"]) == 0
    assert main(["diff", str(vendored_output), str(golden), "--fail-under", f"{name}=1"]) == 1
    text = capsys.readouterr()
    assert f"{name} F1 " in text.err and f"'{code}' -> '{altered}'" in text.out


def test_changed_moved_added_and_removed_between_runs(
    vendored_output: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new"
    shutil.copytree(vendored_output, new)
    path = new / "percentages.csv"
    header, first, second, third, *rest = path.read_text(encoding="utf-8").split("\n")
    columns = header.split(",")
    cells = second.split(",")
    old_high = cells[columns.index("high")]
    cells[columns.index("high")] = "99.5"  # a range's end changed, in place
    moved = third.split(",")
    start, end = columns.index("char_start"), columns.index("char_end")
    moved[start], moved[end] = str(int(moved[start]) + 1), str(int(moved[end]) + 1)
    path.write_text("\n".join([header, ",".join(cells), ",".join(moved), *rest]), "utf-8")
    c = compare(vendored_output, new).tables["percentages"]
    by_change = {change: [r for r in c.rows if r.change == change] for change in Change}
    (changed,) = by_change[Change.CHANGED]
    assert (changed.old, changed.new) == ({"high": old_high}, {"high": "99.5"})
    assert changed.old_at["char_start"] == cells[start] == changed.new_at["char_start"]
    (moved_row,) = by_change[Change.MOVED]
    assert int(moved_row.new_at["char_start"]) == int(moved_row.old_at["char_start"]) + 1
    (removed,) = by_change[Change.REMOVED]  # the first row was dropped
    assert removed.old_at["row"] == "1" and removed.old["text"] == first.split(",")[4]
    assert by_change[Change.ADDED] == []


def test_formats(folders: tuple[Path, Path], capsys) -> None:
    out, golden = folders
    assert main(["diff", str(out), str(golden), "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert "| evidence_levels | 2 | 2 | 1 | 0 | 0 | 1 | 0 |" in markdown
    assert "| evidence_levels/code | tags found | 0.5000 |" in markdown
    assert main(["score", str(out), str(golden)]) == 1  # the alias
    assert "evidence_levels/code" in capsys.readouterr().out


def test_usage_errors(folders: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    out, golden = folders
    (tmp_path / "empty").mkdir()
    for args in (
        [str(out), str(tmp_path / "empty")],
        [str(tmp_path / "empty"), str(golden)],
        [str(out), str(golden), "--fail-under", "no_such_table=0.9"],
    ):
        assert main(["diff", *args]) == 2, args
        assert capsys.readouterr().err.startswith("evidence-extract: error:")
    assert main(["score", str(out), str(tmp_path / "empty")]) == 2
    assert "neither an output folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_threshold:
        main(["diff", str(out), str(golden), "--fail-under", "citations=1.5"])
    assert bad_threshold.value.code == 2
