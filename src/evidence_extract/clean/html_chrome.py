"""HTML: remove what is not the article, then find the article.

Chrome goes first, by general signals: hidden and semantic chrome elements,
class and id words portals use for chrome (unless the element is prose or
holds most of the page), link lists pointing to other pages, and teaser boxes
advertising another article. The article is then the deepest element that
holds nearly all remaining text, widened until it holds every prose paragraph.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, Tag

from ..settings import CleanOptions
from .blocks import SPACE, WORD

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
TABLE_PARTS = {"table", "thead", "tbody", "tr", "td", "th"}
# Containers a teaser box is never: removing one would remove the article.
ARTICLE_TAGS = {"body", "main", "article"}


def class_words(tag: Tag) -> list[str]:
    """The words of an element's class and id: `hl-source-box` and
    `sourceBox` both give source, box."""
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    names = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names).lower()
    return [w for w in re.split(r"[^a-z0-9]+", names) if w]


def is_gone(tag: Tag) -> bool:
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


def _is_semantic_chrome(tag: Tag, opts: CleanOptions) -> bool:
    return tag.name in opts.hints.chrome_tags or tag.get("role") in opts.hints.chrome_roles


def _looks_like_chrome(tag: Tag, opts: CleanOptions) -> bool:
    if tag.name in HEADING_TAGS or tag.name in TABLE_PARTS:
        return False
    words = class_words(tag)
    if set(words) & opts.hints.chrome_class_words:
        return True
    phrase_text = f" {' '.join(words)} "
    return any(f" {p} " in phrase_text for p in opts.hints.chrome_class_phrases)


def remove_chrome(soup: BeautifulSoup, body: Tag, page_path: str, opts: CleanOptions) -> str:
    """Remove non-content elements; return the text of the chrome removed
    (header, footer, navigation, banners), which names the site."""
    removed: list[str] = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in body.find_all(list(opts.hints.drop_tags)):
        tag.decompose()
    total = max(_text_len(body), 1)
    max_share = opts.settings.html_chrome_max_text_share
    # Containers of a main heading, found once (a subtree search per element
    # made this quadratic on large pages).
    title_holders = {id(parent) for h1 in body.find_all("h1") for parent in h1.parents}
    for tag in list(body.find_all(True)):
        if is_gone(tag):
            continue
        if _is_hidden(tag):
            tag.decompose()
            continue
        if id(tag) in title_holders:
            continue  # the page title's container ("article-header") is the article's
        if _is_semantic_chrome(tag, opts):
            removed.append(tag.get_text(" "))
            tag.decompose()
            continue
        # A wrapper that holds most of the page is the article itself,
        # whatever its class says ("page-body layout-2col").
        if (
            _looks_like_chrome(tag, opts)
            and _text_len(tag) <= max_share * total
            and not _is_prose(tag, opts)
        ):
            removed.append(tag.get_text(" "))
            tag.decompose()
            continue
        if tag.name in {"ul", "ol", "menu"} and _is_link_list(tag, page_path, opts):
            tag.decompose()
    _remove_teasers(body, opts)
    return SPACE.sub(" ", " ".join(removed))


def _is_prose(tag: Tag, opts: CleanOptions) -> bool:
    """Several long paragraphs with few links: article text, whatever the
    element's class says. Chrome boxes (teasers, banners) hold one at most."""
    needed = opts.settings.html_prose_paragraphs_for_content
    long_paragraphs = 0
    for p in tag.find_all("p"):
        if is_prose_paragraph(p, opts):
            long_paragraphs += 1
            if long_paragraphs >= needed:
                return True
    return False


def is_prose_paragraph(p: Tag, opts: CleanOptions) -> bool:
    words = len(WORD.findall(p.get_text()))
    if words < opts.settings.html_prose_paragraph_min_words:
        return False
    linked = sum(len(WORD.findall(a.get_text())) for a in p.find_all("a"))
    return linked / words <= opts.settings.html_prose_max_link_density


def _is_link_list(lst: Tag, page_path: str, opts: CleanOptions) -> bool:
    """A menu: several items, nearly all of their text in links to other
    pages. Links to sections of this page ("Treatment options: Surgery,
    Radiation therapy" pointing at #_74) are the summary's own structure."""
    items = lst.find_all("li", recursive=False)
    if len(items) < opts.settings.html_link_list_min_items:
        return False
    text = _text_len(lst)
    linked = sum(
        _text_len(a)
        for a in lst.find_all("a")
        if not _same_page(str(a.get("href") or ""), page_path)
    )
    return text > 0 and linked / text >= opts.settings.html_link_density_drop


def _same_page(href: str, page_path: str) -> bool:
    parsed = urlparse(href)
    if href.startswith("#"):
        return True
    return bool(parsed.fragment) and bool(page_path) and parsed.path.rstrip("/") == page_path


def _remove_teasers(body: Tag, opts: CleanOptions) -> None:
    """Drop boxes that advertise another article from inside this one.

    Signal: a small container whose heading reads like a teaser box
    ("Recommended Related to ...") or that ends in a "Read the ... article >"
    link-out. Its numbers belong to the other article.
    """
    for heading in list(body.find_all(list(HEADING_TAGS))):
        if is_gone(heading) or not opts.hints.is_teaser_heading(
            SPACE.sub(" ", heading.get_text()).strip()
        ):
            continue
        _remove_box_of(heading, body, opts)
    for link in list(body.find_all("a")):
        if is_gone(link):
            continue
        if opts.hints.is_teaser_link(SPACE.sub(" ", link.get_text()).strip()):
            _remove_box_of(link, body, opts)


def _remove_box_of(marker: Tag, body: Tag, opts: CleanOptions) -> None:
    """Remove the small box a teaser marker sits in, else the marker alone."""
    box = marker.parent
    if (
        box is not None
        and box is not body
        and box.name not in ARTICLE_TAGS
        and len(box.find_all(["p", "li"])) <= opts.settings.html_teaser_max_blocks
    ):
        box.decompose()
    else:
        marker.decompose()


def content_root(body: Tag, opts: CleanOptions) -> Tag:
    """The article: the deepest element that holds nearly all of the
    remaining block text, widened to the lowest element that also holds every
    prose paragraph left on the page (one long section, say one with a long
    reference list, can outweigh the rest of its article)."""
    share = opts.settings.html_root_text_share
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
    prose = [p for p in body.find_all("p") if is_prose_paragraph(p, opts)]
    while node is not body and node.parent is not None:
        inside = {id(p) for p in node.find_all("p")}
        if all(id(p) in inside for p in prose):
            break
        node = node.parent
    return node


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
