"""`evidence-extract audit`: candidates covered by a row, explained by a
named rule, or left unexplained; rows that look wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence_extract.audit import NOT_A_TAG_FORM, audit
from evidence_extract.batch import run
from evidence_extract.cli import main

PAGE = """<html><head><title>Colon Cancer Treatment (PDQ®)</title></head><body><main>
<h1>Colon Cancer Treatment (PDQ®)</h1>
<p>Survival improved by 12% (P = .01).[1][Level of evidence A1]</p>
<p>Tumor size rose by 163% in one arm (P of .03).[2]</p>
<p>Stage: T = primary tumor; p = pathological.</p>
<h2>Latest Updates to This Summary</h2>
<p>Added level of evidence A1.</p>
<h2>References</h2>
<ol><li>Smith J: Survival of 95% of patients. Lancet 1: 1-2, 2020.</li>
<li>Doe C: Another trial. JAMA 2: 3-4, 2021.</li></ol>
</main></body></html>"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("audit-in")
    (src / "colon.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("audit-out")
    assert run([src], out, jobs=1) == 0
    return out


def _family(result, name):
    return next(f for f in result.families if f.name == name)


def test_candidates_are_covered_explained_or_unexplained(outdir: Path) -> None:
    result = audit(outdir)
    levels = _family(result, "levels")
    assert (levels.candidates, levels.covered) == (2, 1)
    assert levels.explained == {NOT_A_TAG_FORM: 1}  # the change log's "Added level of evidence"
    percentages = _family(result, "percentages")
    assert percentages.covered == 2
    assert percentages.explained == {"in a reference-list entry (never scanned)": 1}
    p_values = _family(result, "p_values")
    assert p_values.covered == 1
    assert list(p_values.explained) == [
        "no number after the comparator (a legend: `p = pathological`)"
    ]
    # `P of .03` is no form of P value the rules know: the place to read
    assert ["P of .03" in p.context for p in p_values.unexplained] == [True]
    assert result.unexplained == 1


def test_rows_that_look_wrong(outdir: Path) -> None:
    suspects = {s.check: s for s in audit(outdir).suspects}
    above = suspects["percentage value above 100"]
    assert above.count == 1 and "163%" in above.examples[0].context


def test_command_line(outdir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["audit", str(outdir)]) == 0
    assert "1 unexplained places" in capsys.readouterr().out
    assert main(["audit", str(outdir), "--fail-on-unexplained"]) == 1
    capsys.readouterr()
    assert main(["audit", str(outdir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["unexplained"] == 1


def test_not_an_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["audit", str(tmp_path)]) == 2
