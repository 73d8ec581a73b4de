"""The command line: exit codes, doc_id naming, rewrites, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from evidence_extract.cli import main
from evidence_extract.schema import ROW_TYPES, Table, columns

from .conftest import PAGES

EXAMPLE = PAGES / "webmd-txt" / "recurrent-childhood-all-webmd.txt"


def _docs(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)


def test_run_writes_every_table_with_spec_columns(tmp_path: Path) -> None:
    assert main(["run", str(EXAMPLE), "-o", str(tmp_path), "-j", "1"]) == 0
    for table, row_type in ROW_TYPES.items():
        header = (tmp_path / table.file_name).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == columns(row_type)
    assert (tmp_path / "clean" / "recurrent-childhood-all-webmd.txt.txt").exists()
    assert _docs(tmp_path)["doc_id"].tolist() == ["recurrent-childhood-all-webmd.txt"]


# The contract's columns, in order; a table may only gain columns after them.
SPEC_COLUMNS = {
    "documents.csv": "doc_id format title site sha256 n_chars_raw n_chars_clean n_sentences "
    "n_evidence_levels n_citations n_percentages n_p_values status error summary_type",
    "sentences.csv": "doc_id sentence_id section char_start char_end text",
    "evidence_levels.csv": "doc_id sentence_id loe_id char_start char_end text code scheme "
    "design design_label endpoint endpoint_label refs",
    "citations.csv": "doc_id sentence_id callout_id char_start char_end text ref_number "
    "ref_section loe_id pmid reference",
    "references.csv": "doc_id ref_section ref_number text pmid",
    "evidence_statements.csv": "doc_id sentence_id char_start char_end text strength",
    "percentages.csv": "doc_id sentence_id char_start char_end text low high qualifier role",
    "p_values.csv": "doc_id sentence_id char_start char_end text comparator value",
    "effect_sizes.csv": "doc_id sentence_id char_start char_end effect_id text measure qualifier "
    "value ci_level ci_low ci_high interval p_start",
    "trials.csv": "doc_id sentence_id char_start char_end text registry trial_id",
}


def test_spec_columns_come_first_in_order() -> None:
    assert {t.file_name for t in ROW_TYPES} == set(SPEC_COLUMNS)
    for table, row_type in ROW_TYPES.items():
        expected = SPEC_COLUMNS[table.file_name].split()
        assert columns(row_type)[: len(expected)] == expected, table
    # what this project appends, at the end only
    assert columns(ROW_TYPES[Table.CITATIONS])[11:] == ["pmid_source"]
    assert columns(ROW_TYPES[Table.REFERENCES])[5:] == ["pmid_source"]
    assert columns(ROW_TYPES[Table.DOCUMENTS])[15:] == ["n_effect_sizes", "n_trials", "encoding"]
    assert columns(ROW_TYPES[Table.PERCENTAGES])[9:] == ["ci_low", "ci_high"]


def test_folder_doc_ids_are_relative_paths(tmp_path: Path) -> None:
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    shutil.copy(EXAMPLE, src / "a.txt")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "-j", "1"]) == 0
    assert _docs(out)["doc_id"].tolist() == ["sub/a.txt"]
    assert (out / "clean" / "sub" / "a.txt.txt").exists()


def test_doc_id_collision_is_a_usage_error_naming_both(tmp_path: Path, capsys) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        shutil.copy(EXAMPLE, tmp_path / folder / "same.txt")
    out = tmp_path / "out"
    code = main(["run", str(tmp_path / "x"), str(tmp_path / "y"), "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "same.txt" in err and str(tmp_path / "x") in err and str(tmp_path / "y") in err
    assert not (out / "documents.csv").exists()


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["run", str(tmp_path / "nope"), "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_bad_option_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "--no-such-option"])
    assert exc.value.code == 2


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_below_one_is_a_usage_error_of_run(jobs: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "raw", "--jobs", jobs])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "evidence-extract run: error: argument -j/--jobs" in err and "at least 1" in err


def test_a_bad_page_is_one_error_row_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "good.txt")
    (src / "binary.html").write_bytes(b"\x00\x01\x02\x03" * 100)
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 1
    docs = _docs(out).set_index("doc_id")
    assert docs.loc["good.txt", "status"] == "ok"
    for bad in ("binary.html", "empty.txt"):
        assert docs.loc[bad, "status"] == "error"
        message = docs.loc[bad, "error"]
        assert message and "\n" not in message
    cites = pd.read_csv(out / "citations.csv", dtype=str)
    assert set(cites["doc_id"]) == {"good.txt"} and len(cites) == 13


def test_index_page_without_content_is_empty(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        "<html><head><title>Portal</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/{i}'>Topic {i}</a></li>" for i in range(30))
        + "</ul></nav><footer>© Portal</footer></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["run", str(page), "-o", str(out)]) == 0
    row = _docs(out).iloc[0]
    assert row["status"] == "empty" and row["error"]


def test_error_page_is_empty(tmp_path: Path) -> None:
    page = tmp_path / "gone.html"
    page.write_text(
        "<html><head><title>Page Not Found | HealthPortal</title></head><body>"
        "<main><h1>404 - Page Not Found</h1><p>Sorry, the page you requested was "
        "moved or deleted. Try our search.</p></main></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["run", str(page), "-o", str(out)]) == 0
    row = _docs(out).iloc[0]
    assert row["status"] == "empty" and "error page" in row["error"]
    assert pd.read_csv(out / "sentences.csv").empty


def test_rerun_is_byte_identical_and_replaces_old_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "clean").mkdir(parents=True)
    (out / "clean" / "stale.txt.txt").write_text("old", encoding="utf-8")
    assert main(["run", str(PAGES), "-o", str(out), "-j", "2"]) == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert not (out / "clean" / "stale.txt.txt").exists()
    assert main(["run", str(PAGES), "-o", str(out), "-j", "1"]) == 0
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second


def test_offsets_slice_the_clean_text(vendored_output: Path) -> None:
    clean_cache: dict[str, str] = {}
    for name in (
        "sentences.csv",
        "evidence_levels.csv",
        "citations.csv",
        "percentages.csv",
        "p_values.csv",
        "evidence_statements.csv",
    ):
        df = pd.read_csv(vendored_output / name, dtype=str, keep_default_na=False)
        for row in df.itertuples():
            if row.doc_id not in clean_cache:
                path = vendored_output / "clean" / (row.doc_id + ".txt")
                clean_cache[row.doc_id] = path.read_text(encoding="utf-8")
            text = clean_cache[row.doc_id]
            assert text[int(row.char_start) : int(row.char_end)] == row.text, (name, row)


def test_rows_sorted_by_doc_then_offset(vendored_output: Path) -> None:
    for name in ("sentences.csv", "citations.csv", "percentages.csv", "p_values.csv"):
        df = pd.read_csv(vendored_output / name, keep_default_na=False)
        keys = list(zip(df["doc_id"], df["char_start"], strict=True))
        assert keys == sorted(keys), name


def test_python_dash_m_behaves_the_same(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "evidence_extract", "run", str(EXAMPLE), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _docs(tmp_path)["status"].tolist() == ["ok"]
    usage = subprocess.run(
        [sys.executable, "-m", "evidence_extract"], capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2


def test_the_command_ends_with_its_output_flushed_and_its_status() -> None:
    # cli.entry ends the process without the interpreter's teardown: what
    # was printed must still reach a pipe (a short write sits in a buffer)
    code = (
        "import evidence_extract.cli as cli\n"
        "cli.main = lambda: print('a short line') or 3\n"
        "cli.entry()\n"
    )
    # (PYTHONUNBUFFERED, if the test runner has it, would hide a missing flush)
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=buffered
    )
    assert (done.returncode, done.stdout) == (3, "a short line\n"), done.stderr


def test_unreadable_file_is_an_error_row(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "good.txt")
    (src / "folder.html").mkdir()  # a folder named like a page: walked past, not read
    broken = src / "dangling.html"
    broken.symlink_to(tmp_path / "gone.html")  # listed but unreadable
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 1
    docs = _docs(out).set_index("doc_id")
    assert docs.loc["good.txt", "status"] == "ok"
    assert docs.loc["dangling.html", "status"] == "error"
    assert docs.loc["dangling.html", "error"].startswith("cannot read the file")
    assert "folder.html" not in docs.index


def test_data_dictionary_doc_is_current() -> None:
    # docs/DATA_DICTIONARY.md is generated from the schema: `evidence-extract schema`
    from evidence_extract.schema import data_dictionary

    doc = Path(__file__).parents[1] / "docs" / "DATA_DICTIONARY.md"
    assert doc.read_text(encoding="utf-8") == data_dictionary() + "\n"


TEXT_SAVE = """Site Menu | Home | About

