"""HTML: the parsed page as the cleaner reads it.

The page is parsed once by lxml's HTML parser (libxml2), with the settings
beautifulsoup4's `lxml` builder uses, and read the way beautifulsoup4 shows
that parse: text is a run of *strings* (an element's `text`, each child's
`tail`), comments are not text, a whitespace-only string outside `<pre>` is
one space or line break, and strings inside `<script>`, `<style>`,
`<template>`, `<rt>`, `<rp>` are not part of an enclosing element's text.

Removing an element only marks it (and its subtree) gone: its neighbours'
strings stay separate, as they do when beautifulsoup4 decomposes a tag, and
every reader skips what is gone. lxml does the parse and the tree walks in
C; beautifulsoup4's own tree building took longer than the rest of the
pipeline (see benchmarks/bench_speed.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Union

from lxml import etree

Element = etree._Element
# A child of an element: an element or a string.
Node = Union[Element, str]  # noqa: UP007 (lxml's class is not a runtime type alias)

# Elements whose strings are of their own kind (beautifulsoup4's string containers).
STRING_CONTAINERS = frozenset({"script", "style", "template", "rt", "rp"})
PRESERVE_WHITESPACE = ("pre", "textarea")
ASCII_SPACES = " \n\t\x0c\r"


class HtmlTree:
    """One parsed page and what has been removed from it."""

    def __init__(self, markup: str) -> None:
        # huge_tree: a saved page may inline scripts and styles of tens of
        # MB in one text node, past libxml2's default limit (10 MB), which
        # would silently drop the rest of the page. collect_ids=False: no
        # element is looked up by id, so their table is not built.
        parser = etree.HTMLParser(recover=True, huge_tree=True, collect_ids=False)
        parser.feed(markup)
        self.root: Element | None = parser.close()
        self.gone: set[Element] = set()
        self._preserved: set[Element] = set()
        self._special: set[Element] = set()
        if self.root is not None:
            for pre in self.root.iter(*PRESERVE_WHITESPACE):
                self._preserved.update(pre.iter())
            for container in self.root.iter(*STRING_CONTAINERS):
                self._special.update(container.iter())

    # -- structure ---------------------------------------------------------

    def find(self, el: Element, *names: str) -> Element | None:
        """The first element below `el` (not `el` itself) with one of `names`."""
        return next(self.iter(el, *names), None)

    def iter(self, el: Element, *names: str) -> Iterator[Element]:
        """Elements below `el` (not `el` itself), in document order; all of
        them when no names are given."""
        gone = self.gone
        # etree.Element: lxml skips comments and processing instructions in C
        found = el.iter(*names) if names else el.iter(etree.Element)
        if not gone and not names:
            # Nothing removed yet: every element, read in C (`el` comes first).
            # Unlike the filtered path below, it would not skip what is removed
            # while it runs; the callers that remove elements take a list of
            # them first (and then neither path sees those removals).
            return islice(found, 1, None)
        return (x for x in found if x is not el and x not in gone)

    def child_elements(self, el: Element, *names: str) -> list[Element]:
        gone = self.gone
        return [
            x
            for x in el
            if isinstance(x.tag, str) and x not in gone and (not names or x.tag in names)
        ]

    def children(self, el: Element) -> list[Node]:
        """Elements and strings directly in `el`, in order (comments and
        processing instructions left out, their tails kept)."""
        out: list[Node] = []
        text = el.text
        if text:
            out.append(self._string(text, el))
        gone = self.gone
        for x in el:
            if isinstance(x.tag, str) and x not in gone:
                out.append(x)
            tail = x.tail
            if tail:
                out.append(self._string(tail, el))
        return out

    def ancestors(self, el: Element) -> Iterator[Element]:
        parent = el.getparent()
        while parent is not None:
            yield parent
            parent = parent.getparent()

    def find_parent(self, el: Element, *names: str) -> Element | None:
        return next((a for a in self.ancestors(el) if a.tag in names), None)

    def remove(self, el: Element) -> None:
        if el not in self.gone:
            self.gone.update(el.iter())

    def is_gone(self, el: Element) -> bool:
        return el in self.gone

    # -- text ----------------------------------------------------------------

    def _string(self, text: str, owner: Element) -> str:
        """A string as beautifulsoup4 keeps it: whitespace only is one
        space or line break, except in `<pre>` and `<textarea>`."""
        if text.strip(ASCII_SPACES) or owner in self._preserved:
            return text
        return "\n" if "\n" in text else " "

    def strings(self, el: Element) -> Iterator[str]:
        """The strings of `el`'s text (`get_text`): those of its own kind,
        in document order."""
        # an element's text is the strings of its own kind: a plain element's
        # the plain ones, even inside a <template>
        kind = el.tag if el.tag in STRING_CONTAINERS else ""
        for text, owner in self._all_strings(el):
            if self._kind(owner) == kind:
                yield self._string(text, owner)

    def _all_strings(self, el: Element) -> Iterator[tuple[str, Element]]:
        """Every string below `el` with the element it sits directly in."""
        gone = self.gone
        stack: list[tuple[Element, Element | None]] = [(el, None)]
        while stack:
            node, owner = stack.pop()
            if owner is not None:  # leaving `node`: its tail, in `owner`
                if node.tail:
                    yield node.tail, owner
                continue
            if node.text:
                yield node.text, node
            for child in reversed(node):
                stack.append((child, node))
                if isinstance(child.tag, str) and child not in gone:
                    stack.append((child, None))

    def _kind(self, el: Element) -> str:
        """The string container an element's own strings belong to ('' for plain text)."""
        if el not in self._special:
            return ""
        node: Element | None = el
        while node is not None:
            if node.tag in STRING_CONTAINERS:
                return node.tag
            node = node.getparent()
        return ""

    def holds_special_strings(self, el: Element) -> bool:
        """`el`'s own strings are of a string container's kind (inside a
        `<script>`, `<style>`...), not plain text."""
        return el in self._special and bool(self._kind(el))

    def owned_strings(self, el: Element) -> Iterator[tuple[str, Element]]:
        """Every string below `el` (of every kind: `holds_special_strings`
        tells which owners hold scripts' and styles' strings) with the
        element it sits directly in, in no particular order (for sums).
        White space as parsed."""
        gone = self.gone
        for x in el.iter():
            if x is not el:
                tail = x.tail
                if tail:
                    parent = x.getparent()
                    if parent not in gone:
                        yield tail, parent
            if x in gone or not isinstance(x.tag, str):
                continue
            text = x.text
            if text:
                yield text, x

    def text(self, el: Element, separator: str = "") -> str:
        """`el`'s text (its strings joined by `separator`). Where nothing
        below `el` is gone or of a special kind, lxml reads it in C; then a
        whitespace-only string keeps its own white space (every caller
        normalises white space)."""
        gone, special = self.gone, self._special
        if not len(el) and el not in special:
            return el.text or ""  # a leaf: most links and paragraphs
        if any(x in gone or x in special for x in el.iter()):
            return separator.join(self.strings(el))
        return separator.join(el.itertext())

    def exact_text(self, el: Element) -> str:
        """`el`'s text with white space exactly as beautifulsoup4 gives it."""
        return "".join(self.strings(el))


def attribute(el: Element, name: str) -> str:
    """An attribute's value, '' when absent."""
    return el.get(name) or ""


def has_class_value(el: Element, name: str, value: str) -> bool:
    """A multi-valued attribute (`rel`, `class`) holds `value` as one of its
    words, or is exactly `value`."""
    raw = el.get(name)
    return raw is not None and (raw == value or value in raw.split())
