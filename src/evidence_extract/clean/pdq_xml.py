"""PDQ summaries in NCI's own XML: the CDR "vendor" XML partners receive.

The document is structured (`<Summary>`, `<SummarySection><Title>`, `<Para>`,
lists, CALS tables, `<ReferenceSection><Citation>`), so no boilerplate
heuristic is needed: the clean text is the summary as cancer.gov shows it.

- Runs of adjacent `<Reference refidx="N"/>` (white space between at most)
  are one callout, written as cancer.gov writes it: three or more
  consecutive numbers as a range, `[17,20-22]`. Each number written links
  to `#cit/section_T.N`, T the ordinal of the top-level section (what
  cancer.gov's links name, and the number of its reference list: refidx
  values are unique within a top-level section).
- `<LOERef>` is a level tag; the source already writes the brackets
  around it (`<Reference/>[<LOERef>Level of evidence: 3iiiA</LOERef>]`).
- `<Citation idx PMID>` entries are `reference` blocks with their PMID.
- `SummaryType` is the kind of summary the document declares; the title
  and address come from its metadata, which is never text.
"""

from __future__ import annotations

from lxml import etree

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
from .line import LineBuilder
from .metadata import site_from

ROOT = "Summary"
LISTS = {"ItemizedList", "OrderedList"}
# Blocks that may stand inside a paragraph, list item or cell: lines of their own.
INNER_BLOCKS = LISTS | {"Table", "MediaLink"}
# Inside a list item or cell, a paragraph is part of the item's (cell's) line.
LINE_PARTS = {"Para", "ListTitle"}
SKIPPED = {"SectMetaData", "ColSpec", "SpanSpec"}
# cancer.gov's heading suffix for each audience ("...(PDQ®)–Health Professional Version").
AUDIENCE_VERSIONS = {
    "health professionals": "Health Professional Version",
    "patients": "Patient Version",
}
# A range needs this many consecutive numbers: cancer.gov writes [2,3] but [2-4].
MIN_RANGE = 3


def callout_parts(numbers: list[int]) -> list[str | int]:
    """A callout as cancer.gov writes it: text pieces, and the reference
    numbers written (each one a link).

    >>> "".join(map(str, callout_parts([17, 20, 21, 22])))
    '[17,20-22]'
    >>> "".join(map(str, callout_parts([2, 3])))
    '[2,3]'
    """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str | int] = ["["]
    for i, run in enumerate(runs):
        if i:
            parts.append(",")
        if len(run) >= MIN_RANGE:
            parts += [run[0], "-", run[-1]]
        else:
            for k, n in enumerate(run):
                parts += [",", n] if k else [n]
    parts.append("]")
    return parts


def parse_summary(text: str) -> etree._Element:
    """The `<Summary>` root; ValueError for other XML or broken XML."""
    # No DTD, no entity expansion, no network: a page is data, never a fetch.
    parser = etree.XMLParser(
        encoding="utf-8",  # the text is decoded already; its declaration may name another
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"not well-formed XML: {error}") from error
    if root is None:
        raise ValueError("not well-formed XML: no root element")
    name = etree.QName(root).localname
    if name != ROOT:
        raise ValueError(f"not a PDQ summary: the XML root element is <{name}>, not <{ROOT}>")
    return root


