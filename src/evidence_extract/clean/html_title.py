"""HTML: the main heading and the lines set beside it.

A site's header may hold an `<h1>` of its own (NCBI's "Bookshelf"), and the
article's heading may sit just outside the content root: the main heading
is then the `<h1>` nearest the root — the one that shares the deepest
ancestor with it. A page without any `<h1>` (cancer.gov of 2004) still
writes its title apart: the string of the page that equals the document
title, or a part of it, nearest above the root.
"""

from __future__ import annotations

from ..settings import CleanOptions
from .blocks import WORD, BlockKind, RawBlock, squeezed
from .html_inline import inline_text
from .html_tree import Element, HtmlTree
from .signals import is_set_apart


def is_inside(tree: HtmlTree, el: Element, container: Element) -> bool:
    return el is container or any(a is container for a in tree.ancestors(el))


def main_heading(tree: HtmlTree, body: Element, root: Element) -> Element | None:
    """The root's first `<h1>`, else the `<h1>` before the root nearest it
    (the first of those as near), else None. One after the article heads
    something else (a promotion box, a footer)."""
    inside = tree.find(root, "h1")
    if inside is not None:
        return inside
    before_root: list[Element] = []
    for el in tree.iter(body):
        if el is root:
            break
        if el.tag == "h1":
            before_root.append(el)
    depth = {a: i for i, a in enumerate(reversed([root, *tree.ancestors(root)]))}
    best, best_depth = None, -1
    for h1 in before_root:
        shared = next((depth[a] for a in tree.ancestors(h1) if a in depth), -1)
        if shared > best_depth:
            best, best_depth = h1, shared
    return best


def title_block(tree: HtmlTree, h1: Element, root: Element, opts: CleanOptions) -> list[RawBlock]:
    """The short lines after a main heading outside the root, in its
    container: an audience line, the authors. Links there lead elsewhere
    ("Go to Patient Version") and a date set apart is the page's, not the
    summary's; a longer line is a note about the page."""
    blocks: list[RawBlock] = []
    parent = h1.getparent()
    if parent is None:
        return blocks
    siblings = tree.child_elements(parent)
    for sibling in siblings[siblings.index(h1) + 1 :]:
        if is_inside(tree, root, sibling):
            break
        text, links = inline_text(tree, sibling)
        for start, end, _ in reversed(links):
            text = text[:start] + " " + text[end:]
        text = squeezed(text)
        if (
            text
            and len(WORD.findall(text)) <= opts.settings.html_title_block_max_words
            and not is_set_apart(text, opts)
        ):
            blocks.append(RawBlock(BlockKind.PARAGRAPH, text))
    return blocks


def title_string(
    tree: HtmlTree, body: Element, root: Element, parts: list[str], site_name: str
) -> tuple[str, bool]:
    """The document title, or the part of it, that a string of the page
    equals: the last one above the root, else the first inside it; with
    whether it is inside. A part naming the site is not the title."""
    wanted = {p for p in parts if p.lower() != site_name.lower()}
    if not wanted:
        return "", False
    found = ""
    # positions of the root's subtree in the walk (all of it for the body)
    inside_from, inside_to = (0, -1) if root is body else (-1, -1)
    for i, el in enumerate(tree.iter(body)):
        if el is root:
            if found:
                return found, False
            inside_from, inside_to = i, i + sum(1 for _ in tree.iter(root))
        if 0 <= inside_to < i:
            break
        text = squeezed(el.text or "")
        if text in wanted:
            if inside_from >= 0:
                return text, True
            found = text
    return found, False
