"""The pre-filter: which parts of a clean text the tokenizer and the rule
matcher see.

Most of a page cannot hold a match: no `%`, no `[` before a number, no
`level of evidence`. Each rule family (`patterns/triggers.json`) names a
trigger; a family's rules run only on the sentences where its trigger
occurs (or less of them: from the word before the first trigger, up to
three words after the last one's word, or the trigger's match alone, as
the family's `window` says; and where the rules' longest match is known,
the family's `reach`, the matcher reads only that many words from or
before each trigger), and the tokenizer only on what some family keeps. Sentences
here are split without knowing the callouts (`SentenceSplitter` with no
spans): no rule matches across such a boundary (none spans a `.`, `?`, `!`,
a cell separator or a line end), and the tests check every rule against it.

The text given to the tokenizer keeps every offset: what is not kept is
blanked to spaces, so the Doc has the clean text's length and its spans'
character offsets are clean-text offsets. A few tokens after each kept
sentence stay too, for the parsers that look past a match (`95% CI`,
`P = .02 and .04, respectively`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .rules import Family, Window

# doc.user_data keys: family name -> [(start, end)] character ranges its
# rules run on; the clean text itself (the Doc's text is blanked around them).
WINDOWS_KEY = "evidence_windows"
TEXT_KEY = "evidence_text"
# What the parsers read after a match: `_is_ci_level` two tokens, the
# `respectively` look-ahead three; three runs of non-space hold at least that.
TAIL = re.compile(r"(?:\s*\S+){0,3}")
# An until-trigger family's matches end within three words after the word a
# trigger sits in (`5 percentage points or higher`: `per cent` matches in
# `percentage`, whose rest is no word of its own).
AFTER_TRIGGER = re.compile(r"\S*(?:\s+\S+){0,3}")


@dataclass(frozen=True)
class Windows:
    text: str  # the input, blanked to spaces outside the kept ranges
    by_family: dict[str, list[tuple[int, int]]]


def find_windows(
    text: str,
    families: Iterable[Family],
    sentence_starts: list[int],
    ranges: list[tuple[int, int]],
) -> Windows:
    """Per family, the character ranges (within `ranges`) its rules run on:
    the sentences where its trigger occurs, or less as its window says (what
    the trigger matched; from the word before the first trigger; up to three
    words after the last one's word), or where the family's reach is known, that many
    words from or before each trigger. The text kept for the tokenizer is
    the sentence-based ranges and a few words after each.

    `sentence_starts`: sorted starts of the sentences of `ranges` (each
    range's start among them); a sentence runs to the next start or the
    range's end."""
    by_family: dict[str, list[tuple[int, int]]] = {}
    kept: list[tuple[int, int]] = []
    lowered = text.lower()  # once per page, for the lower-case triggers
    backwards = _Backwards(text)
    for family in families:
        # what the tokenizer keeps for the parsers; what the matcher reads,
        # where the family's reach is known
        windows: list[tuple[int, int]] = []
        near: list[tuple[int, int]] = []
        reach = family.reach if family.window in NARROWED else None
        for lo, hi in ranges:
            search = family.trigger.searcher(text, hi, lowered)
            m = search(lo)
            while m is not None:
                hit = m.start()
                if family.window == Window.TRIGGER:
                    _add(windows, hit, m.end())
                    m = search(max(m.end(), hit + 1)) if m.end() < hi else None
                    continue
                k = bisect_right(sentence_starts, hit)
                start = max(sentence_starts[k - 1], lo) if k else lo
                end = min(sentence_starts[k], hi) if k < len(sentence_starts) else hi
                if family.window == Window.SENTENCE:
                    _add(windows, start, end)
                    m = search(end) if end < hi else None
                    continue
                # every trigger of the sentence
                hits = [m]
                while (m := search(hits[-1].start() + 1)) is not None and m.start() < end:
                    hits.append(m)
                if family.window == Window.FROM_TRIGGER:
                    _add(windows, _word_before(text, start, hits[0].start()), end)
                    if reach is not None:
                        for h in hits:
                            first = _word_before(text, start, h.start())
                            _add(near, first, min(end, _words_from(text, first, reach + 1)))
                else:  # until_trigger
                    _add(windows, start, min(end, AFTER_TRIGGER.match(text, hits[-1].end()).end()))
                    if reach is not None:
                        for h in hits:
                            _add(
                                near,
                                backwards.words_before(h.start(), reach, start),
                                min(end, AFTER_TRIGGER.match(text, h.end()).end()),
                            )
        by_family[family.name] = near if reach is not None else windows
        if family.window == Window.TRIGGER:
            kept.extend(windows)  # its parsers read no token around a match
        else:
            kept.extend((s, TAIL.match(text, e).end()) for s, e in windows)
    return Windows(_blanked(text, kept), by_family)


NARROWED = (Window.FROM_TRIGGER, Window.UNTIL_TRIGGER)


def _add(windows: list[tuple[int, int]], start: int, end: int) -> None:
    """Append a window; one that touches the last (they come in text order) joins it."""
    if windows and start <= windows[-1][1]:
        windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
    else:
        windows.append((start, end))


@cache
def _words(n: int) -> re.Pattern[str]:
    return re.compile(rf"(?:\s*\S+){{0,{n}}}")


def _words_from(text: str, start: int, n: int) -> int:
    """End of the `n`-th word from `start` (a word start), or of the last one."""
    return _words(n).match(text, start).end()


class _Backwards:
    """Words counted back from a position, read forwards on the reversed
    text (Python's regex engine only reads forwards), made when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._reversed: str | None = None

    def words_before(self, pos: int, n: int, floor: int) -> int:
        """Start of the word holding `pos` when `n` is 1, of the one before
        it when 2, ...; not before `floor`."""
        if self._reversed is None:
            self._reversed = self.text[::-1]
        size = len(self.text)
        m = _back_words(n).match(self._reversed, size - pos, size - floor)
        return size - m.end()


@cache
def _back_words(n: int) -> re.Pattern[str]:
    # on the reversed text: the rest of the word holding the position, then n - 1 words
    return re.compile(rf"\S*(?:\s+\S+){{0,{max(n - 1, 0)}}}")


def _word_before(text: str, floor: int, hit: int) -> int:
    """Start of the word (run of non-space characters) before the one
    holding `hit`, not before `floor`. Each sentence is read back once."""
    i = hit
    for want_space in (False, True, False):
        while i > floor and text[i - 1].isspace() == want_space:
            i -= 1
    return i


def _blanked(text: str, kept: list[tuple[int, int]]) -> str:
    """`text` with every character outside `kept` replaced by a space."""
    parts: list[str] = []
    pos = 0
    for start, end in sorted(kept):
        if end <= pos:
            continue
        start = max(start, pos)
        parts.append(" " * (start - pos))
        parts.append(text[start:end])
        pos = end
    parts.append(" " * (len(text) - pos))
    return "".join(parts)
