"""A regex tokenizer that puts every code, bracket, comparator and percent
sign on a token boundary, and keeps whitespace exactly.

Digits, letter runs and every punctuation mark are tokens of their own
(letter runs split again at a lower-to-upper case change), so `3iiiDi` is
3 / iii / Di and `[17,20-22]` is [ / 17 / , / 20 / - / 22 / ]. `doc.text`
equals the input, so token offsets are offsets into the clean text.

One space after a token is that token's trailing space; any other run of
white space is a token of its own. So every position just after white space
starts a token, and the tokens near any position can be read from the text
around it (`LocalTokens`) without tokenizing the whole text: the sentence
splitter and the pre-filter use that.
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
# A run of white space longer than this is cut into tokens of at most this
# length: the vocabulary keeps every distinct token text for good, and the
# pre-filter blanks long stretches of a page (no clean text has such runs).
MAX_SPACE_TOKEN = 1000
# The tokens above in one expression, split at a case change, with the one
# trailing space of a token: (white space, token, trailing space). A letter
# run is units (a letter other than a-z, or a lower-case run not followed
# by a capital), then lower-case letters (possessive, so no backtracking).
FAST_TOKEN = re.compile(
    rf"(\s{{1,{MAX_SPACE_TOKEN}}})"
    r"|(\d+[.·]\d+|[.·]\d+|\d+|(?:[^\W\d_a-z]|[a-z]++(?![A-Z]))++[a-z]*+|[a-z]++|\S)( ?)"
)
# FAST_TOKEN splits every letter run at a case change; the definition does
# so only for runs that start with a letter (`²aB` stays whole). Such a run
# starts with a numeral of the letter class (², ½, Ⅻ; 365 in the BMP, listed
# once here) or a character beyond the BMP.
LETTER = re.compile(r"[^\W\d_]")
NUMERAL_LETTER = re.compile(
    "["
    + "".join(re.escape(c) for c in map(chr, range(0x10000)) if LETTER.match(c) and not c.isalpha())
    + "\U00010000-\U0010ffff]"
)
LETTERS = re.compile(r"[^\W\d_]+")
WHITE_SPACE = re.compile(r"\s+")
NON_SPACE = re.compile(r"\S+")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the tokens of a run of non-white-space characters."""
    out: list[tuple[int, int]] = []
    for m in TOKEN.finditer(text, start, end):
        s, e = m.span()
        piece = m.group()
        if piece[0].isalpha() and len(piece) > 1:
            for change in CASE_CHANGE.finditer(piece):
                out.append((s, m.start() + change.start()))
                s = m.start() + change.start()
        out.append((s, e))
    return out


class EvidenceTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if _has_unsplit_case_change(text):
            words, spaces = _tokens_one_by_one(text)
        else:
            found = FAST_TOKEN.findall(text)
            words = [space or token for space, token, _ in found]
            spaces = [trailing == " " for _, _, trailing in found]
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


def _has_unsplit_case_change(text: str) -> bool:
    """A letter run that starts with a non-letter (`²`, `½`) and holds a
    case change: the one thing FAST_TOKEN splits where the definition does not."""
    for m in NUMERAL_LETTER.finditer(text):
        start = m.start()
        if m.group().isalpha() or not LETTER.match(m.group()):
            continue
        if start and LETTER.match(text, start - 1):
            continue  # not the start of its run
        run = LETTERS.match(text, start)
        if run is not None and CASE_CHANGE.search(run.group()):
            return True
    return False


def _tokens_one_by_one(text: str) -> tuple[list[str], list[bool]]:
    """Words and trailing spaces, token by token (the definition FAST_TOKEN
    follows where it can)."""
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
            for cut in range(0, len(piece), MAX_SPACE_TOKEN):
                words.append(piece[cut : cut + MAX_SPACE_TOKEN])
                spaces.append(False)
            continue
        if piece[0].isalpha() and len(piece) > 1:
            for part in CASE_CHANGE.split(piece):
                words.append(part)
                spaces.append(False)
        else:
            words.append(piece)
            spaces.append(False)
    return words, spaces


@spacy.registry.tokenizers("evidence_extract.tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> EvidenceTokenizer:
        return EvidenceTokenizer(nlp.vocab)

    return make


class LocalTokens:
    """The tokens `EvidenceTokenizer` makes near a position of a text, read
    from the characters around it: a token is (start, end) in the text.

    Positions passed in are token starts or ends. The tokens of one run of
    non-white-space characters are computed once and kept while the caller
    stays in that run (callers move forward through the text), so a very
    long run costs its length once, not once per question.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._run = (0, 0)
        self._tokens: list[tuple[int, int]] = []

    def _run_tokens(self, pos: int) -> list[tuple[int, int]]:
        """Tokens of the non-white-space run holding the character at `pos`."""
        lo, hi = self._run
        if not lo <= pos < hi:
            text = self.text
            lo = pos
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            m = NON_SPACE.match(text, pos)
            hi = m.end() if m else pos
            self._run = (lo, hi)
            self._tokens = _pieces(text, lo, hi)
        return self._tokens

    def next_start(self, end: int) -> int | None:
        """Start of the token after the one ending at `end`, None at the end."""
        text = self.text
        if end >= len(text):
            return None
        if text[end] == " " and end > 0 and not text[end - 1].isspace():
            end += 1  # the trailing space of the token before
        return end if end < len(text) else None

    def previous(self, start: int) -> tuple[int, int] | None:
        """The token before the one starting at `start`, None at the start."""
        if start <= 0:
            return None
        text = self.text
        end = start
        if text[start - 1].isspace():
            run = start - 1
            while run > 0 and text[run - 1].isspace():
                run -= 1
            # the first space of a run trails the token before it
            first = run + 1 if run > 0 and text[run] == " " else run
            if first < start:
                return first, start
            end = run
        for s, e in self._run_tokens(end - 1):
            if e == end:
                return s, e
        raise ValueError(f"no token ends at {end}")

    def has_trailing_space(self, end: int) -> bool:
        """Whether the token ending at `end` has a trailing space (spaCy's
        `whitespace_`): exactly one space attached after a non-space token."""
        text = self.text
        return 0 < end < len(text) and text[end] == " " and not text[end - 1].isspace()


def like_number(text: str) -> bool:
    """spaCy's English `like_num`, reading a middle dot as a decimal point;
    a superscript or other numeral that is no decimal digit (`²`, `½`) is
    no number of the text (spaCy's `isdigit` test takes it for one).

    >>> like_number("0·03"), like_number("12"), like_number("²"), like_number("ten")
    (True, True, False, True)
    """
    if any(ch.isdigit() and not ch.isdecimal() for ch in text):
        return False
    return english_like_num(text.replace("·", "."))
