"""HTML: text measures of the page's elements, from one pass over its strings.

The chrome and article decisions (html_chrome.py) read how much text an
element's subtree holds: non-space characters of its plain text (to weigh
a box against the page), characters outside links (to find the article),
and its prose paragraphs. Every string of the page is read once, before
anything is removed, and summed per element that holds it directly; the
subtree totals are then sums over the tree, never a search below each
element.
"""

from __future__ import annotations

from ..settings import CleanOptions
from .blocks import WORD
from .html_tree import STRING_CONTAINERS, Element, HtmlTree


def _non_space(text: str) -> int:
    return len("".join(text.split()))


class OwnText:
    """Per element, the text of the strings directly in it (its own text
    and its children's tails), read once before anything is removed (no
    reader changes a string: removing an element only marks it gone)."""

    def __init__(self, tree: HtmlTree, body: Element) -> None:
        self.plain_non_space: dict[Element, int] = {}  # plain text only: not scripts, styles
        self.stripped: dict[Element, int] = {}  # every string, white space at its ends off
        plain, stripped = self.plain_non_space, self.stripped
        for text, owner in tree.owned_strings(body):
            n = len(text.strip())
            if not n:
                continue  # white space only (nearly a third of the strings): nothing to count
            stripped[owner] = stripped.get(owner, 0) + n
            if not tree.holds_special_strings(owner):
                plain[owner] = plain.get(owner, 0) + _non_space(text)


class Measures:
    """Text length (non-space characters) of every element's subtree;
    prose paragraphs below an element, counted when asked."""

    def __init__(self, tree: HtmlTree, body: Element, own: OwnText, opts: CleanOptions) -> None:
        self.tree = tree
        self.opts = opts
        self.elements = list(tree.iter(body))  # below `body`, in document order
        self.length = _subtree_sums(body, self.elements, own.plain_non_space)
        self._prose: dict[Element, bool] = {}

    def forget(self, el: Element) -> None:
        """`el` is being removed: its text no longer counts above it."""
        n = self.length[el]
        if n:
            for a in self.tree.ancestors(el):
                if a not in self.length:
                    break
                self.length[a] -= n

    def text_length(self, el: Element) -> int:
        if el.tag in STRING_CONTAINERS:  # its text is its own kind of string
            return _non_space(self.tree.text(el))
        return self.length[el]

    def is_prose(self, el: Element) -> bool:
        """Several long paragraphs with few links: article text, whatever
        the element's class says. Chrome boxes hold one at most."""
        needed = self.opts.settings.html_prose_paragraphs_for_content
        found = 0
        for p in self.tree.iter(el, "p"):
            flag = self._prose.get(p)
            if flag is None:
                flag = self._prose[p] = is_prose_paragraph(self.tree, p, self.opts)
            if flag:
                found += 1
                if found >= needed:
                    return True
        return False


def is_prose_paragraph(tree: HtmlTree, p: Element, opts: CleanOptions) -> bool:
    words = len(WORD.findall(tree.text(p)))
    if words < opts.settings.html_prose_paragraph_min_words:
        return False
    linked = sum(len(WORD.findall(tree.text(a))) for a in tree.iter(p, "a"))
    return linked / words <= opts.settings.html_prose_max_link_density


def unlinked_text_lengths(tree: HtmlTree, root: Element, own: OwnText) -> dict[Element, int]:
    """Characters of text outside links, for every element under `root`
    that is not gone (strings of every kind, as beautifulsoup4's
    find_all(string=True) reads them): navigation is mostly links, prose
    is not."""
    # Inside a link, or below an element that is: not counted anywhere.
    linked: set[Element] = set()
    for el in tree.iter(root, "a"):
        linked.update(el.iter())
    elements = [el for el in tree.iter(root) if el not in linked]
    lengths = _subtree_sums(root, elements, own.stripped)
    return {el: n for el, n in lengths.items() if n}


def _subtree_sums(
    root: Element, elements: list[Element], own: dict[Element, int]
) -> dict[Element, int]:
    """Per element, `own` summed over its subtree: `elements` are those below
    `root` that count, in document order, each one's parent among them or
    `root` (an element left out leaves out its subtree)."""
    sums = dict.fromkeys([root, *elements], 0)
    for el, n in own.items():
        if el in sums:
            sums[el] = n
    for el in reversed(elements):  # children before parents
        n = sums[el]
        if n:  # (most elements hold no text)
            sums[el.getparent()] += n
    return sums
