"""What the README tells an analyst, done exactly as written: `make run`'s
output (raw/ into output/), then the README's pandas, DuckDB and R code
blocks, run as they stand in a folder where `output/` is that run.

Plus the typed loading behind them: `read_output`, `extract` on one page,
and the Parquet files of `--format parquet`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import evidence_extract
from evidence_extract.cli import main
from evidence_extract.frames import dtypes
from evidence_extract.schema import ROW_TYPES, Table

from .conftest import PAGES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
LOADING = README.split("## Loading the tables", 1)[1].split("\n## ", 1)[0]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", LOADING, flags=re.S)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `output/`, written as `make run` writes it, with Parquet."""
    folder = tmp_path_factory.mktemp("analyst")
    args = ["run", str(REPO / "raw"), "-o", str(folder / "output"), "--format", "parquet"]
    assert main(args) == 0
    return folder


def _run_python_block(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    (block,) = _blocks("python")
    monkeypatch.chdir(workdir)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


def test_readme_pandas_block(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _run_python_block(workdir, monkeypatch)
    citations, cited = ns["citations"], ns["cited"]
    assert citations["pmid"].dtype == "string" and citations["loe_id"].dtype == "Int64"
    assert citations["ref_section"].dtype == ns["references"]["ref_section"].dtype == "string"
    assert len(cited) == len(citations)  # a left join on a key: no row gained or lost
    # the join found the entry the citation was resolved to, and the tag's level
    resolved = cited[cited["pmid"].notna()]
    assert len(resolved) > 100
    assert (resolved["pmid"] == resolved["pmid_ref"]).all()
    assert (resolved["reference"] == resolved["text_ref"]).all()
    with_level = cited[cited["loe_id"].notna()]
    assert (
        with_level["code"].notna().all() and cited.loc[cited["loe_id"].isna(), "code"].isna().all()
    )
    # the worked example: [23] is qualified by level 3iiiDi
    example = cited[(cited["doc_id"] == "recurrent-childhood-all-webmd.txt")]
    assert example.loc[example["ref_number"] == 23, "code"].tolist() == ["3iiiDi"]
    assert ns["by_level"].sum() == len(with_level)


def test_readme_duckdb_block(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    duckdb = pytest.importorskip("duckdb")
    ns = _run_python_block(workdir, monkeypatch)
    (sql,) = _blocks("sql")
    con = duckdb.connect()
    statements = [s for s in sql.split(";") if s.strip()]
    for statement in statements[:-1]:
        con.execute(statement)
    got = con.execute(statements[-1]).fetchall()
    cited = ns["cited"].dropna(subset=["code"])
    expected = (
        cited.groupby(["scheme", "code"])
        .agg(citations=("doc_id", "size"), with_pmid=("pmid_ref", "count"))
        .reset_index()
    )
    assert got == [tuple(r) for r in expected.itertuples(index=False)]
    types = {r[0]: r[1] for r in con.execute("DESCRIBE refs").fetchall()}
    assert types["pmid"] == types["ref_section"] == "VARCHAR"
    # the Parquet files carry the same types without naming them
    query = "DESCRIBE SELECT * FROM 'output/citations.parquet'"
    parquet = {r[0]: r[1] for r in con.execute(query).fetchall()}
    assert parquet["pmid"] == "VARCHAR" and parquet["loe_id"] == "BIGINT"


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R not installed")
def test_readme_r_block(workdir: Path) -> None:
    (block,) = _blocks("r")
    script = block + '\ncat(nrow(citations), nrow(cited), sum(!is.na(citations$loe_id)), "\\n")\n'
    done = subprocess.run(
        ["Rscript", "-e", script], cwd=workdir, capture_output=True, text=True, check=False
    )
    if "there is no package called" in done.stderr:
        pytest.skip("R package readr not installed")
    assert done.returncode == 0, done.stderr
    frames = evidence_extract.read_output(workdir / "output")
    n_with_level = int(frames[Table.CITATIONS]["loe_id"].notna().sum())
    n_citations = len(frames[Table.CITATIONS])
    assert done.stdout.split() == [str(n_citations), str(n_with_level), str(n_with_level)]


def test_readme_dtype_table_is_the_schemas() -> None:
    rows = re.findall(r"^\| (\w+) \|([^|]*)\|([^|]*)\|$", LOADING, flags=re.M)
    table = {name: (ints, decimals) for name, ints, decimals in rows if name in set(ROW_TYPES)}
    assert set(table) == {t.value for t in ROW_TYPES}
    for name, (ints, decimals) in table.items():
        types = dtypes(Table(name))
        assert re.findall(r"`(\w+)`", ints) == [c for c, t in types.items() if t == "Int64"]
        assert re.findall(r"`(\w+)`", decimals) == [c for c, t in types.items() if t == "Float64"]


def test_read_output_types_every_table(workdir: Path) -> None:
    frames = evidence_extract.read_output(workdir / "output")
    assert set(frames) == set(ROW_TYPES)
    for table, frame in frames.items():
        assert {c: str(t) for c, t in frame.dtypes.items()} == dtypes(table)
    docs = frames[Table.DOCUMENTS]
    assert docs["error"].isna().all()  # empty cells are missing, not the text ""
    pct = frames[Table.PERCENTAGES]
    row = pct[pct["text"] == "approximately 85%"].iloc[0]
    assert (row["low"], row["high"], row["qualifier"]) == (85.0, 85.0, "approx")


def test_read_output_refuses_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no documents.csv"):
        evidence_extract.read_output(tmp_path)


def test_parquet_files_hold_the_same_typed_tables(workdir: Path) -> None:
    frames = evidence_extract.read_output(workdir / "output")
    for table, frame in frames.items():
        parquet = pd.read_parquet(workdir / "output" / f"{table.value}.parquet")
        pd.testing.assert_frame_equal(parquet, frame)


def test_extract_one_page_equals_a_run(vendored_output: Path) -> None:
    page = PAGES / "webmd-txt" / "recurrent-childhood-all-webmd.txt"
    one = evidence_extract.extract(page, doc_id="webmd-txt/recurrent-childhood-all-webmd.txt")
    run = evidence_extract.read_output(vendored_output)
    for table, frame in one.items():
        expected = run[table][run[table]["doc_id"] == one[Table.DOCUMENTS]["doc_id"][0]]
        pd.testing.assert_frame_equal(frame, expected.reset_index(drop=True))


def test_extract_from_html_text() -> None:
    html = (
        "<html><head><title>Demo (PDQ)</title></head><body><main><h1>Demo (PDQ)</h1>"
        "<p>Survival was 85% in a randomized trial of many patients over ten years (P = .01).</p>"
        "</main></body></html>"
    )
    tables = evidence_extract.extract(html)
    assert tables[Table.DOCUMENTS]["doc_id"].tolist() == ["page.html"]
    assert tables[Table.PERCENTAGES]["low"].tolist() == [85.0]
    assert tables[Table.P_VALUES]["value"].tolist() == [0.01]
    # the stage package of the same name is still importable by its full name
    from evidence_extract.extract.levels import codes_in_tag

    assert codes_in_tag("[Level of evidence A1]") == ["A1"]


def test_parquet_without_pyarrow_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(PAGES), "-o", str(tmp_path / "out"), "--format", "parquet"])
    assert exit_info.value.code == 2
    assert "pip install 'evidence_extract[parquet]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
