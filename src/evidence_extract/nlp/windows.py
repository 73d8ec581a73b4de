"""The pre-filter: which parts of a clean text the tokenizer and the rule
matcher see.

Most of a page cannot hold a match: no `%`, no `[` before a number, no
`level of evidence`. Each rule family (`patterns/triggers.json`) names a
trigger; a family's rules run only on the sentences where its trigger
occurs (or less of them: from the word before the first trigger, up to
three words after the last, or the trigger's match alone, as the family's
`window` says), and the tokenizer only on what some family keeps. Sentences
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

from .rules import Family, Window

# doc.user_data keys: family name -> [(start, end)] character ranges its
# rules run on; the clean text itself (the Doc's text is blanked around them).
WINDOWS_KEY = "evidence_windows"
TEXT_KEY = "evidence_text"
# What the parsers read after a match: `_is_ci_level` two tokens, the
# `respectively` look-ahead three; three runs of non-space hold at least that.
TAIL = re.compile(r"(?:\s*\S+){0,3}")
# An until-trigger family's matches end within three words after a trigger.
AFTER_TRIGGER = TAIL


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
    """The sentences (within `ranges`) where each family's trigger occurs,
    or for a family whose trigger covers its matches, what the trigger matched.

    `sentence_starts`: sorted starts of the sentences of `ranges` (each
    range's start among them); a sentence runs to the next start or the
    range's end."""
    by_family: dict[str, list[tuple[int, int]]] = {}
    kept: list[tuple[int, int]] = []
    lowered = text.lower()  # once per page, for the lower-case triggers
    for family in families:
        windows: list[tuple[int, int]] = []
        for lo, hi in ranges:
            search = family.trigger.searcher(text, hi, lowered)
            m = search(lo)
            while m is not None:
                hit = m.start()
                if family.window == Window.TRIGGER:
                    start, end = hit, m.end()
                else:
                    k = bisect_right(sentence_starts, hit)
                    start = max(sentence_starts[k - 1], lo) if k else lo
                    end = min(sentence_starts[k], hi) if k < len(sentence_starts) else hi
                    if family.window == Window.FROM_TRIGGER:
                        start = _word_before(text, start, hit)
                    elif family.window == Window.UNTIL_TRIGGER:
                        last = m.end()
                        while (m := search(hit + 1)) is not None and m.start() < end:
                            hit, last = m.start(), m.end()
                        end = min(end, AFTER_TRIGGER.match(text, last).end())
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
                else:
                    windows.append((start, end))
                # the next window starts after this one
                m = search(max(end, hit + 1)) if end < hi else None
        by_family[family.name] = windows
        if family.window == Window.TRIGGER:
            kept.extend(windows)  # its parsers read no token around a match
        else:
            kept.extend((s, TAIL.match(text, e).end()) for s, e in windows)
    return Windows(_blanked(text, kept), by_family)


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
