"""Token-pattern predicates as lexeme flags, so the Matcher checks them in C.

spaCy's Matcher checks a plain attribute (`{"LOWER": "between"}`) in C, but
a set or regex predicate (`{"LOWER": {"IN": [...]}}`, `{"TEXT": {"REGEX":
...}}`) is a Python call per token, and the predicates of every pattern's
first token are called at every token of the text: two thirds of the
percentage rules' matching time. On a lexical attribute (the word's text,
its lower case) such a predicate depends on the word alone, so it can be a
lexeme flag (`Vocab.add_flag`): computed once per vocabulary entry, checked
in C at every token, with the same result.

The rule files keep the readable form and are validated against spaCy's
pattern schema as written; `compile_patterns` rewrites them just before
they reach the Matcher. spaCy leaves 45 flag bits per lexeme to users
(FLAG19 to FLAG63). Only the predicates where a match can start (called at
every token) become flags: the others are called only where a match is
under way, and every flag costs a Python call for each new word of the
vocabulary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.vocab import Vocab

# Lexical attributes a flag can stand for: the word's text, its lower case.
LEXICAL = frozenset({"ORTH", "TEXT", "LOWER"})
# The bits spaCy leaves to users (FLAG19 to FLAG63); the lower ones are its
# own attributes (IS_ALPHA, IS_SPACE, ...), which a flag must never stand in for.
CUSTOM_FLAG_BITS = range(19, 64)
Pattern = list[dict]


def compile_patterns(vocab: Vocab, patterns: list[Pattern]) -> list[Pattern]:
    """`patterns` with the set and regex predicates on lexical attributes of
    the tokens a match can start at replaced by lexeme flags of `vocab`, as
    many as there are free bits. A flag `vocab` already has for the same
    predicate (a matcher built twice on one pipeline) is used again."""
    flags = {
        (getter.attr, getter.key): bit
        for bit, getter in vocab.lex_attr_getters.items()
        if isinstance(getter, Flag)
    }
    wanted = sorted(
        {
            (attr, _key(value))
            for pattern in patterns
            for i, token in enumerate(pattern)
            if _starts_a_match(pattern, i)
            for attr, value in token.items()
            if _flaggable(attr, value)
        }
    )
    for attr, key in wanted:
        if (attr, key) in flags:
            continue
        free = [bit for bit in CUSTOM_FLAG_BITS if bit not in vocab.lex_attr_getters]
        if not free:  # the rest stay Python predicates
            break
        flags[(attr, key)] = vocab.add_flag(Flag(vocab, attr, key), flag_id=free[0])
    return [[_with_flags(token, flags) for token in pattern] for pattern in patterns]


class Flag:
    """A flag's value for a word's text, as spaCy's predicate computes it on
    the token's attribute (`attr`, the predicate `key` as JSON)."""

    def __init__(self, vocab: Vocab, attr: str, key: str) -> None:
        self.attr = attr
        self.key = key
        predicate = json.loads(key)
        self._read: Callable[[str], str] = vocab.lex_attr_getters[LOWER] if attr == "LOWER" else str
        self._values = frozenset(predicate["IN"]) if "IN" in predicate else None
        self._regex = re.compile(predicate["REGEX"]) if "REGEX" in predicate else None

    def __call__(self, text: str) -> bool:
        value = self._read(text)
        if self._values is not None:
            return value in self._values
        return self._regex.search(value) is not None  # type: ignore[union-attr]


def _starts_a_match(pattern: Pattern, index: int) -> bool:
    """A token a match can start at (the first, or one after optional ones
    only): its predicates are called at every token of the text."""
    return all(t.get("OP") in ("?", "*") for t in pattern[:index])


def _flaggable(attr: str, value: object) -> bool:
    return (
        attr in LEXICAL
        and isinstance(value, dict)
        and len(value) == 1
        and next(iter(value)) in ("IN", "REGEX")
    )


def _key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _with_flags(token: dict, flags: dict[tuple[str, str], int]) -> dict:
    out: dict = {}
    for attr, value in token.items():
        flag = flags.get((attr, _key(value))) if _flaggable(attr, value) else None
        if flag is None:
            out[attr] = value
        else:
            out[flag] = True  # type: ignore[index]  (spaCy takes a flag's bit as the key)
    return out
