"""One block's text on one line, built piece by piece, with its link spans.

The readers of structured formats (Markdown tokens, PDQ XML elements) walk a
tree and append text pieces, opening and closing links on the way. White
space is collapsed as a browser would, and the link spans are offsets into
the collapsed line, so a callout's link (`#cit/section_5.2`) covers exactly
its number in the clean text.
"""

from __future__ import annotations

from .blocks import collapsed, trimmed_link

Spans = list[tuple[int, int, str]]


class LineBuilder:
    """Collects one line; `finish` returns it and starts the next."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._after_space = True  # the line is empty or ends in a space
        self._links: Spans = []
        self._open: list[tuple[int, str]] = []

    def add(self, text: str) -> None:
        piece = collapsed(text)
        if piece.startswith(" ") and self._after_space:
            piece = piece[1:]
        if piece:
            self._parts.append(piece)
            self._length += len(piece)
            self._after_space = piece.endswith(" ")

    @property
    def length(self) -> int:
        """Characters written so far: where a link opened now starts."""
        return self._length

    def add_link(self, start: int, end: int, href: str) -> None:
        """A link over characters already written (offsets as `length` gave them)."""
        self._links.append((start, end, href))

    def open_link(self, href: str) -> None:
        self._open.append((self._length, href))

    def close_link(self) -> None:
        if self._open:
            start, href = self._open.pop()
            self._links.append((start, self._length, href))

    def link(self, text: str, href: str) -> None:
        self.open_link(href)
        self.add(text)
        self.close_link()

    def last_char(self) -> str:
        """The last character written that is not a space, or ""."""
        for part in reversed(self._parts):
            stripped = part.rstrip()
            if stripped:
                return stripped[-1]
        return ""

    def finish(self) -> tuple[str, Spans]:
        """The line without edge spaces, and its links trimmed to the text
        they cover (links left open end here)."""
        while self._open:
            self.close_link()
        text = "".join(self._parts).rstrip()
        spans: Spans = []
        for start, end, href in self._links:
            trimmed = trimmed_link(text, start, end)
            if trimmed:
                spans.append((*trimmed, href))
        self._reset()
        return text, spans
