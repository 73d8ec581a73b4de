"""Stage 2 — strip boilerplate; keep the main content as blocks.

Output is a `CleanPage`: the clean text (one block per line, a blank line
before each heading), the blocks with their offsets and heading path, the
reference-list entries (which later stages must not scan), and the links
that survive in the text (cancer.gov-style callouts carry their reference
section in the link target).

Two readers share the block model:
- HTML: drop non-content elements (scripts, hidden, semantic chrome, class
  and id words portals use for chrome, link lists, teaser boxes), take as the
  article the element that holds nearly all remaining text and every prose
  paragraph, then serialise its blocks.
- Text saves: group lines by blank lines, score each group as content or
  chrome from line-level signals, and keep the best-scoring contiguous
  window (the maximum-sum run), minus the chrome groups inside it.
Thresholds live in data/settings.json; chrome vocabulary in
data/clean_hints.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .load import DecodedPage

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose own text forms one line of the clean text.
TEXT_BLOCK_TAGS = {"p", "dt", "dd", "figcaption", "caption", "pre", "address", "summary"}
LIST_TAGS = {"ul", "ol", "dl", "menu"}
# Elements that never start a new line: their text is part of the enclosing block.
# fmt: off
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
})
# fmt: on
CELL_SEPARATOR = " | "
PMID_IN_URL = re.compile(r"(?:list_uids=|pubmed\.ncbi\.nlm\.nih\.gov/|/pubmed/)(\d{4,9})", re.I)
PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{4,9})\b")
SECTION_ID = re.compile(r"(?:^|[^\d])(\d+)\.(\d+)$")
SECTION_CONTAINER_ID = re.compile(r"^(?:section_?|_)(\d+)$", re.I)
LINK_LABEL = re.compile(r"\s*\[[^\[\]]{1,40}\]\s*$")
SPACE = re.compile(r"\s+")
WORD = re.compile(r"\w+")
LIST_MARKER = re.compile(r"^(?:[•◦▪‣·*–-]|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s+\S")
NUMBERED_ENTRY = re.compile(r"^(\d{1,4})[.)]\s+(\S.*)$")
TABLE_CAPTION = re.compile(r"^table\s+\d+[.:]", re.I)
COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"([A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}?)(?:,? (?:Inc|LLC|Ltd|Corp)\b|\.| All rights|$)",
    re.I | re.M,
)
TEASER_ARROW = re.compile(r">|»|›")
AUDIENCE_LINE = re.compile(r"^(?:health professional|patient) version$", re.I)
AUDIENCE_SUFFIX = re.compile(r"\s*[–—-]\s*(?:health professional|patient) version$", re.I)


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | item | row | reference
    text: str
    level: int = 0  # heading level, 1..6; 0 for other kinds
    start: int = 0
    end: int = 0
    section: tuple[str, ...] = ()
    ref_section: str = ""
    ref_number: int = 0
    pmid: str = ""
    ref_text: str = ""  # a reference entry without list marker and link labels


@dataclass(frozen=True)
class Link:
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


@dataclass
class _RawBlock:
    kind: str
    text: str
    level: int = 0
    links: list[tuple[int, int, str]] = field(default_factory=list)
    ref_section: str = ""
    ref_number: int = 0
    pmid: str = ""
    ref_text: str = ""


@cache
def hints() -> dict:
    return json.loads(resources.files(__package__).joinpath("data/clean_hints.json").read_text())


@cache
def settings() -> dict:
    return json.loads(resources.files(__package__).joinpath("data/settings.json").read_text())


@cache
def _regex(name: str) -> re.Pattern[str]:
    return re.compile(hints()[name], re.I)


def clean_page(page: DecodedPage, fmt: str) -> CleanPage:
    if fmt == "html":
        return clean_html(page.text)
    return clean_text(page.text)


# --------------------------------------------------------------------------- assembly


def _assemble(raw: list[_RawBlock], title: str, site: str, url: str, page_hints: tuple[str, ...]):
    """Lay blocks out as the clean text and fix offsets, heading paths and links.

    The heading path holds headings of level 2 and deeper: the page title
    (level 1) heads everything and would only repeat in every row.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    links: list[Link] = []
    path: list[tuple[int, str]] = []
    pos = 0
    references: list[Block] = []
    for rb in raw:
        text = rb.text
        if not text:
            if rb.kind == "reference":
                references.append(
                    Block("reference", "", 0, pos, pos, (), rb.ref_section, rb.ref_number, rb.pmid)
                )
            continue
        if rb.kind == "heading" and parts:
            parts.append("\n")  # blank line between sections
            pos += 1
        if rb.kind == "heading":
            while path and path[-1][0] >= rb.level:
                path.pop()
        # A heading's own path is the headings above it.
        section = tuple(h for _, h in path)
        if rb.kind == "heading" and rb.level >= 2:
            path.append((rb.level, text))
        start = pos
        parts.append(text + "\n")
        pos += len(text) + 1
        blocks.append(
            Block(
                kind=rb.kind,
                text=text,
                level=rb.level,
                start=start,
                end=start + len(text),
                section=section,
                ref_section=rb.ref_section,
                ref_number=rb.ref_number,
                pmid=rb.pmid,
                ref_text=rb.ref_text,
            )
        )
        links.extend(Link(start + s, start + e, href) for s, e, href in rb.links)
        if rb.kind == "reference":
            references.append(blocks[-1])
    return CleanPage(
        title=title,
        site=site,
        text="".join(parts),
        blocks=tuple(blocks),
        links=tuple(links),
        url=url,
        hints=page_hints,
        references=tuple(references),
    )


