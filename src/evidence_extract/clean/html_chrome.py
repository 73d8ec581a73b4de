"""HTML: remove what is not the article, then find the article.

Chrome goes first, by general signals: hidden and semantic chrome elements,
class and id words portals use for chrome (unless the element is prose or
holds most of the page), link lists pointing to other pages, and teaser boxes
advertising another article. The article is then the deepest element that
holds nearly all remaining text, widened until it holds every prose paragraph.

Each decision reads measures of an element's subtree (its text length, its
prose paragraphs, its unlinked text); they are computed for every element
in one pass over the tree, not by a search below each element. Elements are
visited in document order, so when one is judged nothing below it has been
removed yet (but the dropped tags, whose text is taken off their ancestors'
measures as they go): the measures taken before the pass hold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from urllib.parse import urlparse

from ..settings import TEASER_ARROW, CleanOptions
from .blocks import WORD, collapsed, squeezed
from .html_measures import Measures, OwnText, is_prose_paragraph, unlinked_text_lengths
from .html_tree import Element, HtmlTree, attribute

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
TABLE_PARTS = {"table", "thead", "tbody", "tr", "td", "th"}
# Containers a teaser box is never: removing one would remove the article.
ARTICLE_TAGS = {"body", "main", "article"}
CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def class_words(el: Element) -> list[str]:
    """The words of an element's class and id: `hl-source-box` and
    `sourceBox` both give source, box."""
    names = attribute(el, "class") + " " + attribute(el, "id")
    if names == " ":
        return []
    names = CAMEL_CASE.sub(" ", names).lower()
    return [w for w in NOT_ALNUM.split(names) if w]


def _is_hidden(el: Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = attribute(el, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_semantic_chrome(el: Element, opts: CleanOptions) -> bool:
    return el.tag in opts.hints.chrome_tags or el.get("role") in opts.hints.chrome_roles


def _looks_like_chrome(el: Element, opts: CleanOptions, seen: dict[str, bool]) -> bool:
    """The element's class or id names chrome. `seen`: the answer for each
    class-and-id string met so far on the page (most elements share a few)."""
    if el.tag in HEADING_TAGS or el.tag in TABLE_PARTS:
        return False
    names = attribute(el, "class") + " " + attribute(el, "id")
    answer = seen.get(names)
    if answer is None:
        answer = seen[names] = _names_chrome(class_words(el), opts)
    return answer


def _names_chrome(words: list[str], opts: CleanOptions) -> bool:
    if set(words) & opts.hints.chrome_class_words:
        return True
    phrase_text = f" {' '.join(words)} "
    return any(f" {p} " in phrase_text for p in opts.hints.chrome_class_phrases)


def remove_chrome(
    tree: HtmlTree, body: Element, page_path: str, own: OwnText, opts: CleanOptions
) -> str:
    """Remove non-content elements; return the text of the chrome removed
    (header, footer, navigation, banners), which names the site."""
    removed: list[str] = []
    measures = Measures(tree, body, own, opts)
    _drop_tags(tree, body, measures, opts)
    total = max(measures.text_length(body), 1)
    max_share = opts.settings.html_chrome_max_text_share
    # Containers of a main heading: the page title's container
    # ("article-header") is the article's.
    title_holders = {a for h1 in tree.iter(body, "h1") for a in tree.ancestors(h1)}
    chrome_names: dict[str, bool] = {}
    signal_tags = opts.hints.chrome_tags | LINK_LIST_TAGS
    for el in measures.elements:
        # An element with no attribute, of no chrome tag and no list, is
        # none of what follows: most of a page (links, items, cells, inline
        # markup), each spared the Python calls below.
        if (not el.attrib and el.tag not in signal_tags) or tree.is_gone(el):
            continue
        if _is_hidden(el):
            tree.remove(el)
            continue
        if el in title_holders:
            continue
        if _is_semantic_chrome(el, opts):
            removed.append(tree.text(el, " "))
            tree.remove(el)
            continue
        # A wrapper that holds most of the page is the article itself,
        # whatever its class says ("page-body layout-2col").
        if (
            _looks_like_chrome(el, opts, chrome_names)
            and measures.text_length(el) <= max_share * total
            and not measures.is_prose(el)
        ):
            removed.append(tree.text(el, " "))
            tree.remove(el)
            continue
        if el.tag in LINK_LIST_TAGS and _is_link_list(tree, measures, el, page_path, opts):
            tree.remove(el)
    _remove_teasers(tree, body, page_path, opts)
    return collapsed(" ".join(removed))


LINK_LIST_TAGS = frozenset({"ul", "ol", "menu"})


def _drop_tags(tree: HtmlTree, body: Element, measures: Measures, opts: CleanOptions) -> None:
    """Remove the elements of tags that are never content (scripts, forms,
    images) — except one that holds most of the page's text: an ASP.NET
    page wraps its whole body in a `<form>`, which is then the page (its
    fields are still dropped). The measures were taken with all of them."""
    limit = opts.settings.html_chrome_max_text_share * measures.text_length(body)
    for el in list(tree.iter(body, *opts.hints.drop_tags)):
        if tree.is_gone(el):
            continue
        # (an element without children is a script, an image or a field)
        if len(el) and measures.length[el] > limit:
            continue
        measures.forget(el)
        tree.remove(el)


def _is_link_list(
    tree: HtmlTree, measures: Measures, lst: Element, page_path: str, opts: CleanOptions
) -> bool:
    """A menu: several items, nearly all of their text in links to other
    pages. Links to sections of this page ("Treatment options: Surgery,
    Radiation therapy" pointing at #_74) are the summary's own structure."""
    items = tree.child_elements(lst, "li")
    if len(items) < opts.settings.html_link_list_min_items:
        return False
    text = measures.text_length(lst)
    linked = sum(
        measures.text_length(a)
        for a in tree.iter(lst, "a")
        if not _same_page(attribute(a, "href"), page_path)
    )
    return text > 0 and linked / text >= opts.settings.html_link_density_drop


def _same_page(href: str, page_path: str) -> bool:
    if href.startswith("#"):
        return True
    if "#" not in href or not page_path:
        return False  # no fragment, or no page to point into
    parsed = urlparse(href)
    return bool(parsed.fragment) and parsed.path.rstrip("/") == page_path


def _remove_teasers(tree: HtmlTree, body: Element, page_path: str, opts: CleanOptions) -> None:
    """Drop boxes that advertise another article from inside this one.

    Signal: a small container whose heading reads like a teaser box
    ("Recommended Related to ..."), or that ends in a "Read the ... article >"
    link-out, or related posts: boxes headed by a link to another page over
    a short excerpt, two or more of them (in one box or side by side), or
    one alone in a box of its own under a title ("Related"). Their numbers
    belong to the other articles. One section of the article whose heading
    links to a page of its own stays.
    """
    linked: dict[Element, list[Element]] = {}  # box -> its headings linked elsewhere
    for heading in list(tree.iter(body, *HEADING_TAGS)):
        if tree.is_gone(heading):
            continue
        text = squeezed(tree.text(heading))
        if opts.hints.is_teaser_heading(text):
            _remove_box_of(tree, heading, body, opts)
        elif text and _links_elsewhere(tree, heading, text, page_path):
            box = heading.getparent()
            if box is not None:
                linked.setdefault(box, []).append(heading)
    posts = {box: hs for box, hs in linked.items() if _holds_post_excerpts(tree, box, hs, opts)}
    side_by_side = Counter(box.getparent() for box in posts)
    for box, headings in posts.items():
        if (
            len(headings) >= 2
            or side_by_side[box.getparent()] >= 2
            or _alone_under_a_title(tree, box)
        ):
            for heading in headings:
                if not tree.is_gone(heading):
                    _remove_box_of(tree, heading, body, opts, keep_marker=True)
    for link in list(tree.iter(body, "a")):
        if tree.is_gone(link):
            continue
        text = tree.text(link)
        # (a link-out has an arrow: most links are looked at no further)
        if TEASER_ARROW.search(text) and opts.hints.is_teaser_link(squeezed(text)):
            _remove_box_of(tree, link, body, opts)


def _holds_post_excerpts(
    tree: HtmlTree, box: Element, headings: list[Element], opts: CleanOptions
) -> bool:
    """Whether what a box holds besides its linked headings is their posts'
    excerpts: a few words each, without the citation callouts or level tags
    the article's own sections carry."""
    text = tree.text(box)
    if ARTICLE_APPARATUS.search(text):
        return False
    excerpts = len(WORD.findall(text)) - sum(len(WORD.findall(tree.text(h))) for h in headings)
    return excerpts <= opts.settings.html_teaser_excerpt_max_words * len(headings)


def _alone_under_a_title(tree: HtmlTree, box: Element) -> bool:
    """Whether the box shares its container with a title only (a related
    box holding one post: "Related", then the post). The article's own
    container, headed by its `<h1>`, is no such box."""
    container = box.getparent()
    if container is None or container.tag in ARTICLE_TAGS or container.tag == "body":
        return False
    others = [c for c in tree.children(container) if c is not box]
    return bool(others) and all(
        (isinstance(c, str) and not c.strip())
        or (getattr(c, "tag", None) in HEADING_TAGS and c.tag != "h1")
        for c in others
    )


# What an article's own section holds and a related post's excerpt does not
ARTICLE_APPARATUS = re.compile(r"\[\s*\d|level\s+of\s+evidence", re.IGNORECASE)


def _links_elsewhere(tree: HtmlTree, heading: Element, text: str, page_path: str) -> bool:
    """A heading that is one link, to another page."""
    links = tree.child_elements(heading, "a") or [
        a for a in tree.iter(heading, "a") if a.getparent() is not heading
    ]
    if len(links) != 1:
        return False
    href = attribute(links[0], "href").strip()
    if not href or href.lower().startswith("javascript:") or _same_page(href, page_path):
        return False
    return squeezed(tree.text(links[0])) == text


def _remove_box_of(
    tree: HtmlTree, marker: Element, body: Element, opts: CleanOptions, keep_marker: bool = False
) -> None:
    """Remove the small box a teaser marker sits in, else the marker alone
    (or nothing, for a marker that may be a section's own heading); then
    the boxes left holding nothing but headings (the teaser list's own
    "Related")."""
    box = marker.getparent()
    if (
        box is not None
        and box is not body
        and box.tag not in ARTICLE_TAGS
        and _at_most(tree.iter(box, "p", "li"), opts.settings.html_teaser_max_blocks)
    ):
        tree.remove(box)
        parent = box.getparent()
        while parent is not None and parent is not body and parent.tag not in ARTICLE_TAGS:
            if not _only_headings(tree, parent):
                break
            tree.remove(parent)
            parent = parent.getparent()
    elif not keep_marker:
        tree.remove(marker)


def _only_headings(tree: HtmlTree, box: Element) -> bool:
    """Whether all a box still shows is headings (or nothing)."""
    for child in tree.children(box):
        if isinstance(child, str):
            if child.strip():
                return False
        elif child.tag not in HEADING_TAGS and tree.text(child).strip():
            return False
    return True


def _at_most(items: Iterator[Element], limit: int) -> bool:
    """Whether there are at most `limit` items (counted no further: a
    teaser marker inside the article would otherwise count all of it)."""
    return next(islice(items, limit, None), None) is None


def content_root(tree: HtmlTree, body: Element, own: OwnText, opts: CleanOptions) -> Element:
    """The article: the deepest element that holds nearly all of the
    remaining block text, widened to the lowest element that also holds every
    prose paragraph left on the page (one long section, say one with a long
    reference list, can outweigh the rest of its article)."""
    share = opts.settings.html_root_text_share
    lengths = unlinked_text_lengths(tree, body, own)
    total = lengths.get(body, 0)
    node = body
    while True:
        best = None
        for child in tree.child_elements(node):
            if lengths.get(child, 0) >= share * total:
                best = child
                break
        if best is None:
            break
        node = best
    if node is body:
        return node
    # Only prose outside the deepest holder can widen it: what is inside it
    # is inside every element above it too.
    inside = set(tree.iter(node, "p"))
    prose = [
        p for p in tree.iter(body, "p") if p not in inside and is_prose_paragraph(tree, p, opts)
    ]
    while node is not body and node.getparent() is not None:
        inside = set(tree.iter(node, "p"))
        if all(p in inside for p in prose):
            break
        node = node.getparent()
    return node
