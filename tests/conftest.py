"""Shared fixtures: the vendored pages run once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_extract.cli import run

TESTS = Path(__file__).parent
PAGES = TESTS / "data" / "pages"
GOLDEN = TESTS / "golden"
REPO = TESTS.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def vendored_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output of one run over every vendored page (doc_id = path under PAGES)."""
    out = tmp_path_factory.mktemp("vendored-output")
    assert run([PAGES], out, jobs=1) == 0
    return out
