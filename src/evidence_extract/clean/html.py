"""HTML pages: parse once, remove chrome, find the article, serialise it."""

from __future__ import annotations

from urllib.parse import urlparse

from ..settings import CleanOptions
from .blocks import BlockKind, CleanPage, PageMeta, RawBlock, assemble, squeezed
from .html_blocks import HtmlWalker
from .html_chrome import content_root, remove_chrome
from .html_measures import OwnText
from .html_title import is_inside, main_heading, title_block, title_string
from .html_tree import HtmlTree
from .metadata import TITLE_SEPARATOR, document_title, html_title, html_url, meta, metas, site_from


def clean_html(markup: str, opts: CleanOptions) -> CleanPage:
    tree = HtmlTree(markup)
    if tree.root is None:  # nothing but white space and comments
        return assemble([], PageMeta())
    found = metas(tree)
    url = html_url(tree, found)
    declared = document_title(tree) or ""
    page_hints = tuple(
        x for x in (declared, meta(found, "og:title"), meta(found, "description"), url) if x
    )
    body = tree.find(tree.root, "body")
    if body is None:
        body = tree.root
    own = OwnText(tree, body)  # every string read once, before any removal
    chrome = remove_chrome(tree, body, urlparse(url).path.rstrip("/"), own, opts)
    root = content_root(tree, body, own, opts)
    walker = HtmlWalker(tree, opts)
    # The main heading sometimes sits just outside the content root: it
    # heads the clean text, with the short lines set beside it (audience,
    # authors). A page without one may still write its title apart.
    site_name = meta(found, "og:site_name", "application-name")
    h1 = main_heading(tree, body, root)
    h1_text = ""
    if h1 is not None:
        h1_text = squeezed(tree.text(h1))
        if not is_inside(tree, h1, root):
            walker.emit(BlockKind.HEADING, h1, 1)
            walker.blocks.extend(title_block(tree, h1, root, opts))
    else:
        parts = [p.strip() for p in [declared, *TITLE_SEPARATOR.split(declared)]]
        h1_text, inside = title_string(tree, body, root, [p for p in parts if p], site_name)
        if h1_text and not inside:
            walker.blocks.append(RawBlock(BlockKind.HEADING, h1_text, 1))
    walker.walk(root)
    site = site_from(url, site_name, chrome, opts)
    return assemble(
        walker.blocks, PageMeta(html_title(tree, found, h1_text), site, url, page_hints)
    )
