"""A regex tokenizer that puts every code, bracket, comparator and percent
sign on a token boundary, and keeps whitespace exactly.

Digits, letter runs and every punctuation mark are tokens of their own
(letter runs split again at a lower-to-upper case change), so `3iiiDi` is
3 / iii / Di and `[17,20-22]` is [ / 17 / , / 20 / - / 22 / ]. `doc.text`
equals the input, so token offsets are offsets into the clean text.
"""

from __future__ import annotations

import re

import spacy
from spacy.lang.en.lex_attrs import like_num as english_like_num
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

# A middle dot between digits is a decimal point (`0·03`, Lancet style).
TOKEN = re.compile(r"\s+|\d+[.·]\d+|[.·]\d+|\d+|[^\W\d_]+|\S")
CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")


class EvidenceTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in TOKEN.finditer(text):
            piece = m.group()
            if piece.isspace():
                # One space after a token is that token's trailing space;
                # any other whitespace is a token of its own.
                if words and not spaces[-1] and piece.startswith(" "):
                    spaces[-1] = True
                    piece = piece[1:]
                if piece:
                    words.append(piece)
                    spaces.append(False)
                continue
            if piece[0].isalpha() and len(piece) > 1:
                for part in CASE_CHANGE.split(piece):
                    words.append(part)
                    spaces.append(False)
            else:
                words.append(piece)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises tokenizers; this one has no state beyond its code.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> EvidenceTokenizer:
        return self

    def to_disk(self, _path: object, **_: object) -> None:
        return None

    def from_disk(self, _path: object, **_: object) -> EvidenceTokenizer:
        return self


@spacy.registry.tokenizers("evidence_extract.tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> EvidenceTokenizer:
        return EvidenceTokenizer(nlp.vocab)

    return make


def like_number(text: str) -> bool:
    """spaCy's English `like_num`, reading a middle dot as a decimal point."""
    return english_like_num(text.replace("·", "."))
