"""The block model every reader produces, and its layout as the clean text.

A reader (HTML, text save, ...) turns a page into `RawBlock`s in reading
order; `assemble` lays them out as the clean text — one block per line, a
blank line before each heading — and fixes offsets, heading paths and link
spans. Later stages read only the `CleanPage`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, overload

WORD = re.compile(r"\w+")


def squeezed(text: str) -> str:
    """`text` with each run of white space one space, and none at the ends.

    str.split() splits on exactly the characters `\\s` matches, several
    times faster than a regex substitution (the cleaner does this for every
    line of a page)."""
    return " ".join(text.split())


def collapsed(text: str) -> str:
    """`text` with each run of white space one space, the ends included."""
    inner = squeezed(text)
    if not inner:
        return " " if text else ""
    if text[0].isspace():
        inner = " " + inner
    if text[-1].isspace():
        inner += " "
    return inner


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item
    ROW = "row"  # a table row, cells joined by CELL_SEPARATOR
    REFERENCE = "reference"  # an entry of a reference list: never scanned


# Cells of one table row on one line; the sentence splitter starts a
# sentence after each separator, so no row spans two cells.
CELL_SEPARATOR = " | "

# A reference or list number has at most this many digits: a longer run is
# no numbering (it would overflow the tables' 64-bit integer column, and
# past 4,300 digits Python refuses to read it at all).
MAX_NUMBER_DIGITS = 9


@overload
def list_number(value: object) -> int | None: ...
@overload
def list_number(value: object, default: int) -> int: ...
def list_number(value: object, default: int | None = None) -> int | None:
    """The number an attribute or a label gives a list or an entry, or
    `default` when it gives none that can be one.

    >>> list_number("17"), list_number(" 3 ", 1), list_number("1e3", 1), list_number("9" * 40)
    (17, 3, 1, None)
    """
    text = str(value if value is not None else "").strip()
    if text.isdecimal() and len(text) <= MAX_NUMBER_DIGITS:
        return int(text)
    return default


def trimmed_link(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A link's span clipped to the text and without the spaces at its
    edges, or None when nothing of the link is left.

    >>> trimmed_link("see  the page ", 4, 20), trimmed_link("a  b", 1, 3)
    ((5, 13), None)
    """
    end = min(end, len(text))
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return (start, end) if start < end else None


def join_cells(cells: list[tuple[str, list[tuple[int, int, str]]]]) -> tuple[str, list]:
    """One table row's cells (text and link spans each) as one line: the
    cells joined by CELL_SEPARATOR, their link spans moved to the line.

    >>> join_cells([("Drug", []), ("81 mg", [(0, 2, "#x")])])
    ('Drug | 81 mg', [(7, 9, '#x')])
    """
    links = []
    offset = 0
    for text, cell_links in cells:
        links.extend((s + offset, e + offset, href) for s, e, href in cell_links)
        offset += len(text) + len(CELL_SEPARATOR)
    return CELL_SEPARATOR.join(text for text, _ in cells), links


# Block and Link are named tuples, not frozen dataclasses: a page makes one
# per line and one per link (hundreds of thousands in a batch), and a frozen
# dataclass sets each field through object.__setattr__ (laying out the clean
# text took twice as long).
class Block(NamedTuple):
    kind: BlockKind
    text: str
    level: int = 0  # heading level, 1..6; 0 for other kinds
    start: int = 0
    end: int = 0
    section: tuple[str, ...] = ()
    ref_section: str = ""
    ref_number: int = 0
    pmid: str = ""
    ref_text: str = ""  # a reference entry without list marker and link labels


class Link(NamedTuple):
    start: int
    end: int
    href: str


@dataclass(frozen=True)
class CleanPage:
    title: str
    site: str
    text: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    url: str = ""  # canonical address when the page states one
    hints: tuple[str, ...] = ()  # page-level text that tells the summary kind
    # Every reference-list entry, in page order; empty entries too (they are
    # entries of the list, but no line of the clean text).
    references: tuple[Block, ...] = ()
    # The kind of summary the document declares itself, as written (PDQ
    # XML's `SummaryType`); empty for formats that declare none.
    declared_type: str = ""


@dataclass
class RawBlock:
    """A block as a reader finds it, before layout. `links` are spans
    (start, end, href) into `text`."""

    kind: BlockKind
    text: str
    level: int = 0
    links: list[tuple[int, int, str]] = field(default_factory=list)
    ref_section: str = ""
    ref_number: int = 0
    pmid: str = ""
    ref_text: str = ""


@dataclass(frozen=True)
class PageMeta:
    """What a reader learns about the page besides its blocks."""

    title: str = ""
    site: str = ""
    url: str = ""
    hints: tuple[str, ...] = ()
    declared_type: str = ""


def assemble(raw: list[RawBlock], meta: PageMeta) -> CleanPage:
    """Lay blocks out as the clean text and fix offsets, heading paths and links.

    The heading path holds headings of level 2 and deeper: the page title
    (level 1) heads everything and would only repeat in every row.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    links: list[Link] = []
    references: list[Block] = []
    path: list[tuple[int, str]] = []
    current: tuple[str, ...] = ()  # the heading path of the blocks below
    pos = 0
    for rb in raw:
        text = rb.text
        if not text:
            if rb.kind == BlockKind.REFERENCE:
                references.append(_block(rb, pos, (), ""))
            continue
        if rb.kind == BlockKind.HEADING:
            if parts:
                parts.append("\n")  # blank line between sections
                pos += 1
            while path and path[-1][0] >= rb.level:
                path.pop()
            current = tuple(h for _, h in path)
        # A heading's own path is the headings above it.
        section = current
        if rb.kind == BlockKind.HEADING and rb.level >= 2:
            path.append((rb.level, text))
            current = tuple(h for _, h in path)  # (kept: most blocks are not headings)
        start = pos
        parts.append(text + "\n")
        pos += len(text) + 1
        block = _block(rb, start, section, text)
        blocks.append(block)
        links.extend(Link(start + s, start + e, href) for s, e, href in rb.links)
        if rb.kind == BlockKind.REFERENCE:
            references.append(block)
    return CleanPage(
        title=meta.title,
        site=meta.site,
        text="".join(parts),
        blocks=tuple(blocks),
        links=tuple(links),
        url=meta.url,
        hints=meta.hints,
        references=tuple(references),
        declared_type=meta.declared_type,
    )


def _block(rb: RawBlock, start: int, section: tuple[str, ...], text: str) -> Block:
    return Block(
        kind=rb.kind,
        text=text,
        level=rb.level if text else 0,
        start=start,
        end=start + len(text),
        section=section,
        ref_section=rb.ref_section,
        ref_number=rb.ref_number,
        pmid=rb.pmid,
        ref_text=rb.ref_text,
    )


def page_from_paragraphs(*paragraphs: str, title: str = "") -> CleanPage:
    """A clean page made of the given lines, as if cleaned from a page:
    for running the later stages on plain strings (tests, notebooks)."""
    lines = [squeezed(p) for p in paragraphs]  # as both cleaners do
    return assemble(
        [RawBlock(BlockKind.PARAGRAPH, p) for p in lines], PageMeta(title=title, hints=(title,))
    )
