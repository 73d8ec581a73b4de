"""HTML: serialise the article as blocks, in reading order.

Headings, paragraphs, list items (nested lists as lines of their own), table
rows (cells joined by ` | `, lists inside cells as lines after the row),
and reference lists (as `reference` blocks). Text sitting loose in a
container is a paragraph.
"""

from __future__ import annotations

from ..settings import CleanOptions
from .blocks import BlockKind, RawBlock, join_cells, squeezed
from .html_chrome import HEADING_TAGS
from .html_inline import (
    INLINE_TAGS,
    TEXT_BLOCK_TAGS,
    Spans,
    inline_nodes,
    inline_text,
    item_segments,
)
from .html_tree import Element, HtmlTree, Node
from .references import html_reference_entries, is_reference_list
from .signals import is_set_apart

BULLET_LISTS = {"ul", "ol", "menu"}


class HtmlWalker:
    """Collects the blocks of an element tree; `blocks` is the result."""

    def __init__(self, tree: HtmlTree, opts: CleanOptions) -> None:
        self.tree = tree
        self.opts = opts
        self.blocks: list[RawBlock] = []
        self.last_heading = ""  # labels the list below it ("References")
        # paragraphs met since: the last that reads as a reference heading
        # ("References" set as a plain paragraph) labels the list below it
        # instead; read only when a list comes (most paragraphs are prose)
        self.paragraphs: list[Element] = []
        self.ref_lists = 0

    def emit(self, kind: BlockKind, el: Element, level: int = 0) -> None:
        self.emit_nodes(kind, self.tree.children(el), el.tag, level)

    def emit_nodes(
        self, kind: BlockKind, nodes: list[Node], container: str, level: int = 0
    ) -> None:
        text, links = inline_nodes(self.tree, nodes, container)
        if text and not (kind == BlockKind.PARAGRAPH and self.is_page_line(text, links)):
            self.blocks.append(RawBlock(kind, text, level, links))

    def is_page_line(self, text: str, links: Spans) -> bool:
        """A line that speaks of the page, not the summary: a date or a
        phone number set apart, or a tool bar (links and nothing else:
        "View entire document Print This Page E-Mail This Document"). One
        link alone may be the article's own ("Level of evidence: 5")."""
        return is_set_apart(text, self.opts) or self.is_tool_bar(text, links)

    @staticmethod
    def is_tool_bar(text: str, links: Spans) -> bool:
        if len(links) < 2:
            return False
        linked = sum(len(text[s:e].replace(" ", "")) for s, e, _ in links)
        return linked >= len(text.replace(" ", ""))

    def walk(self, node: Element) -> None:
        tree = self.tree
        loose: list[Node] = []

        def flush_loose() -> None:
            # Text sitting directly in a container (no <p>) is a paragraph.
            if not loose:
                return
            self.emit_nodes(BlockKind.PARAGRAPH, loose, node.tag)
            loose.clear()

        for child in tree.children(node):
            if isinstance(child, str):
                if child.strip():
                    loose.append(child)
                continue
            name = child.tag
            if name in INLINE_TAGS or name == "br":
                loose.append(child)
                continue
            flush_loose()
            if name in HEADING_TAGS:
                self.emit(BlockKind.HEADING, child, HEADING_TAGS[name])
                self.last_heading = squeezed(tree.text(child))
                self.paragraphs.clear()
            elif name in BULLET_LISTS:
                if is_reference_list(child, self.list_label(), self.opts):
                    self.last_heading = ""  # the label heads this list only
                    self.ref_lists += 1
                    self.blocks.extend(
                        html_reference_entries(tree, child, self.ref_lists, self.opts)
                    )
                else:
                    self.list_items(child)
            elif name == "dl":
                for item in tree.child_elements(child, "dt", "dd"):
                    self.emit(BlockKind.ITEM, item)
            elif name == "table":
                self.table(child)
            elif name in TEXT_BLOCK_TAGS:
                self.emit(BlockKind.PARAGRAPH, child)
                self.paragraphs.append(child)
            else:
                self.walk(child)
        flush_loose()

    def list_label(self) -> str:
        """What labels the list met now: the last paragraph since the last
        heading that reads as a reference heading, else that heading."""
        for paragraph in reversed(self.paragraphs):
            label = squeezed(self.tree.text(paragraph))
            if self.opts.hints.is_reference_heading(label):
                self.last_heading = label
                break
        self.paragraphs.clear()
        return self.last_heading

    def list_items(self, lst: Element) -> None:
        for li in self.tree.child_elements(lst, "li"):
            # the item's lines with its nested lists and tables where they stand
            for segment in item_segments(self.tree, li):
                if isinstance(segment, tuple):
                    text, links = segment
                    self.blocks.append(RawBlock(BlockKind.ITEM, text, 0, links))
                else:
                    self.walk_nested(segment)

    def walk_nested(self, el: Element) -> None:
        if el.tag in BULLET_LISTS:
            self.list_items(el)
        elif el.tag == "table":
            self.table(el)
        elif el.tag == "dl":
            for item in self.tree.child_elements(el, "dt", "dd"):
                self.emit(BlockKind.ITEM, item)

    def table(self, table: Element) -> None:
        tree = self.tree
        caption = tree.find(table, "caption")
        if caption is not None:
            self.emit(BlockKind.PARAGRAPH, caption)
        for tr in tree.iter(table, "tr"):
            if tree.find_parent(tr, "table") is not table:
                continue
            cells = [inline_text(tree, cell) for cell in tree.child_elements(tr, "td", "th")]
            filled = [(text, spans) for text, spans in cells if text]
            line, links = join_cells(filled)
            # a row of one cell is a line (of a table laid out as a page);
            # a row of linked cells is a table's (treatment options)
            if filled and not (len(filled) == 1 and self.is_page_line(line, links)):
                self.blocks.append(RawBlock(BlockKind.ROW, line, 0, links))
            # A list inside a cell: its items are lines of their own, after the row.
            for cell in tree.child_elements(tr, "td", "th"):
                for lst in tree.iter(cell, "ul", "ol"):
                    if tree.find_parent(lst, "ul", "ol", "td", "th") is cell:  # not a nested list
                        self.list_items(lst)
