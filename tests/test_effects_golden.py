"""Effect sizes and trial IDs against golden extracts annotated by hand
(tests/golden-effects: every estimate and registry ID of real PDQ summaries,
read sentence by sentence; see tests/data/effects/README.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
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


def _f1(gold: Counter, ours: Counter) -> float:
    tp = sum((gold & ours).values())
    precision = tp / sum(ours.values()) if ours else 1.0
    recall = tp / sum(gold.values()) if gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.fixture(scope="module")
def effect_rows(tmp_path_factory: pytest.TempPathFactory):
    out: Path = tmp_path_factory.mktemp("effects-rows")
    assert run([DATA / "effects" / "pages"], out, jobs=1) == 0
    gold = pd.read_csv(EFFECTS_GOLDEN / "effect_sizes.csv", dtype=str, keep_default_na=False)
    doc_of = dict(
        pd.read_csv(EFFECTS_GOLDEN / "manifest.csv", dtype=str)[["slug", "doc_path"]].values
    )
    gold["doc_id"] = gold["slug"].map(doc_of)
    ours = pd.read_csv(out / "effect_sizes.csv", dtype=str, keep_default_na=False)
    p_values = pd.read_csv(out / "p_values.csv", dtype=str, keep_default_na=False)
    p_text = {(r.doc_id, r.char_start): r.text for r in p_values.itertuples()}
    ours["p_text"] = [p_text.get((r.doc_id, r.p_start), "") for r in ours.itertuples()]
    return gold, ours


def _keys(frame: pd.DataFrame, columns: list[str]) -> Counter:
    return Counter(map(tuple, frame[["doc_id", *columns]].values.tolist()))


def test_effect_text_as_annotated(effect_rows) -> None:
    # `text` spans what the annotators marked (the measure's name to the
    # estimate or its interval), not a character more (no edge white space)
    gold, ours = effect_rows
    assert _f1(_keys(gold, ["text"]), _keys(ours, ["text"])) >= 0.99


def test_effect_p_values_linked_as_annotated(effect_rows) -> None:
    gold, ours = effect_rows  # P values compared without their spaces
    gold = gold.assign(p=gold["p_text"].str.replace(" ", ""))
    ours = ours.assign(p=ours["p_text"].str.replace(" ", ""))
    assert _f1(_keys(gold, ["text", "p"]), _keys(ours, ["text", "p"])) >= 0.99
