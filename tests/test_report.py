"""`evidence-extract report`: one self-contained HTML page, rendered by a
real browser (headless Chromium, when one is installed) to check that the
charts are there and the tables' script ran."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence_extract.cli import main
from evidence_extract.frames import read_output
from evidence_extract.report import build_report
from evidence_extract.schema import Table

CHARTS = 5  # levels by ranking, levels per document, P values, percentages, unresolved
BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # nothing may come from the network: every host name fails to resolve
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@pytest.fixture(scope="module")
def report(vendored_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(vendored_output), "-o", str(path)]) == 0
    return path


def test_the_page_holds_everything_it_shows(report: Path, vendored_output: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") == CHARTS
    # self-contained: nothing is fetched (no linked style, script, image or font)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    frames = read_output(vendored_output)
    levels, docs = frames[Table.EVIDENCE_LEVELS], frames[Table.DOCUMENTS]
    table = html.split('id="levels-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == len(levels) + 1  # a heading row, then one per level row
    # the worked example's level row, beside its sentence and section
    assert "in relapsed ALL.[17,20,21,22]; [23][Level of evidence: 3iiiDi]" in table
    assert "<td>Other factors</td>" in table
    assert f"Documents ({len(docs)})" in html and "ok: 6" in html
    assert "P = .05" in html  # the line on the P-value histogram


def test_the_same_tables_give_the_same_page(vendored_output: Path) -> None:
    assert build_report(vendored_output) == build_report(vendored_output)


def test_an_error_row_is_listed(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "bad.html").write_bytes(b"\x00\x01\x02 binary")
    (pages / "good.txt").write_text(
        "Treatment (PDQ)\n\nSurvival was 85% in a randomized trial.[1]\n", encoding="utf-8"
    )
    main(["run", str(pages), "-o", str(tmp_path / "out"), "-j", "1"])
    html = build_report(tmp_path / "out")
    assert "Not processed:" in html and "bad.html" in html and html.count("<svg") == CHARTS


def test_a_folder_that_is_not_an_output_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "no documents.csv" in capsys.readouterr().err


@pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")
def test_chromium_renders_the_charts_and_runs_the_script(report: Path, tmp_path: Path) -> None:
    url = report.as_uri()
    done = subprocess.run(
        [BROWSER, *HEADLESS, "--dump-dom", url], capture_output=True, text=True, timeout=120
    )
    dom = done.stdout
    assert dom.count("<svg") == CHARTS, done.stderr[-2000:]
    assert len(re.findall(r'<table class="sortable" [^>]*data-ready="sortable"', dom)) == 2
    assert re.search(r"(\d+) of \1 rows", dom)  # the filter counted the rows it shows
    shot = tmp_path / "report.png"
    subprocess.run(
        [BROWSER, *HEADLESS, "--window-size=1280,4000", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