def no_content_reason(page: CleanPage) -> str:
    """Why a page has no main content to extract, or "" when it has some.

    An index page cleans down to headings at most; an error page ("404 Not
    Found", "Access denied") keeps a sentence or two under an error title.
    """
    if not any(b.kind != "heading" for b in page.blocks):
        return "no main content found (an index, menu or empty page?)"
    words = len(WORD.findall(page.text))
    heading = next((b.text for b in page.blocks if b.kind == "heading"), "")
    for name in (page.title, heading):
        if (
            name
            and _regex("error_page_title").search(name)
            and (words <= settings()["error_page_max_words"])
        ):
            return f"the page is an error page ({name!r}), not an article"
    return ""


def page_from_paragraphs(*paragraphs: str, title: str = "") -> CleanPage:
    """A clean page made of the given lines, as if cleaned from a page:
    for running the later stages on plain strings (tests, notebooks)."""
    lines = [SPACE.sub(" ", p).strip() for p in paragraphs]  # as both cleaners do
    return _assemble([_RawBlock("paragraph", p) for p in lines], title, "", "", (title,))


# --------------------------------------------------------------------------- HTML


def _class_words(tag: Tag) -> list[str]:
    """The words of an element's class and id: `hl-source-box` and
    `sourceBox` both give source, box."""
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    names = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names).lower()
    return [w for w in re.split(r"[^a-z0-9]+", names) if w]


def _is_gone(tag: Tag) -> bool:
    """Removed already, itself or with an ancestor. (Read from the instance:
    `Tag.decomposed` on a live tag falls through to a subtree search.)"""
    return bool(tag.__dict__.get("_decomposed")) or tag.__dict__.get("parent") is None


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _text_len(tag: Tag) -> int:
    return len(SPACE.sub("", tag.get_text()))


def _is_semantic_chrome(tag: Tag) -> bool:
    h = hints()
    return tag.name in h["chrome_tags"] or tag.get("role") in h["chrome_roles"]


def _looks_like_chrome(tag: Tag) -> bool:
    h = hints()
    if tag.name in HEADING_TAGS or tag.name in {"table", "thead", "tbody", "tr", "td", "th"}:
        return False
    words = _class_words(tag)
    if set(words) & set(h["chrome_class_words"]):
        return True
    phrase_text = f" {' '.join(words)} "
    return any(f" {p} " in phrase_text for p in h["chrome_class_phrases"])


