"""Pages saved as Markdown: parse with markdown-it-py, serialise as blocks.

Crawlers that feed search and question-answering systems save cancer.gov
pages as Markdown with a YAML front matter (`title`, `url`, ...). The
parser is markdown-it-py (CommonMark, plus GFM pipe tables and the front
matter plugin of mdit-py-plugins): it reads tables whose rows have fewer
cells than the header — what converters leave of row spans — as GFM says,
where mistune drops the whole table to a paragraph of pipes.

- The front matter is metadata (title, address, site), never text; a first
  heading that repeats its title was written from it and is dropped too.
- Emphasis and links are reduced to their text; link spans are kept, so a
  callout written as links, `[[2](#cit/section_5.2)-[4](#cit/section_5.4)]`,
  reads `[2-4]` with its reference list in the link, as on cancer.gov.
- Pipe tables are rows (cells joined by ` | `); empty cells and the `---`
  cells converters leave inside a table body are dropped.
- A list under a "References" heading is a reference list: one `reference`
  block per entry, its PMID from a PubMed link. Its number is the ordinal of
  the level-2 section it closes, which is what cancer.gov's callout links
  name (`#cit/section_3.6` points into the third section's list).
- Images and the "Go to Patient Version" line are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..settings import CleanOptions
from .blocks import (
    BlockKind,
    CleanPage,
    PageMeta,
    RawBlock,
    assemble,
    join_cells,
    list_number,
    squeezed,
)
from .line import LineBuilder, Spans
from .metadata import site_from, title_from
from .references import PMID_IN_TEXT, PMID_IN_URL, strip_link_labels

# A table body cell converters write for a row span's divider (`| --- |`).
DIVIDER_CELL = re.compile(r"^:?-{3,}:?$")
# Front-matter keys naming the page's address, in order of preference.
URL_KEYS = ("url", "canonical_url", "source_url", "link", "permalink")
DESCRIPTION_KEYS = ("description", "summary")


@cache
def _parser() -> MarkdownIt:
    # html=False: `<MM/DD/YYYY>` and `P < .001` in PDQ text stay text.
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)


def front_matter(source: str) -> dict[str, Any]:
    """The front matter as a mapping; empty when it is not a YAML mapping
    (the page is still read: its text does not depend on it)."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _first(data: dict[str, Any], keys: tuple[str, ...], prefix: str = "") -> str:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip().startswith(prefix):
            return squeezed(value)
    return ""


