"""Shared fixtures: each small vendored corpus runs once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from evidence_extract.batch import run

# The property tests draw the same examples on every run, so a test run
# passes or fails the same way each time (CI, `make test`). To search for
# new counterexamples with fresh random draws: HYPOTHESIS_PROFILE=explore.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

TESTS = Path(__file__).parent
DATA = TESTS / "data"
PAGES = DATA / "pages"
OWN_CORPUS = DATA / "own-corpus"
UNSEEN = DATA / "unseen"
GOLDEN = TESTS / "golden"
REPO = TESTS.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def vendored_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output of one run over every vendored dev page (doc_id = path under PAGES)."""
    out = tmp_path_factory.mktemp("vendored-output")
    assert run([PAGES], out) == 0
    return out


@pytest.fixture(scope="session")
def own_corpus_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output of one run over the layouts written for the tests (own-corpus/pages)."""
    out = tmp_path_factory.mktemp("own-corpus-output")
    assert run([OWN_CORPUS / "pages"], out) == 0
    return out


@pytest.fixture(scope="session")
def unseen_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output of one run over the layouts the cleaner was not built on (unseen/pages)."""
    out = tmp_path_factory.mktemp("unseen-output")
    assert run([UNSEEN / "pages"], out) == 0
    return out
