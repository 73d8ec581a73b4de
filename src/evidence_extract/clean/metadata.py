"""Page metadata: the summary's title, the site it was saved from, its address.

The title is the page's own (the document title without a site suffix, or
the main heading without PDQ's audience suffix), never the site's name. The
site comes from the page's own address or its chrome, never from article
text: every PDQ summary names NCI and cancer.gov.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..settings import CleanOptions
from .blocks import squeezed
from .html_tree import HtmlTree, attribute, has_class_value

COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"([A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}?)(?:,? (?:Inc|LLC|Ltd|Corp)\b|\.| All rights|$)",
    re.I | re.M,
)
AUDIENCE_LINE = re.compile(r"^(?:health professional|patient) version$", re.I)
AUDIENCE_SUFFIX = re.compile(r"\s*[–—-]\s*(?:health professional|patient) version$", re.I)
# A PDQ summary's title ends with its mark: what a page writes after it is
# an audience ("–Patient Version") or a syndicator's label (": Treatment -
# Health Professional Information [NCI]"), never part of the title.
PDQ_TITLE_END = re.compile(r"\(PDQ\s*®?\)")
TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
URL_IN_TEXT = re.compile(r"https?://[^\s|]+")


def metas(tree: HtmlTree) -> dict[str, str]:
    """`<meta property|name=... content=...>` of the page, first one wins."""
    found: dict[str, str] = {}
    if tree.root is None:
        return found
    for tag in tree.root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        content = squeezed(attribute(tag, "content"))
        if key and content:
            found.setdefault(key, content)
    return found


def meta(found: dict[str, str], *names: str) -> str:
    return next((found[n] for n in names if n in found), "")


def html_url(tree: HtmlTree, found: dict[str, str]) -> str:
    """The page's canonical address, when it states one."""
    if tree.root is not None:
        links = (el for el in tree.root.iter("link") if has_class_value(el, "rel", "canonical"))
        canonical = next(links, None)
        if canonical is not None and canonical.get("href"):
            return str(canonical.get("href"))
    return meta(found, "og:url")


def document_title(tree: HtmlTree) -> str | None:
    """The text of the page's first `<title>`, None when it has none."""
    if tree.root is None:
        return None
    title = tree.find(tree.root, "title") if tree.root.tag != "title" else tree.root
    return tree.exact_text(title) if title is not None else None


def site_from(url: str, site_name: str, chrome: str, opts: CleanOptions) -> str:
    """The site a page was saved from: a known host's short name, else the
    page's own host, else its declared site name, else what its chrome says
    (a known site's name, the copyright holder). Article text is never read:
    every PDQ summary names NCI and cancer.gov."""
    host = urlparse(url).netloc.lower().split(":")[0]
    for domain, name in opts.hints.site_by_host:
        if host == domain or host.endswith("." + domain):
            return name
    if host:
        return host.removeprefix("www.")
    if site_name:
        return site_name.lower()
    lowered = chrome.lower()
    for phrase, name in opts.hints.site_by_phrase:
        if phrase in lowered:
            return name
    holder = COPYRIGHT_HOLDER.search(chrome)
    return holder.group(1).strip().lower() if holder else ""


def html_title(tree: HtmlTree, found: dict[str, str], root_h1: str) -> str:
    """The page's own title: the document title without a site suffix when
    the main heading starts with it, else the main heading."""
    candidates = [meta(found, "og:title", "twitter:title", "dcterms.title")]
    title = document_title(tree)
    if title is not None:
        candidates.append(squeezed(title))
    return title_from(candidates, root_h1)


def title_from(candidates: list[str], root_h1: str) -> str:
    """The first declared title (without a site suffix) the main heading
    starts with, else the main heading, else the first declared title; a
    PDQ title without what follows its mark (see `summary_title`)."""
    for cand in candidates:
        if not cand:
            continue
        for part in [cand, *TITLE_SEPARATOR.split(cand)]:
            part = part.strip()
            if part and root_h1 and root_h1.startswith(part):
                return summary_title(part)
    if root_h1:
        return summary_title(root_h1)
    return summary_title(next((c for c in candidates if c), ""))


def summary_title(heading: str) -> str:
    """A PDQ main heading without its audience suffix ("–Health Professional
    Version") or whatever else follows the summary's mark "(PDQ®)": the
    summary's title, as the document title states it. A page without the
    mark keeps its title (a drug page's ": Patient Information" is its own)."""
    mark = PDQ_TITLE_END.search(heading)
    if mark is not None:
        heading = heading[: mark.end()]
    return AUDIENCE_SUFFIX.sub("", heading).strip()


def url_in_text(text: str) -> str:
    """The first address written in some text (a text save's header or footer)."""
    m = URL_IN_TEXT.search(text)
    return m.group(0) if m else ""
