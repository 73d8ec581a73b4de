"""Stage 2 — strip boilerplate; keep the main content as blocks.

Every reader produces a `CleanPage` (see `blocks.py`): the clean text (one
block per line, a blank line before each heading), the blocks with their
offsets and heading path, the reference-list entries (which later stages
must not scan), and the links that survive in the text (cancer.gov-style
callouts carry their reference section in the link target).

    html.py          HTML pages: parse, remove chrome, find the article, serialise
    html_chrome.py   chrome, teaser and content-root decisions
    html_title.py    the main heading (the <h1> nearest the article) and the lines beside it
    html_blocks.py   the article's blocks in reading order (lists, tables)
    html_inline.py   one block's text on one line, with link spans
    references.py    reference lists: entries, numbers, PMIDs
    metadata.py      title, site, address
    text.py          pages saved as text
    text_wrap.py     text saves broken at a fixed width: lines joined back into blocks
    signals.py       lines that are chrome by their form (a date set apart, a rule, ...)
    markdown.py      pages saved as Markdown (front matter, pipe tables, link callouts)
    pdq_xml.py       PDQ summaries as NCI distributes them (CDR XML, root <Summary>)
    line.py          one line of a structured format, with link spans
    blocks.py        the block model and its layout as the clean text
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlparse

from ..load import DecodedPage, PageFormat, decode, sha256
from ..settings import CleanOptions
from .blocks import WORD, Block, BlockKind, CleanPage, Link, page_from_paragraphs
from .html import clean_html
from .markdown import clean_markdown
from .metadata import site_from
from .pdq_xml import clean_pdq_xml
from .text import clean_text

__all__ = [
    "Block",
    "BlockKind",
    "CleanPage",
    "CleanedDocument",
    "Link",
    "clean_decoded",
    "clean_document",
    "clean_html",
    "clean_markdown",
    "clean_pdq_xml",
    "clean_page",
    "clean_text",
    "no_content_reason",
    "page_from_paragraphs",
    "with_fetched_url",
]


@dataclass(frozen=True)
class CleanedDocument:
    """A page's bytes decoded and cleaned: the first half of the
    per-document step, which needs no spaCy (a run cleans the largest
    pages ahead while its pipeline loads: batch/clean_ahead.py)."""

    sha256: str  # of the bytes cleaned
    n_chars_raw: int
    encoding: str  # how they were decoded (documents.csv)
    page: CleanPage


def clean_document(data: bytes, fmt: PageFormat, url: str, opts: CleanOptions) -> CleanedDocument:
    """Decode and clean a document's bytes (`fmt`: its format; `url`: the
    address a container says it was fetched from, or "")."""
    decoded = decode(data, is_html=fmt.read_as == PageFormat.HTML)
    page = clean_decoded(decoded, fmt, url, opts)
    return CleanedDocument(sha256(data), len(decoded.text), decoded.encoding, page)


def clean_decoded(page: DecodedPage, fmt: PageFormat, url: str, opts: CleanOptions) -> CleanPage:
    """A decoded page cleaned as its format reads, with the address it was
    fetched from when it states none."""
    return with_fetched_url(clean_page(page, fmt.read_as, opts), url, opts)


def clean_page(page: DecodedPage, fmt: PageFormat, opts: CleanOptions) -> CleanPage:
    if fmt == PageFormat.HTML:
        return clean_html(page.text, opts)
    if fmt == PageFormat.MARKDOWN:
        return clean_markdown(page.text, opts)
    if fmt == PageFormat.PDQ_XML:
        return clean_pdq_xml(page.text, opts)
    return clean_text(page.text, opts)


def with_fetched_url(page: CleanPage, url: str, opts: CleanOptions) -> CleanPage:
    """The page with the address it was fetched from (a web archive's
    record) as its own when it states none: the host names the site, as a
    stated address's would (`site_from` ranks a host above a site name or
    the chrome), and the address is a hint of the summary's kind."""
    if not url or page.url or not urlparse(url).netloc:
        return page
    return replace(page, url=url, site=site_from(url, "", "", opts))


def no_content_reason(page: CleanPage, opts: CleanOptions) -> str:
    """Why a page has no main content to extract, or "" when it has some.

    An index page cleans down to headings at most; an error page ("404 Not
    Found", "Access denied") keeps a sentence or two under an error title.
    """
    if not any(b.kind != BlockKind.HEADING for b in page.blocks):
        return "no main content found (an index, menu or empty page?)"
    heading = next((b.text for b in page.blocks if b.kind == BlockKind.HEADING), "")
    for name in (page.title, heading):
        if (
            name
            and opts.hints.error_page_title.search(name)
            and _at_most_words(page.text, opts.settings.error_page_max_words)
        ):
            return f"the page is an error page ({name!r}), not an article"
    return ""


def _at_most_words(text: str, limit: int) -> bool:
    """Whether `text` has at most `limit` words (counted no further)."""
    return all(count <= limit for count, _ in enumerate(WORD.finditer(text), start=1))