def inline_text(token: Token, line: LineBuilder) -> None:
    """Append an inline token's text to `line`: emphasis and code reduced to
    their text, links to their text with their span kept, images dropped."""
    for child in token.children or []:
        kind = child.type
        if kind in {"text", "code_inline", "html_inline"}:
            line.add(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            line.add(" ")
        elif kind == "link_open":
            line.open_link(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            line.close_link()
        # image: dropped with its alt text; *_open/*_close of emphasis: no text


@dataclass
class _Item:
    """A list item being read: its text so far, and whether it is an entry
    of a reference list."""

    line: LineBuilder = field(default_factory=LineBuilder)
    number: int = 0
    reference: bool = False


@dataclass
class _List:
    reference: bool
    next_number: int = 1


class _Walker:
    def __init__(self, opts: CleanOptions, repeated_title: str) -> None:
        self.opts = opts
        self.repeated_title = repeated_title
        self.blocks: list[RawBlock] = []
        self.main_heading = ""
        self.last_heading = ""  # labels the list below it ("References")
        self.sections = 0  # level-2 headings so far
        self.ref_lists = 0
        self.lists: list[_List] = []
        self.items: list[_Item] = []
        self.heading_level = 0  # inside a heading: its level
        self.row: list[tuple[str, Spans]] | None = None  # inside a table row: its cells

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
            elif token.type in {"code_block", "fence"}:
                for text in token.content.splitlines():
                    self._emit(BlockKind.PARAGRAPH, *self._plain(text))

    # -- blocks ---------------------------------------------------------
    def _heading_open(self, token: Token) -> None:
        self.heading_level = int(token.tag[1:])

    def _heading_close(self, token: Token) -> None:
        self.heading_level = 0

    def _bullet_list_open(self, token: Token) -> None:
        self._flush_item()  # a nested list: the item's text so far is its line
        nested = bool(self.lists)
        is_reference = not nested and self.opts.hints.is_reference_heading(self.last_heading)
        if is_reference:
            # the label heads this list only: a later list of the section is no reference list
            self.last_heading = ""
            self.ref_lists += 1
        start = token.attrGet("start")  # (CommonMark takes at most nine digits)
        self.lists.append(_List(is_reference, list_number(start, 1)))

    _ordered_list_open = _bullet_list_open

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        # Entries are numbered as CommonMark renders the list: its start,
        # then one more per item; the numbers written on later items are
        # ignored (a wrapped line starting "2021. " is an item of its own).
        current = self.lists[-1]
        self.items.append(_Item(number=current.next_number, reference=current.reference))
        current.next_number += 1

    def _list_item_close(self, token: Token) -> None:
        item = self.items.pop()
        text, links = item.line.finish()
        if item.reference:
            self.blocks.append(self._reference(text, links, item.number))
        else:
            self._emit(BlockKind.ITEM, text, links)

    def _tr_open(self, token: Token) -> None:
        self.row = []

    def _tr_close(self, token: Token) -> None:
        cells = [(t, s) for t, s in self.row or [] if t and not DIVIDER_CELL.match(t)]
        self.row = None
        self._emit(BlockKind.ROW, *join_cells(cells))

    def _inline(self, token: Token) -> None:
        if self.row is not None:  # a table cell
            line = LineBuilder()
            inline_text(token, line)
            self.row.append(line.finish())
        elif self.heading_level:
            self._heading(*self._line_of(token))
        elif self.items:  # a paragraph of a list item is part of its line
            item = self.items[-1]
            item.line.add(" ")
            inline_text(token, item.line)
        else:
            text, links = self._line_of(token)
            if not self.opts.hints.version_switch_line.match(text):
                self._emit(BlockKind.PARAGRAPH, text, links)
            if self.opts.hints.is_reference_heading(text):
                self.last_heading = text  # "References" as a plain paragraph

    # -- helpers --------------------------------------------------------
    def _heading(self, text: str, links: Spans) -> None:
        level = self.heading_level
        if level == 1 and not self.main_heading:
            if text == self.repeated_title:
                return  # the front matter's title, written again as a heading
            self.main_heading = text
        if level == 2:
            self.sections += 1
        self.last_heading = text
        self._emit(BlockKind.HEADING, text, links, level)

    def _flush_item(self) -> None:
        """Emit the text an item has so far (a nested list follows it)."""
        if self.items and not self.items[-1].reference:
            self._emit(BlockKind.ITEM, *self.items[-1].line.finish())

    def _reference(self, text: str, links: Spans, number: int) -> RawBlock:
        # Link labels such as "[PUBMED Abstract]" are not part of the reference.
        ref_text = text
        for start, end, _ in links:
            label = text[start:end]
            if label.startswith("[") and label.endswith("]"):
                ref_text = ref_text.replace(label, " ")
        pmid = next((m.group(1) for _, _, h in links if (m := PMID_IN_URL.search(h))), "")
        if not pmid and (m := PMID_IN_TEXT.search(text)):
            pmid = m.group(1)
        section = self.sections if self.sections else self.ref_lists
        return RawBlock(
            BlockKind.REFERENCE,
            text,
            ref_section=str(section),
            ref_number=number,
            pmid=pmid,
            ref_text=strip_link_labels(ref_text, self.opts),
        )

    def _emit(self, kind: BlockKind, text: str, links: Spans, level: int = 0) -> None:
        if text:
            self.blocks.append(RawBlock(kind, text, level, links))

    @staticmethod
    def _line_of(token: Token) -> tuple[str, Spans]:
        line = LineBuilder()
        inline_text(token, line)
        return line.finish()

    @staticmethod
    def _plain(text: str) -> tuple[str, Spans]:
        line = LineBuilder()
        line.add(text)
        return line.finish()


def clean_markdown(text: str, opts: CleanOptions) -> CleanPage:
    tokens = _parser().parse(text)
    data: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        data = front_matter(tokens[0].content)
    declared_title = _first(data, ("title",))
    walker = _Walker(opts, declared_title)
    walker.walk(tokens)
    url = _first(data, URL_KEYS, prefix="http")
    hints = tuple(h for h in (declared_title, _first(data, DESCRIPTION_KEYS), url) if h)
    title = title_from([declared_title], walker.main_heading)
    meta = PageMeta(title, site_from(url, "", "", opts), url, hints)
    return assemble(walker.blocks, meta)