def _remove_chrome(soup: BeautifulSoup, body: Tag, page_path: str) -> str:
    """Remove non-content elements; return the text of the chrome removed
    (header, footer, navigation, banners), which names the site."""
    h = hints()
    removed: list[str] = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in body.find_all(h["drop_tags"]):
        tag.decompose()
    total = max(_text_len(body), 1)
    max_share = settings()["html_chrome_max_text_share"]
    # Containers of a main heading, found once (a subtree search per element
    # made this quadratic on large pages).
    title_holders = {id(parent) for h1 in body.find_all("h1") for parent in h1.parents}
    for tag in list(body.find_all(True)):
        if _is_gone(tag):
            continue
        if _is_hidden(tag):
            tag.decompose()
            continue
        if id(tag) in title_holders:
            continue  # the page title's container ("article-header") is the article's
        if _is_semantic_chrome(tag):
            removed.append(tag.get_text(" "))
            tag.decompose()
            continue
        # A wrapper that holds most of the page is the article itself,
        # whatever its class says ("page-body layout-2col").
        if _looks_like_chrome(tag) and _text_len(tag) <= max_share * total and not _is_prose(tag):
            removed.append(tag.get_text(" "))
            tag.decompose()
            continue
        if tag.name in {"ul", "ol", "menu"} and _is_link_list(tag, page_path):
            tag.decompose()
    _remove_teasers(body)
    return SPACE.sub(" ", " ".join(removed))


def _is_prose(tag: Tag) -> bool:
    """Several long paragraphs with few links: article text, whatever the
    element's class says. Chrome boxes (teasers, banners) hold one at most."""
    needed = settings()["html_prose_paragraphs_for_content"]
    long_paragraphs = 0
    for p in tag.find_all("p"):
        if _is_prose_paragraph(p):
            long_paragraphs += 1
            if long_paragraphs >= needed:
                return True
    return False


def _is_link_list(lst: Tag, page_path: str) -> bool:
    """A menu: several items, nearly all of their text in links to other
    pages. Links to sections of this page ("Treatment options: Surgery,
    Radiation therapy" pointing at #_74) are the summary's own structure."""
    items = lst.find_all("li", recursive=False)
    if len(items) < settings()["html_link_list_min_items"]:
        return False
    text = _text_len(lst)
    linked = sum(
        _text_len(a)
        for a in lst.find_all("a")
        if not _same_page(str(a.get("href") or ""), page_path)
    )
    return text > 0 and linked / text >= settings()["html_link_density_drop"]


def _same_page(href: str, page_path: str) -> bool:
    parsed = urlparse(href)
    if href.startswith("#"):
        return True
    return bool(parsed.fragment) and bool(page_path) and parsed.path.rstrip("/") == page_path


def _remove_teasers(body: Tag) -> None:
    """Drop boxes that advertise another article from inside this one.

    Signal: a small container whose heading reads like a teaser box
    ("Recommended Related to ...") or that ends in a "Read the ... article >"
    link-out. Its numbers belong to the other article.
    """
    heading_re = _regex("teaser_heading")
    for heading in list(body.find_all(list(HEADING_TAGS))):
        if _is_gone(heading) or not heading_re.match(SPACE.sub(" ", heading.get_text()).strip()):
            continue
        box = heading.parent
        if _is_small_box(box, body):
            box.decompose()
        else:
            heading.decompose()
    for link in list(body.find_all("a")):
        if _is_gone(link):
            continue
        if _is_teaser_link(SPACE.sub(" ", link.get_text()).strip()):
            box = link.parent
            if _is_small_box(box, body):
                box.decompose()
            else:
                link.decompose()


def _is_small_box(box: Tag | None, body: Tag) -> bool:
    return (
        box is not None
        and box is not body
        and box.name not in {"body", "main", "article"}
        and len(box.find_all(["p", "li"])) <= settings()["html_teaser_max_blocks"]
    )


def _is_teaser_link(text: str) -> bool:
    """A link-out of a teaser box: "Read the ... article > >", "More »"."""
    return (
        bool(text) and bool(_regex("teaser_link").match(text)) and bool(TEASER_ARROW.search(text))
    )


def _content_root(body: Tag) -> Tag:
    """The article: the deepest element that holds nearly all of the
    remaining block text, widened to the lowest element that also holds every
    prose paragraph left on the page (one long section, say one with a long
    reference list, can outweigh the rest of its article)."""
    share = settings()["html_root_text_share"]
    lengths = _unlinked_text_lengths(body)
    total = lengths.get(id(body), 0)
    node = body
    while True:
        best = None
        for child in node.find_all(True, recursive=False):
            if lengths.get(id(child), 0) >= share * total:
                best = child
                break
        if best is None:
            break
        node = best
    prose = [p for p in body.find_all("p") if _is_prose_paragraph(p)]
    while node is not body and node.parent is not None:
        inside = {id(p) for p in node.find_all("p")}
        if all(id(p) in inside for p in prose):
            break
        node = node.parent
    return node


