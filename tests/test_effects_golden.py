"""Effect sizes and trial IDs against golden extracts annotated by hand
(tests/golden-effects: every estimate and registry ID of real PDQ summaries,
read sentence by sentence; see tests/data/effects/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_extract.batch import run
from evidence_extract.diff import compare

from .conftest import DATA, TESTS

EFFECTS_GOLDEN = TESTS / "golden-effects"
TARGETS = {
    "effect_sizes/measure,value,ci_low,ci_high": 0.97,
    "trials/registry,trial_id": 0.99,
}


@pytest.fixture(scope="module")
def effect_scores(tmp_path_factory: pytest.TempPathFactory):
    out: Path = tmp_path_factory.mktemp("effects-output")
    assert run([DATA / "effects" / "pages"], out, jobs=1) == 0
    return compare(EFFECTS_GOLDEN, out)


@pytest.mark.parametrize(("metric", "target"), TARGETS.items())
def test_effect_targets(effect_scores, metric: str, target: float) -> None:
    assert effect_scores.missing == []
    assert effect_scores.metrics[metric].f1 >= target, effect_scores.metrics[metric]
