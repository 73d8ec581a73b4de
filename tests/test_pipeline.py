"""The per-document step: the one boundary that turns a failure into a row."""

from __future__ import annotations

import dataclasses

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from evidence_extract.nlp.tokenizer import EvidenceTokenizer
from evidence_extract.pipeline import default_extractor, process_document
from evidence_extract.schema import Table

PAGE = b"<html><body><main><h1>T</h1><p>About 85% responded (P = .01).[1]</p></main></body></html>"


def test_counts_match_the_tables() -> None:
    result = process_document("p.html", PAGE)
    doc = result.document
    assert doc.status == "ok" and doc.format == "html" and doc.title == "T"
    assert (doc.n_percentages, doc.n_p_values, doc.n_citations) == (1, 1, 1)
    assert doc.n_sentences == len(result.tables[Table.SENTENCES])
    assert len(doc.sha256) == 64


def _pipeline(*extra: str) -> Language:
    """A pipeline like the package's, with extra components after its own."""
    nlp = spacy.blank("en")
    nlp.tokenizer = EvidenceTokenizer(nlp.vocab)
    for name in ("evidence_matcher", "evidence_sentences", *extra):
        nlp.add_pipe(name)
    return nlp


@Language.component("test_broken_component")
def _broken(doc: Doc) -> Doc:
    raise RuntimeError("boom")


class _LowercasingTokenizer(EvidenceTokenizer):
    def __call__(self, text: str) -> Doc:
        return super().__call__(text.lower())


def test_a_failing_stage_becomes_one_error_row() -> None:
    extractor = dataclasses.replace(default_extractor(), nlp=_pipeline("test_broken_component"))
    result = process_document("p.html", PAGE, extractor=extractor)
    assert result.document.status == "error"
    assert result.document.error == "RuntimeError: boom"
    assert result.tables == {} and result.document.title == "T"


def test_a_tokenizer_that_changes_the_text_is_an_error() -> None:
    nlp = _pipeline()
    nlp.tokenizer = _LowercasingTokenizer(nlp.vocab)
    extractor = dataclasses.replace(default_extractor(), nlp=nlp)
    result = process_document("p.html", PAGE, extractor=extractor)
    assert result.document.error == "RuntimeError: tokenizer changed the text"


def test_a_page_without_content_is_empty_with_its_reason() -> None:
    result = process_document(
        "menu.html", b"<html><body><nav><a href='/a'>A</a></nav></body></html>"
    )
    assert result.document.status == "empty"
    assert "no main content" in result.document.error