def _is_prose_paragraph(p: Tag) -> bool:
    s = settings()
    words = len(WORD.findall(p.get_text()))
    if words < s["html_prose_paragraph_min_words"]:
        return False
    linked = sum(len(WORD.findall(a.get_text())) for a in p.find_all("a"))
    return linked / words <= s["html_prose_max_link_density"]


def _unlinked_text_lengths(root: Tag) -> dict[int, int]:
    """Characters of text outside links, for every element under `root`
    (by id), in one pass: navigation is mostly links, prose is not."""
    lengths: dict[int, int] = {}
    for string in root.find_all(string=True):
        n = len(string.strip())
        if not n:
            continue
        ancestors = []
        for parent in string.parents:
            ancestors.append(parent)
            if parent is root:
                break
        if any(a.name == "a" for a in ancestors):
            continue
        for parent in ancestors:
            lengths[id(parent)] = lengths.get(id(parent), 0) + n
    return lengths


def _inline_text(tag: Tag) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of an element with nested blocks skipped; link spans kept."""
    return _inline_nodes(list(tag.children), tag.name)


def _inline_nodes(
    nodes: list[Tag | NavigableString], container: str
) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of a run of nodes inside a `container` element, nested blocks
    skipped, link spans kept.

    Whitespace is collapsed as a browser would; offsets of links are into the
    collapsed text.
    """
    pieces: list[str] = []
    links: list[tuple[int, int, str]] = []

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
                    or (child.name in HEADING_TAGS or child.name in TEXT_BLOCK_TAGS)
                    or child.name in {"div", "section", "article", "blockquote", "figure", "li"}
                ):
                    if container in {"li", "td", "th", "dd"} and child.name not in LIST_TAGS | {
                        "table"
                    }:
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
    # Collapse whitespace piece by piece so that link markers map to offsets.
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


def _pmid(li: Tag, text: str) -> str:
    for a in li.find_all("a"):
        m = PMID_IN_URL.search(str(a.get("href") or ""))
        if m:
            return m.group(1)
    m = PMID_IN_TEXT.search(text)
    return m.group(1) if m else ""


def _is_reference_list(lst: Tag, previous_heading: str) -> bool:
    if lst.name != "ol" and lst.name != "ul":
        return False
    if set(_class_words(lst)) & set(hints()["reference_class_words"]):
        return True
    return bool(_regex("reference_heading").match(previous_heading))


def _section_number(lst: Tag, ordinal: int) -> str:
    """The number of the reference list: from entry ids (`section_2.9`),
    an enclosing section's id (`section_2`, `_2`), else its ordinal."""
    first = lst.find("li")
    if first is not None:
        m = SECTION_ID.search(str(first.get("id") or ""))
        if m:
            return m.group(1)
    for parent in lst.parents:
        if not isinstance(parent, Tag):
            continue
        m = SECTION_CONTAINER_ID.match(str(parent.get("id") or ""))
        if m:
            return m.group(1)
    return str(ordinal)


