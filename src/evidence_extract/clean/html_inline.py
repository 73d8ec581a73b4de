"""HTML: the text of one block element, as a browser shows it on one line.

Nested blocks are skipped (they are lines of their own), whitespace is
collapsed, and the spans of links are kept with their targets: cancer.gov
callouts carry their reference section in the link (`#cit/section_2.9`).
"""

from __future__ import annotations

from .blocks import squeezed
from .html_chrome import HEADING_TAGS
from .html_tree import Element, HtmlTree, Node, attribute
from .line import LineBuilder

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

# Elements that are lines of their own (or skipped) inside a block's text.
BLOCK_TAGS = LIST_TAGS | {"table"} | set(HEADING_TAGS) | TEXT_BLOCK_TAGS | CONTAINER_TAGS

Spans = list[tuple[int, int, str]]


def inline_text(tree: HtmlTree, el: Element) -> tuple[str, Spans]:
    """Text of an element with nested blocks skipped; link spans kept."""
    return inline_nodes(tree, tree.children(el), el.tag)


def inline_text_only(tree: HtmlTree, el: Element) -> str:
    """`inline_text` without the link spans (not worked out: collapsing
    white space around each link's ends is most of the work)."""
    pieces: list[str] = []
    _walk(tree, tree.children(el), el.tag, pieces, [], None)
    return squeezed("".join(pieces))


def inline_nodes(tree: HtmlTree, nodes: list[Node], container: str) -> tuple[str, Spans]:
    """Text of a run of nodes inside a `container` element, nested blocks
    skipped, link spans kept.

    Whitespace is collapsed as a browser would; offsets of links are into the
    collapsed text.
    """
    pieces: list[str] = []
    links: Spans = []
    # A module-level walk, not a nested recursive one: a closure that calls
    # itself is a reference cycle per block, left for the cyclic collector.
    _walk(tree, nodes, container, pieces, links, None)
    return _collapse(pieces, links)


def item_segments(tree: HtmlTree, el: Element) -> list[tuple[str, Spans] | Element]:
    """A list item's content in reading order: its lines, and the lists and
    tables nested in it where they stand (at any depth). The item's text
    before a nested list is one line, the text after it another: a list
    placed after all of the item's text would put the later paragraphs
    before the list that belongs to the first."""
    pieces: list[str] = []
    links: Spans = []
    breaks: list[tuple[int, Element | None]] = []
    _walk(tree, tree.children(el), el.tag, pieces, links, breaks)
    if not breaks:
        return [_collapse(pieces, links)]
    out: list[tuple[str, Spans] | Element] = []
    start = 0
    for at, nested in [*breaks, (len(pieces), None)]:
        if at == start and nested is None:
            continue
        inside = [(a - start, b - start, h) for a, b, h in links if start <= a and b <= at]
        text, spans = _collapse(pieces[start:at], inside)
        if text:
            out.append((text, spans))
        if nested is not None:
            out.append(nested)
        start = at
    return out


def _walk(
    tree: HtmlTree,
    children: list[Node],
    container: str,
    pieces: list[str],
    links: Spans,
    breaks: list[tuple[int, Element | None]] | None,
) -> None:
    for child in children:
        if isinstance(child, str):
            pieces.append(child)
            continue
        name = child.tag
        if name == "br":
            pieces.append(" ")
        elif name in BLOCK_TAGS:
            if container not in LINE_HOLDERS:
                continue
            if name in LIST_TAGS or name == "table":
                if breaks is not None:  # the nested list's place in the line
                    breaks.append((len(pieces), child))
            else:
                # A paragraph inside a cell is part of its line; inside a
                # list item, a line of its own (the item's next paragraph).
                if breaks is not None:
                    breaks.append((len(pieces), None))
                pieces.append(" ")
                _walk(tree, tree.children(child), container, pieces, links, breaks)
                pieces.append(" ")
                if breaks is not None:
                    breaks.append((len(pieces), None))
        elif name == "a":
            marker = len(pieces)
            _walk(tree, tree.children(child), container, pieces, links, breaks)
            links.append((marker, len(pieces), attribute(child, "href")))
        else:
            _walk(tree, tree.children(child), container, pieces, links, breaks)


def _collapse(pieces: list[str], links: Spans) -> tuple[str, Spans]:
    """Collapse whitespace piece by piece, so that link markers (indices
    into `pieces`) map to offsets into the collapsed text."""
    if not links:
        return squeezed("".join(pieces)), []
    # Only the offsets at link markers are needed: the runs of pieces between
    # markers go to the line as they are, the line collapsing them.
    marks = sorted({m for a, b, _ in links for m in (a, b)} | {len(pieces)})
    line = LineBuilder()
    offsets: dict[int, int] = {}
    last = 0
    for mark in marks:
        line.add("".join(pieces[last:mark]))
        offsets[mark] = line.length
        last = mark
    for a, b, href in links:
        line.add_link(offsets[a], offsets[b], href)
    return line.finish()
