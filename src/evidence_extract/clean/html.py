"""HTML pages: parse once, remove chrome, find the article, serialise it."""

from __future__ import annotations

from urllib.parse import urlparse

from bs4 import BeautifulSoup

from ..settings import CleanOptions
from .blocks import SPACE, BlockKind, CleanPage, PageMeta, assemble
from .html_blocks import HtmlWalker
from .html_chrome import content_root, remove_chrome
from .metadata import html_title, html_url, meta, metas, site_from


def clean_html(markup: str, opts: CleanOptions) -> CleanPage:
    soup = BeautifulSoup(markup, "lxml")
    found = metas(soup)
    url = html_url(soup, found)
    page_hints = tuple(
        x
        for x in (
            soup.title.get_text() if soup.title else "",
            meta(found, "og:title"),
            meta(found, "description"),
            url,
        )
        if x
    )
    body = soup.body or soup
    chrome = remove_chrome(soup, body, urlparse(url).path.rstrip("/"), opts)
    root = content_root(body, opts)
    walker = HtmlWalker(opts)
    # The main heading sometimes sits just outside the content root.
    h1 = root.find("h1") or body.find("h1")
    if h1 is not None and root.find("h1") is None:
        walker.emit(BlockKind.HEADING, h1, 1)
    walker.walk(root)
    h1_text = SPACE.sub(" ", h1.get_text()).strip() if h1 is not None else ""
    site = site_from(url, meta(found, "og:site_name", "application-name"), chrome, opts)
    return assemble(
        walker.blocks, PageMeta(html_title(soup, found, h1_text), site, url, page_hints)
    )
