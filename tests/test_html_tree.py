"""The lxml tree read the way beautifulsoup4 reads the same parse: same
elements in the same order, same strings directly in each element, same
text of each element, before and after removing elements (beautifulsoup4
stays a dependency; here it is the reference)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, XMLParsedAsHTMLWarning

from evidence_extract.clean.html_tree import HtmlTree

DATA = Path(__file__).parent / "data"
PAGES = sorted(DATA.rglob("*.html"))
ODD = (
    "<html><head><title> T\\n</title><script>var x = '<p>';</script></head><body>"
    "<p>a <!-- c --> b<span>x</span>  <b>\\n\\n</b> c</p><pre>  keep   \\n </pre>"
    "<ruby>漢<rt>kan</rt><rp>(</rp></ruby><div>d<style>.x{}</style>e</div>"
    "<template><p>t</p></template><p>f&amp;g&nbsp;h<br>i</p></body></html>"
)


def _pair(markup: str):
    with warnings.catch_warnings():
        # the reference parses an XHTML page as HTML too, on purpose
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
    tree = HtmlTree(markup)
    assert tree.root is not None
    return soup, list(soup.html.find_all(True)), tree, list(tree.iter(tree.root))


def _children(tag) -> list[str]:
    return [
        str(c) if isinstance(c, NavigableString) else f"<{c.name}>"
        for c in tag.children
        if not isinstance(c, Comment)
    ]


def _tree_children(tree: HtmlTree, el) -> list[str]:
    return [c if isinstance(c, str) else f"<{c.tag}>" for c in tree.children(el)]


def _same(tags, tree: HtmlTree, elements) -> None:
    live = [e for e in elements if not tree.is_gone(e)]
    tags = [t for t in tags if not t.decomposed]
    assert [t.name for t in tags] == [e.tag for e in live]
    for tag, el in zip(tags, live, strict=True):
        assert _children(tag) == _tree_children(tree, el), tag.name
        assert tag.get_text() == tree.exact_text(el), tag.name
        assert tag.get_text(" ") == " ".join(tree.strings(el)), tag.name


@pytest.mark.parametrize("markup", [ODD, *PAGES], ids=["odd", *(p.name for p in PAGES)])
def test_the_tree_reads_as_beautifulsoup_reads_it(markup) -> None:
    if isinstance(markup, Path):
        markup = markup.read_text(encoding="utf-8", errors="replace")
    soup, tags, tree, elements = _pair(markup)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()  # the cleaner's first step; the tree never shows comments
    _same(tags, tree, elements)
    # remove every 5th element (and what is below it) in both
    for i, (tag, el) in enumerate(zip(tags, elements, strict=True)):
        if i % 5 == 3 and not tag.decomposed and not tree.is_gone(el):
            tag.decompose()
            tree.remove(el)
    _same(tags, tree, elements)
