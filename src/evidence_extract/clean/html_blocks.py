"""HTML: serialise the article as blocks, in reading order.

Headings, paragraphs, list items (nested lists as lines of their own), table
rows (cells joined by ` | `, lists inside cells as lines after the row),
and reference lists (as `reference` blocks). Text sitting loose in a
container is a paragraph.
"""

from __future__ import annotations

from bs4 import Comment, NavigableString, Tag

from ..settings import CleanOptions
from .blocks import CELL_SEPARATOR, SPACE, BlockKind, RawBlock
from .html_chrome import HEADING_TAGS
from .html_inline import INLINE_TAGS, TEXT_BLOCK_TAGS, Spans, inline_nodes, inline_text
from .references import html_reference_entries, is_reference_list

BULLET_LISTS = {"ul", "ol", "menu"}


class HtmlWalker:
    """Collects the blocks of an element tree; `blocks` is the result."""

    def __init__(self, opts: CleanOptions) -> None:
        self.opts = opts
        self.blocks: list[RawBlock] = []
        self.last_heading = ""  # labels the list below it ("References")
        self.ref_lists = 0

    def emit(self, kind: BlockKind, tag: Tag, level: int = 0) -> None:
        self.emit_nodes(kind, list(tag.children), tag.name, level)

    def emit_nodes(
        self, kind: BlockKind, nodes: list[Tag | NavigableString], container: str, level: int = 0
    ) -> None:
        text, links = inline_nodes(nodes, container)
        if text:
            self.blocks.append(RawBlock(kind, text, level, links))

    def walk(self, node: Tag) -> None:
        loose: list[Tag | NavigableString] = []

        def flush_loose() -> None:
            # Text sitting directly in a container (no <p>) is a paragraph.
            if not loose:
                return
            self.emit_nodes(BlockKind.PARAGRAPH, loose, node.name)
            loose.clear()

        for child in list(node.children):
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if str(child).strip():
                    loose.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in INLINE_TAGS or name == "br":
                loose.append(child)
                continue
            flush_loose()
            if name in HEADING_TAGS:
                self.emit(BlockKind.HEADING, child, HEADING_TAGS[name])
                self.last_heading = SPACE.sub(" ", child.get_text()).strip()
            elif name in BULLET_LISTS:
                if is_reference_list(child, self.last_heading, self.opts):
                    self.ref_lists += 1
                    self.blocks.extend(html_reference_entries(child, self.ref_lists, self.opts))
                else:
                    self.list_items(child)
            elif name == "dl":
                for item in child.find_all(["dt", "dd"], recursive=False):
                    self.emit(BlockKind.ITEM, item)
            elif name == "table":
                self.table(child)
            elif name in TEXT_BLOCK_TAGS:
                self.emit(BlockKind.PARAGRAPH, child)
                # "References" set as a plain paragraph labels the list below it.
                label = SPACE.sub(" ", child.get_text()).strip()
                if self.opts.hints.is_reference_heading(label):
                    self.last_heading = label
            else:
                self.walk(child)
        flush_loose()

    def list_items(self, lst: Tag) -> None:
        for li in lst.find_all("li", recursive=False):
            self.emit(BlockKind.ITEM, li)
            for nested in li.find_all(True, recursive=False):
                if nested.name in {"ul", "ol", "dl", "menu", "table", "div", "section"}:
                    self.walk_nested(nested)

    def walk_nested(self, tag: Tag) -> None:
        if tag.name in BULLET_LISTS:
            self.list_items(tag)
        elif tag.name == "table":
            self.table(tag)
        else:
            # a div inside a list item: only its nested lists and tables are
            # separate lines; its text was already part of the item's line
            for inner in tag.find_all(["ul", "ol", "table"], recursive=False):
                self.walk_nested(inner)

    def table(self, table: Tag) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.emit(BlockKind.PARAGRAPH, caption)
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            cells: list[str] = []
            links: Spans = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                text, cell_links = inline_text(cell)
                if not text:
                    continue
                offset = sum(len(c) for c in cells) + len(CELL_SEPARATOR) * len(cells)
                links.extend((s + offset, e + offset, h) for s, e, h in cell_links)
                cells.append(text)
            if cells:
                self.blocks.append(RawBlock(BlockKind.ROW, CELL_SEPARATOR.join(cells), 0, links))
            # A list inside a cell: its items are lines of their own, after the row.
            for cell in tr.find_all(["td", "th"], recursive=False):
                for lst in cell.find_all(["ul", "ol"]):
                    if lst.find_parent(["ul", "ol", "td", "th"]) is cell:  # not a nested list
                        self.list_items(lst)
