"""Reference lists: which lists are references, their numbers and PMIDs.

Reference-list entries become `reference` blocks: rows of references.csv,
never scanned for callouts, levels or statistics. The entry keeps its text as
shown in the clean text; `ref_text` drops the list number and link labels
such as `[PUBMED Abstract]`.
"""

from __future__ import annotations

import re

from ..settings import CleanOptions
from .blocks import BlockKind, RawBlock, list_number, squeezed
from .html_chrome import class_words
from .html_inline import inline_text_only
from .html_tree import Element, HtmlTree, attribute

PMID_IN_URL = re.compile(r"(?:list_uids=|pubmed\.ncbi\.nlm\.nih\.gov/|/pubmed/)(\d{4,9})", re.I)
# `PMID: 21335122`, `[PubMed: 34699590]` (NCBI Bookshelf)
PMID_IN_TEXT = re.compile(r"\b(?:PMID:?|PubMed:)\s*(\d{4,9})\b", re.I)
# `section_2.9` (cancer.gov entry ids): reference list 2, entry 9.
SECTION_ID = re.compile(r"(?:^|[^\d])(\d+)\.(\d+)$")
SECTION_CONTAINER_ID = re.compile(r"^(?:section_?|_)(\d+)$", re.I)
NUMBERED_ENTRY = re.compile(r"^(\d{1,4})[.)]\s+(\S.*)$")


def is_reference_list(lst: Element, previous_heading: str, opts: CleanOptions) -> bool:
    if lst.tag not in {"ol", "ul"}:
        return False
    if set(class_words(lst)) & opts.hints.reference_class_words:
        return True
    return opts.hints.is_reference_heading(previous_heading)


def _section_number(tree: HtmlTree, lst: Element, ordinal: int) -> str:
    """The number of the reference list: from entry ids (`section_2.9`),
    an enclosing section's id (`section_2`, `_2`), else its ordinal."""
    first = tree.find(lst, "li")
    if first is not None:
        m = SECTION_ID.search(attribute(first, "id"))
        if m:
            return m.group(1)
    for parent in tree.ancestors(lst):
        m = SECTION_CONTAINER_ID.match(attribute(parent, "id"))
        if m:
            return m.group(1)
    return str(ordinal)


def html_reference_entries(
    tree: HtmlTree, lst: Element, ordinal: int, opts: CleanOptions
) -> list[RawBlock]:
    """The entries of the `ordinal`-th reference list of a page."""
    section = _section_number(tree, lst, ordinal)
    start = list_number(lst.get("start"), 1)
    entries = []
    for i, li in enumerate(tree.child_elements(lst, "li")):
        text = inline_text_only(tree, li)
        # Link labels such as "[PUBMED Abstract]" are not part of the reference;
        # the first link to PubMed gives the PMID, else the text's `PMID:`.
        ref_text = text
        pmid = ""
        for a in tree.iter(li, "a"):
            label = tree.text(a).strip()
            if label.startswith("[") and label.endswith("]"):
                ref_text = ref_text.replace(squeezed(label), " ")
            if not pmid:
                m = PMID_IN_URL.search(attribute(a, "href"))
                pmid = m.group(1) if m else ""
        if not pmid:
            m = PMID_IN_TEXT.search(text)
            pmid = m.group(1) if m else ""
        ref_text = strip_link_labels(ref_text, opts)
        number = i + start
        m = SECTION_ID.search(attribute(li, "id"))
        if m:
            number = list_number(m.group(2), number)
        number = list_number(attribute(li, "value"), number)
        entries.append(
            RawBlock(
                BlockKind.REFERENCE,
                text,
                ref_section=section,
                ref_number=number,
                pmid=pmid,
                ref_text=ref_text,
            )
        )
    return entries


def text_reference_entry(line: str, ordinal: int, opts: CleanOptions) -> RawBlock | None:
    """A numbered line of the `ordinal`-th reference list of a text save
    (`3. Smith J: ... [PUBMED Abstract]`), else None."""
    entry = NUMBERED_ENTRY.match(line)
    if not entry:
        return None
    body = entry.group(2)
    pmid = PMID_IN_TEXT.search(body)
    return RawBlock(
        BlockKind.REFERENCE,
        line,
        ref_section=str(ordinal),
        ref_number=int(entry.group(1)),
        pmid=pmid.group(1) if pmid else "",
        ref_text=strip_link_labels(body, opts),
    )


def strip_link_labels(text: str, opts: CleanOptions) -> str:
    """An entry without the bracketed link labels at its end:
    `[PUBMED Abstract]`, `[PMC free article: PMC9437714] [PubMed: 34699590]`.

    >>> from evidence_extract.settings import default_clean_options
    >>> strip_link_labels("Doe C: MCC. Cancer 2: 20-30, 2019. [PMC free article: PMC1] [PubMed: 123]",
    ...                   default_clean_options())
    'Doe C: MCC. Cancer 2: 20-30, 2019.'
    """
    max_chars = opts.settings.reference_link_label_max_chars
    # From the end: the last `[...]` (1 to max_chars characters, no bracket
    # inside) with the white space around it, as long as one ends the text.
    # (A regex anchored at the end is tried at every position of the entry.)
    while True:
        body = text.rstrip()
        opening = body.rfind("[")
        label = body[opening + 1 : -1]
        if (
            not body.endswith("]")
            or opening < 0
            or not 1 <= len(label) <= max_chars
            or "]" in label
        ):
            return squeezed(text)
        text = body[:opening].rstrip()