Example Summary (PDQ)

    Survival improved with surgery in most series of patients over two decades.[1,2]

    Radiation therapy was also studied in a randomized trial of many patients.[3]

    References

    1. Smith A, Jones B: Surgery for cancer. J Surg 1 (2): 3-4, 2001. [PUBMED Abstract]
    2. Doe C: Radiation. Rad J 5: 6-7, 2002. [PUBMED Abstract]
    3. Roe D: Both. J 8: 9, 2003. PMID: 33333333

(c) 2025 Example Portal
"""


def test_reference_index_fills_pmids_a_text_save_does_not_show(tmp_path: Path) -> None:
    page = tmp_path / "in" / "summary.txt"
    page.parent.mkdir()
    page.write_text(TEXT_SAVE, encoding="utf-8")
    index_a = tmp_path / "a.csv"
    index_a.write_text(
        "doc_id,ref_section,ref_number,text,pmid\n"
        'x.html,1,1,"Smith A, Jones B: Surgery for cancer. J Surg 1 (2): 3-4, 2001.",11111111\n'
        "x.html,1,2,Doe C: Radiation. Rad J 5: 6-7, 2002.,22222222\n"
        "x.html,1,3,Roe D: Both. J 8: 9, 2003.,99999999\n",
        encoding="utf-8",
    )
    index_b = tmp_path / "b.csv"  # disagrees on Doe C: that text is left out
    index_b.write_text(
        "text,pmid\nDoe C: Radiation. Rad J 5: 6-7, 2002.,22222223\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = [
        "run",
        str(page.parent),
        "-o",
        str(out),
        "-j",
        "1",
        "--reference-index",
        str(index_a),
        "--reference-index",
        str(index_b),
    ]
    assert main(args) == 0
    refs = pd.read_csv(out / "references.csv", dtype=str, keep_default_na=False)
    assert list(zip(refs["ref_number"], refs["pmid"], refs["pmid_source"], strict=True)) == [
        ("1", "11111111", "index"),
        ("2", "", ""),
        ("3", "33333333", "page"),
    ]
    cites = pd.read_csv(out / "citations.csv", dtype=str, keep_default_na=False)
    assert list(zip(cites["ref_number"], cites["pmid"], cites["pmid_source"], strict=True)) == [
        ("1", "11111111", "index"),
        ("2", "", ""),
        ("3", "33333333", "page"),
    ]


def test_bad_reference_index_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(EXAMPLE), "-o", str(out), "--reference-index", str(bad)])
    assert code == 2 and not (out / "documents.csv").exists()
    code = main(
        ["run", str(EXAMPLE), "-o", str(out), "--reference-index", str(tmp_path / "no.csv")]
    )
    assert code == 2