class _HtmlWalker:
    def __init__(self) -> None:
        self.blocks: list[_RawBlock] = []
        self.last_heading = ""
        self.ref_lists = 0

    def emit(self, kind: str, tag: Tag, level: int = 0) -> None:
        self.emit_nodes(kind, list(tag.children), tag.name, level)

    def emit_nodes(
        self, kind: str, nodes: list[Tag | NavigableString], container: str, level: int = 0
    ) -> None:
        text, links = _inline_nodes(nodes, container)
        if text:
            self.blocks.append(_RawBlock(kind, text, level, links))

    def walk(self, node: Tag) -> None:
        loose: list[Tag | NavigableString] = []

        def flush_loose() -> None:
            # Text sitting directly in a container (no <p>) is a paragraph.
            if not loose:
                return
            self.emit_nodes("paragraph", loose, node.name)
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
                self.emit("heading", child, HEADING_TAGS[name])
                self.last_heading = SPACE.sub(" ", child.get_text()).strip()
            elif name in {"ul", "ol", "menu"}:
                if _is_reference_list(child, self.last_heading):
                    self.reference_list(child)
                else:
                    self.list_items(child)
            elif name == "dl":
                for item in child.find_all(["dt", "dd"], recursive=False):
                    self.emit("item", item)
            elif name == "table":
                self.table(child)
            elif name in TEXT_BLOCK_TAGS:
                self.emit("paragraph", child)
                # "References" set as a plain paragraph labels the list below it.
                label = SPACE.sub(" ", child.get_text()).strip()
                if _regex("reference_heading").match(label):
                    self.last_heading = label
            else:
                self.walk(child)
        flush_loose()

    def list_items(self, lst: Tag) -> None:
        for li in lst.find_all("li", recursive=False):
            self.emit("item", li)
            for nested in li.find_all(True, recursive=False):
                if nested.name in LIST_TAGS or nested.name in {"table", "div", "section"}:
                    self.walk_nested(nested)

    def walk_nested(self, tag: Tag) -> None:
        if tag.name in {"ul", "ol", "menu"}:
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
            self.emit("paragraph", caption)
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            cells = []
            links: list[tuple[int, int, str]] = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                text, cell_links = _inline_text(cell)
                if not text:
                    continue
                offset = sum(len(c) for c in cells) + len(CELL_SEPARATOR) * len(cells)
                links.extend((s + offset, e + offset, h) for s, e, h in cell_links)
                cells.append(text)
            if cells:
                self.blocks.append(_RawBlock("row", CELL_SEPARATOR.join(cells), 0, links))
            # A list inside a cell: its items are lines of their own, after the row.
            for cell in tr.find_all(["td", "th"], recursive=False):
                for lst in cell.find_all(["ul", "ol"]):
                    if lst.find_parent(["ul", "ol", "td", "th"]) is cell:  # not a nested list
                        self.list_items(lst)

    def reference_list(self, lst: Tag) -> None:
        self.ref_lists += 1
        section = _section_number(lst, self.ref_lists)
        start = int(lst.get("start") or 1) if str(lst.get("start") or "1").isdigit() else 1
        for i, li in enumerate(lst.find_all("li", recursive=False)):
            text, _ = _inline_text(li)
            pmid = _pmid(li, text)
            # Link labels such as "[PUBMED Abstract]" are not part of the reference.
            ref_text = text
            for a in li.find_all("a"):
                label = SPACE.sub(" ", a.get_text()).strip()
                if label.startswith("[") and label.endswith("]"):
                    ref_text = ref_text.replace(label, " ")
            ref_text = SPACE.sub(" ", ref_text).strip()
            number = i + start
            m = SECTION_ID.search(str(li.get("id") or ""))
            if m:
                number = int(m.group(2))
            value = str(li.get("value") or "")
            if value.isdigit():
                number = int(value)
            self.blocks.append(_RawBlock("reference", text, 0, [], section, number, pmid, ref_text))