def _text(el: etree._Element | None) -> str:
    return squeezed("".join(el.itertext())) if el is not None else ""


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.line = LineBuilder()
        self.top = 0  # ordinal of the current top-level section

    def summary(self, root: etree._Element, heading: str) -> None:
        self.blocks.append(RawBlock(BlockKind.HEADING, heading, 1))
        for section in root.iterchildren("SummarySection"):
            self.top += 1
            self.section(section, 1)

    def section(self, el: etree._Element, depth: int) -> None:
        for child in el.iterchildren(tag=etree.Element):
            tag = child.tag
            if tag in {"Title", "KeyPoint"}:
                self.line_of(BlockKind.HEADING, child, min(depth + 1, 6))
            elif tag == "SummarySection":
                self.section(child, depth + 1)
            elif tag == "ReferenceSection":
                self.references(child)
            elif tag not in SKIPPED:
                self.block(child)

    def block(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in LISTS:
            for child in el.iterchildren(tag=etree.Element):
                if child.tag == "ListTitle":
                    self.line_of(BlockKind.PARAGRAPH, child)
                elif child.tag == "ListItem":
                    self.line_of(BlockKind.ITEM, child)
        elif tag == "Table":
            self.table(el)
        elif tag == "MediaLink":  # the image is dropped, its caption kept
            for caption in el.iterchildren("Caption"):
                self.line_of(BlockKind.PARAGRAPH, caption)
        elif tag not in SKIPPED:
            self.line_of(BlockKind.PARAGRAPH, el)

    def line_of(self, kind: BlockKind, el: etree._Element, level: int = 0) -> None:
        self.inline(el, kind)
        self.flush(kind, level)

    def flush(self, kind: BlockKind, level: int = 0) -> None:
        text, links = self.line.finish()
        if text:
            self.blocks.append(RawBlock(kind, text, level, links))

    def inline(
        self, el: etree._Element, kind: BlockKind, deferred: list[etree._Element] | None = None
    ) -> None:
        """Append an element's content to the current line. A block inside
        it ends the line and follows it; in a table cell (`deferred`), it
        follows the row instead."""
        self.line.add(el.text or "")
        children = list(el.iterchildren(tag=etree.Element))
        i = 0
        while i < len(children):
            child = children[i]
            tag = child.tag
            if tag == "Reference":
                run = [child]
                while (
                    i + len(run) < len(children)
                    and children[i + len(run)].tag == "Reference"
                    and not (run[-1].tail or "").strip()
                ):
                    run.append(children[i + len(run)])
                self.callout(run)
                child = run[-1]
                i += len(run) - 1
            elif tag in INNER_BLOCKS:
                if deferred is not None:
                    deferred.append(child)
                else:
                    self.flush(kind)
                    self.block(child)
            elif tag == "LOERef":
                self.level_tag(child)
            elif tag == "Note":  # cancer.gov: "[Note: ...]"
                self.line.add(" [Note: ")
                self.inline(child, kind, deferred)
                self.line.add("] ")
            elif tag in LINE_PARTS:
                self.line.add(" ")
                self.inline(child, kind, deferred)
                self.line.add(" ")
            elif tag not in SKIPPED:  # Emphasis, Strong, SummaryRef, ExternalRef, ...
                self.inline(child, kind, deferred)
            self.line.add(child.tail or "")
            i += 1

    def callout(self, run: list[etree._Element]) -> None:
        numbers = [list_number(r.get("refidx")) for r in run]
        for part in callout_parts([n for n in numbers if n is not None]):
            if isinstance(part, int):
                self.line.link(str(part), f"#cit/section_{self.top}.{part}")
            else:
                self.line.add(part)

    def level_tag(self, el: etree._Element) -> None:
        text = _text(el)
        # The source writes the brackets around the element; add them if not.
        bracketed = self.line.last_char() == "[" and (el.tail or "").lstrip().startswith("]")
        self.line.add(text if bracketed else f"[{text}]")

    def table(self, el: etree._Element) -> None:
        for child in el.iterchildren(tag=etree.Element):
            if child.tag == "Title":
                self.line_of(BlockKind.PARAGRAPH, child)
            elif child.tag == "TGroup":
                for part in child.iterchildren("THead", "TBody", "TFoot"):
                    for row in part.iterchildren("Row"):
                        self.row(row)

    def row(self, row: etree._Element) -> None:
        cells = []
        deferred: list[etree._Element] = []
        for entry in row.iterchildren("entry"):
            self.inline(entry, BlockKind.ROW, deferred)
            text, cell_links = self.line.finish()
            if text:
                cells.append((text, cell_links))
        if cells:
            self.blocks.append(RawBlock(BlockKind.ROW, *join_cells(cells)))
        for block in deferred:  # a list inside a cell: its items follow the row
            self.block(block)

    def references(self, el: etree._Element) -> None:
        self.blocks.append(RawBlock(BlockKind.HEADING, "References", 6))
        for ordinal, citation in enumerate(el.iterchildren("Citation"), start=1):
            self.inline(citation, BlockKind.REFERENCE)
            text, _ = self.line.finish()
            idx = str(citation.get("idx") or "").strip()
            pmid = str(citation.get("PMID") or "").strip()
            self.blocks.append(
                RawBlock(
                    BlockKind.REFERENCE,
                    text,
                    ref_section=str(self.top),
                    ref_number=list_number(idx, ordinal),
                    pmid=pmid if pmid.isdecimal() else "",
                    ref_text=text,
                )
            )


def clean_pdq_xml(text: str, opts: CleanOptions) -> CleanPage:
    root = parse_summary(text)
    meta = root.find("SummaryMetaData")
    title = _text(root.find("SummaryTitle"))
    audience = _text(meta.find("SummaryAudience")) if meta is not None else ""
    url_el = meta.find("SummaryURL") if meta is not None else None
    url = str(url_el.get("xref") or "").strip() if url_el is not None else ""
    description = _text(meta.find("SummaryDescription")) if meta is not None else ""
    version = AUDIENCE_VERSIONS.get(audience.lower())
    walker = _Walker()
    walker.summary(root, f"{title}–{version}" if version and title else title)
    page_meta = PageMeta(
        title=title,
        site=site_from(url, "", "", opts),
        url=url,
        hints=tuple(h for h in (title, description, url) if h),
        declared_type=_text(meta.find("SummaryType")) if meta is not None else "",
    )
    return assemble(walker.blocks, page_meta)
