"""Stage 5 — link what was found: tags to callouts, callouts to reference
lists, every row to its sentence (docs/OUTPUT.md):

- a level tag qualifies only the callout directly before it (nothing but
  spaces between, on the same line; a run of tags after one callout all
  qualify it);
- a callout's reference list is the one its link names (`#cit/section_2.9`),
  else the list that closes the callout's section (the next one on the page);
- a row belongs to the sentence that contains its first character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import NamedTuple

from spacy.tokens import Span

from .clean import Block, BlockKind, CleanPage
from .nlp import SpanLabel

CITATION_LINK = re.compile(r"(?:^|#|/)cit/section_(\d+)\.(\d+)$|#?section_(\d+)\.(\d+)$")
CELL_EDGE = "|"


class Sentence(NamedTuple):  # (a tuple: one per sentence, built quickly)
    sentence_id: int
    start: int
    end: int
    section: str


class SentenceIndex:
    """Sentences of the scanned text (reference entries are not scanned)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]

    def find(self, offset: int) -> Sentence | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def id_at(self, offset: int) -> int | None:
        sentence = self.find(offset)
        return sentence.sentence_id if sentence else None


class BlockIndex:
    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self.blocks = blocks
        self.starts = [b.start for b in blocks]
        # the list number of the next reference entry from each block on
        # (found once: a search per callout was linear in the page)
        self.next_reference_section = [""] * (len(blocks) + 1)
        for i in range(len(blocks) - 1, -1, -1):
            block = blocks[i]
            self.next_reference_section[i] = (
                block.ref_section
                if block.kind == BlockKind.REFERENCE
                else self.next_reference_section[i + 1]
            )

    def at(self, offset: int) -> Block | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def is_scanned(self, offset: int) -> bool:
        """Inside a block that is not a reference entry (those are never scanned)."""
        block = self.at(offset)
        return block is not None and block.kind != BlockKind.REFERENCE

    def closing_reference_section(self, offset: int) -> str:
        """The reference list that closes the section an offset is in: the
        next list on the page."""
        return self.next_reference_section[bisect_right(self.starts, offset)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a sentence to its visible text: no edge white space and no
    table-cell separator."""
    while start < end and (text[start].isspace() or text[start] == CELL_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == CELL_EDGE):
        end -= 1
    return start, end


def sentences(text: str, blocks: BlockIndex, starts: list[int]) -> SentenceIndex:
    """The sentences of the scanned blocks, each within its line. `starts`:
    ascending sentence starts, every start of a scanned line among them (a
    sentence runs to the next start)."""
    out: list[Sentence] = []
    section_names: dict[tuple[str, ...], str] = {}
    for i, sent_start in enumerate(starts):
        sent_end = starts[i + 1] if i + 1 < len(starts) else len(text)
        start, end = _trimmed(text, sent_start, sent_end)
        if start >= end:
            continue
        block = blocks.at(start)
        if block is None or block.kind == BlockKind.REFERENCE:
            continue
        # A sentence never runs past its line (a block is one line).
        if end > block.end:
            start, end = _trimmed(text, start, block.end)
        if start < end:
            section = section_names.get(block.section)
            if section is None:
                section = section_names[block.section] = " > ".join(block.section)
            out.append(Sentence(len(out) + 1, start, end, section))
    return SentenceIndex(out)


class CalloutSections:
    """The reference list each callout points into."""

    def __init__(self, page: CleanPage, blocks: BlockIndex) -> None:
        self.blocks = blocks
        self.links_by_start: dict[int, list[str]] = defaultdict(list)
        self._found: dict[tuple[int, int], str] = {}
        for lk in page.links:
            self.links_by_start[lk.start].append(lk.href)

    def of(self, span: Span) -> str:
        """The list a callout's link names (`#cit/section_2.9` -> `2`), else
        the list that closes its section (kept: rows ask twice per callout)."""
        where = (span.start_char, span.end_char)
        found = self._found.get(where)
        if found is None:
            found = self._found[where] = self._of(*where)
        return found

    def _of(self, start: int, end: int) -> str:
        for offset in range(start, end):
            for href in self.links_by_start.get(offset, []):
                m = CITATION_LINK.search(href)
                if m:
                    return m.group(1) or m.group(3)
        return self.blocks.closing_reference_section(start)


def qualified_callouts(spans: list[Span], text: str) -> dict[int, Span]:
    """Map each level tag (by start token) to the callout directly before it.

    `[5]; [24][Level of evidence: 2A]; [17][Level of evidence: 2Di]`: 2A
    qualifies [24], 2Di qualifies [17], [5] has none. Tags in a run right
    after one callout (`[6][Level of evidence A1][Level of evidence B1]`)
    all qualify it; a tag after text, or on a line of its own, qualifies
    nothing.
    """
    result: dict[int, Span] = {}
    chain: Span | None = None  # the callout the current run of tags follows
    previous_end: int | None = None
    for span in spans:
        if span.label_ not in {SpanLabel.CALLOUT, SpanLabel.LEVEL}:
            continue
        gap = text[previous_end : span.start_char] if previous_end is not None else "x"
        # Only white space within one line: a tag standing in a paragraph of
        # its own qualifies no callout of the paragraph before.
        adjacent = not gap.strip() and "\n" not in gap
        if span.label_ == SpanLabel.CALLOUT:
            chain = span
        elif adjacent and chain is not None:
            result[span.start] = chain
        else:
            chain = None
        previous_end = span.end_char
    return result


def reference_lookup(page: CleanPage) -> dict[tuple[str, int], Block]:
    """Reference entries by (list number, entry number)."""
    return {(b.ref_section, b.ref_number): b for b in page.references}
