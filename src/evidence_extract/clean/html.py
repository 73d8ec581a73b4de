"""HTML pages: parse once, remove chrome, find the article, serialise it."""

from __future__ import annotations

from urllib.parse import urlparse

from ..settings import CleanOptions
from .blocks import SPACE, BlockKind, CleanPage, PageMeta, assemble
from .html_blocks import HtmlWalker
from .html_chrome import content_root, remove_chrome
from .html_tree import HtmlTree
from .metadata import document_title, html_title, html_url, meta, metas, site_from


def clean_html(markup: str, opts: CleanOptions) -> CleanPage:
    tree = HtmlTree(markup)
    if tree.root is None:  # nothing but white space and comments
        return assemble([], PageMeta())
    found = metas(tree)
    url = html_url(tree, found)
    page_hints = tuple(
        x
        for x in (
            document_title(tree) or "",
            meta(found, "og:title"),
            meta(found, "description"),
            url,
        )
        if x
    )
    body = tree.find(tree.root, "body")
    if body is None:
        body = tree.root
    chrome = remove_chrome(tree, body, urlparse(url).path.rstrip("/"), opts)
    root = content_root(tree, body, opts)
    walker = HtmlWalker(tree, opts)
    # The main heading sometimes sits just outside the content root.
    in_root = tree.find(root, "h1")
    h1 = in_root if in_root is not None else tree.find(body, "h1")
    if h1 is not None and in_root is None:
        walker.emit(BlockKind.HEADING, h1, 1)
    walker.walk(root)
    h1_text = SPACE.sub(" ", tree.text(h1)).strip() if h1 is not None else ""
    site = site_from(url, meta(found, "og:site_name", "application-name"), chrome, opts)
    return assemble(
        walker.blocks, PageMeta(html_title(tree, found, h1_text), site, url, page_hints)
    )
