"""HTML: the text of one block element, as a browser shows it on one line.

Nested blocks are skipped (they are lines of their own), whitespace is
collapsed, and the spans of links are kept with their targets: cancer.gov
callouts carry their reference section in the link (`#cit/section_2.9`).
"""

from __future__ import annotations

from bs4 import Comment, NavigableString, Tag

from .html_chrome import HEADING_TAGS

# Elements whose own text forms one line of the clean text.
TEXT_BLOCK_TAGS = {"p", "dt", "dd", "figcaption", "caption", "pre", "address", "summary"}
LIST_TAGS = {"ul", "ol", "dl", "menu"}
# Block containers that are lines of their own, unless inside a list item or cell.
CONTAINER_TAGS = {"div", "section", "article", "blockquote", "figure", "li"}
# Elements that hold a line's text: a paragraph inside them is part of their line.
LINE_HOLDERS = {"li", "td", "th", "dd"}
# Elements that never start a new line: their text is part of the enclosing block.
# fmt: off
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
})
# fmt: on

Spans = list[tuple[int, int, str]]


def inline_text(tag: Tag) -> tuple[str, Spans]:
    """Text of an element with nested blocks skipped; link spans kept."""
    return inline_nodes(list(tag.children), tag.name)


def inline_nodes(nodes: list[Tag | NavigableString], container: str) -> tuple[str, Spans]:
    """Text of a run of nodes inside a `container` element, nested blocks
    skipped, link spans kept.

    Whitespace is collapsed as a browser would; offsets of links are into the
    collapsed text.
    """
    pieces: list[str] = []
    links: Spans = []

    def walk(children: list[Tag | NavigableString]) -> None:
        for child in children:
            if isinstance(child, NavigableString):
                if isinstance(child, Comment):
                    continue
                pieces.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    pieces.append(" ")
                elif (
                    child.name in LIST_TAGS
                    or child.name == "table"
                    or child.name in HEADING_TAGS
                    or child.name in TEXT_BLOCK_TAGS
                    or child.name in CONTAINER_TAGS
                ):
                    if container in LINE_HOLDERS and child.name not in LIST_TAGS | {"table"}:
                        # A paragraph inside a list item or cell is part of its line.
                        pieces.append(" ")
                        walk(list(child.children))
                        pieces.append(" ")
                    continue
                elif child.name == "a":
                    marker = len(pieces)
                    walk(list(child.children))
                    links.append((marker, len(pieces), str(child.get("href") or "")))
                else:
                    walk(list(child.children))

    walk(nodes)
    return _collapse(pieces, links)


def _collapse(pieces: list[str], links: Spans) -> tuple[str, Spans]:
    """Collapse whitespace piece by piece, so that link markers (indices
    into `pieces`) map to offsets into the collapsed text."""
    out: list[str] = []
    offsets = [0] * (len(pieces) + 1)
    length = 0
    prev_space = True
    for i, piece in enumerate(pieces):
        offsets[i] = length
        for ch in piece:
            if ch.isspace():
                if not prev_space:
                    out.append(" ")
                    length += 1
                    prev_space = True
            else:
                out.append(ch)
                length += 1
                prev_space = False
    offsets[len(pieces)] = length
    text = "".join(out)
    stripped = text.rstrip()
    lead = len(text) - len(text.lstrip())
    text = stripped.lstrip()
    spans = []
    for a, b, href in links:
        s, e = offsets[a] - lead, offsets[b] - lead
        # trim whitespace captured at the edges of the link
        while s < e and s >= 0 and s < len(text) and text[s] == " ":
            s += 1
        e = min(e, len(text))
        while e > s and text[e - 1] == " ":
            e -= 1
        if 0 <= s < e:
            spans.append((s, e, href))
    return text, spans