def _metas(soup: BeautifulSoup) -> dict[str, str]:
    """`<meta property|name=... content=...>` of the page, first one wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = str(tag.get("property") or tag.get("name") or "").lower()
        content = SPACE.sub(" ", str(tag.get("content") or "")).strip()
        if key and content:
            found.setdefault(key, content)
    return found


def _meta(metas: dict[str, str], *names: str) -> str:
    return next((metas[n] for n in names if n in metas), "")


def _site_from(url: str, site_name: str, chrome: str) -> str:
    """The site a page was saved from: a known host's short name, else the
    page's own host, else its declared site name, else what its chrome says
    (a known site's name, the copyright holder). Article text is never read:
    every PDQ summary names NCI and cancer.gov."""
    h = hints()
    host = urlparse(url).netloc.lower().split(":")[0]
    for domain, name in h["site_by_host"].items():
        if host == domain or host.endswith("." + domain):
            return name
    if host:
        return host.removeprefix("www.")
    if site_name:
        return site_name.lower()
    lowered = chrome.lower()
    for phrase, name in h["site_by_phrase"].items():
        if phrase in lowered:
            return name
    holder = COPYRIGHT_HOLDER.search(chrome)
    return holder.group(1).strip().lower() if holder else ""


def _html_title(soup: BeautifulSoup, metas: dict[str, str], root_h1: str) -> str:
    """The page's own title: the document title without a site suffix when
    the main heading starts with it, else the main heading."""
    candidates = [_meta(metas, "og:title", "twitter:title", "dcterms.title")]
    if soup.title is not None:
        candidates.append(SPACE.sub(" ", soup.title.get_text()).strip())
    for cand in candidates:
        if not cand:
            continue
        for part in [cand, *re.split(r"\s+[|–—-]\s+|\s+::\s+", cand)]:
            part = part.strip()
            if part and root_h1 and root_h1.startswith(part):
                return part
    if root_h1:
        return _page_title(root_h1)
    return next((c for c in candidates if c), "")


def _page_title(heading: str) -> str:
    """A PDQ main heading without its audience suffix ("–Health Professional
    Version"): the summary's title, as the document title states it."""
    return AUDIENCE_SUFFIX.sub("", heading).strip()


def clean_html(markup: str) -> CleanPage:
    soup = BeautifulSoup(markup, "lxml")
    url = ""
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href"):
        url = str(canonical["href"])
    metas = _metas(soup)
    url = url or _meta(metas, "og:url")
    page_hints = tuple(
        x
        for x in (
            soup.title.get_text() if soup.title else "",
            _meta(metas, "og:title"),
            _meta(metas, "description"),
            url,
        )
        if x
    )
    body = soup.body or soup
    chrome = _remove_chrome(soup, body, urlparse(url).path.rstrip("/"))
    root = _content_root(body)
    walker = _HtmlWalker()
    # The main heading sometimes sits just outside the content root.
    h1 = root.find("h1") or body.find("h1")
    if h1 is not None and root.find("h1") is None:
        walker.emit("heading", h1, 1)
    walker.walk(root)
    h1_text = SPACE.sub(" ", h1.get_text()).strip() if h1 is not None else ""
    title = _html_title(soup, metas, h1_text)
    site = _site_from(url, _meta(metas, "og:site_name", "application-name"), chrome)
    return _assemble(walker.blocks, title, site, url, page_hints)


# --------------------------------------------------------------------------- text


@dataclass
class _Group:
    lines: list[str]
    kind: str = "content"  # content | heading | chrome | teaser | table
    score: float = 0.0


def _words(line: str) -> int:
    return len(WORD.findall(line))


def _is_chrome_line(line: str) -> bool:
    s = line.strip()
    if s.count(" | ") >= hints()["nav_bar_min_pipes"]:
        return True
    return bool(_regex("chrome_line").match(s))


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    return (
        0 < _words(s) <= settings()["text_heading_max_words"]
        and not re.search(r"[.;:,!?\]]$", s)  # sentences, callouts and tags end claims
        and not LIST_MARKER.match(s)
        and s[:1].isalnum()
    )


def _heading_level(line: str) -> int:
    """Text saves lose heading levels; Title Case headings are section
    headings (level 2), sentence-case ones are subsections (level 3)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    if not words:
        return 2
    capitalised = sum(1 for w in words if w[0].isupper())
    return 2 if capitalised / len(words) >= 0.6 else 3


def _classify(group: _Group, previous: _Group | None) -> None:
    s = settings()
    lines = [ln.strip() for ln in group.lines]
    chrome = [ln for ln in lines if _is_chrome_line(ln)]
    if len(chrome) == len(lines):
        group.kind = "chrome"
        return
    if any(_is_teaser_link(ln) for ln in lines):
        group.kind = "teaser"
        return
    if len(lines) == 1 and _is_heading_line(lines[0]):
        group.kind = "heading"
        return
    if previous is not None and any(TABLE_CAPTION.match(ln.strip()) for ln in previous.lines[-1:]):
        group.kind = "table"
        return
    rest = [ln for ln in lines if ln not in chrome]
    short = [
        ln
        for ln in rest
        if _words(ln) <= s["text_short_line_max_words"] and not LIST_MARKER.match(ln)
    ]
    if len(short) == len(rest) and (len(rest) >= s["text_chrome_run_min_lines"] or chrome):
        # A run of link-like lines (menus, sidebars, teaser lists), or chrome
        # lines with nothing but short lines beside them (a footer block).
        group.kind = "chrome"


def _score(group: _Group) -> float:
    s = settings()
    if group.kind == "heading":
        return s["text_score_heading"]
    if group.kind == "chrome":
        return s["text_score_chrome_line"] * len(group.lines)
    if group.kind == "teaser":
        # A teaser box sits inside the article: it is dropped anyway and must
        # not split the article's window in two.
        return s["text_score_teaser"]
    return float(sum(_words(ln) for ln in group.lines))


def _best_window(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run of groups (Kadane): the main content."""
    best, best_range = float("-inf"), (0, 0)
    running, start = 0.0, 0
    for i, value in enumerate(scores):
        if running <= 0:
            running, start = value, i
        else:
            running += value
        if running > best:
            best, best_range = running, (start, i + 1)
    return best_range


def _heading_above(groups: list[_Group], lo: int) -> int | None:
    """The heading line nearest above the content window, looking past a
    few chrome lines (a font-size widget between title and article)."""
    for i in range(lo - 1, max(-1, lo - 1 - settings()["text_title_lookback_groups"]), -1):
        g = groups[i]
        if g.kind == "heading" and not _regex("teaser_heading").match(g.lines[0].strip()):
            return i
        if g.kind != "chrome":
            return None
    return None


def _header_title(header: list[_Group]) -> str:
    for g in header:
        lines = [ln.strip() for ln in g.lines]
        for above, line in zip(lines, lines[1:], strict=False):
            if AUDIENCE_LINE.match(line) and _is_heading_line(above):
                return above
    return ""


def clean_text(text: str) -> CleanPage:
    groups: list[_Group] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(_Group(current))
            current = []
    if current:
        groups.append(_Group(current))
    previous = None
    for g in groups:
        _classify(g, previous)
        g.score = _score(g)
        previous = g
    if not groups:
        return _assemble([], "", "", "", ())
    lo, hi = _best_window([g.score for g in groups])
    # A heading directly above a chrome box names the box ("Today on ...").
    for i in range(lo, hi):
        if groups[i].kind == "heading" and (
            i + 1 >= hi or groups[i + 1].kind in {"chrome", "teaser"}
        ):
            groups[i].kind = "chrome"
    # The page title: a line the PDQ audience line ("Health Professional
    # Version") stands under in the page header, else the heading the content
    # window starts with, else the nearest heading above the window.
    title = _header_title(groups[:lo])
    raw: list[_RawBlock] = []
    if not title:
        # The title line heads the clean text, as a page's main heading does.
        at = lo if groups[lo].kind == "heading" else _heading_above(groups, lo)
        if at is not None:
            title = groups[at].lines[0].strip()
            groups[at].kind = "title"
            raw.append(_RawBlock("heading", title, 1))
    in_references = False
    ref_lists = 0
    for g in groups[lo:hi]:
        if g.kind in {"chrome", "teaser", "title"}:
            continue
        if g.kind == "heading":
            line = g.lines[0].strip()
            in_references = bool(_regex("reference_heading").match(line))
            if in_references:
                ref_lists += 1
            raw.append(_RawBlock("heading", line, _heading_level(line)))
            continue
        for line in g.lines:
            line = SPACE.sub(" ", line).strip()
            entry = NUMBERED_ENTRY.match(line)
            if in_references and entry:
                body = entry.group(2)
                pmid_m = PMID_IN_TEXT.search(body)
                raw.append(
                    _RawBlock(
                        "reference",
                        line,
                        0,
                        [],
                        str(ref_lists),
                        int(entry.group(1)),
                        pmid_m.group(1) if pmid_m else "",
                        LINK_LABEL.sub("", body).strip(),
                    )
                )
                continue
            in_references = False
            kind = "item" if LIST_MARKER.match(line) else "paragraph"
            if g.kind == "table":
                kind = "row"
            raw.append(_RawBlock(kind, line))
    # The chrome around the article names the site ("Today on WebMD", "©").
    chrome = "\n".join(
        ln
        for i, g in enumerate(groups)
        for ln in g.lines
        if not lo <= i < hi or g.kind in {"chrome", "teaser"}
    )
    url_m = re.search(r"https?://[^\s|]+", chrome)
    url = url_m.group(0) if url_m else ""
    return _assemble(raw, _page_title(title), _site_from(url, "", chrome), url, (title,))
